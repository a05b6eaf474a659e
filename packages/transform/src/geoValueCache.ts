/**
 * GeoIP column values in the loading encoding, as UTF-8 bytes ready to copy into a row, cached by
 * address text for the fast path: an event's city, country, region and ASN columns read one
 * address, and busy addresses recur. A value depends only on the address and the transformer
 * (GeoIP columns have fixed widths), so it is computed once with the column's own transformer and
 * loadField, exactly as the general path computes it.
 */
import { loadText } from './encodings';
import { addressHash, GeoIp } from './geoip';
import { Column } from './tableConfig';
import { TransformError } from './transformers/types';

export const GEO_TRANSFORMERS = ['ipCity', 'ipCountry', 'ipRegion', 'ipAsn', 'ipAsnInteger'];

/** One address's values by GEO_TRANSFORMERS index (undefined: not computed yet). */
type GeoValues = (Buffer | TransformError | undefined)[];

/**
 * Two-way set-associative, least recently used out: a busy address keeps its values when another
 * address hashes to its set. 65,536 entries (about 100 bytes each: the address, an array of five
 * references); on the benchmark's stream (about 20,000 busy addresses) a direct-mapped table of
 * that size kept 89% of lookups.
 */
const SETS = 32768; // a power of two; two entries each
/** Distinct encoded values kept for sharing between addresses (cities repeat); the table starts over when full. */
const MAX_SHARED_VALUES = 8192;

/** The first entry of the address's set (the second follows it). */
export function setOf(ip: string): number {
  const hash = addressHash(ip);
  return ((hash ^ (hash >>> 16)) & (SETS - 1)) << 1;
}

export class GeoValueCache {
  /** Entry 2s of a set is its most recently used address, 2s + 1 the other. */
  private readonly ips: string[] = new Array<string>(SETS * 2).fill('');
  private readonly values: (GeoValues | null)[] = new Array<GeoValues | null>(SETS * 2).fill(null);
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
    const first = setOf(ip);
    const { ips, values } = this;
    let found = values[first];
    if (found === null || ips[first] !== ip) {
      const other = values[first + 1];
      const kept = other !== null && ips[first + 1] === ip ? other : null;
      // The address becomes the set's first entry; the one it displaces becomes the second.
      ips[first + 1] = ips[first];
      values[first + 1] = found;
      found = kept ?? [undefined, undefined, undefined, undefined, undefined]; // one per GEO_TRANSFORMERS entry (a literal: a packed array)
      ips[first] = ip;
      values[first] = found;
    }
    this.lastIp = ip;
    this.last = found;
    return found;
  }
}
