/** The fields of an edge line (`spade.Event`, scoop_protocol spade/event.go); `None` = any other key. */
export enum EdgeField {
  None,
  ReceivedAt,
  ClientIp,
  XForwardedFor,
  Uuid,
  Data,
  UserAgent,
  RecordVersion,
  EdgeType,
}

/** JSON names of the fields, in declaration order (Go's case-insensitive match tries them in it). */
export const EDGE_FIELD_NAMES: readonly [string, EdgeField][] = [
  ['receivedAt', EdgeField.ReceivedAt],
  ['clientIp', EdgeField.ClientIp],
  ['xForwardedFor', EdgeField.XForwardedFor],
  ['uuid', EdgeField.Uuid],
  ['data', EdgeField.Data],
  ['userAgent', EdgeField.UserAgent],
  ['recordversion', EdgeField.RecordVersion],
  ['edgeType', EdgeField.EdgeType],
];
