/**
 * GeoIP column values in the loading encoding, cached by address text for the fast path: an event's
 * city, country, region and ASN columns read one address, and busy addresses recur. A value depends
 * only on the address and the transformer (GeoIP columns have fixed widths), so it is computed once
 * with the column's own transformer and loadField, exactly as the general path computes it.
 */
import { loadField } from './encodings';
import { GeoIp } from './geoip';
import { Column } from './tableConfig';
import { TransformError } from './transformers/types';

export const GEO_TRANSFORMERS = ['ipCity', 'ipCountry', 'ipRegion', 'ipAsn', 'ipAsnInteger'];

/** One address's values by GEO_TRANSFORMERS index (undefined: not computed yet). */
type GeoValues = (string | TransformError | undefined)[];

/** Direct-mapped: a slot per address hash, the newest address wins it (a power of two). */
const SLOTS = 16384;

function hashOf(ip: string): number {
  let hash = 0;
  for (let i = 0; i < ip.length; i++) hash = (Math.imul(hash, 31) + ip.charCodeAt(i)) | 0;
  return (hash ^ (hash >>> 14)) & (SLOTS - 1);
}

export class GeoValueCache {
  private readonly ips: string[] = new Array<string>(SLOTS).fill('');
  private readonly values: (GeoValues | null)[] = new Array<GeoValues | null>(SLOTS).fill(null);
  private lastIp = '';
  private last: GeoValues | null = null;

  constructor(private readonly geo: GeoIp) {}

  /** The column's value for an address (a string input): encoded for loading, or its error. */
  value(column: Column, kind: number, ip: string): string | TransformError {
    const values = ip === this.lastIp && this.last !== null ? this.last : this.valuesOf(ip);
    let value = values[kind];
    if (value === undefined) {
      const output = column.transform(ip, this.geo);
      value = typeof output !== 'string' || output === '' || column.loadSafe ? output : loadField(output, column.maxBytes);
      values[kind] = value;
    }
    return value;
  }

  private valuesOf(ip: string): GeoValues {
    const slot = hashOf(ip);
    let values = this.values[slot];
    if (values === null || this.ips[slot] !== ip) {
      values = [undefined, undefined, undefined, undefined, undefined]; // one per GEO_TRANSFORMERS entry (a literal: a packed array)
      this.ips[slot] = ip;
      this.values[slot] = values;
    }
    this.lastIp = ip;
    this.last = values;
    return values;
  }
}
