import { Agent, request } from 'node:http';
import { Registry, Counter } from 'prom-client';
import { startOpsServer, type OpsServer, type ReadinessCheck } from '@spade/runtime';

interface Answer {
  status: number;
  contentType: string;
  body: string;
}

function get(port: number, path: string, method = 'GET', agent: Agent | false = false): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, agent }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, contentType: String(res.headers['content-type']), body }));
    });
    req.on('error', reject);
    req.end();
  });
}

const passing = (name: string): ReadinessCheck => ({ name, check: async () => undefined });
const failing = (name: string, message: string): ReadinessCheck => ({
  name,
  check: async () => {
    throw new Error(message);
  },
});
const hanging = (name: string): ReadinessCheck => ({ name, check: () => new Promise(() => undefined) });

describe('startOpsServer', () => {
  let server: OpsServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  async function start(readiness: ReadinessCheck[], registry = new Registry()): Promise<OpsServer> {
    server = await startOpsServer({ port: 0, host: '127.0.0.1', registry, readiness, checkTimeoutMs: 100 });
    return server;
  }

  it('serves the registry as Prometheus text on /metrics', async () => {
    const registry = new Registry();
    new Counter({ name: 'spade_test_things_total', help: 'Things.', registers: [registry] }).inc(3);
    const { port } = await start([], registry);
    const answer = await get(port, '/metrics');
    expect(answer.status).toBe(200);
    expect(answer.contentType).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(answer.body).toContain('# TYPE spade_test_things_total counter\nspade_test_things_total 3\n');
  });

  it('answers 200 on /healthz whatever the readiness checks say', async () => {
    const { port } = await start([failing('redis', 'down')]);
    const answer = await get(port, '/healthz');
    expect({ status: answer.status, body: JSON.parse(answer.body) }).toEqual({ status: 200, body: { status: 'ok' } });
  });

  it('answers 200 on /readyz when every check passes', async () => {
    const { port } = await start([passing('redis'), { name: 'warehouse', check: async () => 'all connections busy' }]);
    const answer = await get(port, '/readyz');
    expect({ status: answer.status, body: JSON.parse(answer.body) }).toEqual({
      status: 200,
      body: { status: 'ready', failing: [], checks: { redis: 'ok', warehouse: 'ok (all connections busy)' } },
    });
  });

  it('answers 503 on /readyz naming the check that failed and why', async () => {
    const { port } = await start([passing('redis'), failing('warehouse', 'connect ECONNREFUSED 127.0.0.1:5432')]);
    const answer = await get(port, '/readyz');
    expect({ status: answer.status, body: JSON.parse(answer.body) }).toEqual({
      status: 503,
      body: { status: 'not ready', failing: ['warehouse'], checks: { redis: 'ok', warehouse: 'connect ECONNREFUSED 127.0.0.1:5432' } },
    });
  });

  it('fails a check that does not answer within the check timeout', async () => {
    const { port } = await start([hanging('redis'), passing('warehouse')]);
    const started = Date.now();
    const answer = await get(port, '/readyz');
    expect(Date.now() - started).toBeLessThan(1000);
    expect({ status: answer.status, body: JSON.parse(answer.body) }).toEqual({
      status: 503,
      body: { status: 'not ready', failing: ['redis'], checks: { redis: 'no answer within 100 ms', warehouse: 'ok' } },
    });
  });

  it('answers 503 "draining" on /readyz once the process is shutting down', async () => {
    const ops = await start([passing('redis')]);
    ops.markDraining();
    const answer = await get(ops.port, '/readyz');
    expect({ status: answer.status, body: JSON.parse(answer.body) }).toEqual({ status: 503, body: { status: 'not ready', failing: ['draining'], checks: {} } });
    expect((await get(ops.port, '/healthz')).status).toBe(200);
  });

  it('answers 404 for other paths and 405 for other methods', async () => {
    const { port } = await start([]);
    expect((await get(port, '/')).status).toBe(404);
    expect((await get(port, '/metrics/extra')).status).toBe(404);
    expect((await get(port, '/metrics', 'POST')).status).toBe(405);
    const head = await get(port, '/healthz', 'HEAD');
    expect({ status: head.status, body: head.body }).toEqual({ status: 200, body: '' });
  });

  it('ignores a query string', async () => {
    const { port } = await start([]);
    expect((await get(port, '/healthz?probe=1')).status).toBe(200);
  });

  it('refuses a port that is taken', async () => {
    const first = await start([]);
    await expect(startOpsServer({ port: first.port, host: '127.0.0.1', registry: new Registry(), readiness: [] })).rejects.toThrow(/EADDRINUSE/);
  });

  it('closes while a keep-alive client is connected', async () => {
    const ops = await start([]);
    const keepAlive = new Agent({ keepAlive: true });
    await get(ops.port, '/healthz', 'GET', keepAlive); // leaves an idle open socket
    const started = Date.now();
    await ops.close();
    server = undefined;
    keepAlive.destroy();
    expect(Date.now() - started).toBeLessThan(1000);
    await expect(get(ops.port, '/healthz')).rejects.toThrow(/ECONNREFUSED/);
  });
});
