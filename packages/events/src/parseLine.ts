/**
 * Edge line → events, with the original's error-event rules (SPADE-REFERENCE §2.6 and
 * parser/mixpanelevent.go): every problem becomes an event carrying a `failure`, never an exception.
 *
 * - A line whose first non-whitespace byte is `{` is Format B (JSON), anything else Format A (nginx).
 * - An empty line (zero bytes) is not an event: `[]`. A whitespace-only line is Format A without
 *   `data=` and so one malformed event.
 * - Undecodable line: uuid `error`, serverTime `0`, name `Unknown`, failure `malformed`.
 * - Undecodable payload (or a bad first X-Forwarded-For IP with `rejectBadFirstIp`): the edge UUID
 *   (`error` if empty or longer than 64 bytes) and the server time (`0` unless it is integer text as
 *   Go's `strconv.Atoi` reads it), name `Unknown`, failure `malformed`.
 * - Anything unexpected: uuid `error`, serverTime `0`, name `Unknown`, edgeType `internal` (as the
 *   original's MakePanickedEvent), failure `panicked`.
 * Error events have clientIp `''` and userAgent `''` as in the original; Format-B error events keep
 * the line's edgeType.
 */
import { EdgeEvent, EventFailure } from './types';
import { JsonSyntaxError } from './jsonDecode';
import { decodeEdgeLine, EdgeLine, EdgeLineError, firstForwardedIpIsValid } from './jsonLine';
import { decodePayload, PayloadError, PayloadEvent } from './payload';
import { lexNginxLine } from './nginxLine';
import { goString } from './goUtf8';

export interface ParseOptions {
  /**
   * Replicate the 2015 edge's rejection (env `REJECT_ON_BAD_FIRST_IP` of E1–E2): a recordversion-3 line
   * whose first X-Forwarded-For element is not an IP becomes one malformed event. Off by default.
   */
  rejectBadFirstIp?: boolean;
}

const MAX_UUID_BYTES = 64;
const INT64_MAX = 9223372036854775807n;

function event(
  uuid: string,
  serverTime: string,
  clientIp: string,
  userAgent: string,
  edgeType: string,
  payloadEvent: PayloadEvent,
  failure: EventFailure | null,
): EdgeEvent {
  return {
    uuid,
    serverTime,
    clientIp,
    userAgent,
    edgeType,
    name: payloadEvent.name,
    properties: payloadEvent.properties,
    rawProperties: payloadEvent.rawProperties,
    failure,
  };
}

const UNKNOWN: PayloadEvent = { name: 'Unknown', properties: undefined, rawProperties: undefined };

function errorEvent(uuid: string, serverTime: string, edgeType: string, kind: EventFailure['kind'], reason: string): EdgeEvent {
  return event(uuid, serverTime, '', '', edgeType, UNKNOWN, { kind, reason });
}

/** The original's MakeErrorEvent UUID rule. */
function errorUuid(uuid: string, byteLength: number): string {
  return byteLength === 0 || byteLength > MAX_UUID_BYTES ? 'error' : uuid;
}

/** Go's `strconv.Atoi` acceptance: optional sign, decimal digits, within int64. */
function isGoInt(text: string): boolean {
  const digitsStart = text.charCodeAt(0) === 0x2b || text.charCodeAt(0) === 0x2d ? 1 : 0;
  if (text.length === digitsStart) return false;
  for (let i = digitsStart; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  if (text.length - digitsStart < 19) return true;
  const value = BigInt(text.slice(digitsStart));
  return text.charCodeAt(0) === 0x2d ? value <= INT64_MAX + 1n : value <= INT64_MAX;
}

/** Events of a decoded payload, with the edge fields and the `<uuid>-<i>` rule for arrays. */
function successEvents(
  payloadEvents: PayloadEvent[],
  uuid: string,
  serverTime: string,
  clientIp: string,
  userAgent: string,
  edgeType: string,
): EdgeEvent[] {
  if (payloadEvents.length === 1) return [event(uuid, serverTime, clientIp, userAgent, edgeType, payloadEvents[0], null)];
  const events: EdgeEvent[] = new Array(payloadEvents.length);
  for (let i = 0; i < payloadEvents.length; i++) {
    events[i] = event(`${uuid}-${i}`, serverTime, clientIp, userAgent, edgeType, payloadEvents[i], null);
  }
  return events;
}

function parseJsonLine(line: Buffer, options: ParseOptions | undefined): EdgeEvent[] {
  let edge: EdgeLine;
  try {
    edge = decodeEdgeLine(line);
  } catch (error) {
    if (error instanceof JsonSyntaxError) return [errorEvent('error', '0', '', 'malformed', `line is not valid JSON: ${error.message}`)];
    if (error instanceof EdgeLineError) return [errorEvent('error', '0', error.edgeType, 'malformed', `line is not a valid edge event: ${error.reason}`)];
    throw error;
  }
  const serverTime = String(edge.receivedAt);
  if (options?.rejectBadFirstIp && edge.recordVersion === 3 && !firstForwardedIpIsValid(edge.xForwardedFor)) {
    const uuid = errorUuid(edge.uuid, Buffer.byteLength(edge.uuid));
    const first = edge.xForwardedFor.split(',', 1)[0].slice(0, 60);
    return [errorEvent(uuid, serverTime, edge.edgeType, 'malformed', `first X-Forwarded-For element is not an IP: ${JSON.stringify(first)}`)];
  }
  let payloadEvents: PayloadEvent[];
  try {
    payloadEvents = decodePayload(edge.data);
  } catch (error) {
    if (!(error instanceof PayloadError)) throw error;
    return [errorEvent(errorUuid(edge.uuid, Buffer.byteLength(edge.uuid)), serverTime, edge.edgeType, 'malformed', error.reason)];
  }
  return successEvents(payloadEvents, edge.uuid, serverTime, edge.clientIp, edge.userAgent, edge.edgeType);
}

function parseNginxLine(line: Buffer): EdgeEvent[] {
  const lexed = lexNginxLine(line);
  const uuid = goString(lexed.uuid, 0, lexed.uuid.length);
  const time = goString(lexed.time, 0, lexed.time.length);
  let payloadEvents: PayloadEvent[];
  try {
    if (!lexed.hasData) throw new PayloadError('line has no "data=" field (neither a JSON edge line nor an nginx-style one)');
    payloadEvents = decodePayload(lexed.data);
  } catch (error) {
    if (!(error instanceof PayloadError)) throw error;
    return [errorEvent(errorUuid(uuid, lexed.uuid.length), isGoInt(time) ? time : '0', '', 'malformed', error.reason)];
  }
  return successEvents(payloadEvents, uuid, time, goString(lexed.ip, 0, lexed.ip.length), '', '');
}

function firstNonWhitespace(line: Buffer): number {
  for (let i = 0; i < line.length; i++) {
    const b = line[i];
    if (b !== 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) return b;
  }
  return -1;
}

/**
 * Decode one edge line (without its line terminator) into events. Never throws: every failure is an
 * event with `failure` set (see the module comment for the rules).
 */
export function parseLine(line: Buffer, options?: ParseOptions): EdgeEvent[] {
  try {
    if (line.length === 0) return [];
    return firstNonWhitespace(line) === 0x7b ? parseJsonLine(line, options) : parseNginxLine(line);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return [errorEvent('error', '0', 'internal', 'panicked', `panicked: ${message.slice(0, 200)}`)];
  }
}
