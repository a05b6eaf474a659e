/**
 * The table config: which events are tracked and how each column is produced. Tables whose names
 * would be unsafe SQL identifiers, or that use an unknown transformer, are dropped with a warning
 * (their events become non-tracked, as in the original); the other tables load.
 */
import { promises as fs } from 'fs';
import { readTableConfigJson, RawColumn, RawTable, TableConfigError } from './configShape';
import { InjectedProperty, injectedPropertyOf } from './injectedProperties';
import { getTransformer, producesPlainAscii } from './transformers/registry';
import { ColumnTransformer } from './transformers/types';

export { TableConfigError };

export interface Column {
  inboundName: string;
  outboundName: string;
  transformer: string;
  creationOptions: string;
  supportingColumns: string[];
  /** The compiled transformer. */
  transform: ColumnTransformer;
  /** Which injected property the column reads, if any (precomputed for the hot path). */
  injected: InjectedProperty;
  /** UTF-8 byte width of the warehouse column for string columns, else undefined. */
  maxBytes: number | undefined;
  /** True when the column's values never need escaping or truncating when loaded. */
  loadSafe: boolean;
}

export interface Table {
  name: string;
  version: number;
  columns: Column[];
}

/** Tracked tables by event name. */
export type TableSet = ReadonlyMap<string, Table>;

export interface LoadedTableConfig {
  tables: Map<string, Table>;
  warnings: string[];
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/;
const MAX_IDENTIFIER_LENGTH = 127;
/** Redshift's VARCHAR without a length is VARCHAR(256); VARCHAR(MAX) is 65535 bytes. */
const DEFAULT_VARCHAR_BYTES = 256;
const MAX_VARCHAR_BYTES = 65535;
/** Widths of the GeoIP columns in the original ingester's DDL. */
const GEO_COLUMN_BYTES: ReadonlyMap<string, number> = new Map([
  ['ipCity', 64], ['ipCountry', 2], ['ipRegion', 64], ['ipAsn', 128],
]);

export function isValidIdentifier(name: string): boolean {
  return name.length <= MAX_IDENTIFIER_LENGTH && IDENTIFIER.test(name);
}

/**
 * The byte width of the warehouse column a transformer writes into: `varchar(n)` from the column
 * options (`(32)`, `(32) distkey`, `(max)`), the GeoIP column widths, undefined for other types.
 */
export function varcharByteLimit(transformer: string, creationOptions: string): number | undefined {
  const geoWidth = GEO_COLUMN_BYTES.get(transformer);
  if (geoWidth !== undefined) return geoWidth;
  if (transformer !== 'varchar') return undefined;
  const match = /^\s*\(\s*(\d+|max)\s*\)/i.exec(creationOptions);
  if (!match) return DEFAULT_VARCHAR_BYTES;
  return match[1].toLowerCase() === 'max' ? MAX_VARCHAR_BYTES : Number(match[1]);
}

/** Why a table cannot be used, or undefined when it can. */
function tableProblem(raw: RawTable): string | undefined {
  if (!isValidIdentifier(raw.eventName)) return `event name ${JSON.stringify(raw.eventName)} is not a valid identifier`;
  if (raw.columns.length === 0) return 'it has no columns';
  const seen = new Set<string>();
  for (const [i, column] of raw.columns.entries()) {
    const label = `column #${i + 1} (${JSON.stringify(column.outboundName)})`;
    if (!isValidIdentifier(column.outboundName)) return `${label}: name is not a valid identifier`;
    if (seen.has(column.outboundName.toLowerCase())) return `${label}: duplicate column name`;
    seen.add(column.outboundName.toLowerCase());
    if (column.inboundName === '') return `${label}: empty InboundName`;
    if (!getTransformer(column.transformer)) return `${label}: unknown transformer ${JSON.stringify(column.transformer)}`;
  }
  return undefined;
}

function compileColumn(raw: RawColumn): Column {
  return {
    inboundName: raw.inboundName,
    outboundName: raw.outboundName,
    transformer: raw.transformer,
    creationOptions: raw.creationOptions,
    supportingColumns: raw.supportingColumns === '' ? [] : raw.supportingColumns.split(','),
    transform: getTransformer(raw.transformer) as ColumnTransformer,
    injected: injectedPropertyOf(raw.inboundName),
    maxBytes: varcharByteLimit(raw.transformer, raw.creationOptions),
    loadSafe: producesPlainAscii(raw.transformer),
  };
}

/**
 * Loads a table config from its JSON text. `source` names the file in errors and warnings.
 * Throws TableConfigError for malformed JSON or a wrong shape.
 */
export function loadTableConfig(text: string, source: string): LoadedTableConfig {
  const tables = new Map<string, Table>();
  const warnings: string[] = [];
  for (const raw of readTableConfigJson(text, source)) {
    const problem = tableProblem(raw);
    if (problem) {
      warnings.push(`table config ${source}: table ${JSON.stringify(raw.eventName)} dropped: ${problem}`);
      continue;
    }
    if (tables.has(raw.eventName)) {
      warnings.push(`table config ${source}: table "${raw.eventName}" is defined more than once; the last definition is used`);
    }
    tables.set(raw.eventName, { name: raw.eventName, version: raw.version, columns: raw.columns.map(compileColumn) });
  }
  return { tables, warnings };
}

/** Reads and loads a table config file; a read failure is a TableConfigError naming the path. */
export async function loadTableConfigFile(path: string): Promise<LoadedTableConfig> {
  let text: string;
  try {
    text = await fs.readFile(path, 'utf8');
  } catch (err) {
    throw new TableConfigError(`table config ${path}: cannot read: ${(err as Error).message}`);
  }
  return loadTableConfig(text, path);
}
