/** @spade/transform — table config, transformers, GeoIP and row encodings (the Spade event core). */
export {
  loadTableConfig, loadTableConfigFile, isValidIdentifier, varcharByteLimit, TableConfigError,
} from './tableConfig';
export type { Column, Table, TableSet, LoadedTableConfig } from './tableConfig';
export { InjectedProperty } from './injectedProperties';
export { transformEvent, nontrackedRecord } from './transformEvent';
export type { EventResult, EventStatus } from './transformEvent';
export { spadeRow, loadRow, loadField } from './encodings';
export type { LoadColumn } from './encodings';
export { goQuote, goQuoteBody, isGoPrintable } from './goQuote';
export { goJsonMarshal } from './goJson';
export { openGeoIp, emptyGeoIp } from './geoip';
export type { GeoIp } from './geoip';
export { isIpAddress, isIpv4, isIpv6 } from './ipText';
export { getTransformer, producesPlainAscii, TRANSFORMER_NAMES } from './transformers/registry';
export { TransformError, toTransformResult } from './transformers/types';
export type { ColumnTransformer, TransformResult } from './transformers/types';
export { parseGoInteger } from './transformers/integer';
export { goParseFloat } from './transformers/goParseFloat';
export { formatGoFloat } from './transformers/float';
export { pacificOffset, pacificInstantOfWall } from './time/pacific';
export { FastLines } from './fastLines';
export type { FastOutcome } from './fastLines';
export { TableRowWriter } from './rowWriter';
export type { EdgeFields } from './rowWriter';
export { RowBuffer } from './rowBuffer';
export { GeoValueCache } from './geoValueCache';
