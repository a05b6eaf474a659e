/** Transformer names → implementations, as the original's latest GetSingleValueTransform resolves them. */
import { floatTransformer } from './float';
import { ipAsnIntegerTransformer, ipAsnTransformer, ipCityTransformer, ipCountryTransformer, ipRegionTransformer } from './geo';
import { bigintTransformer, intTransformer } from './integer';
import { boolTransformer, stringToIntegerMD5Transformer, varcharTransformer } from './text';
import { layoutTransformer, unixPacificTransformer, unixUtcTransformer } from './timestamp';
import { ColumnTransformer } from './types';

const FIXED: ReadonlyMap<string, ColumnTransformer> = new Map([
  ['int', intTransformer],
  ['bigint', bigintTransformer],
  ['float', floatTransformer],
  ['varchar', varcharTransformer],
  ['bool', boolTransformer],
  ['ipCity', ipCityTransformer],
  ['ipCountry', ipCountryTransformer],
  ['ipRegion', ipRegionTransformer],
  ['ipAsn', ipAsnTransformer],
  ['ipAsnInteger', ipAsnIntegerTransformer],
  ['stringToIntegerMD5', stringToIntegerMD5Transformer],
]);

/** Every name with a fixed meaning, plus the two timestamp generators blueprint offers. */
export const TRANSFORMER_NAMES: readonly string[] = [...FIXED.keys(), 'f@timestamp@unix', 'f@timestamp@unix-utc'];

/** Transformers whose values are always printable ASCII without a backslash: digits, signs, dates. */
const PLAIN_ASCII_OUTPUT = new Set(['int', 'bigint', 'float', 'bool', 'ipAsnInteger', 'stringToIntegerMD5']);

/** True when every value of the transformer is printable ASCII without a backslash (nothing to escape). */
export function producesPlainAscii(name: string): boolean {
  return PLAIN_ASCII_OUTPUT.has(name) || (name[0] === 'f' && !FIXED.has(name) && getTransformer(name) !== undefined);
}

/**
 * The transformer for a config name, or undefined when unknown (the table is then dropped).
 * Like the original, any name starting with `f` whose `@`-separated second part is `timestamp`
 * is a time transformer configured by its third part only: `unix`, `unix-utc` or a Go layout.
 * `userIDWithMapping` needs a lookup service this project does not have, so it is unknown.
 */
export function getTransformer(name: string): ColumnTransformer | undefined {
  const fixed = FIXED.get(name);
  if (fixed) return fixed;
  if (name[0] !== 'f') return undefined;
  const parts = name.split('@');
  if (parts.length < 3 || parts[1] !== 'timestamp') return undefined;
  if (parts[2] === 'unix') return unixPacificTransformer;
  if (parts[2] === 'unix-utc') return unixUtcTransformer;
  return layoutTransformer(parts[2]);
}
