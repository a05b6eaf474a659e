/**
 * Go's `encoding/json` matching of an object key to a struct field name when there is no exact match:
 * ASCII case-insensitive, plus the two non-ASCII runes that fold to ASCII letters — U+017F (ſ) matches
 * `s`/`S` and U+212A (Kelvin sign) matches `k`/`K` (Go's equalFoldRight). Field names here are ASCII
 * letters only, for which that is exactly Go's rule.
 */
export function matchesGoFieldName(key: string, fieldName: string): boolean {
  if (key.length !== fieldName.length) return false;
  for (let i = 0; i < key.length; i++) {
    const k = key.charCodeAt(i);
    const lowerName = fieldName.charCodeAt(i) | 0x20;
    if (k < 0x80) {
      if ((k | 0x20) !== lowerName) return false;
    } else if (!((k === 0x17f && lowerName === 0x73) || (k === 0x212a && lowerName === 0x6b))) {
      return false;
    }
  }
  return true;
}
