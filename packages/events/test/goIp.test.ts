import { formatGoIp, goIpText, parseGoIp } from '@spade/events';

/** What Go 1.19 prints for net.ParseIP(text).String() (`<nil>` when ParseIP fails). */
const goIpString = (text: string): string => {
  const ip = parseGoIp(text);
  return ip === null ? '<nil>' : formatGoIp(ip);
};

describe('parseGoIp + formatGoIp (Go net.ParseIP / IP.String, vectors from Go 1.19)', () => {
  it.each([
    ['10.1.40.26', '10.1.40.26'],
    ['0.0.0.0', '0.0.0.0'],
    ['255.255.255.255', '255.255.255.255'],
    ['::ffff:198.51.100.7', '198.51.100.7'],
    ['::FFFF:10.0.0.1', '10.0.0.1'],
    ['::ffff:0102:0304', '1.2.3.4'],
    ['0:0:0:0:0:ffff:1.2.3.4', '1.2.3.4'],
    ['2001:DB8:0:0:0:0:0:1', '2001:db8::1'],
    ['2001:db8::1', '2001:db8::1'],
    ['0000:0000:0000:0000:0000:0000:0000:0001', '::1'],
    ['::', '::'],
    ['::1', '::1'],
    ['1::', '1::'],
    ['0:0:0:0:0:0:0:0', '::'],
    ['0001:0002::', '1:2::'],
    // The first longest run of at least two zero groups becomes "::".
    ['1:0:0:1:0:0:0:1', '1:0:0:1::1'],
    ['1:0:0:0:1:0:0:1', '1::1:0:0:1'],
    ['0:0:1:0:0:1:0:0', '::1:0:0:1:0:0'],
    ['1:0:1:0:1:0:1:0', '1:0:1:0:1:0:1:0'],
    ['1:2:3:4:5:6:7::', '1:2:3:4:5:6:7:0'],
    ['::2:3:4:5:6:7:8', '0:2:3:4:5:6:7:8'],
    ['1:2:3:4:5:6:7:8', '1:2:3:4:5:6:7:8'],
    // Embedded IPv4 that is not IPv4-mapped prints as hex groups.
    ['1:2:3:4:5:6:1.2.3.4', '1:2:3:4:5:6:102:304'],
    ['::1.2.3.4', '::102:304'],
    ['64:ff9b::1.2.3.4', '64:ff9b::102:304'],
  ])('%s → %s', (text, expected) => {
    expect(goIpString(text)).toBe(expected);
    expect(goIpText(text)).toBe(expected);
  });

  it.each([
    '',
    'abc',
    '01.2.3.4',
    '256.1.1.1',
    '1.2.3',
    '1.2.3.4.5',
    '10.0.0.',
    '1.2.3.4 ',
    ' 1.2.3.4',
    '1.2.3.4:80',
    'fe80::1%eth0',
    '1:2:3:4:5:6:7:8:9',
    '12345::1',
    ':1::',
    '1:::2',
    '1::2::3',
  ])('%j is not an IP', (text) => {
    expect(parseGoIp(text)).toBeNull();
    expect(goIpText(text)).toBeNull();
  });
});
