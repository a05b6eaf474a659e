/**
 * One decoded event → its outcome and, for tracked events, the column values (§3.5 of the
 * reference, latest behaviour). Values are the transformers' raw outputs; null marks a missing or
 * failed column (the original wrote `""` there and flagged the event as a skipped column).
 */
import { compactJsonBytes, EdgeEvent, JsonNumber, JsonObject, JsonValue } from '@spade/events';
import { GeoIp } from './geoip';
import { goJsonMarshal } from './goJson';
import { InjectedProperty } from './injectedProperties';
import { Column, Table, TableSet } from './tableConfig';

export type EventStatus = 'ok' | 'skipped_column' | 'nontracked' | 'malformed' | 'empty';

export interface EventResult {
  status: EventStatus;
  /** The table written to (`ok`, `skipped_column`), or `Unknown` for empty requests. */
  table?: string;
  /** The table's config version (0 for events without a table). */
  version: number;
  /** One value per configured column, in config order; null = missing or failed. */
  values?: (string | null)[];
  /** Why the event is not `ok`. */
  reason?: string;
  /** For `nontracked`: the compact JSON `{"event":…,"properties":…}` for the non-tracked file. */
  nontracked?: string;
  uuid: string;
  name: string;
}

/** The category of empty requests (§3.2). */
const UNKNOWN_TABLE = 'Unknown';

function isObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof JsonNumber);
}

/** The value a column reads, with the injected properties overlaid (§3.3); undefined = absent. */
function columnInput(column: Column, properties: JsonObject, event: EdgeEvent, serverTime: JsonNumber): JsonValue | undefined {
  switch (column.injected) {
    case InjectedProperty.None:
      return properties[column.inboundName];
    case InjectedProperty.OwnKey:
      return Object.prototype.hasOwnProperty.call(properties, column.inboundName) ? properties[column.inboundName] : undefined;
    case InjectedProperty.Time:
      return serverTime;
    case InjectedProperty.ClientTime: {
      const clientTime = properties.time;
      return clientTime !== undefined ? clientTime : properties.client_time;
    }
    case InjectedProperty.Ip: {
      const ip = properties.ip;
      return ip !== undefined ? ip : event.clientIp;
    }
    case InjectedProperty.UserAgent: {
      const userAgent = properties.user_agent;
      if (userAgent !== undefined) return userAgent;
      return event.userAgent !== '' ? event.userAgent : undefined;
    }
  }
}

/** A skipped column's part of the reason (parts are joined by `; `). */
export function columnProblem(column: Column, problem: string): string {
  return `column "${column.outboundName}": ${problem}`;
}

export function notFound(column: Column): string {
  return column.inboundName === column.outboundName
    ? columnProblem(column, 'property not found')
    : columnProblem(column, `property "${column.inboundName}" not found`);
}

function produceRow(table: Table, event: EdgeEvent, properties: JsonObject, geo: GeoIp): EventResult {
  const serverTime = new JsonNumber(event.serverTime);
  const values: (string | null)[] = [];
  let reason: string | undefined;
  for (const column of table.columns) {
    const input = columnInput(column, properties, event, serverTime);
    let problem: string | undefined;
    if (input === undefined) {
      problem = notFound(column);
    } else {
      const output = column.transform(input, geo);
      if (typeof output === 'string') {
        values.push(output);
        continue;
      }
      problem = columnProblem(column, output.message);
    }
    values.push(null);
    reason = reason === undefined ? problem : reason + '; ' + problem;
  }
  const result: EventResult = {
    status: reason === undefined ? 'ok' : 'skipped_column',
    table: table.name,
    version: table.version,
    values,
    uuid: event.uuid,
    name: event.name,
  };
  if (reason !== undefined) result.reason = reason;
  return result;
}

/**
 * Go's json.Marshal of `{event, properties}`: the properties' JSON text as it came (compacted,
 * HTML-escaped) when the decoder kept it, else re-serialized from the decoded value.
 */
function nontrackedDump(event: EdgeEvent): string {
  const properties = event.rawProperties
    ? compactJsonBytes(event.rawProperties).toString('utf8')
    : goJsonMarshal(event.properties);
  return nontrackedRecord(event.name, properties);
}

/** The non-tracked record of an event name and its properties' compact JSON. */
export function nontrackedRecord(name: string, propertiesJson: string): string {
  return '{"event":' + goJsonMarshal(name) + ',"properties":' + propertiesJson + '}';
}

/** Transforms one decoded event with the tracked tables and GeoIP databases. */
export function transformEvent(event: EdgeEvent, config: TableSet, geo: GeoIp): EventResult {
  const { uuid, name } = event;
  const table = config.get(name);
  const version = table ? table.version : 0;
  if (event.failure) return { status: 'malformed', version, reason: event.failure.reason, uuid, name };
  if (name === '') return { status: 'empty', table: UNKNOWN_TABLE, version, reason: 'empty event name', uuid, name };
  if (!table) return { status: 'nontracked', version, nontracked: nontrackedDump(event), uuid, name };
  const properties = event.properties;
  if (properties === null) {
    // The original assigned into the nil map Go decodes `null` to, and panicked.
    return { status: 'malformed', version, reason: 'properties is null (the original panicked)', uuid: 'error', name };
  }
  if (!isObject(properties)) {
    const reason = properties === undefined ? 'properties missing' : 'properties is not an object';
    return { status: 'empty', table: UNKNOWN_TABLE, version, reason, uuid, name };
  }
  return produceRow(table, event, properties, geo);
}
