/**
 * A reusable byte buffer that one row in the loading encoding is written into, then read out as one
 * string: a row costs one string allocation instead of one per field and separator.
 */

/** Node's native slicers and writers behind toString/write (present in every supported Node, not in @types/node). */
interface NativeBufferText {
  latin1Slice(start: number, end: number): string;
  utf8Slice(start: number, end: number): string;
  utf8Write(text: string, offset: number): number;
}

/** Up to this length a JS loop copies: cheaper than a native call (and the subarray it needs). */
const SHORT_TEXT = 64;
const SHORT_BYTES = 256;

export class RowBuffer {
  private buf: Buffer = Buffer.allocUnsafe(1 << 12);
  /** Bytes written so far. */
  length = 0;
  /** Whether every byte written is ASCII (then the row reads out as Latin-1, the cheaper way). */
  private ascii = true;

  reset(): void {
    this.length = 0;
    this.ascii = true;
  }

  private ensure(extra: number): void {
    if (this.length + extra <= this.buf.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.length + extra));
    this.buf.copy(grown, 0, 0, this.length);
    this.buf = grown;
  }

  byte(b: number): void {
    if (this.length === this.buf.length) this.ensure(1);
    this.buf[this.length++] = b;
  }

  /** Copies `src[start, end)`, which must be ASCII. */
  ascii7(src: Uint8Array, start: number, end: number): void {
    const n = end - start;
    this.ensure(n);
    const buf = this.buf;
    let w = this.length;
    if (n <= SHORT_BYTES) for (let i = start; i < end; i++) buf[w++] = src[i];
    else {
      buf.set(src.subarray(start, end), w);
      w += n;
    }
    this.length = w;
  }

  /** Writes a string as UTF-8. */
  text(value: string): void {
    const n = value.length;
    this.ensure(n * 3);
    const buf = this.buf;
    if (n <= SHORT_TEXT) {
      let w = this.length;
      let i = 0;
      for (; i < n; i++) {
        const unit = value.charCodeAt(i);
        if (unit >= 0x80) break;
        buf[w++] = unit;
      }
      if (i === n) {
        this.length = w;
        return;
      }
    }
    const written = (buf as unknown as NativeBufferText).utf8Write(value, this.length);
    if (written !== n) this.ascii = false;
    this.length += written;
  }

  /** The row written so far, as a string. */
  toString(): string {
    const text = this.buf as unknown as NativeBufferText;
    return this.ascii ? text.latin1Slice(0, this.length) : text.utf8Slice(0, this.length);
  }
}
