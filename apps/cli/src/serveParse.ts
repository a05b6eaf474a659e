import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { GeoIp, TableSet } from '@spade/transform';
import { parseRecords, type ParseRecord, type RowFormat } from '@spade/pipeline';

/** The edge refused bodies over 500 kB with 413. */
const MAX_BODY_BYTES = 500 * 1024;
const TRACK_PATHS = new Set(['/', '/track', '/track/']);
/** A transparent 1×1 GIF, what the edge answers to `img=1`. */
const PIXEL = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

/**
 * The debugging edge: accepts tracking requests as the edge does (GET/POST on `/` and `/track`,
 * `data=` in the query, form body or raw body), turns each into the edge's JSON log line and
 * answers how it was parsed — one record per event — and prints the records on stdout.
 * Accepted requests get 200 with the records as JSON (the edge's 204 has no body), or the edge's
 * 1×1 GIF with `img=1`; refused ones get the edge's status: 400 without data, 413 over 500 kB.
 */
export function serveParse(port: number, tables: TableSet, geo: GeoIp, format: RowFormat): Promise<void> {
  let requests = 0;
  const server = createServer((req, res) => {
    handle(req, res, () => ++requests, tables, geo, format).catch((error: Error) => send(res, 500, { error: error.message }));
  });
  return new Promise((resolve) => {
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      const bound = typeof address === 'object' && address ? address.port : port;
      process.stderr.write(`spade parse: listening on http://127.0.0.1:${bound}/track\n`);
    });
    const stop = () => server.close(() => resolve());
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

async function handle(req: IncomingMessage, res: ServerResponse, nextRequest: () => number, tables: TableSet, geo: GeoIp, format: RowFormat): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://edge');
  if (url.pathname === '/healthcheck') return send(res, 200, 'OK');
  if (!TRACK_PATHS.has(url.pathname)) return send(res, 404, { error: 'not found' });
  if (req.method === 'OPTIONS') return corsPreflight(res);
  if (req.method !== 'GET' && req.method !== 'POST') return send(res, 405, { error: 'method not allowed' });
  const body = req.method === 'POST' ? await readBody(req) : Buffer.alloc(0);
  if (body === null) return send(res, 413, { error: `request body over ${MAX_BODY_BYTES} bytes` });
  const data = url.searchParams.get('data') ?? dataOfBody(body, req.headers['content-type']);
  if (!data) return send(res, 400, { error: 'no data parameter' });

  const line = edgeLine(req, data, url.searchParams.get('ua') === '1');
  const records: ParseRecord[] = parseRecords(Buffer.from(line), nextRequest(), tables, geo, format);
  process.stdout.write(records.map((r) => `${JSON.stringify(r)}\n`).join(''));
  if (url.searchParams.get('img') === '1') {
    res.writeHead(200, { 'content-type': 'image/gif', 'cache-control': 'no-cache', 'access-control-allow-origin': '*' });
    res.end(PIXEL);
    return;
  }
  send(res, 200, { edgeLine: JSON.parse(line), records });
}

/** The edge's JSON log line for this request (recordversion 4). */
function edgeLine(req: IncomingMessage, data: string, withUserAgent: boolean): string {
  const forwarded = String(req.headers['x-forwarded-for'] ?? '');
  const lastForwarded = forwarded.split(',').map((s) => s.trim()).filter(Boolean).pop();
  const event: Record<string, unknown> = {
    receivedAt: new Date().toISOString(),
    clientIp: lastForwarded ?? req.socket.remoteAddress ?? '',
    xForwardedFor: forwarded,
    uuid: randomBytes(12).toString('hex'),
    data,
    recordversion: 4,
    edgeType: 'external',
  };
  if (withUserAgent) event.userAgent = String(req.headers['user-agent'] ?? '').slice(0, 1024);
  return JSON.stringify(event);
}

/** `data` from a form body; a body without that field is the data itself, minus a leading `data=`. */
function dataOfBody(body: Buffer, contentType: string | undefined): string | null {
  const text = body.toString('utf8');
  if (text.length === 0) return null;
  if ((contentType ?? '').includes('application/x-www-form-urlencoded')) {
    const fromForm = new URLSearchParams(text).get('data');
    if (fromForm) return fromForm;
  }
  return text.startsWith('data=') ? text.slice(5) : text;
}

function readBody(req: IncomingMessage): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > MAX_BODY_BYTES ? null : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function corsPreflight(res: ServerResponse): void {
  res.writeHead(204, { 'access-control-allow-origin': '*', 'access-control-allow-methods': 'GET, POST, OPTIONS', 'access-control-allow-headers': 'content-type' });
  res.end();
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'content-type': typeof body === 'string' ? 'text/plain' : 'application/json', 'access-control-allow-origin': '*' });
  res.end(text);
}
