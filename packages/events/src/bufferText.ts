/**
 * Node's Buffer methods for hot loops, taken from the prototype once and called as constants.
 * Optimized code reaches `buf.indexOf(…)` and the like through V8's generic property lookup (its
 * LoadIC builtin) on every call — about 1% of the parser's time over the few calls per line — while
 * a constant function is called directly.
 *
 * `latin1Slice` / `utf8Slice` are the native slicers behind `toString`, about a third faster on the
 * short strings of a payload because they skip its argument handling; `base64Write` is the decoder
 * behind `write(text, 'base64')`. They are in every Node release this project supports, not in
 * @types/node, hence the shim.
 */
interface NativeBufferMethods {
  latin1Slice(this: Buffer, start: number, end: number): string;
  utf8Slice(this: Buffer, start: number, end: number): string;
  base64Write(this: Buffer, text: string, offset: number, length: number): number;
}

const native = Buffer.prototype as unknown as NativeBufferMethods;
const latin1Slice = native.latin1Slice;
const utf8Slice = native.utf8Slice;
const base64Write = native.base64Write;
const indexOf = Buffer.prototype.indexOf;
const subarray = Buffer.prototype.subarray;

/** `buf[start, end)` as Latin-1 (use only for ASCII ranges). */
export function asciiText(buf: Buffer, start: number, end: number): string {
  return latin1Slice.call(buf, start, end);
}

/** `buf[start, end)` decoded as UTF-8 (use only for ranges known to be valid UTF-8). */
export function utf8Text(buf: Buffer, start: number, end: number): string {
  return utf8Slice.call(buf, start, end);
}

/** Node's lenient base64 decoder: `text` into `out[offset, offset + length)`; the bytes written. */
export function writeBase64(out: Buffer, text: string, offset: number, length: number): number {
  return base64Write.call(out, text, offset, length);
}

/** `buf.indexOf(byte, from)`. */
export function indexOfByte(buf: Uint8Array, byte: number, from: number): number {
  return indexOf.call(buf, byte, from);
}

/** `buf.subarray(start, end)`. */
export function bytesOf(buf: Buffer, start: number, end: number): Buffer {
  return subarray.call(buf, start, end);
}
