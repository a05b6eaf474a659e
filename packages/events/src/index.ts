/** @spade/events — edge line → events: both line formats, payload decoding, the error-event rules. */
export { JsonNumber } from './types';
export type { JsonValue, JsonObject, EventFailure, EdgeEvent } from './types';
export { parseLine } from './parseLine';
export type { ParseOptions } from './parseLine';
export { decodeJson, JsonParser, JsonRecord, JsonSyntaxError } from './jsonDecode';
export { compactJson, compactJsonBytes } from './jsonCompact';
export { decodeBase64, chooseBase64Alphabet, Base64Error } from './base64';
export type { Base64Alphabet } from './base64';
export { urlUnescape, UrlEscapeError } from './urlUnescape';
export { decodeEdgeLine, EdgeLineError, firstForwardedIpIsValid } from './jsonLine';
export type { EdgeLine } from './jsonLine';
export { lexNginxLine } from './nginxLine';
export type { NginxLine } from './nginxLine';
export { decodePayload, decodePayloadBytes, decodePayloadJson, PayloadError } from './payload';
export type { PayloadEvent } from './payload';
export { parseGoIp, formatGoIp, goIpText } from './goIp';
export { parseGoRfc3339Token, GO_ZERO_TIME_UNIX } from './goTime';
export { goString } from './goUtf8';
