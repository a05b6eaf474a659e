/** Text primitives of Go's time.Parse (time/format.go, Go 1.19), shared by the layout parser. */

export function isDigit(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  return c >= 0x30 && c <= 0x39;
}

export function isCommaOrPeriod(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  return c === 0x2e || c === 0x2c;
}

/** Go's time.atoi: optional sign, then only digits (overflow past 2^63 fails). */
export function goAtoi(text: string): number | undefined {
  let i = 0;
  let negative = false;
  if (text[0] === '-' || text[0] === '+') {
    negative = text[0] === '-';
    i = 1;
  }
  let value = 0;
  for (; i < text.length; i++) {
    if (!isDigit(text, i)) return undefined;
    value = value * 10 + (text.charCodeAt(i) - 0x30);
    if (value > 2 ** 63) return undefined;
  }
  return negative ? -value : value;
}

/** Go's skip: removes a literal prefix, where a run of spaces matches any run of spaces. */
export function skipPrefix(value: string, prefix: string): string | undefined {
  let p = 0;
  let v = 0;
  while (p < prefix.length) {
    if (prefix[p] === ' ') {
      if (v < value.length && value[v] !== ' ') return undefined;
      while (p < prefix.length && prefix[p] === ' ') p++;
      while (v < value.length && value[v] === ' ') v++;
      continue;
    }
    if (v >= value.length || value[v] !== prefix[p]) return undefined;
    p++;
    v++;
  }
  return value.slice(v);
}

/** Go's case-insensitive name lookup: index of the first name that prefixes `value`. */
export function lookupName(names: readonly string[], value: string): number {
  for (let i = 0; i < names.length; i++) {
    const name = names[i];
    if (value.length >= name.length && matchIgnoringCase(value, name)) return i;
  }
  return -1;
}

function matchIgnoringCase(value: string, name: string): boolean {
  for (let i = 0; i < name.length; i++) {
    let a = value.charCodeAt(i);
    let b = name.charCodeAt(i);
    if (a !== b) {
      a |= 0x20;
      b |= 0x20;
      if (a !== b || a < 0x61 || a > 0x7a) return false;
    }
  }
  return true;
}

/** Go's parseTimeZone: the length of a zone abbreviation at the start of `value`, or 0. */
export function timeZoneLength(value: string): number {
  if (value.length < 3) return 0;
  if (value.startsWith('ChST') || value.startsWith('MeST')) return 4;
  if (value.startsWith('GMT')) return 3 + (value.length > 3 ? signedOffsetLength(value.slice(3)) : 0);
  if (value[0] === '+' || value[0] === '-') return signedOffsetLength(value);
  let upper = 0;
  while (upper < 6 && upper < value.length && value.charCodeAt(upper) >= 0x41 && value.charCodeAt(upper) <= 0x5a) upper++;
  switch (upper) {
    case 3: return 3;
    case 4: return value[3] === 'T' || value.startsWith('WITA') ? 4 : 0;
    case 5: return value[4] === 'T' ? 5 : 0;
    default: return 0;
  }
}

/** Go's parseSignedOffset: length of `+N`/`-N` with N ≤ 23, or 0. */
function signedOffsetLength(value: string): number {
  if (value[0] !== '+' && value[0] !== '-') return 0;
  let end = 1;
  let number = 0;
  while (end < value.length && isDigit(value, end)) {
    number = number * 10 + (value.charCodeAt(end) - 0x30);
    end++;
  }
  return end === 1 || number > 23 ? 0 : end;
}
