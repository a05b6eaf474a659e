/**
 * Observability of the real processes: each serves /metrics, /healthz and /readyz on its own
 * SPADE_METRICS_PORT; the counters match what the warehouse ends with; and the logs, at the most
 * verbose level and with failures in them, are JSON lines without secrets or row text.
 */
import { gzipSync } from 'node:zlib';
import { freePort } from '@spade/testkit';
import { PipelineRig, sampleLines } from './support/pipelineRig';
import type { Expected } from './support/pipelineAssertions';

jest.setTimeout(240_000);

const WAREHOUSE_PASSWORD = 'W4rehouse-Pa55word';
const WRONG_S3_SECRET = 'Wr0ng-S3-Secret-Key';
const APPS = ['scheduler', 'parser', 'writer'] as const;

interface Answer {
  status: number;
  body: string;
}

async function get(port: number, path: string): Promise<Answer> {
  const response = await fetch(`http://127.0.0.1:${port}${path}`);
  return { status: response.status, body: await response.text() };
}

/** Sum of a metric's samples whose line starts with `selector` (a name, or a name with labels). */
function metricSum(text: string, selector: string): number {
  return text
    .split('\n')
    .filter((line) => line.startsWith(selector) && (line[selector.length] === ' ' || line[selector.length] === '{' || selector.endsWith('}')))
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
}

/** The rig's warehouse URL with a password in it (the test server trusts local connections). */
function withPassword(url: string): { url: string; password: string } {
  const parsed = new URL(url);
  if (parsed.password) return { url, password: decodeURIComponent(parsed.password) };
  parsed.password = WAREHOUSE_PASSWORD;
  return { url: parsed.toString(), password: WAREHOUSE_PASSWORD };
}

