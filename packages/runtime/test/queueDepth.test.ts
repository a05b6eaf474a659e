import { Registry } from 'prom-client';
import { registerQueueDepth, type CountableQueue, type QueueState } from '@spade/runtime';

/** A queue that answers fixed counts and records which states it was asked for. */
function fakeQueue(name: string, counts: Record<string, number>): CountableQueue & { asked: QueueState[][] } {
  const asked: QueueState[][] = [];
  return {
    name,
    asked,
    async getJobCounts(...states: QueueState[]) {
      asked.push(states);
      return counts;
    },
  };
}

function gaugeLines(text: string): string[] {
  return text.split('\n').filter((line) => line.startsWith('spade_queue_jobs{'));
}

describe('registerQueueDepth', () => {
  it('reports waiting, active, delayed and failed per queue, read on scrape', async () => {
    const registry = new Registry();
    const parse = fakeQueue('parse', { waiting: 12, active: 2, delayed: 1, failed: 0 });
    const login = fakeQueue('load.login', { waiting: 3, active: 0, delayed: 0, failed: 4 });
    registerQueueDepth(registry, () => [parse, login]);
    expect(parse.asked).toEqual([]);
    expect(gaugeLines(await registry.metrics())).toEqual([
      'spade_queue_jobs{queue="parse",state="waiting"} 12',
      'spade_queue_jobs{queue="parse",state="active"} 2',
      'spade_queue_jobs{queue="parse",state="delayed"} 1',
      'spade_queue_jobs{queue="parse",state="failed"} 0',
      'spade_queue_jobs{queue="load.login",state="waiting"} 3',
      'spade_queue_jobs{queue="load.login",state="active"} 0',
      'spade_queue_jobs{queue="load.login",state="delayed"} 0',
      'spade_queue_jobs{queue="load.login",state="failed"} 4',
    ]);
    expect(parse.asked).toEqual([['waiting', 'active', 'delayed', 'failed']]);
  });

  it('serves scrapes within the cache time from one read, and reads again after it', async () => {
    const registry = new Registry();
    let clock = 1_000;
    const parse = fakeQueue('parse', { waiting: 1, active: 0, delayed: 0, failed: 0 });
    registerQueueDepth(registry, () => [parse], { cacheMs: 5000, now: () => clock });
    await registry.metrics();
    clock += 4999;
    await registry.metrics();
    expect(parse.asked).toHaveLength(1);
    clock += 1;
    await registry.metrics();
    expect(parse.asked).toHaveLength(2);
  });

  it('shares one read between scrapes that arrive together', async () => {
    const registry = new Registry();
    const parse = fakeQueue('parse', { waiting: 1, active: 0, delayed: 0, failed: 0 });
    registerQueueDepth(registry, () => [parse]);
    await Promise.all([registry.metrics(), registry.metrics(), registry.metrics()]);
    expect(parse.asked).toHaveLength(1);
  });

  it('reports no samples when Redis does not answer in time, instead of stale counts', async () => {
    const registry = new Registry();
    let answer = true;
    const queue: CountableQueue = {
      name: 'parse',
      getJobCounts: () => (answer ? Promise.resolve({ waiting: 5, active: 0, delayed: 0, failed: 0 }) : new Promise(() => undefined)),
    };
    registerQueueDepth(registry, () => [queue], { cacheMs: 0, timeoutMs: 50 });
    expect(gaugeLines(await registry.metrics())).toContain('spade_queue_jobs{queue="parse",state="waiting"} 5');
    answer = false;
    const started = Date.now();
    expect(gaugeLines(await registry.metrics())).toEqual([]);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('reports no samples when reading the counts fails, and reads again at the next scrape', async () => {
    const registry = new Registry();
    let fail = true;
    const queue: CountableQueue = {
      name: 'parse',
      getJobCounts: async () => {
        if (fail) throw new Error('connection is reconnecting');
        return { waiting: 2, active: 1, delayed: 0, failed: 0 };
      },
    };
    registerQueueDepth(registry, () => [queue]);
    expect(gaugeLines(await registry.metrics())).toEqual([]);
    fail = false;
    expect(gaugeLines(await registry.metrics())).toContain('spade_queue_jobs{queue="parse",state="active"} 1');
  });

  it('includes queues opened after registration', async () => {
    const registry = new Registry();
    const queues: CountableQueue[] = [fakeQueue('parse', { waiting: 0, active: 0, delayed: 0, failed: 0 })];
    registerQueueDepth(registry, () => queues, { cacheMs: 0 });
    expect(gaugeLines(await registry.metrics())).toHaveLength(4);
    queues.push(fakeQueue('load.signup', { waiting: 9, active: 0, delayed: 0, failed: 0 }));
    expect(gaugeLines(await registry.metrics())).toContain('spade_queue_jobs{queue="load.signup",state="waiting"} 9');
  });
});
