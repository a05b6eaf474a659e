import { gzipFast } from '@spade/gzip';

/** A sealed part: the rows of one table from one chunk, as one gzip member. */
export interface SealedPart {
  table: string;
  version: number;
  seq: number;
  rows: number;
  gzip: Buffer;
}

const INITIAL_BYTES = 64 * 1024;
/** Room kept past a full part for the next row (see ensure). */
const GROWTH_MARGIN = 64 * 1024;
const NEWLINE = 0x0a;

/**
 * Accumulates one table's rows from one chunk and seals them into parts of at most `maxBytes`
 * (uncompressed; a single larger row makes a part of its own). Sequence numbers count from 0 in
 * input order, so a re-run of the chunk seals the same parts with the same numbers. Rows are
 * copied into one growing buffer as they come, so sealing is one gzip call (gzipFast: members are
 * concatenated into batch files as they are, never recompressed).
 */
export class PartBuilder {
  private buf: Buffer = Buffer.allocUnsafe(INITIAL_BYTES);
  private bytes = 0;
  private rows = 0;
  private seq = 0;

  constructor(
    readonly table: string,
    readonly version: number,
    private readonly maxBytes: number,
  ) {}

  /**
   * Room for `extra` more bytes after the rows held (growing by doubling, but not far past a full
   * part). The margin past `maxBytes` covers a usual row, so a nearly full part does not grow — and
   * copy itself — by a row's worth again and again.
   */
  private ensure(extra: number): void {
    const needed = this.bytes + extra;
    if (needed <= this.buf.length) return;
    const grown = Buffer.allocUnsafe(Math.max(Math.min(this.buf.length * 2, this.maxBytes + Math.max(extra, GROWTH_MARGIN)), needed));
    this.buf.copy(grown, 0, 0, this.bytes);
    this.buf = grown;
  }

  /** Adds a row (its UTF-8 bytes, without newline); returns a sealed part when the row would overflow the current one. */
  add(row: Uint8Array): SealedPart | null {
    const start = this.bytes;
    const size = row.length + 1;
    this.ensure(size);
    this.buf.set(row, start);
    this.buf[start + size - 1] = NEWLINE;
    if (start > 0 && start + size > this.maxBytes) {
      const part = this.sealFirst(start, this.rows);
      this.buf.copy(this.buf, 0, start, start + size); // the new row starts the next part
      this.bytes = size;
      this.rows = 1;
      return part;
    }
    this.bytes = start + size;
    this.rows++;
    return null;
  }

  /** Seals what is left (null when empty). */
  seal(): SealedPart | null {
    if (this.rows === 0) return null;
    const part = this.sealFirst(this.bytes, this.rows);
    this.bytes = 0;
    this.rows = 0;
    return part;
  }

  /** The part of the first `bytes` bytes, holding `rows` rows. */
  private sealFirst(bytes: number, rows: number): SealedPart {
    return {
      table: this.table,
      version: this.version,
      seq: this.seq++,
      rows,
      gzip: gzipFast(this.buf.subarray(0, bytes)),
    };
  }
}
