/**
 * Column types of the event tables, from each column's transformer and ColumnCreationOptions
 * (SPADE-REFERENCE §6.4), for Redshift and for PostgreSQL.
 *
 * - ip* transformers have fixed widths; ipAsnInteger is an int; every f@timestamp@… is a
 *   timestamp without zone (Redshift `datetime`, PostgreSQL `timestamp`); stringToIntegerMD5
 *   and userIDWithMapping produce 64-bit ids (bigint).
 * - Other transformers name their type: int, bigint, float (PostgreSQL: double precision, the
 *   float8 Redshift's float is), bool, varchar.
 * - Options longer than one character are appended as in the original: a length `(32)` (or
 *   `(max)`, 65535) and/or ` sortkey` / ` distkey`. PostgreSQL keeps the length and drops sortkey/distkey.
 * - A bare varchar is varchar(256): Redshift's default length for varchar without one, spelled
 *   out so both warehouses agree (PostgreSQL's bare varchar would be unbounded).
 *
 * Options are parsed, not pasted: anything but a length and the two keywords is refused, since
 * the text ends up in DDL.
 */
import type { Dialect } from './dialect';

export interface ColumnSpec {
  outboundName: string;
  transformer: string;
  creationOptions: string;
}

export class ColumnDefinitionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ColumnDefinitionError';
  }
}

export const BARE_VARCHAR_LENGTH = 256;
/** Redshift's limit; PostgreSQL allows more, but the tables must fit both. */
const MAX_VARCHAR_LENGTH = 65535;

const FIXED_TYPES: Record<string, string> = {
  ipCity: 'varchar(64)',
  ipCountry: 'varchar(2)',
  ipRegion: 'varchar(64)',
  ipAsn: 'varchar(128)',
  ipAsnInteger: 'int',
  stringToIntegerMD5: 'bigint',
  userIDWithMapping: 'bigint',
  int: 'int',
  bigint: 'bigint',
  bool: 'bool',
};

const TIMESTAMP_PREFIX = 'f@timestamp@';

interface ParsedOptions {
  length: number | undefined;
  sortkey: boolean;
  distkey: boolean;
}

const OPTIONS = /^\s*(?:\(\s*(\d+|max)\s*\))?((?:\s+(?:sortkey|distkey))*)\s*$/i;

export function parseCreationOptions(options: string): ParsedOptions {
  // The original appends options only when they are longer than one character.
  if (options.length <= 1) return { length: undefined, sortkey: false, distkey: false };
  const match = OPTIONS.exec(options);
  if (match === null) throw new ColumnDefinitionError(`unsupported ColumnCreationOptions ${JSON.stringify(options)}`);
  const keywords = match[2].toLowerCase();
  return {
    // varchar(max) is Redshift's 65535 bytes; spelled as the number so PostgreSQL takes it too.
    length: match[1] === undefined ? undefined : match[1].toLowerCase() === 'max' ? MAX_VARCHAR_LENGTH : Number(match[1]),
    sortkey: keywords.includes('sortkey'),
    distkey: keywords.includes('distkey'),
  };
}

function baseType(dialect: Dialect, transformer: string, length: number | undefined): string {
  if (length !== undefined && (length < 1 || length > MAX_VARCHAR_LENGTH)) {
    throw new ColumnDefinitionError(`varchar length ${length} is outside 1-${MAX_VARCHAR_LENGTH}`);
  }
  if (transformer === 'varchar') return `varchar(${length ?? BARE_VARCHAR_LENGTH})`;
  if (length !== undefined) throw new ColumnDefinitionError(`a length only applies to varchar, not ${transformer}`);
  if (transformer.startsWith(TIMESTAMP_PREFIX)) return dialect === 'redshift' ? 'datetime' : 'timestamp';
  if (transformer === 'float') return dialect === 'redshift' ? 'float' : 'double precision';
  const fixed = FIXED_TYPES[transformer];
  if (fixed === undefined) throw new ColumnDefinitionError(`unknown transformer ${JSON.stringify(transformer)}`);
  return fixed;
}

/** The SQL type of one column, with Redshift's sortkey/distkey attributes when they apply. */
export function columnType(dialect: Dialect, column: Pick<ColumnSpec, 'transformer' | 'creationOptions'>): string {
  const options = parseCreationOptions(column.creationOptions);
  const type = baseType(dialect, column.transformer, options.length);
  if (dialect === 'postgres') return type;
  return `${type}${options.distkey ? ' distkey' : ''}${options.sortkey ? ' sortkey' : ''}`;
}
