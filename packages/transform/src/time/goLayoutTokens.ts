/** Go reference-layout tokens (time/format.go's nextStdChunk), split once per layout. */

export enum Std {
  None, LongMonth, Month, NumMonth, ZeroMonth, LongWeekDay, WeekDay, Day, UnderDay, ZeroDay,
  UnderYearDay, ZeroYearDay, Hour, Hour12, ZeroHour12, Minute, ZeroMinute, Second, ZeroSecond,
  LongYear, Year, PM, pm, TZ, ISO8601TZ, ISO8601SecondsTZ, ISO8601ShortTZ, ISO8601ColonTZ,
  ISO8601ColonSecondsTZ, NumTZ, NumSecondsTz, NumShortTZ, NumColonTZ, NumColonSecondsTZ,
  FracSecond0, FracSecond9,
}

/** One layout step: literal text to skip, then a token (or None at the end of the layout). */
export interface LayoutChunk {
  prefix: string;
  std: Std;
  /** Digits of a fractional-second token (`.000` → 3). */
  fracDigits: number;
  /** True when the next token of the layout is a fractional second (Go's stdSecond look-ahead). */
  fracFollows: boolean;
}

const ZERO_X: readonly Std[] = [Std.ZeroMonth, Std.ZeroDay, Std.ZeroHour12, Std.ZeroMinute, Std.ZeroSecond, Std.Year];

function startsWithLowerCase(text: string): boolean {
  const c = text.charCodeAt(0);
  return c >= 0x61 && c <= 0x7a;
}

function isDigitAt(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  return c >= 0x30 && c <= 0x39;
}

interface Found { start: number; std: Std; end: number; fracDigits: number }

const TZ_TOKENS: ReadonlyArray<[string, Std]> = [
  ['-070000', Std.NumSecondsTz], ['-07:00:00', Std.NumColonSecondsTZ], ['-0700', Std.NumTZ],
  ['-07:00', Std.NumColonTZ], ['-07', Std.NumShortTZ],
  ['Z070000', Std.ISO8601SecondsTZ], ['Z07:00:00', Std.ISO8601ColonSecondsTZ], ['Z0700', Std.ISO8601TZ],
  ['Z07:00', Std.ISO8601ColonTZ], ['Z07', Std.ISO8601ShortTZ],
];

function tokenAt(layout: string, i: number): Found | undefined {
  const rest = layout.slice(i);
  const found = (std: Std, length: number, skipFirst = 0): Found => ({ start: i + skipFirst, std, end: i + length, fracDigits: 0 });
  switch (layout[i]) {
    case 'J':
      if (rest.startsWith('January')) return found(Std.LongMonth, 7);
      if (rest.startsWith('Jan') && !startsWithLowerCase(rest.slice(3))) return found(Std.Month, 3);
      return undefined;
    case 'M':
      if (rest.startsWith('Monday')) return found(Std.LongWeekDay, 6);
      if (rest.startsWith('Mon') && !startsWithLowerCase(rest.slice(3))) return found(Std.WeekDay, 3);
      if (rest.startsWith('MST')) return found(Std.TZ, 3);
      return undefined;
    case '0': {
      const next = rest.charCodeAt(1);
      if (next >= 0x31 && next <= 0x36) return found(ZERO_X[next - 0x31], 2);
      if (rest.startsWith('002')) return found(Std.ZeroYearDay, 3);
      return undefined;
    }
    case '1':
      return rest.startsWith('15') ? found(Std.Hour, 2) : found(Std.NumMonth, 1);
    case '2':
      return rest.startsWith('2006') ? found(Std.LongYear, 4) : found(Std.Day, 1);
    case '_':
      if (rest.startsWith('_2')) {
        // `_2006` is a literal `_` followed by the long year.
        return rest.startsWith('_2006') ? found(Std.LongYear, 5, 1) : found(Std.UnderDay, 2);
      }
      return rest.startsWith('__2') ? found(Std.UnderYearDay, 3) : undefined;
    case '3': return found(Std.Hour12, 1);
    case '4': return found(Std.Minute, 1);
    case '5': return found(Std.Second, 1);
    case 'P': return rest.startsWith('PM') ? found(Std.PM, 2) : undefined;
    case 'p': return rest.startsWith('pm') ? found(Std.pm, 2) : undefined;
    case '-':
    case 'Z':
      for (const [token, std] of TZ_TOKENS) if (rest.startsWith(token)) return found(std, token.length);
      return undefined;
    case '.':
    case ',': {
      const digit = rest[1];
      if (digit !== '0' && digit !== '9') return undefined;
      let j = i + 1;
      while (j < layout.length && layout[j] === digit) j++;
      if (isDigitAt(layout, j)) return undefined; // only a run that ends the digits is a fraction
      return { start: i, std: digit === '0' ? Std.FracSecond0 : Std.FracSecond9, end: j, fracDigits: j - (i + 1) };
    }
    default:
      return undefined;
  }
}

function nextToken(layout: string, from: number): Found | undefined {
  for (let i = from; i < layout.length; i++) {
    const found = tokenAt(layout, i);
    if (found) return found;
  }
  return undefined;
}

function isFraction(std: Std): boolean {
  return std === Std.FracSecond0 || std === Std.FracSecond9;
}

/** Splits a Go layout into literal prefixes and tokens, ending with a `Std.None` chunk. */
export function compileLayout(layout: string): LayoutChunk[] {
  const chunks: LayoutChunk[] = [];
  let position = 0;
  for (;;) {
    const found = nextToken(layout, position);
    if (!found) {
      chunks.push({ prefix: layout.slice(position), std: Std.None, fracDigits: 0, fracFollows: false });
      return chunks;
    }
    const following = nextToken(layout, found.end);
    chunks.push({
      prefix: layout.slice(position, found.start),
      std: found.std,
      fracDigits: found.fracDigits,
      fracFollows: following !== undefined && isFraction(following.std),
    });
    position = found.end;
  }
}
