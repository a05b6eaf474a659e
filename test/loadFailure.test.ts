/**
 * A part that cannot be loaded is retried with backoff and ends visibly failed — job and reason —
 * and `spade status` exits non-zero while it is failed. Real writer process, Redis, S3, PostgreSQL.
 */
import { spawn } from 'node:child_process';
import { gzipSync } from 'node:zlib';
import { Job, Queue } from 'bullmq';
import { createRedis, openLoadQueue, PartData, type LoadJob } from '@spade/queues';
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
    const gzip = gzipSync('only\ttwo\n');
    const part: LoadJob = { partId: 'bad.0.login.0', table: 'login', version: 0, fileId: 'bad', chunkIndex: 0, rows: 1, bytes: gzip.length };
    const partData = new PartData(connection, rig.redis.prefix);
    await partData.put([{ partId: part.partId, gzip }]);
    await queue.add('part', part, { jobId: part.partId, attempts: 2, backoff: { type: 'fixed', delay: 200 } });

    const failed = async (partId: string): Promise<Job> => {
      for (let i = 0; i < 200; i++) {
        const job = await queue.getJob(partId);
        if (job && (await job.isFailed())) return job;
        await new Promise((r) => setTimeout(r, 250));
      }
      throw new Error(`${partId} did not fail`);
    };
    const job = await failed(part.partId);
    expect(job.attemptsMade).toBe(2);
    expect(job.failedReason).toMatch(/login/);
    expect(await partData.get([part.partId])).toEqual([gzip]); // kept, so the job can be retried
    // A part whose data is gone (expired): it fails with that reason instead of loading nothing.
    const orphan: LoadJob = { ...part, partId: 'gone.0.login.0', fileId: 'gone' };
    await queue.add('part', orphan, { jobId: orphan.partId, attempts: 1 });
    expect((await failed(orphan.partId)).failedReason).toMatch(/part data missing in Redis for gone\.0\.login\.0/);
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
    expect(output).toMatch(/failed jobs: 2/);
    expect(output).toMatch(/load\.login\s+waiting 0\s+active 0\s+delayed 0\s+failed 2/);
    await queue.close();
    connection.disconnect();
  });
});
