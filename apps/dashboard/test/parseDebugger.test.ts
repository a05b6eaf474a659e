/**
 * The parse debugger over HTTP: pasted lines parsed with SPADE_TABLE_CONFIG (the original's
 * production config) and SPADE_GEOIP_DIR, shown escaped, to both roles.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DashboardHandle } from '../src';
import { ADMIN, DashboardRig, logIn, READER, request, ROOT } from './support/dashboardRig';

jest.setTimeout(30_000);

const SAMPLE_LINE = readFileSync(join(ROOT, 'fixtures', 'spade', 'latest', 'processor', 'test_resources', 'sample_logline.txt'), 'utf8').trim();

describe('parse debugger', () => {
  const rig = new DashboardRig();
  let dashboard: DashboardHandle;

  beforeAll(async () => {
    await rig.start();
    dashboard = await rig.startDashboard();
  });
  afterAll(() => rig.stop());

  it('shows the empty form', async () => {
    const reply = await request(dashboard.url, '/pipeline/parse', { cookie: await logIn(dashboard.url, READER) });
    expect(reply.status).toBe(200);
    expect(reply.text).toContain('<form method="post" action="/pipeline/parse"><textarea name="lines"');
    expect(reply.text).not.toContain('id="results"');
  });

  it('shows each event with its status, table, reason, columns and loaded row — to the read-only user too', async () => {
    const lines = `${SAMPLE_LINE}\r\nnot an edge line\r\n`;
    const reply = await request(dashboard.url, '/pipeline/parse', { method: 'POST', cookie: await logIn(dashboard.url, READER), form: { lines } });
    expect(reply.status).toBe(200);
    const page = reply.text;
    expect(page).toContain('<h2>2 lines, 2 events: 1 skipped_column, 1 malformed</h2>');
    expect(page).toContain('line 1 · <strong>login</strong> · <span class="status status-skipped_column">skipped_column</span>');
    expect(page).toContain(' · table <code>login</code> v0 · uuid <code>uuid1</code>');
    expect(page).toContain('<div class="reason">reason: column &quot;device_id&quot;: property not found; column &quot;auth_method&quot;: property not found; column &quot;source_action&quot;: property not found</div>');
    expect(page).toContain('<tr><td><code>time</code></td><td><code>2013-10-17 11:05:55</code></td></tr>');
    expect(page).toContain('<tr><td><code>platform</code></td><td><code>iPhone 5</code></td></tr>');
    expect(page).toContain('<tr><td><code>device_id</code></td><td><em class="muted">NULL</em></td></tr>');
    expect(page).toContain('<tr><td><code>city</code></td><td><em class="muted">empty (loaded as NULL)</em></td></tr>');
    expect(page).toContain('<pre class="load-line">2013-10-17 11:05:55\t10.1.40.26\t\t\t\t\t\t\tiPhone 5\tiphone_t\tiphone_t\t</pre>');
    expect(page).toContain('line 2 · <strong>Unknown</strong> · <span class="status status-malformed">malformed</span>');
  });

  it('escapes what was pasted', async () => {
    const reply = await request(dashboard.url, '/pipeline/parse', { method: 'POST', cookie: await logIn(dashboard.url, ADMIN), form: { lines: '</textarea><script>alert(1)</script>' } });
    expect(reply.status).toBe(200);
    expect(reply.text).toContain('&lt;/textarea&gt;&lt;script&gt;alert(1)&lt;/script&gt;</textarea>');
    expect(reply.text).not.toContain('<script>');
  });

  it('refuses a paste over 512 kB with 413', async () => {
    const reply = await request(dashboard.url, '/pipeline/parse', { method: 'POST', cookie: await logIn(dashboard.url, ADMIN), form: { lines: 'x'.repeat(600 * 1024) } });
    expect(reply.status).toBe(413);
    expect(reply.text).toContain('The request body is too large.');
  });

  it('says when the table config cannot be read, and the rest of the dashboard still works', async () => {
    const broken = await rig.startDashboard({ SPADE_TABLE_CONFIG: '/nonexistent/table_config.json' });
    const cookie = await logIn(broken.url, ADMIN);
    const reply = await request(broken.url, '/pipeline/parse', { method: 'POST', cookie, form: { lines: SAMPLE_LINE } });
    expect(reply.status).toBe(503);
    expect(reply.text).toContain('<p class="error">The table config cannot be read: ENOENT: no such file or directory, open &#39;/nonexistent/table_config.json&#39;</p>');
    expect((await request(broken.url, '/pipeline', { cookie })).status).toBe(200);
  });
});
