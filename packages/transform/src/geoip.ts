/**
 * GeoIP lookups on MaxMind `.mmdb` databases (GeoIP2/GeoLite2 City and ASN). The original used the
 * retired legacy `.dat` format; the values keep its column meanings:
 *   ipCity → English city name; ipCountry → ISO country code of the located country;
 *   ipRegion → ISO code of the first (largest) subdivision (e.g. `CA`, `ENG`) — the legacy
 *   databases gave FIPS-style codes such as `09` instead; ipAsn → `AS<number> <organization>`
 *   (`AS<number>` without an organization); ipAsnInteger → the number.
 * IPv6 addresses are looked up too (the legacy databases were IPv4-only, so the original gave
 * empty values for them). Text that is not an IP address gives empty values.
 */
import { promises as fs } from 'fs';
import * as path from 'path';
import { open, AsnResponse, CityResponse, Reader } from 'maxmind';
import { isIpAddress } from './ipText';

/** Text that is not an IP address (isIpAddress) has no record: every method answers as for an unknown address. */
export interface GeoIp {
  /** English city name, or `''`. */
  city(ip: string): string;
  /** ISO 3166-1 country code, or `''`. */
  country(ip: string): string;
  /** ISO 3166-2 code of the first subdivision (without the country prefix), or `''`. */
  region(ip: string): string;
  /** `AS<number> <organization>`, `AS<number>`, or `''`. */
  asn(ip: string): string;
  /** The autonomous system number, or undefined when unknown. */
  asnNumber(ip: string): number | undefined;
  /** Set once when a database is missing: names what is missing and which columns stay empty. */
  readonly warning: string | undefined;
}

/** A hash of an address's text, for the caches of lookups by address (spread it before masking). */
export function addressHash(ip: string): number {
  let hash = 0;
  for (let i = 0; i < ip.length; i++) hash = (Math.imul(hash, 31) + ip.charCodeAt(i)) | 0;
  return hash;
}

/**
 * Lookups by address text, cached: events of one client arrive close together, and a few networks
 * send most events. Direct-mapped by a hash of the text (the newest address wins its slot): a hit or
 * a miss costs a short hash and one comparison, with no map to grow or rotate — most addresses of a
 * busy stream are seen once, so the cache must be cheap to miss.
 */
class RecordCache<T extends CityResponse | AsnResponse> {
  private static readonly SLOTS = 32768; // a power of two
  private readonly ips: string[] = new Array<string>(RecordCache.SLOTS).fill('');
  private readonly records: (T | null)[] = new Array<T | null>(RecordCache.SLOTS).fill(null);
  // A table's ipCity, ipCountry and ipRegion columns read the same address in turn.
  private lastIp = '';
  private last: T | null = null;

  constructor(private readonly reader: Reader<T> | undefined) {}

  get(ip: string): T | null {
    if (ip === this.lastIp) return this.last;
    const hash = addressHash(ip);
    const slot = (hash ^ (hash >>> 15)) & (RecordCache.SLOTS - 1);
    let record: T | null;
    if (this.ips[slot] === ip && ip !== '') record = this.records[slot];
    else if (!this.reader || !isIpAddress(ip)) record = null; // nothing to find: the slot stays an address's
    else {
      record = this.reader.get(ip);
      this.ips[slot] = ip;
      this.records[slot] = record;
    }
    this.lastIp = ip;
    this.last = record;
    return record;
  }
}

class MmdbGeoIp implements GeoIp {
  private readonly cities: RecordCache<CityResponse>;
  private readonly asns: RecordCache<AsnResponse>;

  constructor(
    cityReader: Reader<CityResponse> | undefined,
    asnReader: Reader<AsnResponse> | undefined,
    readonly warning: string | undefined,
  ) {
    this.cities = new RecordCache(cityReader);
    this.asns = new RecordCache(asnReader);
  }

  private cityRecord(ip: string): CityResponse | null {
    return this.cities.get(ip);
  }

  private asnRecord(ip: string): AsnResponse | null {
    return this.asns.get(ip);
  }

  city(ip: string): string {
    return this.cityRecord(ip)?.city?.names?.en ?? '';
  }

  country(ip: string): string {
    return this.cityRecord(ip)?.country?.iso_code ?? '';
  }

  region(ip: string): string {
    return this.cityRecord(ip)?.subdivisions?.[0]?.iso_code ?? '';
  }

  asn(ip: string): string {
    const record = this.asnRecord(ip);
    if (!record || record.autonomous_system_number === undefined) return '';
    const organization = record.autonomous_system_organization;
    return 'AS' + record.autonomous_system_number + (organization ? ' ' + organization : '');
  }

  asnNumber(ip: string): number | undefined {
    return this.asnRecord(ip)?.autonomous_system_number;
  }
}

/** A GeoIp without databases: every lookup is empty. */
export function emptyGeoIp(warning?: string): GeoIp {
  return new MmdbGeoIp(undefined, undefined, warning);
}

const CITY_MISSING = 'ipCity, ipCountry and ipRegion columns will be empty';
const ASN_MISSING = 'ipAsn columns will be empty and ipAsnInteger columns will fail';

async function listFolder(dir: string): Promise<string[] | undefined> {
  try {
    return await fs.readdir(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

async function openReader<T extends CityResponse | AsnResponse>(file: string): Promise<Reader<T>> {
  try {
    return await open<T>(file);
  } catch (err) {
    throw new Error(`GeoIP database ${file} could not be read: ${(err as Error).message}`);
  }
}

/** The first `.mmdb` file (by name) whose name contains the marker, e.g. `City` or `ASN`. */
function findDatabase(names: readonly string[], marker: string): string | undefined {
  return names.filter((name) => name.endsWith('.mmdb') && name.includes(marker)).sort()[0];
}

/**
 * Opens the City (`*City*.mmdb`) and ASN (`*ASN*.mmdb`) databases found in `dir`. A missing
 * folder or database is not an error: its lookups are empty and `warning` says so, once.
 * An unreadable database file is an error naming the file.
 */
export async function openGeoIp(dir: string | undefined): Promise<GeoIp> {
  if (!dir) return emptyGeoIp(`no GeoIP folder configured: ${CITY_MISSING}; ${ASN_MISSING}`);
  const names = await listFolder(dir);
  if (!names) return emptyGeoIp(`GeoIP folder ${dir} not found: ${CITY_MISSING}; ${ASN_MISSING}`);
  const cityFile = findDatabase(names, 'City');
  const asnFile = findDatabase(names, 'ASN');
  const missing: string[] = [];
  if (!cityFile) missing.push(`no City database (*City*.mmdb) in ${dir}: ${CITY_MISSING}`);
  if (!asnFile) missing.push(`no ASN database (*ASN*.mmdb) in ${dir}: ${ASN_MISSING}`);
  const cityReader = cityFile ? await openReader<CityResponse>(path.join(dir, cityFile)) : undefined;
  const asnReader = asnFile ? await openReader<AsnResponse>(path.join(dir, asnFile)) : undefined;
  return new MmdbGeoIp(cityReader, asnReader, missing.length ? missing.join('; ') : undefined);
}
