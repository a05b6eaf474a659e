/**
 * Reads the table config JSON the way Go's encoding/json fills scoop_protocol's Config: keys match
 * case-insensitively, unknown keys are ignored, null or missing fields take zero values, a value
 * of the wrong type fails the whole file.
 */

/** A table as written in the file, before names and transformers are checked. */
export interface RawTable {
  eventName: string;
  version: number;
  columns: RawColumn[];
}

export interface RawColumn {
  inboundName: string;
  outboundName: string;
  transformer: string;
  creationOptions: string;
  supportingColumns: string;
}

/** Thrown for a file that cannot be used at all; the message names the file and the problem. */
export class TableConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TableConfigError';
  }
}

type Fields = Map<string, unknown>;

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** Lower-cased keys → values; with keys differing only in case the last one wins, as in Go. */
function fieldsOf(value: object): Fields {
  const fields: Fields = new Map();
  for (const [key, field] of Object.entries(value)) fields.set(key.toLowerCase(), field);
  return fields;
}

function stringField(fields: Fields, key: string, where: () => string): string {
  const value = fields.get(key.toLowerCase());
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string') throw new TableConfigError(`${where()}: "${key}" must be a string, found ${kindOf(value)}`);
  return value;
}

function readColumn(value: unknown, where: () => string): RawColumn {
  if (value === null) value = {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new TableConfigError(`${where()}: expected an object, found ${kindOf(value)}`);
  }
  const fields = fieldsOf(value as object);
  return {
    inboundName: stringField(fields, 'InboundName', where),
    outboundName: stringField(fields, 'OutboundName', where),
    transformer: stringField(fields, 'Transformer', where),
    creationOptions: stringField(fields, 'ColumnCreationOptions', where),
    supportingColumns: stringField(fields, 'SupportingColumns', where),
  };
}

function readTable(value: unknown, where: string): RawTable {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TableConfigError(`${where}: expected an object, found ${kindOf(value)}`);
  }
  const fields = fieldsOf(value);
  const eventName = stringField(fields, 'EventName', () => where);
  const named = eventName ? `${where} ("${eventName}")` : where;
  const version = fields.get('version') ?? 0;
  if (typeof version !== 'number' || !Number.isSafeInteger(version)) {
    throw new TableConfigError(`${named}: "Version" must be an integer, found ${JSON.stringify(version)}`);
  }
  const columns = fields.get('columns') ?? [];
  if (!Array.isArray(columns)) throw new TableConfigError(`${named}: "Columns" must be an array, found ${kindOf(columns)}`);
  return {
    eventName,
    version,
    columns: columns.map((column, i) => readColumn(column, () => `${named}, column #${i + 1}`)),
  };
}

/** 1-based line and column of a character offset. */
function lineAndColumn(text: string, offset: number): string {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  return `line ${line}, column ${offset - lineStart + 1}`;
}

function parseJson(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    const message = (err as Error).message;
    const position = /position (\d+)/.exec(message);
    const offset = position ? Number(position[1]) : /end of JSON input/.test(message) ? text.length : undefined;
    const at = offset === undefined ? '' : ` at ${lineAndColumn(text, offset)}`;
    throw new TableConfigError(`table config ${source}: invalid JSON${at}: ${message}`);
  }
}

/** Parses and shape-checks a table config: a JSON array of tables (plain or versioned form). */
export function readTableConfigJson(text: string, source: string): RawTable[] {
  const parsed = parseJson(text, source);
  if (!Array.isArray(parsed)) {
    throw new TableConfigError(`table config ${source}: expected a JSON array of tables, found ${kindOf(parsed)}`);
  }
  return parsed.map((table, i) => readTable(table, `table config ${source}: table #${i + 1}`));
}
