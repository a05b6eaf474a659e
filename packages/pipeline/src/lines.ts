import type { Readable } from 'node:stream';
import { bytesOf, indexOfByte } from '@spade/events';

const NEWLINE = 0x0a;
// Module-level copies, called once or twice per line: an imported binding is an accessor on the
// other package's exports (how TypeScript compiles re-exports), looked up on every use.
const indexOf = indexOfByte;
const viewOf = bytesOf;

/** One line of input with where it came from. `text` excludes the newline. */
export interface InputLine {
  /** 1-based line number within the chunk (the file's line number for its first chunk). */
  number: number;
  /** Byte offset of the line's first byte in the (uncompressed) object. */
  offset: number;
  text: Buffer;
  /** Set when the line was longer than the limit: `text` holds only its first bytes. */
  truncatedFrom?: number;
}

export interface ChunkLineOptions {
  /** Offset in the object of the stream's first byte. */
  streamOffset: number;
  /** The chunk's first byte: a line that started before it belongs to the previous chunk. */
  start: number;
  /** The chunk's last byte: lines starting after it belong to the next chunk. */
  end: number;
  /** Longer lines are cut (and reported by the caller) so memory stays bounded. */
  maxLineBytes: number;
}

/** Called once per line, synchronously; the line object is the splitter's own, valid during the call. */
export type LineHandler = (line: InputLine) => void;

/**
 * Splits the bytes of a stream into the lines that belong to one chunk, one stream buffer at a time
 * and synchronously: the parser's hot loop runs a whole buffer of lines without a promise per line.
 * The stream must begin at `start - 1` (or 0) so the first line's ownership is known: when the byte
 * before `start` is not a newline, the partial line at the start belongs to the previous chunk and
 * is skipped.
 */
export class LineSplitter {
  private position: number; // object offset of the next unread byte
  private skipping: boolean; // inside the line that belongs to the previous chunk
  private done = false;
  private lineStart = -1;
  private pieces: Buffer[] = [];
  private pieceBytes = 0;
  private truncatedFrom = 0;
  private readonly line: InputLine = { number: 0, offset: 0, text: Buffer.alloc(0), truncatedFrom: undefined };

  constructor(private readonly options: ChunkLineOptions) {
    this.position = options.streamOffset;
    this.skipping = options.start > 0;
    if (this.skipping && options.streamOffset !== options.start - 1) throw new Error('stream must begin one byte before the chunk');
  }

  /** Whether the chunk's last line was seen (the rest of the stream is not needed). */
  get finished(): boolean {
    return this.done;
  }

  /** Hands every line completed by `data` to `onLine`; returns false once the chunk's lines are done. */
  push(data: Buffer, onLine: LineHandler): boolean {
    if (this.done) return false;
    const { end, maxLineBytes } = this.options;
    let cursor = 0;
    while (cursor < data.length) {
      if (this.skipping) {
        const nl = indexOf(data, NEWLINE, cursor);
        if (nl < 0) break;
        cursor = nl + 1;
        this.skipping = false;
        continue;
      }
      if (this.lineStart < 0) {
        if (this.position + cursor > end) {
          this.done = true; // the next line belongs to the next chunk
          return false;
        }
        this.lineStart = this.position + cursor;
      }
      const nl = indexOf(data, NEWLINE, cursor);
      if (nl < 0) {
        this.take(data.subarray(cursor));
        break;
      }
      if (this.pieceBytes === 0 && this.truncatedFrom === 0 && nl - cursor <= maxLineBytes) {
        // The usual line, whole within this buffer: no list of pieces to build.
        this.emit(viewOf(data, cursor, nl), 0, onLine);
      } else {
        this.take(data.subarray(cursor, nl));
        this.emitPieces(onLine);
      }
      cursor = nl + 1;
    }
    this.position += data.length;
    return true;
  }

  /** At the end of the stream: hands over a last line without a final newline. */
  end(onLine: LineHandler): void {
    if (!this.done && this.lineStart >= 0 && (this.pieceBytes > 0 || this.truncatedFrom > 0)) this.emitPieces(onLine);
    this.done = true;
  }

  private take(piece: Buffer): void {
    const { maxLineBytes } = this.options;
    if (this.truncatedFrom > 0) {
      this.truncatedFrom += piece.length;
      return;
    }
    if (this.pieceBytes + piece.length > maxLineBytes) {
      this.pieces.push(piece.subarray(0, maxLineBytes - this.pieceBytes));
      this.truncatedFrom = this.pieceBytes + piece.length;
      this.pieceBytes = maxLineBytes;
      return;
    }
    this.pieces.push(piece);
    this.pieceBytes += piece.length;
  }

  private emitPieces(onLine: LineHandler): void {
    const { pieces } = this;
    const text = pieces.length === 1 ? pieces[0] : Buffer.concat(pieces, this.pieceBytes);
    const truncatedFrom = this.truncatedFrom;
    this.pieces = [];
    this.pieceBytes = 0;
    this.truncatedFrom = 0;
    this.emit(text, truncatedFrom, onLine);
  }

  private emit(text: Buffer, truncatedFrom: number, onLine: LineHandler): void {
    const line = this.line;
    line.number++;
    line.offset = this.lineStart;
    line.text = text;
    line.truncatedFrom = truncatedFrom > 0 ? truncatedFrom : undefined;
    this.lineStart = -1;
    onLine(line);
  }
}

/**
 * The lines of one chunk as an async iterable (for callers that are not hot loops: the CLI, the
 * dashboard); each line is its own object. See LineSplitter for the stream's required start.
 */
export async function* chunkLines(stream: Readable, options: ChunkLineOptions): AsyncGenerator<InputLine> {
  const splitter = new LineSplitter(options);
  let batch: InputLine[] = [];
  const collect: LineHandler = (line) => {
    const copy: InputLine = { number: line.number, offset: line.offset, text: line.text };
    if (line.truncatedFrom !== undefined) copy.truncatedFrom = line.truncatedFrom;
    batch.push(copy);
  };
  for await (const data of stream as AsyncIterable<Buffer>) {
    const more = splitter.push(data, collect);
    yield* takeBatch();
    if (!more) return;
  }
  splitter.end(collect);
  yield* takeBatch();

  function takeBatch(): InputLine[] {
    const lines = batch;
    batch = [];
    return lines;
  }
}
