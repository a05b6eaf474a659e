/**
 * A reusable byte buffer that the rows of one line are written into in the loading encoding, as
 * UTF-8: each row is then a view of these bytes, so a row costs no string and is copied once, into
 * its part.
 */

import { PrefixViews } from '@spade/events';
import { loadField } from './encodings';

/** Node's native UTF-8 writer behind Buffer#write (present in every supported Node, not in @types/node). */
interface NativeUtf8Writer {
  utf8Write(text: string, offset: number): number;
}

/** Up to this length a JS loop copies: cheaper than a native call (and the subarray it needs). */
const SHORT_TEXT = 64;
const SHORT_BYTES = 256;

export class RowBuffer {
  private buf: Buffer = Buffer.allocUnsafe(1 << 12);
  /** Views of the first bytes (the row of a one-event line is all of them; see bytes()). */
  private readonly views = new PrefixViews(this.buf);
  /** Bytes written so far. */
  length = 0;

  reset(): void {
    this.length = 0;
  }

  private ensure(extra: number): void {
    if (this.length + extra <= this.buf.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.length + extra));
    this.buf.copy(grown, 0, 0, this.length);
    this.buf = grown;
    this.views.reset(grown);
  }

  byte(b: number): void {
    if (this.length === this.buf.length) this.ensure(1);
    this.buf[this.length++] = b;
  }

  /** Copies `src[start, end)`: bytes already in the loading encoding (UTF-8). */
  copy(src: Uint8Array, start: number, end: number): void {
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
    this.length += (buf as unknown as NativeUtf8Writer).utf8Write(value, this.length);
  }

  /**
   * Writes a transformer's output in the loading encoding: loadField's result, in one pass for the
   * usual printable ASCII (as it is, cut to `maxBytes`), through loadField for anything else.
   */
  field(value: string, maxBytes: number | undefined): void {
    const n = value.length;
    const limit = maxBytes !== undefined && n > maxBytes ? maxBytes : n;
    this.ensure(limit);
    const buf = this.buf;
    let w = this.length;
    for (let i = 0; i < n; i++) {
      const unit = value.charCodeAt(i);
      if (unit < 0x20 || unit === 0x5c || unit >= 0x80) {
        this.text(loadField(value, maxBytes)); // nothing written yet: `length` has not moved
        return;
      }
      if (i < limit) buf[w++] = unit;
    }
    this.length = w;
  }

  /**
   * The bytes written since `start`: a view, valid until the next reset (growing leaves earlier
   * views on the old buffer, which keeps their bytes).
   */
  bytes(start: number): Buffer {
    return start === 0 ? this.views.of(this.length) : this.buf.subarray(start, this.length);
  }

  /** Everything written since the last reset, as a string (for tests and tools). */
  toString(): string {
    return this.buf.toString('utf8', 0, this.length);
  }
}
