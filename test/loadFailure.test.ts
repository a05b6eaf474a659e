/**
 * A part that cannot be loaded is retried with backoff and ends visibly failed — job and reason —
 * and `spade status` exits non-zero while it is failed. Real writer process, Redis, S3, PostgreSQL.
 */
import { spawn } from 'node:child_process';
import { gzipSync } from 'node:zlib';
import { Job, Queue } from 'bullmq';
import { createRedis, openLoadQueue, type LoadJob } from '@spade/queues';
import { PipelineRig, ROOT } from './support/pipelineRig';

jest.setTimeout(120_000);

describe('load failures', () => {
  let rig: PipelineRig;
  beforeAll(async () => {
    rig = new PipelineRig();
    await rig.start();
  });
  afterAll(async () => {
    await rig.stop();
  });

  it('retries a bad part with backoff, then fails it with its reason, and spade status says so', async () => {
    rig.run('writer', 'writer');
    const connection = createRedis(rig.redis.url, 'producer');
    const queue: Queue = openLoadQueue(connection, rig.redis.prefix, 'login');
    // Two fields where the login table has many: COPY rejects the row.
    const part: LoadJob = { partId: 'bad.0.login.0', table: 'login', version: 0, fileId: 'bad', chunkIndex: 0, rows: 1, gzip: gzipSync('only\ttwo\n').toString('base64') };
    await queue.add('part', part, { jobId: part.partId, attempts: 2, backoff: { type: 'fixed', delay: 200 } });

    let job: Job | undefined;
    for (let i = 0; i < 200; i++) {
      job = await queue.getJob(part.partId);
      if (job && (await job.isFailed())) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(await job!.isFailed()).toBe(true);
    expect(job!.attemptsMade).toBe(2);
    expect(job!.failedReason).toMatch(/login/);
    const rows = await rig.query<{ n: string }>('SELECT count(*) AS n FROM login');
    expect(Number(rows[0].n)).toBe(0);
    const ledger = await rig.query<{ n: string }>('SELECT count(*) AS n FROM spade_loads');
    expect(Number(ledger[0].n)).toBe(0);

    const status = spawn(process.execPath, [`${ROOT}/apps/cli/bin/spade.js`, 'status'], { env: rig.env(), stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    status.stdout.on('data', (d: Buffer) => (output += d));
    status.stderr.on('data', (d: Buffer) => (output += d));
    const code = await new Promise<number | null>((resolve) => status.on('exit', resolve));
    expect(code).toBe(1);
    expect(output).toMatch(/failed jobs: 1/);
    expect(output).toMatch(/load\.login\s+waiting 0\s+active 0\s+delayed 0\s+failed 1/);
    await queue.close();
    connection.disconnect();
  });
});
