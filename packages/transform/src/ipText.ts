/**
 * Strict IP address text checks (as Go's net.ParseIP reads them, without zones), so that only
 * well-formed addresses reach the GeoIP reader: mmdb-lib itself accepts any text.
 */

function isDigit(unit: number): boolean {
  return unit >= 0x30 && unit <= 0x39;
}

function isHexDigit(unit: number): boolean {
  return isDigit(unit) || ((unit | 0x20) >= 0x61 && (unit | 0x20) <= 0x66);
}

/** Dotted-quad IPv4 in text[start, end): four decimal octets ≤ 255, no leading zeros. */
function isIpv4Range(text: string, start: number, end: number): boolean {
  let octets = 0;
  let i = start;
  while (i < end) {
    let value = 0;
    const first = i;
    while (i < end && isDigit(text.charCodeAt(i))) {
      value = value * 10 + (text.charCodeAt(i) - 0x30);
      i++;
      if (i - first > 3) return false;
    }
    if (i === first || value > 255 || (i - first > 1 && text.charCodeAt(first) === 0x30)) return false;
    octets++;
    if (i === end) break;
    if (text.charCodeAt(i) !== 0x2e || octets === 4) return false;
    i++;
    if (i === end) return false;
  }
  return octets === 4;
}

export function isIpv4(text: string): boolean {
  return isIpv4Range(text, 0, text.length);
}

/**
 * IPv6: up to eight groups of 1–4 hex digits, one `::` standing for at least one zero group, and
 * optionally a dotted-quad IPv4 in the last 32 bits.
 */
export function isIpv6(text: string): boolean {
  const length = text.length;
  let groups = 0;
  let ellipsis = false;
  let i = 0;
  if (text.startsWith('::')) {
    ellipsis = true;
    i = 2;
  }
  while (i < length) {
    let j = i;
    while (j < length && j - i < 4 && isHexDigit(text.charCodeAt(j))) j++;
    if (j < length && text.charCodeAt(j) === 0x2e) {
      // IPv4 tail: it must end the text and fill bytes 12–15.
      if ((!ellipsis && groups !== 6) || groups > 6 || !isIpv4Range(text, i, length)) return false;
      groups += 2;
      i = length;
      break;
    }
    if (j === i || (j < length && isHexDigit(text.charCodeAt(j)))) return false;
    groups++;
    i = j;
    if (i === length) break;
    if (text.charCodeAt(i) !== 0x3a || groups === 8) return false;
    i++;
    if (i < length && text.charCodeAt(i) === 0x3a) {
      if (ellipsis) return false;
      ellipsis = true;
      i++;
    } else if (i === length) {
      return false;
    }
  }
  return ellipsis ? groups < 8 : groups === 8;
}

/** True for IPv4 dotted quads and IPv6 text (IPv4-mapped forms included). */
export function isIpAddress(text: string): boolean {
  return text.indexOf(':') < 0 ? isIpv4(text) : isIpv6(text);
}
