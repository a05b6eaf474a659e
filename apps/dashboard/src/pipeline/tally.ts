export interface TopCount {
  value: string;
  count: number;
}

/** Counts values and reports the most frequent ones (ties broken by value, so output is stable). */
export class Tally {
  private readonly counts = new Map<string, number>();
  total = 0;

  add(value: string): void {
    this.counts.set(value, (this.counts.get(value) ?? 0) + 1);
    this.total++;
  }

  top(limit: number): TopCount[] {
    return [...this.counts]
      .map(([value, count]) => ({ value, count }))
      .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0))
      .slice(0, limit);
  }
}

/**
 * A reason with its numbers replaced by `N`, so `illegal base64 data at input byte 12` and
 * `… byte 40` count as one reason. Digits that are part of a word (`base64`, `utf8`) stay.
 */
export function reasonClass(reason: string): string {
  let out = '';
  let i = 0;
  while (i < reason.length) {
    if (!isDigit(reason.charCodeAt(i))) {
      out += reason[i++];
      continue;
    }
    let end = i;
    while (end < reason.length && isDigit(reason.charCodeAt(end))) end++;
    const standalone = !isLetter(reason.charCodeAt(i - 1)) && !isLetter(reason.charCodeAt(end));
    out += standalone ? 'N' : reason.slice(i, end);
    i = end;
  }
  return out;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** ASCII letters and `_` (NaN, past either end, is not). */
function isLetter(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;
}
