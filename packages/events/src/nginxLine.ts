/**
 * Format A: the 2014 nginx-style edge line `<ip> [<unix-seconds>.000] data=<data> <uuid>`, read with
 * the original's single-pass lexer (SPADE-REFERENCE §2.2, parser/server_log/log_lexer.go):
 *
 * 1. IP: from the start, every `-` is skipped; `/` is skipped until something is collected and then
 *    ends the IP; a space, `|` or `,` ends it; every other byte belongs to it.
 * 2. Time: skip to the first `[`, collect up to the first `.` (fraction dropped). Without a `.` the
 *    rest of the line is swallowed as time text.
 * 3. Data: a naive matcher for `data=` (a mismatching byte restarts the search without being looked at
 *    again, so `ddata=` does not match), then bytes up to `"`, `&`, `;` or space (or the end).
 * 4. UUID: after a space, the next run of non-space bytes; after `"`, `&` or `;`, first skip to the
 *    next space. Anything after the UUID is ignored.
 *
 * All fields are byte views into the line (the IP is a copy only when `-` must be removed from it).
 */

export interface NginxLine {
  ip: Buffer;
  time: Buffer;
  data: Buffer;
  uuid: Buffer;
  /** Whether `data=` was found (otherwise the line is not an edge log line at all). */
  hasData: boolean;
}

const SPACE = 0x20;
const DASH = 0x2d;
const SLASH = 0x2f;
const EMPTY = Buffer.alloc(0);

/** End of the IP field: index of the byte that ended it (or the line length). */
function ipEnd(line: Buffer): { end: number; dashes: boolean } {
  let collected = false;
  let dashes = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === SPACE || c === 0x7c || c === 0x2c) return { end: i, dashes };
    if (c === DASH) dashes = true;
    else if (c === SLASH) {
      if (collected) return { end: i, dashes };
    } else collected = true;
  }
  return { end: line.length, dashes };
}

/** The IP bytes of `line[0, end)`: everything but `-` and (necessarily leading) `/`. */
function ipBytes(line: Buffer, end: number, dashes: boolean): Buffer {
  let start = 0;
  while (start < end && (line[start] === DASH || line[start] === SLASH)) start++;
  if (!dashes) return line.subarray(start, end);
  const out = Buffer.allocUnsafe(end - start);
  let w = 0;
  for (let i = start; i < end; i++) if (line[i] !== DASH && line[i] !== SLASH) out[w++] = line[i];
  return out.subarray(0, w);
}

const DATA_EQ = [0x64, 0x61, 0x74, 0x61, 0x3d]; // "data="

/** Index after the first `data=` found by the naive matcher from `from`, or -1. */
function findData(line: Buffer, from: number): number {
  let matched = 0;
  for (let i = from; i < line.length; i++) {
    const c = line[i];
    if (c === DATA_EQ[matched]) {
      matched++;
      if (matched === DATA_EQ.length) return i + 1;
    } else if (matched > 0) {
      matched = 0; // the mismatching byte is not examined again
    }
  }
  return -1;
}

/** 1 for the bytes that end the data field: `"`, `&`, `;` and space. */
const ENDS_DATA = new Uint8Array(256);
for (const c of [0x22, 0x26, 0x3b, SPACE]) ENDS_DATA[c] = 1;

/** Index of the first byte ending the data field at or after `p` (four at a time), or the line length. */
function dataEnd(line: Buffer, p: number): number {
  const len = line.length;
  while (p + 4 <= len && (ENDS_DATA[line[p]] | ENDS_DATA[line[p + 1]] | ENDS_DATA[line[p + 2]] | ENDS_DATA[line[p + 3]]) === 0) p += 4;
  while (p < len && ENDS_DATA[line[p]] === 0) p++;
  return p;
}

/** Lex one Format-A line. Never fails: missing parts are empty. */
export function lexNginxLine(line: Buffer): NginxLine {
  const { end: ipStop, dashes } = ipEnd(line);
  const ip = ipBytes(line, ipStop, dashes);
  const open = line.indexOf(0x5b, ipStop + 1);
  if (open < 0) return { ip, time: EMPTY, data: EMPTY, uuid: EMPTY, hasData: false };
  const dot = line.indexOf(0x2e, open + 1);
  if (dot < 0) return { ip, time: line.subarray(open + 1), data: EMPTY, uuid: EMPTY, hasData: false };
  const time = line.subarray(open + 1, dot);
  const dataStart = findData(line, dot + 1);
  if (dataStart < 0) return { ip, time, data: EMPTY, uuid: EMPTY, hasData: false };
  const dataStop = dataEnd(line, dataStart);
  const data = line.subarray(dataStart, dataStop);
  if (dataStop === line.length) return { ip, time, data, uuid: EMPTY, hasData: true };
  let uuidStart = dataStop + 1;
  if (line[dataStop] !== SPACE) {
    const space = line.indexOf(SPACE, uuidStart);
    uuidStart = space < 0 ? line.length : space + 1;
  }
  let uuidEnd = uuidStart;
  while (uuidEnd < line.length && line[uuidEnd] !== SPACE) uuidEnd++;
  return { ip, time, data, uuid: line.subarray(uuidStart, uuidEnd), hasData: true };
}
