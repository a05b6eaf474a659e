/**
 * Graceful shutdown, end to end: SIGTERM makes a parser and a writer stop taking work and drain
 * within SPADE_DRAIN_TIMEOUT_MS (exit 0), the scheduler stop between scans, and a parser that
 * cannot finish its chunk in time abandon it (exit 1) to a replacement. Either way the warehouse
 * ends with exactly the expected rows.
 */
import type { ChildProcess } from 'node:child_process';
import { gzipSync } from 'node:zlib';
import { freePort } from '@spade/testkit';
import { PipelineRig, sampleLines } from './support/pipelineRig';
import { assertExactlyOnce, seedSample } from './support/pipelineAssertions';

jest.setTimeout(300_000);

/**
 * SPADE_DRAIN_TIMEOUT_MS of the drained processes. With the rig's tiny batches a writer holds a
 * load or two per table, and this machine is shared: loading them all may take several seconds.
 */
const DRAIN_TIMEOUT_MS = 15000;
const drainEnv = { SPADE_DRAIN_TIMEOUT_MS: String(DRAIN_TIMEOUT_MS) };
/** How much later than the drain timeout a process may exit. */
const EXIT_SLACK_MS = 2000;

/** Sends SIGTERM and resolves with the exit code and how long the process took to exit. */
function terminate(child: ChildProcess): Promise<{ code: number | null; ms: number }> {
  const started = Date.now();
  return new Promise((resolve) => {
    child.once('exit', (code) => resolve({ code, ms: Date.now() - started }));
    child.kill('SIGTERM');
  });
}

async function waitFor(what: string, condition: () => Promise<boolean>, timeoutMs: number, rig: PipelineRig): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`${what} did not happen in ${timeoutMs} ms\n${rig.output.slice(-30).join('')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function count(rig: PipelineRig, table: string): Promise<number> {
  return Number((await rig.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`))[0].n);
}

describe('graceful shutdown', () => {
  let rig: PipelineRig;
  beforeEach(async () => {
    rig = new PipelineRig();
    await rig.start();
  });
  afterEach(async () => {
    await rig.stop();
  });

  it('drains a parser and a writer on SIGTERM mid-run, and replacements finish with every row exactly once', async () => {
    const expected = await seedSample(rig);
    const scheduler = rig.run('scheduler', 'scheduler', drainEnv);
    const parser = rig.run('parser-1', 'parser', drainEnv);
    const writer = rig.run('writer-1', 'writer', drainEnv);
    // Mid-run: the parser once a few chunks are parsed (most of the big file still to do), the
    // writer once it has loaded a batch (the parser is fast enough to finish first otherwise).
    await waitFor('two chunks parsed', async () => (await count(rig, 'spade_chunks')) >= 2, 120_000, rig);
    const chunksBefore = await count(rig, 'spade_chunks');
    const parserExited = terminate(parser);
    await waitFor('a batch loaded', async () => (await count(rig, 'spade_loads')) >= 1, 120_000, rig);
    const [parserExit, writerExit] = await Promise.all([parserExited, terminate(writer)]);
    expect({ parser: parserExit.code, writer: writerExit.code }).toEqual({ parser: 0, writer: 0 });
    expect(parserExit.ms).toBeLessThan(DRAIN_TIMEOUT_MS + EXIT_SLACK_MS);
    expect(writerExit.ms).toBeLessThan(DRAIN_TIMEOUT_MS + EXIT_SLACK_MS);
    expect(chunksBefore).toBeLessThan(20); // the big file alone has about 23 chunks: SIGTERM came mid-run

    rig.run('parser-2', 'parser');
    rig.run('writer-2', 'writer');
    await rig.waitForLoaded(3, 240_000);
    await assertExactlyOnce(rig, expected);

    const schedulerExit = await terminate(scheduler);
    expect(schedulerExit.code).toBe(0);
    expect(schedulerExit.ms).toBeLessThan(DRAIN_TIMEOUT_MS + EXIT_SLACK_MS);
  });

  it('abandons a chunk still running at the drain timeout (exit 1) and a replacement parses it again', async () => {
    // One gzip file is one chunk: long enough to be mid-parse when the parser is told to stop.
    const lines = sampleLines(21, 6000, rig.tables);
    await rig.put('edge/2026/11/27/long.log.gz', gzipSync(`${lines.join('\n')}\n`));
    const expected = rig.expected(lines);
    const metricsPort = await freePort();
    rig.run('scheduler', 'scheduler');
    rig.run('writer-1', 'writer');
    const parser = rig.run('parser-1', 'parser', { SPADE_DRAIN_TIMEOUT_MS: '1', SPADE_METRICS_PORT: String(metricsPort) });
    // Lines are reported every 2000 lines: a count above 0 with no chunk recorded means mid-chunk.
    await waitFor('the parser to be inside the chunk', async () => (await linesRead(metricsPort)) > 0, 120_000, rig);
    expect(await count(rig, 'spade_chunks')).toBe(0);

    const parserExit = await terminate(parser);
    expect(parserExit.code).toBe(1);
    expect(parserExit.ms).toBeLessThan(1 + EXIT_SLACK_MS);
    expect(await count(rig, 'spade_chunks')).toBe(0);

    rig.run('parser-2', 'parser');
    await rig.waitForLoaded(1, 240_000);
    for (const [table, rows] of expected.rows) expect({ table, rows: (await rig.tableRows(table)).length }).toEqual({ table, rows: rows.length });
    const loaded = await rig.query<{ rows: string }>('SELECT sum(rows) AS rows FROM spade_loads');
    expect(Number(loaded[0].rows)).toBe([...expected.rows.values()].reduce((n, r) => n + r.length, 0));
  });
});

/** spade_lines_read_total of a process's /metrics. */
async function linesRead(port: number): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith('spade_lines_read_total '));
  return Number(line?.split(' ')[1] ?? 0);
}
