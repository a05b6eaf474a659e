/**
 * The edge `clientIp` as Go's `net.IP` handled it (Go 1.19): `ParseIP` (dotted quad without leading
 * zeros, or IPv6 with at most one `::` and an optional trailing dotted quad; no zones) and
 * `IP.String()` (IPv4 and IPv4-mapped addresses as a dotted quad, IPv6 in lower case with the first
 * longest run of two or more zero groups shortened to `::`).
 */

/** Parse like Go's `net.ParseIP`; returns the 16-byte form, or null. The first `.` or `:` picks the family. */
export function parseGoIp(text: string): Uint8Array | null {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x2e) return parseIpv4(text, 0, text.length);
    if (c === 0x3a) return parseIpv6(text);
  }
  return null;
}

/**
 * Go's parseIPv4 on `text[start, end)`: four decimal octets ≤ 255 separated by dots, no leading zeros,
 * nothing else. Writes the octets to `into[at…at+3]` when given; returns whether the text is valid.
 */
function scanIpv4(text: string, start: number, end: number, into?: Uint8Array, at = 0): boolean {
  let p = start;
  for (let i = 0; i < 4; i++) {
    if (p >= end) return false;
    if (i > 0) {
      if (text.charCodeAt(p) !== 0x2e) return false;
      p++;
    }
    let value = 0;
    let digits = 0;
    while (p + digits < end) {
      const c = text.charCodeAt(p + digits);
      if (c < 0x30 || c > 0x39) break;
      value = value * 10 + (c - 0x30);
      digits++;
      if (value > 0xff) return false;
    }
    // No digits, or a multi-digit octet with a leading zero.
    if (digits === 0 || (digits > 1 && text.charCodeAt(p) === 0x30)) return false;
    if (into) into[at + i] = value;
    p += digits;
  }
  return p === end;
}

function parseIpv4(text: string, start: number, end: number): Uint8Array | null {
  const ip = new Uint8Array(16);
  ip[10] = 0xff;
  ip[11] = 0xff;
  return scanIpv4(text, start, end, ip, 12) ? ip : null;
}

/**
 * `net.ParseIP(text).String()` in one step, or null when Go cannot parse it. A plain dotted quad that
 * Go accepts prints exactly as written, so that common case allocates nothing.
 */
export function goIpText(text: string): string | null {
  if (scanIpv4(text, 0, text.length)) return text;
  const ip = parseGoIp(text);
  return ip === null ? null : formatGoIp(ip);
}

function hexDigit(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  const lower = c | 0x20;
  if (lower >= 0x61 && lower <= 0x66) return lower - 0x61 + 10;
  return -1;
}

function parseIpv6(text: string): Uint8Array | null {
  const ip = new Uint8Array(16);
  let ellipsis = -1;
  let p = 0;
  const end = text.length;
  if (end >= 2 && text.charCodeAt(0) === 0x3a && text.charCodeAt(1) === 0x3a) {
    ellipsis = 0;
    p = 2;
    if (p === end) return ip;
  }
  let i = 0;
  while (i < 16) {
    // A hex group (Go's xtoi gives up at 0xFFFFFF, so long groups fail either way).
    let value = 0;
    let digits = 0;
    while (p + digits < end) {
      const h = hexDigit(text.charCodeAt(p + digits));
      if (h < 0) break;
      value = value * 16 + h;
      digits++;
      if (value >= 0xffffff) return null;
    }
    if (digits === 0 || value > 0xffff) return null;
    if (p + digits < end && text.charCodeAt(p + digits) === 0x2e) {
      // Trailing dotted quad: only in the last 4 bytes, or anywhere after an ellipsis if it fits.
      if ((ellipsis < 0 && i !== 12) || i + 4 > 16) return null;
      const v4 = parseIpv4(text, p, end);
      if (v4 === null) return null;
      ip.set(v4.subarray(12), i);
      p = end;
      i += 4;
      break;
    }
    ip[i] = value >> 8;
    ip[i + 1] = value & 0xff;
    i += 2;
    p += digits;
    if (p === end) break;
    if (text.charCodeAt(p) !== 0x3a || p + 1 === end) return null;
    p++;
    if (text.charCodeAt(p) === 0x3a) {
      if (ellipsis >= 0) return null;
      ellipsis = i;
      p++;
      if (p === end) break;
    }
  }
  if (p !== end) return null;
  if (i < 16) {
    if (ellipsis < 0) return null;
    const shift = 16 - i;
    for (let j = i - 1; j >= ellipsis; j--) ip[j + shift] = ip[j];
    ip.fill(0, ellipsis, ellipsis + shift);
  } else if (ellipsis >= 0) {
    return null; // an ellipsis must stand for at least one zero group
  }
  return ip;
}

function isV4Mapped(ip: Uint8Array): boolean {
  for (let i = 0; i < 10; i++) if (ip[i] !== 0) return false;
  return ip[10] === 0xff && ip[11] === 0xff;
}

/** Go's `IP.String()` of a 16-byte address. */
export function formatGoIp(ip: Uint8Array): string {
  if (isV4Mapped(ip)) return `${ip[12]}.${ip[13]}.${ip[14]}.${ip[15]}`;
  // First longest run of zero groups, if it covers at least two groups.
  let runStart = -1;
  let runEnd = -1;
  for (let i = 0; i < 16; i += 2) {
    let j = i;
    while (j < 16 && ip[j] === 0 && ip[j + 1] === 0) j += 2;
    if (j > i && j - i > runEnd - runStart) {
      runStart = i;
      runEnd = j;
      i = j;
    }
  }
  if (runEnd - runStart <= 2) runStart = runEnd = -1;
  let text = '';
  for (let i = 0; i < 16; i += 2) {
    if (i === runStart) {
      text += '::';
      i = runEnd;
      if (i >= 16) break;
    } else if (i > 0) text += ':';
    text += ((ip[i] << 8) | ip[i + 1]).toString(16);
  }
  return text;
}
