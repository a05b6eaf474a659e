/** @spade/events — edge line → events: both line formats, payload decoding, the error-event rules. */
export { JsonNumber } from './types';
export type { JsonValue, JsonObject, EventFailure, EdgeEvent } from './types';
export { parseLine } from './parseLine';
export type { ParseOptions } from './parseLine';
export { decodeJson, JsonParser, JsonRecord, JsonSyntaxError } from './jsonDecode';
export { skipJsonValue } from './jsonSkip';
export { compactJson, compactJsonBytes } from './jsonCompact';
export { decodeBase64, chooseBase64Alphabet, Base64Error } from './base64';
export type { Base64Alphabet } from './base64';
export { urlUnescape, UrlEscapeError } from './urlUnescape';
export { decodeEdgeLine, EdgeLineError, firstForwardedIpIsValid } from './jsonLine';
export type { EdgeLine } from './jsonLine';
export { lexNginxLine } from './nginxLine';
export type { NginxLine } from './nginxLine';
export { decodePayload, decodePayloadBytes, decodePayloadJson, PayloadError } from './payload';
export {
  PayloadScanner, PropertyValues, SCAN_BAIL, SCAN_DONE, SCAN_EVENT, PROPERTIES_MISSING, PROPERTIES_OBJECT, PROPERTIES_OTHER,
  VALUE_ABSENT, VALUE_ASCII_STRING, VALUE_STRING, VALUE_NUMBER, VALUE_TRUE, VALUE_FALSE, VALUE_NULL, VALUE_CONTAINER,
} from './payloadScan';
export type { PropertyTarget } from './payloadScan';
export { PropertySlots } from './propertySlots';
export { EdgeLineScanner } from './edgeLineScan';
export type { PayloadEvent } from './payload';
export { parseGoIp, formatGoIp, goIpText } from './goIp';
export { parseGoRfc3339Token, GO_ZERO_TIME_UNIX } from './goTime';
export { goString } from './goUtf8';
export { keepStringPrototypeFast } from './stringPrototype';
export { PrefixViews } from './prefixViews';
export { bytesOf, indexOfByte } from './bufferText';
