/**
 * Views of the start of one reused buffer, made once per length. A hot loop that hands out
 * `buf.subarray(0, length)` line after line pays for a new typed array each time — an allocation
 * and a generic method call, as much as copying a short row — while the lengths themselves repeat.
 */
const MAX_VIEWED_LENGTH = 65536; // longer prefixes get a fresh view: rare, and the table stays small

/** A table of views by length, allocated whole: assigned out of order, a `[]` would turn into a dictionary. */
function viewTable(length: number): (Buffer | undefined)[] {
  return new Array<Buffer | undefined>(length).fill(undefined);
}

export class PrefixViews {
  private views = viewTable(1024);

  constructor(private buf: Buffer) {}

  /** `buf[0, length)`. */
  of(length: number): Buffer {
    if (length >= MAX_VIEWED_LENGTH) return this.buf.subarray(0, length);
    if (length >= this.views.length) this.views = viewTable(Math.max(length + 1, this.views.length * 2)); // views are made again as asked
    let view = this.views[length];
    if (view === undefined) this.views[length] = view = this.buf.subarray(0, length);
    return view;
  }

  /** The buffer was replaced (grown): views of the old one are forgotten. */
  reset(buf: Buffer): void {
    this.buf = buf;
    this.views = viewTable(this.views.length);
  }
}
