/**
 * The contract between the edge-line decoder (this package) and the transformers
 * (@spade/transform). Values follow Go's encoding/json with UseNumber, as the original did.
 */

/** A JSON number kept as its literal text (Go's json.Number): `42`, `42.0` and `1e3` stay distinct. */
export class JsonNumber {
  constructor(readonly text: string) {}
  toJSON(): unknown {
    return this.text;
  }
}

/** Decoded JSON. Strings are already unescaped, with invalid UTF-8 replaced as Go's decoder does. */
export type JsonValue = string | boolean | null | JsonNumber | JsonValue[] | JsonObject;

/**
 * A decoded JSON object: a record with no inherited keys (built by `JsonRecord`, whose prototype is a
 * null-prototype object, so `__proto__` or `toString` are only ever own keys); with duplicate keys the
 * last one wins (as Go's map).
 */
export interface JsonObject {
  [key: string]: JsonValue;
}

/** Why an edge line produced no usable event. Error events are counted, never written to a table. */
export interface EventFailure {
  kind: 'malformed' | 'panicked';
  /** A short human-readable reason, e.g. `data: illegal base64 data at input byte 12`. */
  reason: string;
}

/** One event decoded from an edge line (a line with an array payload yields several). */
export interface EdgeEvent {
  /** Edge UUID; `<uuid>-<i>` for arrays of more than one event; `error` per the error-event rules. */
  uuid: string;
  /** Server receive time, whole seconds as decimal text; `0` for error events without one. */
  serverTime: string;
  /** The edge client IP as Go prints it (`<nil>` when missing or empty). */
  clientIp: string;
  /** Edge user agent (`''` when the line has none). */
  userAgent: string;
  /** Edge type (`internal` / `external` / `''`). */
  edgeType: string;
  /** Event name from the payload (`''` when missing or empty: an empty request). */
  name: string;
  /**
   * The payload's `properties` as decoded: normally a JsonObject; `undefined` when the key is
   * missing; any other JSON value (array, scalar, null) as given, for the transformer's rules.
   */
  properties: JsonValue | undefined;
  /**
   * The JSON text of `properties` exactly as it was in the payload (a view into the decoded payload
   * bytes), for byte-exact non-tracked dumps (`compactJsonBytes`); undefined when `properties` is.
   * Optional so hand-built events may omit it.
   */
  rawProperties?: Buffer;
  /** Set when the line or payload could not be decoded: the event is an error event. */
  failure: EventFailure | null;
}
