import * as path from 'path';
import { GeoValueCache, loadField, loadTableConfig, openGeoIp, RowBuffer, TransformError, type Column, type GeoIp } from '@spade/transform';

import { ipv4SlotOf, setOf } from '../src/geoValueCache';

const GEOIP_DIR = path.join(__dirname, '..', '..', '..', 'fixtures', 'geoip');

describe('RowBuffer', () => {
  it('reads out ASCII rows as written', () => {
    const row = new RowBuffer();
    row.text('abc');
    row.byte(0x09);
    row.copy(Buffer.from('xyz123'), 1, 4);
    expect([row.toString(), row.length]).toEqual(['abc\tyz1', 7]);
  });

  it('writes other text as UTF-8 and reads it back', () => {
    const row = new RowBuffer();
    row.text('Linköping ✓ 😀');
    row.byte(0x09);
    row.text('x'.repeat(100) + 'é');
    expect(row.toString()).toBe(`Linköping ✓ 😀\t${'x'.repeat(100)}é`);
  });

  it('grows past its first size and starts over on reset', () => {
    const row = new RowBuffer();
    const long = 'abcdefghij'.repeat(1000);
    row.text(long);
    row.copy(Buffer.from(long), 0, 10000);
    expect(row.toString()).toBe(long + long);
    row.reset();
    row.text('é');
    row.reset();
    row.text('a');
    expect(row.toString()).toBe('a');
  });
});

describe('RowBuffer.field', () => {
  it.each([
    ['1.2.3.4', undefined],
    ['1.2.3.4', 3],
    ['tab\there', undefined],
    ['back\\slash', 6],
    ['Linköping', 5],
    ['cut before\nthe newline', 4],
    ['', 10],
  ])('writes %j (at most %s bytes) as loadField encodes it', (value, maxBytes) => {
    const row = new RowBuffer();
    row.text('x');
    row.field(value, maxBytes);
    expect(row.toString()).toBe(`x${loadField(value, maxBytes)}`);
  });
});

