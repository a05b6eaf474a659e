/**
 * Row encodings of transformed values.
 *
 * spadeRow — the original's latest TSV line, byte for byte: every value through Go's
 * strconv.Quote (null → `""`), joined by TAB, no trailing newline.
 *
 * loadRow — the encoding of the files loaded into the warehouse:
 *   - fields are joined by TAB (no trailing newline in the return value);
 *   - a NULL or empty value is an empty field (the original loaded `""` as NULL via EMPTYASNULL,
 *     so both mean NULL);
 *   - inside a value `\` → `\\`, TAB → `\`+TAB, LF → `\`+LF, CR → `\`+CR: a backslash followed by
 *     the literal character, which PostgreSQL text COPY and Redshift COPY … ESCAPE both read back
 *     as the character;
 *   - NUL characters are dropped (neither warehouse stores them);
 *   - varchar(n) values are truncated to at most n UTF-8 bytes on a character boundary (what
 *     Redshift TRUNCATECOLUMNS does, so PostgreSQL and Redshift hold the same values).
 * PostgreSQL reads it with `COPY t FROM STDIN (FORMAT text, NULL '')`.
 */
import { goQuoteBody } from './goQuote';
import type { Column } from './tableConfig';

export function spadeRow(values: readonly (string | null)[]): string {
  if (values.length === 0) return '';
  let line = '"';
  for (let i = 0; i < values.length; i++) {
    if (i > 0) line += '"\t"';
    const value = values[i];
    if (value !== null) line += goQuoteBody(value);
  }
  return line + '"';
}

/** Index after the longest prefix of `text` that fits in `maxBytes` UTF-8 bytes. */
function utf8PrefixEnd(text: string, maxBytes: number): number {
  let bytes = 0;
  let i = 0;
  while (i < text.length) {
    const unit = text.charCodeAt(i);
    let width = 1;
    let units = 1;
    if (unit >= 0x80) {
      if (unit < 0x800) width = 2;
      else if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
        width = 4;
        units = 2;
      } else width = 3; // BMP, or a lone surrogate (written as U+FFFD)
    }
    if (bytes + width > maxBytes) return i;
    bytes += width;
    i += units;
  }
  return i;
}

function needsRework(unit: number): boolean {
  return unit === 0x5c || unit === 0x09 || unit === 0x0a || unit === 0x0d || unit === 0x00;
}

/** Escapes `\`, TAB, LF, CR with a backslash and drops NUL. */
function escapeLoadValue(text: string): string {
  let out = '';
  let runStart = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (!needsRework(unit)) continue;
    out += text.slice(runStart, i);
    if (unit !== 0x00) out += '\\' + text[i];
    runStart = i + 1;
  }
  return runStart === 0 ? text : out + text.slice(runStart);
}

function dropNul(text: string): string {
  return text.indexOf('\u0000') < 0 ? text : text.split('\u0000').join('');
}

function loadFieldSlow(value: string, maxBytes: number | undefined): string {
  let text = dropNul(value);
  if (maxBytes !== undefined && text.length * 3 > maxBytes) {
    const end = utf8PrefixEnd(text, maxBytes);
    if (end < text.length) text = text.slice(0, end);
  }
  return escapeLoadValue(text);
}

/** One non-empty value in the loading encoding (see the module comment). */
export function loadField(value: string, maxBytes: number | undefined): string {
  const length = value.length;
  for (let i = 0; i < length; i++) {
    const unit = value.charCodeAt(i);
    if (unit < 0x20 || unit === 0x5c || unit >= 0x80) return loadFieldSlow(value, maxBytes);
  }
  // Printable ASCII: nothing to escape, one byte per character.
  return maxBytes !== undefined && length > maxBytes ? value.slice(0, maxBytes) : value;
}

/** What loadRow needs of a column (a Column has both). */
export type LoadColumn = Pick<Column, 'maxBytes'> & Partial<Pick<Column, 'loadSafe'>>;

/** A column's non-NULL value in the loading encoding (a load-safe column's values need nothing). */
export function loadText(value: string, column: LoadColumn): string {
  return column.loadSafe ? value : loadField(value, column.maxBytes);
}

export function loadRow(values: readonly (string | null)[], columns: readonly LoadColumn[]): string {
  let line = '';
  for (let i = 0; i < values.length; i++) {
    if (i > 0) line += '\t';
    const value = values[i];
    if (value === null || value === '') continue;
    const column = columns[i];
    line += loadText(value, column);
  }
  return line;
}
