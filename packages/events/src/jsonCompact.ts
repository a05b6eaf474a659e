/**
 * What Go's `json.Marshal` does to a `json.RawMessage` (the original's non-tracked dumps): whitespace
 * outside strings is removed, and `<`, `>`, `&`, U+2028, U+2029 are written as `\u003c`, `\u003e`,
 * `\u0026`, `\u2028`, `\u2029` (HTML-safe escaping, applied everywhere). Everything else is copied
 * verbatim — escapes stay as written, invalid UTF-8 bytes stay as they are. Input must be valid JSON
 * (it always is: it comes from the decoder).
 */

const HTML_ESCAPES: Record<string, string> = { '<': '\\u003c', '>': '\\u003e', '&': '\\u0026', '\u2028': '\\u2028', '\u2029': '\\u2029' };

function isJsonSpace(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09;
}

/** Compact + HTML-escape a JSON text given as a string. */
export function compactJson(raw: string): string {
  let out = '';
  let runStart = 0;
  let inString = false;
  for (let i = 0; i < raw.length; i++) {
    const code = raw.charCodeAt(i);
    let replacement: string | undefined;
    if (inString) {
      if (code === 0x5c) i++; // the escaped character cannot end the string
      else if (code === 0x22) inString = false;
      else if (code === 0x3c || code === 0x3e || code === 0x26 || code === 0x2028 || code === 0x2029) replacement = HTML_ESCAPES[raw[i]];
    } else if (code === 0x22) inString = true;
    else if (isJsonSpace(code)) replacement = '';
    if (replacement !== undefined) {
      out += raw.slice(runStart, i) + replacement;
      runStart = i + 1;
    }
  }
  return runStart === 0 ? raw : out + raw.slice(runStart);
}

const ESCAPE_BYTES: Record<number, Buffer> = {
  0x3c: Buffer.from('\\u003c'),
  0x3e: Buffer.from('\\u003e'),
  0x26: Buffer.from('\\u0026'),
  0xa8: Buffer.from('\\u2028'),
  0xa9: Buffer.from('\\u2029'),
};

/** Byte-exact variant of {@link compactJson} for raw payload bytes (keeps invalid UTF-8 as Go does). */
export function compactJsonBytes(raw: Buffer): Buffer {
  const parts: Buffer[] = [];
  let runStart = 0;
  let inString = false;
  for (let i = 0; i < raw.length; i++) {
    const b = raw[i];
    let replacement: Buffer | undefined;
    let skip = 1;
    if (inString) {
      if (b === 0x5c) i++;
      else if (b === 0x22) inString = false;
      else if (b === 0x3c || b === 0x3e || b === 0x26) replacement = ESCAPE_BYTES[b];
      else if (b === 0xe2 && raw[i + 1] === 0x80 && (raw[i + 2] === 0xa8 || raw[i + 2] === 0xa9)) {
        replacement = ESCAPE_BYTES[raw[i + 2]];
        skip = 3;
      }
    } else if (b === 0x22) inString = true;
    else if (isJsonSpace(b)) replacement = EMPTY;
    if (replacement !== undefined) {
      parts.push(raw.subarray(runStart, i), replacement);
      runStart = i + skip;
      i += skip - 1;
    }
  }
  if (runStart === 0) return raw;
  parts.push(raw.subarray(runStart));
  return Buffer.concat(parts);
}

const EMPTY = Buffer.alloc(0);