describe('GeoValueCache', () => {
  let geo: GeoIp;
  let columns: Record<string, Column>;
  beforeAll(async () => {
    geo = await openGeoIp(GEOIP_DIR);
    const config = [{ EventName: 'e', Columns: ['ipCity', 'ipCountry', 'ipRegion', 'ipAsn', 'ipAsnInteger'].map((t) => ({ InboundName: 'ip', OutboundName: t, Transformer: t, ColumnCreationOptions: '' })) }];
    const table = loadTableConfig(JSON.stringify(config), 'geo.json').tables.get('e')!;
    columns = Object.fromEntries(table.columns.map((c) => [c.transformer, c]));
  });

  const values = (cache: GeoValueCache, ip: string) =>
    ['ipCity', 'ipCountry', 'ipRegion', 'ipAsn', 'ipAsnInteger'].map((t, kind) => {
      const value = cache.value(columns[t], kind, ip);
      return value instanceof TransformError ? `error: ${value.message}` : value.toString('utf8');
    });

  it.each([
    ['89.160.20.112', ['Linköping', 'SE', 'E', 'AS29518 Bredband2 AB', '29518']],
    ['81.2.69.142', ['London', 'GB', 'ENG', '', 'error: no ASN known for the address']],
    ['not-an-ip', ['', '', '', '', 'error: no ASN known for the address']],
  ])('gives the values of %s in the loading encoding, from the cache the second time', (ip, expected) => {
    const cache = new GeoValueCache(geo);
    expect(values(cache, ip)).toEqual(expected);
    expect(values(cache, ip)).toEqual(expected);
  });

  it('keeps two addresses of one set, and lets the least recently used go for a third', () => {
    // Three addresses that share a set, and a GeoIp that counts its lookups (its values do not matter here).
    const bySet = new Map<number, string[]>();
    let same: string[] = [];
    for (let i = 0; same.length < 3; i++) {
      const ip = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
      const set = setOf(ip);
      same = [...(bySet.get(set) ?? []), ip];
      bySet.set(set, same);
    }
    const [a, b, c] = same;
    let lookups = 0;
    const counting: GeoIp = {
      city: () => (lookups++, 'X'), country: () => '', region: () => '', asn: () => '', asnNumber: () => undefined, warning: undefined,
    };
    const cache = new GeoValueCache(counting);
    const city = (ip: string) => cache.value(columns.ipCity, 0, ip);
    city(a);
    city(b);
    city(a);
    expect(lookups).toBe(2); // a kept its value beside b
    city(c); // b is the least recently used: it goes
    city(a);
    expect(lookups).toBe(3);
    city(b);
    expect(lookups).toBe(4);
  });

  it('computes the values of text that is not an address once, and keeps such text out of the sets', () => {
    let lookups = 0;
    const counting: GeoIp = { ...geo, city: (ip) => (lookups++, geo.city(ip)), asnNumber: (ip) => (lookups++, geo.asnNumber(ip)) };
    const cache = new GeoValueCache(counting);
    const show = (value: Buffer | TransformError) => (value instanceof TransformError ? value.message : value.toString('utf8'));
    expect(show(cache.value(columns.ipCity, 0, '89.160.20.112'))).toBe('Linköping');
    // Garbage, as uniform random clients send it: one computation per column kind, whatever the text.
    const garbage = Array.from({ length: 5000 }, (_, i) => `mcwe${i.toString(36)}hu`);
    for (const text of garbage) expect(show(cache.value(columns.ipCity, 0, text))).toBe('');
    expect(show(cache.value(columns.ipAsnInteger, 4, 'not an address'))).toBe(show(columns.ipAsnInteger.transform('not an address', geo) as TransformError));
    expect(show(cache.value(columns.ipAsnInteger, 4, 'another one'))).toBe('no ASN known for the address');
    expect(lookups).toBe(3);
    // The address kept its place: found again without a lookup.
    expect(show(cache.value(columns.ipCity, 0, '89.160.20.112'))).toBe('Linköping');
    expect(lookups).toBe(3);
    // What is not an address to the cache is not one to GeoIp either: the same answers one by one.
    for (const text of ['', '1.2.3', '::g', ' 1.2.3.4', '01.2.3.4', garbage[7]]) expect(show(cache.value(columns.ipCity, 0, text))).toBe(geo.city(text));
  });

  it('gives the same values for an IPv4 address as a number, sharing what the text lookups computed', () => {
    let lookups = 0;
    const counting: GeoIp = { ...geo, city: (ip) => (lookups++, geo.city(ip)) };
    const cache = new GeoValueCache(counting);
    const byNumber = (address: number, ip: string) => {
      let made = 0;
      const text = { clientIp: () => (made++, ip) };
      const value = cache.ipv4Value(columns.ipCity, 0, address, text);
      return [value instanceof TransformError ? value.message : value.toString('utf8'), made];
    };
    expect(cache.value(columns.ipCity, 0, '89.160.20.112').toString()).toBe('Linköping');
    expect(byNumber(0x59a01470, '89.160.20.112')).toEqual(['Linköping', 1]); // found by its text once
    expect(byNumber(0x59a01470, '89.160.20.112')).toEqual(['Linköping', 0]); // then by number alone
    expect(byNumber(0xd8a05338, '216.160.83.56')).toEqual(['Milton', 2]); // new: by text, then computed
    expect(byNumber(0x59a01470, '89.160.20.112')).toEqual(['Linköping', 0]);
    expect(lookups).toBe(2);
  });

  it('keeps IPv4 addresses whose numbers share a slot apart', () => {
    const cache = new GeoValueCache(geo);
    const base = 0x51024500; // 81.2.69.0/24, in the test databases
    const slot = ipv4SlotOf(base + 142);
    let other = base;
    while (other === base + 142 || ipv4SlotOf(other) !== slot) other += 65536; // same slot, another address
    const text = (address: number) => ({ clientIp: () => [address >>> 24, (address >>> 16) & 255, (address >>> 8) & 255, address & 255].join('.') });
    const city = (address: number) => cache.ipv4Value(columns.ipCity, 0, address, text(address)).toString();
    expect(city(base + 142)).toBe('London');
    expect(city(other)).toBe(cache.value(columns.ipCity, 0, text(other).clientIp()).toString());
    expect(city(base + 142)).toBe('London');
  });

  it('keeps addresses apart, however they alternate', () => {
    const cache = new GeoValueCache(geo);
    for (let i = 0; i < 3; i++) {
      expect(values(cache, '216.160.83.56')[0]).toBe('Milton');
      expect(values(cache, '2.125.160.216')[0]).toBe('Boxford');
    }
  });
});
