import type { JsonValue } from '@spade/events';
import type { GeoIp } from '../geoip';

/** Why a value could not be transformed; the column becomes NULL and the event a skipped column. */
export class TransformError {
  constructor(readonly message: string) {}
}

/**
 * A column transformer: the property value (present, possibly JSON null) → the column value, or a
 * TransformError. Returning a bare string on success keeps the per-event hot path allocation-free.
 */
export type ColumnTransformer = (input: JsonValue, geo: GeoIp) => string | TransformError;

/** The public form of one transformation's outcome. */
export type TransformResult = { value: string } | { error: string };

export function toTransformResult(outcome: string | TransformError): TransformResult {
  return typeof outcome === 'string' ? { value: outcome } : { error: outcome.message };
}
