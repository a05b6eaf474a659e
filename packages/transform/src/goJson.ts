/**
 * Compact JSON as Go's json.Marshal writes it: no whitespace; in strings `<`, `>`, `&`, U+2028
 * and U+2029 become `\u003c`-style escapes, control characters other than \n \r \t become
 * `\u00XX`; numbers keep their literal text.
 */
import { JsonNumber, JsonValue } from '@spade/events';

const HEX = '0123456789abcdef';

function needsEscape(unit: number): boolean {
  return unit < 0x20 || unit === 0x22 || unit === 0x5c || unit === 0x3c || unit === 0x3e || unit === 0x26 || unit === 0x2028 || unit === 0x2029;
}

function escapeUnit(unit: number): string {
  switch (unit) {
    case 0x22: return '\\"';
    case 0x5c: return '\\\\';
    case 0x0a: return '\\n';
    case 0x0d: return '\\r';
    case 0x09: return '\\t';
    default: return '\\u' + HEX[(unit >> 12) & 0xf] + HEX[(unit >> 8) & 0xf] + HEX[(unit >> 4) & 0xf] + HEX[unit & 0xf];
  }
}

export function goJsonString(text: string): string {
  let out = '"';
  let runStart = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (!needsEscape(unit)) continue;
    out += text.slice(runStart, i) + escapeUnit(unit);
    runStart = i + 1;
  }
  return out + text.slice(runStart) + '"';
}

/** Serializes a decoded JSON value (`undefined` → `null`, as Go marshals a missing RawMessage). */
export function goJsonMarshal(value: JsonValue | undefined): string {
  if (value === undefined || value === null) return 'null';
  if (typeof value === 'string') return goJsonString(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof JsonNumber) return value.text;
  if (Array.isArray(value)) return '[' + value.map(goJsonMarshal).join(',') + ']';
  let out = '{';
  let first = true;
  for (const key of Object.keys(value)) {
    out += (first ? '' : ',') + goJsonString(key) + ':' + goJsonMarshal(value[key]);
    first = false;
  }
  return out + '}';
}
