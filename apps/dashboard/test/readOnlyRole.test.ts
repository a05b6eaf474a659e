/**
 * The read-only role on Bull Board, enforced by the server: it reads queues and jobs, and every
 * request that would change one gets 403 (the routes are Bull Board 9.10's, from
 * @bull-board/api/dist/routes.js). The admin can change them.
 */
import { Worker } from 'bullmq';
import { createRedis, PARSE_QUEUE } from '@spade/queues';
import type { DashboardHandle } from '../src';
import { ADMIN, DashboardRig, logIn, READER, request } from './support/dashboardRig';

jest.setTimeout(30_000);

const JOB = 'missing-file.0';

/** Every mutating Bull Board route, with a body where the route reads one (null: none). */
const MUTATIONS: [string, string, unknown][] = [
  ['PUT', `/queues/api/queues/parse/${JOB}/retry`, null],
  ['PUT', `/queues/api/queues/parse/${JOB}/clean`, null],
  ['PUT', `/queues/api/queues/parse/${JOB}/promote`, null],
  ['PATCH', `/queues/api/queues/parse/${JOB}/update-data`, { data: {} }],
  ['PATCH', `/queues/api/queues/parse/${JOB}/delay`, { delay: 1000 }],
  ['PATCH', `/queues/api/queues/parse/${JOB}/priority`, { priority: 1 }],
  ['PUT', `/queues/api/queues/parse/${JOB}/remove-unprocessed-children`, null],
  ['PUT', '/queues/api/queues/parse/retry/failed', null],
  ['PUT', '/queues/api/queues/parse/clean/failed', null],
  ['PUT', '/queues/api/queues/parse/promote', null],
  ['PUT', '/queues/api/queues/parse/pause', null],
  ['PUT', '/queues/api/queues/parse/resume', null],
  ['PUT', '/queues/api/queues/parse/empty', null],
  ['PUT', '/queues/api/queues/parse/obliterate', { confirmQueueName: 'parse' }],
  ['PUT', '/queues/api/queues/parse/concurrency', { concurrency: 1 }],
  ['PUT', '/queues/api/queues/parse/rate-limit', { max: 1, duration: 1000 }],
  ['PUT', '/queues/api/queues/parse/rate-limit/release', null],
  ['POST', '/queues/api/queues/parse/add', { name: 'x', data: {} }],
  ['PUT', '/queues/api/queues/pause', null],
  ['PUT', '/queues/api/queues/resume', null],
  ['DELETE', `/queues/api/queues/parse/${JOB}`, null],
];

interface QueueJson {
  name: string;
  readOnlyMode: boolean;
  allowRetries: boolean;
  counts: Record<string, number>;
}

describe('read-only role', () => {
  const rig = new DashboardRig();
  let dashboard: DashboardHandle;
  let admin: string;
  let reader: string;

  beforeAll(async () => {
    await rig.start();
    dashboard = await rig.startDashboard();
    admin = await logIn(dashboard.url, ADMIN);
    reader = await logIn(dashboard.url, READER);
  });
  afterAll(() => rig.stop());

  beforeEach(async () => {
    // One failed parse job, failed by a real worker on real Redis.
    const queue = rig.parseQueue();
    await queue.obliterate({ force: true }).catch(() => undefined);
    const connection = createRedis(rig.redisPrefix.url, 'worker');
    const worker = new Worker(PARSE_QUEUE, async () => {
      throw new Error('GetObject s3://spade-dashboard/edge/missing.log failed: NoSuchKey');
    }, { connection, prefix: rig.redisPrefix.prefix });
    const failed = new Promise((resolve) => worker.once('failed', resolve));
    await queue.add('chunk', { key: 'edge/missing.log' }, { jobId: JOB, attempts: 1 });
    await failed;
    await worker.close();
    connection.disconnect();
    await dashboard.boards.refresh();
  });

  async function parseQueueJson(cookie: string): Promise<QueueJson> {
    const reply = await request(dashboard.url, '/queues/api/queues?activeQueue=parse&status=failed', { cookie });
    expect(reply.status).toBe(200);
    const queues = (JSON.parse(reply.text) as { queues: QueueJson[] }).queues;
    return queues.find((q) => q.name === 'parse')!;
  }

  it('lets the read-only user list the queues, in read-only mode, with the failed job counted', async () => {
    const parse = await parseQueueJson(reader);
    expect(parse).toEqual(expect.objectContaining({ name: 'parse', readOnlyMode: true, allowRetries: false }));
    expect(parse.counts.failed).toBe(1);
  });

  it('lets the read-only user read the failed job', async () => {
    const reply = await request(dashboard.url, `/queues/api/queues/parse/${JOB}`, { cookie: reader });
    expect(reply.status).toBe(200);
    const body = JSON.parse(reply.text) as { job: { id: string; failedReason: string }; status: string };
    expect(body.status).toBe('failed');
    expect(body.job.id).toBe(JOB);
    expect(body.job.failedReason).toBe('GetObject s3://spade-dashboard/edge/missing.log failed: NoSuchKey');
  });

  it.each(MUTATIONS)('refuses %s %s to the read-only user with 403 and changes nothing', async (method, path, json) => {
    const reply = await request(dashboard.url, path, { method, cookie: reader, json: json ?? undefined });
    expect(reply.status).toBe(403);
    expect(JSON.parse(reply.text)).toEqual({ error: 'read-only user: changing jobs or queues is not allowed' });
    const parse = await parseQueueJson(admin);
    expect(parse.counts.failed).toBe(1);
  });

  it('shows the admin the full board and lets the admin retry the failed job', async () => {
    const before = await parseQueueJson(admin);
    expect(before).toEqual(expect.objectContaining({ readOnlyMode: false, allowRetries: true }));
    const reply = await request(dashboard.url, `/queues/api/queues/parse/${JOB}/retry`, { method: 'PUT', cookie: admin });
    expect(reply.status).toBe(204);
    const job = await rig.parseQueue().getJob(JOB);
    expect(await job!.getState()).toBe('waiting');
  });

  it('lets the admin clean the failed job', async () => {
    const reply = await request(dashboard.url, `/queues/api/queues/parse/${JOB}/clean`, { method: 'PUT', cookie: admin });
    expect(reply.status).toBe(204);
    expect(await rig.parseQueue().getJob(JOB)).toBeUndefined();
  });
});
