import { gzipSync } from 'node:zlib';

/** gzip level for parts: members are concatenated into batch files as they are, never recompressed. */
export const PART_GZIP_LEVEL = 3;

/** A sealed part: the rows of one table from one chunk, as one gzip member. */
export interface SealedPart {
  table: string;
  version: number;
  seq: number;
  rows: number;
  gzip: Buffer;
}

/**
 * Accumulates one table's rows from one chunk and seals them into parts of at most `maxBytes`
 * (uncompressed; a single larger row makes a part of its own). Sequence numbers count from 0 in
 * input order, so a re-run of the chunk seals the same parts with the same numbers.
 */
export class PartBuilder {
  private lines: string[] = [];
  private bytes = 0;
  private seq = 0;

  constructor(
    readonly table: string,
    readonly version: number,
    private readonly maxBytes: number,
  ) {}

  /** Adds a row; returns a sealed part when the row would overflow the current one. */
  add(row: string): SealedPart | null {
    const size = Buffer.byteLength(row) + 1;
    const sealed = this.bytes > 0 && this.bytes + size > this.maxBytes ? this.seal() : null;
    this.lines.push(row);
    this.bytes += size;
    return sealed;
  }

  /** Seals what is left (null when empty). */
  seal(): SealedPart | null {
    if (this.lines.length === 0) return null;
    const text = `${this.lines.join('\n')}\n`;
    const part: SealedPart = {
      table: this.table,
      version: this.version,
      seq: this.seq++,
      rows: this.lines.length,
      gzip: gzipSync(text, { level: PART_GZIP_LEVEL }),
    };
    this.lines = [];
    this.bytes = 0;
    return part;
  }
}
