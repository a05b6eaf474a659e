/**
 * GeoIP column values in the loading encoding, as UTF-8 bytes ready to copy into a row, cached by
 * address text for the fast path: an event's city, country, region and ASN columns read one
 * address, and busy addresses recur. A value depends only on the address and the transformer
 * (GeoIP columns have fixed widths), so it is computed once with the column's own transformer and
 * loadField, exactly as the general path computes it.
 */
import { loadText } from './encodings';
import { GeoIp } from './geoip';
import { Column } from './tableConfig';
import { TransformError } from './transformers/types';

export const GEO_TRANSFORMERS = ['ipCity', 'ipCountry', 'ipRegion', 'ipAsn', 'ipAsnInteger'];

/** One address's values by GEO_TRANSFORMERS index (undefined: not computed yet). */
type GeoValues = (Buffer | TransformError | undefined)[];

/**
 * Direct-mapped: a slot per address hash, the newest address wins it (a power of two). On the
 * benchmark's stream (about 20,000 busy addresses) 16,384 slots kept 74% of lookups, 65,536 keep
 * 89%; a slot costs about 100 bytes (the address, an array of five references).
 */
const SLOTS = 65536;
/** Distinct encoded values kept for sharing between addresses (cities repeat); the table starts over when full. */
const MAX_SHARED_VALUES = 8192;

function hashOf(ip: string): number {
  let hash = 0;
  for (let i = 0; i < ip.length; i++) hash = (Math.imul(hash, 31) + ip.charCodeAt(i)) | 0;
  return (hash ^ (hash >>> 16)) & (SLOTS - 1);
}

export class GeoValueCache {
  private readonly ips: string[] = new Array<string>(SLOTS).fill('');
  private readonly values: (GeoValues | null)[] = new Array<GeoValues | null>(SLOTS).fill(null);
  private lastIp = '';
  private last: GeoValues | null = null;
  /** Encoded values by their text, so addresses of one city share one buffer. */
  private readonly shared = new Map<string, Buffer>();

  constructor(private readonly geo: GeoIp) {}

  /** The column's value for an address (a string input): its bytes in the loading encoding (none: NULL), or its error. */
  value(column: Column, kind: number, ip: string): Buffer | TransformError {
    const values = ip === this.lastIp && this.last !== null ? this.last : this.valuesOf(ip);
    let value = values[kind];
    if (value === undefined) {
      const output = column.transform(ip, this.geo);
      value = typeof output !== 'string' ? output : this.encoded(loadText(output, column));
      values[kind] = value;
    }
    return value;
  }

  private encoded(text: string): Buffer {
    let bytes = this.shared.get(text);
    if (bytes === undefined) {
      if (this.shared.size >= MAX_SHARED_VALUES) this.shared.clear();
      this.shared.set(text, (bytes = Buffer.from(text, 'utf8')));
    }
    return bytes;
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
