import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { JsonNumber } from '@spade/events';
import { GeoIp, getTransformer, isIpAddress, openGeoIp, toTransformResult } from '@spade/transform';

// Expected values are read off fixtures/geoip/*.source.json (MaxMind's test databases).
const GEOIP_DIR = path.join(__dirname, '..', '..', '..', 'fixtures', 'geoip');

describe('openGeoIp with the City and ASN test databases', () => {
  let geo: GeoIp;
  beforeAll(async () => {
    geo = await openGeoIp(GEOIP_DIR);
  });

  it('finds both databases', () => {
    expect(geo.warning).toBeUndefined();
  });

  it.each([
    // ip, city, country, region (first subdivision), asn, asn number
    ['81.2.69.142', 'London', 'GB', 'ENG', '', undefined],
    ['216.160.83.56', 'Milton', 'US', 'WA', 'AS209', 209],
    ['89.160.20.112', 'Linköping', 'SE', 'E', 'AS29518 Bredband2 AB', 29518],
    ['175.16.199.0', 'Changchun', 'CN', '22', '', undefined],
    ['2.125.160.216', 'Boxford', 'GB', 'ENG', '', undefined],
    ['214.78.120.1', 'San Diego', 'US', 'CA', 'AS721 DoD Network Information Center', 721],
    ['67.43.156.1', '', 'BT', '', 'AS35908', 35908],
    ['2001:480:10::1', 'San Diego', 'US', 'CA', '', undefined],
    ['::ffff:81.2.69.142', 'London', 'GB', 'ENG', '', undefined],
    ['2001:218::1', '', 'JP', '', '', undefined],
    ['1.0.0.1', '', '', '', 'AS15169 Google Inc.', 15169],
    ['2600:6000::1', '', '', '', 'AS237 Merit Network Inc.', 237],
    ['1.1.1.1', '', '', '', '', undefined],
  ])('%s → %j %j %j %j %p', (ip, city, country, region, asn, asnNumber) => {
    expect([geo.city(ip), geo.country(ip), geo.region(ip), geo.asn(ip), geo.asnNumber(ip)]).toEqual([city, country, region, asn, asnNumber]);
  });

  it.each(['not-an-ip', '<nil>', '', '081.2.69.142', '81.2.69', '81.2.69.142 ', '::ffff:81.2.69.142%eth0', '256.1.1.1'])(
    'gives empty values for the non-address %j',
    (text) => {
      expect([geo.city(text), geo.country(text), geo.region(text), geo.asn(text), geo.asnNumber(text)]).toEqual(['', '', '', '', undefined]);
    },
  );

  it('feeds the ip transformers', () => {
    const run = (name: string, input: string | JsonNumber) => toTransformResult(getTransformer(name)!(input, geo));
    expect(run('ipCity', '89.160.20.112')).toEqual({ value: 'Linköping' });
    expect(run('ipCountry', '89.160.20.112')).toEqual({ value: 'SE' });
    expect(run('ipRegion', '89.160.20.112')).toEqual({ value: 'E' });
    expect(run('ipAsn', '89.160.20.112')).toEqual({ value: 'AS29518 Bredband2 AB' });
    expect(run('ipAsnInteger', '89.160.20.112')).toEqual({ value: '29518' });
    expect(run('ipAsnInteger', '67.43.156.1')).toEqual({ value: '35908' });
    expect(run('ipAsnInteger', '81.2.69.142')).toEqual({ error: 'no ASN known for the address' });
    expect(run('ipCity', 'garbage')).toEqual({ value: '' });
    expect(run('ipCity', new JsonNumber('1'))).toEqual({ error: 'not a string' });
  });
});

describe('openGeoIp with databases missing', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'spade-geoip-'));
  });
  afterEach(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('works with the City database alone and warns once about the ASN one', async () => {
    await fs.copyFile(path.join(GEOIP_DIR, 'GeoIP2-City-Test.mmdb'), path.join(dir, 'GeoIP2-City-Test.mmdb'));
    const geo = await openGeoIp(dir);
    expect(geo.warning).toBe(`no ASN database (*ASN*.mmdb) in ${dir}: ipAsn columns will be empty and ipAsnInteger columns will fail`);
    expect(geo.city('81.2.69.142')).toBe('London');
    expect(geo.asn('89.160.20.112')).toBe('');
  });

  it('names both databases when the folder has neither', async () => {
    const geo = await openGeoIp(dir);
    expect(geo.warning).toBe(
      `no City database (*City*.mmdb) in ${dir}: ipCity, ipCountry and ipRegion columns will be empty; ` +
        `no ASN database (*ASN*.mmdb) in ${dir}: ipAsn columns will be empty and ipAsnInteger columns will fail`,
    );
    expect(geo.city('81.2.69.142')).toBe('');
  });

  it('warns about a folder that does not exist', async () => {
    const geo = await openGeoIp(path.join(dir, 'missing'));
    expect(geo.warning).toBe(`GeoIP folder ${path.join(dir, 'missing')} not found: ipCity, ipCountry and ipRegion columns will be empty; ipAsn columns will be empty and ipAsnInteger columns will fail`);
  });

  it('warns when no folder is configured', async () => {
    const geo = await openGeoIp(undefined);
    expect(geo.warning).toBe('no GeoIP folder configured: ipCity, ipCountry and ipRegion columns will be empty; ipAsn columns will be empty and ipAsnInteger columns will fail');
    expect(geo.region('81.2.69.142')).toBe('');
  });

  it('fails on an unreadable database, naming the file', async () => {
    const file = path.join(dir, 'GeoLite2-City.mmdb');
    await fs.writeFile(file, 'not a database');
    await expect(openGeoIp(dir)).rejects.toThrow(`GeoIP database ${file} could not be read: `);
  });
});

describe('isIpAddress', () => {
  it.each([
    ['1.2.3.4', true], ['0.0.0.0', true], ['255.255.255.255', true], ['256.1.1.1', false], ['01.2.3.4', false],
    ['1.2.3', false], ['1.2.3.4.', false], ['1..2.3', false], [' 1.2.3.4', false], ['1.2.3.4x', false],
    ['::', true], ['::1', true], ['1::', true], ['2001:db8::1', true], ['1:2:3:4:5:6:7:8', true],
    ['::ffff:10.0.0.1', true], ['1:2:3:4:5:6:1.2.3.4', true], ['1:2:3:4:5:6:7:8:9', false], ['::1:2:3:4:5:6:7:8', false],
    ['1::2::3', false], [':1', false], ['1:', false], ['12345::', false], ['::1%eth0', false], ['::ffff:1.2.3', false],
    ['1:2:3:4:5:6:7::1.2.3.4', false], ['', false], ['<nil>', false],
  ])('%j → %s', (text, expected) => {
    expect(isIpAddress(text)).toBe(expected);
  });
});
