/**
 * GeoIP column values in the loading encoding, as UTF-8 bytes ready to copy into a row, cached by
 * address — its text, or the number of a plain IPv4 client address — for the fast path: an event's
 * city, country, region and ASN columns read one address, and busy addresses recur. A value depends
 * only on the address and the transformer (GeoIP columns have fixed widths), so it is computed once
 * with the column's own transformer and loadField, exactly as the general path computes it.
 */
import { loadText } from './encodings';
import { addressHash, GeoIp } from './geoip';
import { isIpAddress } from './ipText';
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

/** Slots of the front by IPv4 number (direct-mapped: a collision only sends a lookup on to the sets by text). */
const IPV4_SLOTS = 65536; // a power of two

/** The slot of an IPv4 address (a 32-bit number). */
export function ipv4SlotOf(address: number): number {
  const hash = Math.imul(address ^ (address >>> 16), 0x45d9f3b);
  return (hash ^ (hash >>> 16)) & (IPV4_SLOTS - 1);
}

/** Where the text of an IPv4 address comes from when the sets by text are asked (the edge line). */
export interface AddressText {
  clientIp(): string;
}

export class GeoValueCache {
  /** Entry 2s of a set is its most recently used address, 2s + 1 the other. */
  private readonly ips: string[] = new Array<string>(SETS * 2).fill('');
  private readonly values: (GeoValues | null)[] = new Array<GeoValues | null>(SETS * 2).fill(null);
  private lastIp = '';
  private last: GeoValues | null = null;
  /**
   * A front for the edge's plain IPv4 client addresses, by number: no string to make, hash or
   * compare per event. Its entries are the very values arrays of the sets by text.
   */
  private readonly ipv4Keys = new Int32Array(IPV4_SLOTS);
  private readonly ipv4Values: (GeoValues | null)[] = new Array<GeoValues | null>(IPV4_SLOTS).fill(null);
  /**
   * The values of every text that is not an IP address: GeoIp has no record for any of them, so
   * they share one array, and such text (a client's garbage in an `ip` property) takes no place
   * from an address in the sets.
   */
  private readonly notAnAddress: GeoValues = [undefined, undefined, undefined, undefined, undefined];
  private lastIpv4 = -1;
  private lastIpv4Values: GeoValues | null = null;
  /** Encoded values by their text, so addresses of one city share one buffer. */
  private readonly shared = new Map<string, Buffer>();

  constructor(private readonly geo: GeoIp) {}

  /** The column's value for an address (a string input): its bytes in the loading encoding (none: NULL), or its error. */
  value(column: Column, kind: number, ip: string): Buffer | TransformError {
    const values = ip === this.lastIp && this.last !== null ? this.last : this.valuesOf(ip);
    return values[kind] ?? this.computed(values, column, kind, ip);
  }

  /** The value computed with the column's own transformer and loading encoding, and kept. */
  private computed(values: GeoValues, column: Column, kind: number, ip: string): Buffer | TransformError {
    const output = column.transform(ip, this.geo);
    const value = typeof output !== 'string' ? output : this.encoded(loadText(output, column));
    values[kind] = value;
    return value;
  }

  /** value() for an IPv4 address given as a number; `text` gives its dotted quad when the front does not hold it. */
  ipv4Value(column: Column, kind: number, address: number, text: AddressText): Buffer | TransformError {
    let values = address === this.lastIpv4 ? this.lastIpv4Values : null;
    if (values === null) {
      const slot = ipv4SlotOf(address);
      values = this.ipv4Values[slot];
      if (values === null || this.ipv4Keys[slot] !== (address | 0)) {
        values = this.valuesOf(text.clientIp());
        this.ipv4Keys[slot] = address | 0;
        this.ipv4Values[slot] = values;
      }
      this.lastIpv4 = address;
      this.lastIpv4Values = values;
    }
    return values[kind] ?? this.computed(values, column, kind, text.clientIp());
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
      if (kept === null && !isIpAddress(ip)) return this.remember(ip, this.notAnAddress);
      // The address becomes the set's first entry; the one it displaces becomes the second.
      ips[first + 1] = ips[first];
      values[first + 1] = found;
      found = kept ?? [undefined, undefined, undefined, undefined, undefined]; // one per GEO_TRANSFORMERS entry (a literal: a packed array)
      ips[first] = ip;
      values[first] = found;
    }
    return this.remember(ip, found);
  }

  private remember(ip: string, values: GeoValues): GeoValues {
    this.lastIp = ip;
    this.last = values;
    return values;
  }
}
