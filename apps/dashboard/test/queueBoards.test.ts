/**
 * Bull Board follows the queues under the prefix: a table's load queue shows up once a part is
 * queued for it, without restarting the dashboard; queues of other prefixes never show. /metrics
 * reports the depth of the same queues.
 */
import { openLoadQueue } from '@spade/queues';
import { ADMIN, DashboardRig, logIn, request } from './support/dashboardRig';

jest.setTimeout(30_000);

/** The board's queues in its order. */
async function boardQueueNames(base: string, cookie: string): Promise<string[]> {
  const reply = await request(base, '/queues/api/queues', { cookie });
  return (JSON.parse(reply.text) as { queues: { name: string }[] }).queues.map((q) => q.name);
}

async function eventually<T>(read: () => Promise<T>, expected: T, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (JSON.stringify(value) === JSON.stringify(expected) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('queue boards', () => {
  const rig = new DashboardRig();
  beforeAll(() => rig.start());
  afterAll(() => rig.stop());

  it('adds the parse queue and each load queue as they appear (parse first), drops those that go, and shows only those of its prefix', async () => {
    const dashboard = await rig.startDashboard({}, { queueRefreshMs: 100 });
    const cookie = await logIn(dashboard.url, ADMIN);
    expect(await boardQueueNames(dashboard.url, cookie)).toEqual([]);

    await rig.parseQueue().add('chunk', {}, { jobId: 'f.0' });
    const other = openLoadQueue(rig.redis, `${rig.redisPrefix.prefix}-other`, 'signup');
    await other.add('part', {}, { jobId: 'x' });
    expect(await eventually(() => boardQueueNames(dashboard.url, cookie), ['parse'], 5000)).toEqual(['parse']);

    const login = openLoadQueue(rig.redis, rig.redisPrefix.prefix, 'login');
    await login.add('part', {}, { jobId: 'f.0.login.0' });
    const signup = openLoadQueue(rig.redis, rig.redisPrefix.prefix, 'signup');
    await signup.add('part', {}, { jobId: 'f.0.signup.0' });
    const withLoads = ['parse', 'load.login', 'load.signup'];
    expect(await eventually(() => boardQueueNames(dashboard.url, cookie), withLoads, 5000)).toEqual(withLoads);

    const metrics = await request(dashboard.url, '/metrics');
    expect(metrics.text).toContain('spade_queue_jobs{queue="load.login",state="waiting"} 1');
    expect(metrics.text).toContain('spade_queue_jobs{queue="parse",state="waiting"} 1');

    await login.obliterate({ force: true });
    expect(await eventually(() => boardQueueNames(dashboard.url, cookie), ['parse', 'load.signup'], 5000)).toEqual(['parse', 'load.signup']);
    await Promise.all([login.close(), signup.close(), other.obliterate({ force: true }).then(() => other.close())]);
  });
});