describe('observability of the pipeline processes', () => {
  const rig = new PipelineRig();
  const ports: Record<(typeof APPS)[number], number> = { scheduler: 0, parser: 0, writer: 0 };
  let lines: string[];
  let inputBytes: number;
  let expected: Expected;
  let warehousePassword: string;

  beforeAll(async () => {
    await rig.start();
    const plain = sampleLines(31, 300, rig.tables);
    const zipped = sampleLines(32, 100, rig.tables);
    lines = [...plain, ...zipped];
    const plainText = `${plain.join('\n')}\n`;
    const zippedText = `${zipped.join('\n')}\n`;
    inputBytes = Buffer.byteLength(plainText) + Buffer.byteLength(zippedText);
    await rig.put('edge/2026/11/28/plain.log', Buffer.from(plainText));
    await rig.put('edge/2026/11/28/zipped.log.gz', gzipSync(zippedText));
    await rig.put('edge/2026/11/28/corrupt.log.gz', Buffer.from('this is not gzip\n')); // its chunk fails
    expected = rig.expected(lines);

    const warehouse = withPassword(rig.database.url);
    warehousePassword = warehouse.password;
    for (const app of APPS) {
      ports[app] = await freePort();
      rig.run(app, app, { SPADE_METRICS_PORT: String(ports[app]), SPADE_LOG_LEVEL: 'trace', SPADE_WAREHOUSE_URL: warehouse.url });
    }
    await rig.waitForLoaded(2, 180_000);
  });
  afterAll(async () => {
    await rig.stop();
  });

  it('serves /healthz and a passing /readyz on each process', async () => {
    for (const app of APPS) {
      const health = await get(ports[app], '/healthz');
      const ready = await get(ports[app], '/readyz');
      expect({ app, health: health.status, ready: ready.status, checks: JSON.parse(ready.body).checks }).toEqual({
        app,
        health: 200,
        ready: 200,
        checks: { redis: 'ok', warehouse: expect.stringMatching(/^ok/) },
      });
    }
  });

  it("counts the parser's lines, input bytes, events by status and parts", async () => {
    const text = (await get(ports.parser, '/metrics')).body;
    const rows = [...expected.rows.values()].reduce((n, r) => n + r.length, 0);
    const parts = await rig.query<{ n: string }>('SELECT sum(part_count) AS n FROM spade_chunks');
    expect({
      lines: metricSum(text, 'spade_lines_read_total'),
      bytes: metricSum(text, 'spade_input_bytes_total'),
      rows: metricSum(text, 'spade_events_total{status="ok"}') + metricSum(text, 'spade_events_total{status="skipped_column"}'),
      rejects: metricSum(text, 'spade_events_total{status="malformed"}') + metricSum(text, 'spade_events_total{status="empty"}'),
      nontracked: metricSum(text, 'spade_events_total{status="nontracked"}'),
      parts: metricSum(text, 'spade_parts_emitted_total'),
    }).toEqual({ lines: lines.length, bytes: inputBytes, rows, rejects: expected.rejects, nontracked: expected.nontracked, parts: Number(parts[0].n) });
    expect(text).toContain('# TYPE spade_process_cpu_seconds_total counter');
  });

  it("counts the writer's rows per table, batch bytes and load durations", async () => {
    const text = (await get(ports.writer, '/metrics')).body;
    for (const [table, rows] of expected.rows) {
      expect({ table, rows: metricSum(text, `spade_rows_loaded_total{table="${table}"}`) }).toEqual({ table, rows: rows.length });
    }
    const batches = await rig.query<{ n: string }>('SELECT count(DISTINCT batch_key) AS n FROM spade_loads');
    expect(metricSum(text, 'spade_load_duration_seconds_count')).toBe(Number(batches[0].n));
    expect(metricSum(text, 'spade_output_bytes_total')).toBeGreaterThan(0);
  });

  it('reports queue depth by state for the queues each process works with', async () => {
    const states = (text: string, queue: string) =>
      text
        .split('\n')
        .filter((line) => line.startsWith(`spade_queue_jobs{queue="${queue}",`))
        .map((line) => /state="(\w+)"/.exec(line)![1]);
    const scheduler = (await get(ports.scheduler, '/metrics')).body;
    const parser = (await get(ports.parser, '/metrics')).body;
    const writer = (await get(ports.writer, '/metrics')).body;
    expect(states(scheduler, 'parse')).toEqual(['waiting', 'active', 'delayed', 'failed']);
    expect(states(parser, 'parse')).toEqual(['waiting', 'active', 'delayed', 'failed']);
    expect(states(parser, 'load.login')).toEqual(['waiting', 'active', 'delayed', 'failed']);
    expect(states(writer, 'load.login')).toEqual(['waiting', 'active', 'delayed', 'failed']);
    expect(states(writer, 'parse')).toEqual([]);
    expect(metricSum(writer, 'spade_queue_jobs{queue="load.login",state="waiting"}')).toBe(0);
  });

  it('logs JSON lines with no secret and no row text, also when things fail', async () => {
    // A scheduler whose S3 endpoint does not answer logs its failing scans (with a secret in its settings).
    const closedPort = await freePort();
    rig.run('scheduler-bad', 'scheduler', {
      SPADE_S3_ENDPOINT: `http://127.0.0.1:${closedPort}`,
      SPADE_S3_SECRET_ACCESS_KEY: WRONG_S3_SECRET,
      SPADE_LOG_LEVEL: 'trace',
      SPADE_METRICS_PORT: '0',
    });
    const deadline = Date.now() + 60_000;
    while (!rig.output.some((line) => line.startsWith('[scheduler-bad]') && line.includes('scan failed'))) {
      if (Date.now() > deadline) throw new Error(`no failed scan logged\n${rig.output.slice(-10).join('')}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    await rig.kill('scheduler-bad', 'SIGTERM');

    const output = rig.output.join('');
    const records = output
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => line.replace(/^\[[\w-]+\] /, ''));
    for (const record of records) expect(() => JSON.parse(record)).not.toThrow();
    expect(records.some((r) => r.includes('"msg":"chunk failed"'))).toBe(true); // the corrupt gzip file
    const started = records.filter((r) => r.includes('"msg":"parser started"')).map((r) => JSON.parse(r) as { gzipEngine?: string });
    expect(started.length).toBeGreaterThan(0);
    expect(started.map((r) => r.gzipEngine)).toEqual(started.map(() => 'libdeflate')); // says what gzips its parts

    for (const secret of [warehousePassword, rig.s3server.secretAccessKey, WRONG_S3_SECRET]) expect(output).not.toContain(secret);
    for (const rows of expected.rows.values()) {
      for (const row of rows) {
        expect(output).not.toContain(row);
        expect(output).not.toContain(JSON.stringify(row).slice(1, -1));
      }
    }
    for (const line of lines) {
      const payload = /"data": ?"([^"]{12,})"|data=([^ &"]{12,})/.exec(line);
      expect(output).not.toContain(payload ? (payload[1] ?? payload[2]) : line);
    }
  });
});
