import type { Readable } from 'node:stream';

const NEWLINE = 0x0a;

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

/**
 * Splits a byte stream into the lines that belong to one chunk. The stream must begin at
 * `start - 1` (or 0) so the first line's ownership is known: when the byte before `start` is not a
 * newline, the partial line at the start belongs to the previous chunk and is skipped.
 */
export async function* chunkLines(stream: Readable, options: ChunkLineOptions): AsyncGenerator<InputLine> {
  const { start, end, maxLineBytes } = options;
  let position = options.streamOffset; // object offset of the next unread byte
  let skipping = start > 0; // inside the line that belongs to the previous chunk
  if (skipping && options.streamOffset !== start - 1) throw new Error('stream must begin one byte before the chunk');
  let lineStart = -1;
  let pieces: Buffer[] = [];
  let pieceBytes = 0;
  let truncatedFrom = 0;
  let number = 0;

  const take = (piece: Buffer): void => {
    if (truncatedFrom > 0) {
      truncatedFrom += piece.length;
      return;
    }
    if (pieceBytes + piece.length > maxLineBytes) {
      pieces.push(piece.subarray(0, maxLineBytes - pieceBytes));
      truncatedFrom = pieceBytes + piece.length;
      pieceBytes = maxLineBytes;
      return;
    }
    pieces.push(piece);
    pieceBytes += piece.length;
  };
  const finish = (): InputLine => {
    const text = pieces.length === 1 ? pieces[0] : Buffer.concat(pieces, pieceBytes);
    const line: InputLine = { number: ++number, offset: lineStart, text };
    if (truncatedFrom > 0) line.truncatedFrom = truncatedFrom;
    pieces = [];
    pieceBytes = 0;
    truncatedFrom = 0;
    lineStart = -1;
    return line;
  };

  for await (const data of stream as AsyncIterable<Buffer>) {
    let cursor = 0;
    while (cursor < data.length) {
      if (skipping) {
        const nl = data.indexOf(NEWLINE, cursor);
        if (nl < 0) {
          cursor = data.length;
          break;
        }
        cursor = nl + 1;
        skipping = false;
        continue;
      }
      if (lineStart < 0) {
        if (position + cursor > end) return; // the next line belongs to the next chunk
        lineStart = position + cursor;
      }
      const nl = data.indexOf(NEWLINE, cursor);
      if (nl < 0) {
        take(data.subarray(cursor));
        cursor = data.length;
        break;
      }
      if (pieceBytes === 0 && truncatedFrom === 0 && nl - cursor <= maxLineBytes) {
        // The usual line, whole within this piece of the stream: no list of pieces to build.
        const line: InputLine = { number: ++number, offset: lineStart, text: data.subarray(cursor, nl) };
        lineStart = -1;
        cursor = nl + 1;
        yield line;
        continue;
      }
      take(data.subarray(cursor, nl));
      cursor = nl + 1;
      yield finish();
    }
    position += data.length;
  }
  if (lineStart >= 0 && (pieceBytes > 0 || truncatedFrom > 0)) yield finish();
}
