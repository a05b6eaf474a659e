import { hideCredentials, redisCheck, runReadiness, warehouseCheck } from '@spade/runtime';

describe('redisCheck', () => {
  it('passes when the connection is ready and answers PING', async () => {
    const calls: string[] = [];
    const check = redisCheck({ status: 'ready', ping: async () => (calls.push('ping'), 'PONG') });
    await expect(check.check()).resolves.toBeUndefined();
    expect({ name: check.name, calls }).toEqual({ name: 'redis', calls: ['ping'] });
  });

  it('fails at once, without queueing a PING, while the connection is not ready', async () => {
    const calls: string[] = [];
    const check = redisCheck({ status: 'reconnecting', ping: async () => (calls.push('ping'), 'PONG') });
    await expect(check.check()).rejects.toThrow('connection is reconnecting');
    expect(calls).toEqual([]);
  });
});

describe('warehouseCheck', () => {
  it('runs SELECT 1 when a connection is free', async () => {
    const queries: string[] = [];
    const check = warehouseCheck({ totalCount: 2, idleCount: 1, options: { max: 4 }, query: async (sql) => queries.push(sql) });
    await expect(check.check()).resolves.toBeUndefined();
    expect({ name: check.name, queries }).toEqual({ name: 'warehouse', queries: ['SELECT 1'] });
  });

  it('runs SELECT 1 when the pool can still open a connection', async () => {
    const queries: string[] = [];
    const check = warehouseCheck({ totalCount: 3, idleCount: 0, options: { max: 4 }, query: async (sql) => queries.push(sql) });
    await check.check();
    expect(queries).toEqual(['SELECT 1']);
  });

  it('passes without queueing behind loads when every connection is busy', async () => {
    const queries: string[] = [];
    const check = warehouseCheck({ totalCount: 4, idleCount: 0, options: { max: 4 }, query: async (sql) => queries.push(sql) });
    await expect(check.check()).resolves.toBe('all connections busy');
    expect(queries).toEqual([]);
  });

  it('fails when the query fails', async () => {
    const check = warehouseCheck({
      totalCount: 0,
      idleCount: 0,
      options: {},
      query: async () => {
        throw new Error('password authentication failed for user "spade"');
      },
    });
    await expect(check.check()).rejects.toThrow('password authentication failed for user "spade"');
  });
});

describe('runReadiness', () => {
  it('lists every failing check in order, with a credential-free reason', async () => {
    const report = await runReadiness(
      [
        { name: 'redis', check: async () => Promise.reject(new Error('cannot reach redis://default:hunter22@cache:6379')) },
        { name: 'warehouse', check: () => new Promise(() => undefined) },
        { name: 'other', check: async () => undefined },
      ],
      50,
    );
    expect(report).toEqual({
      ready: false,
      failing: ['redis', 'warehouse'],
      checks: { redis: 'cannot reach redis://default:****@cache:6379', warehouse: 'no answer within 50 ms', other: 'ok' },
    });
  });

  it('is ready with no checks', async () => {
    expect(await runReadiness([])).toEqual({ ready: true, failing: [], checks: {} });
  });
});

describe('hideCredentials', () => {
  it.each([
    ['postgres://spade:s3cret@db:5432/spade', 'postgres://spade:****@db:5432/spade'],
    ['redis://:onlypass@cache:6379', 'redis://:****@cache:6379'],
    ['no url here', 'no url here'],
    ['postgres://spade@db/spade', 'postgres://spade@db/spade'],
  ])('%s → %s', (text, shown) => {
    expect(hideCredentials(text)).toBe(shown);
  });
});
