/**
 * The dashboard in a real browser (Debian chromium driven by playwright-core) over a real
 * pipeline: scheduler, parser, writer and `spade dashboard` as OS processes on real Redis,
 * PostgreSQL and S3. Screenshots go to test-artifacts/dashboard/.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page, type Response } from 'playwright-core';
import { createRedis, openParseQueue, type ParseJob } from '@spade/queues';
import { freePort } from '@spade/testkit';
import { PipelineRig, ROOT, sampleLines } from './support/pipelineRig';

jest.setTimeout(300_000);

const CHROMIUM = process.env.SPADE_TEST_CHROMIUM ?? '/usr/bin/chromium';
const ARTIFACTS = join(ROOT, 'test-artifacts', 'dashboard');
const ADMIN = { user: 'ops', password: 'browser-admin-pw' };
const READER = { user: 'viewer', password: 'browser-reader-pw' };

/** The pipeline rig plus the dashboard's settings. */
class DashboardPipelineRig extends PipelineRig {
  dashboardPort = 0;

  override env(): NodeJS.ProcessEnv {
    return {
      ...super.env(),
      SPADE_DASHBOARD_PORT: String(this.dashboardPort),
      SPADE_DASHBOARD_USER: ADMIN.user,
      SPADE_DASHBOARD_PASSWORD: ADMIN.password,
      SPADE_DASHBOARD_READONLY_USER: READER.user,
      SPADE_DASHBOARD_READONLY_PASSWORD: READER.password,
    };
  }
}

describe('dashboard in a browser', () => {
  beforeAll(() => {
    // Not skipped when missing: .ci/run installs Debian's chromium, and a developer should too.
    if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: apt-get install chromium (or set SPADE_TEST_CHROMIUM)`);
  });
  const rig = new DashboardPipelineRig();
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    await rig.start();
    rig.dashboardPort = await freePort();
    base = `http://127.0.0.1:${rig.dashboardPort}`;
    await rig.put('edge/2026/11/26/a.log', Buffer.from(`${sampleLines(21, 300, rig.tables).join('\n')}\n`));
    rig.run('scheduler', 'scheduler');
    rig.run('parser', 'parser');
    rig.run('writer', 'writer');
    rig.run('dashboard', 'dashboard');
    await rig.waitForLoaded(1, 120_000);
    await failOneParseJob(rig);
    await waitForHttp(`${base}/healthz`, 30_000);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await rig.stop();
  });

  it('refuses a wrong password with the error page and no session', async () => {
    const page = await newPage();
    await page.goto(`${base}/queues`);
    const reply = await submitLogin(page, { user: ADMIN.user, password: 'not the password' });
    expect(reply?.status()).toBe(401);
    await expect(page.locator('.error').textContent()).resolves.toBe('Wrong user name or password.');
    await shoot(page, '01-wrong-password.png');
    expect(await page.context().cookies()).toEqual([]);
  });

  it('logs the admin in and shows the queues with their counts, then the failed job', async () => {
    const page = await newPage();
    await page.goto(`${base}/queues`);
    await submitLogin(page, ADMIN);
    expect(new URL(page.url()).pathname).toBe('/queues');
    // The board is a React app that fetches its data after the first paint: wait for it.
    await page.locator('a[href="/queues/queue/parse"]').first().waitFor();
    await page.getByText('load.login', { exact: true }).first().waitFor();
    await shoot(page, '02-queues.png');
    // The board's user menu links back to the pipeline page and to logging out.
    await page.locator('header [aria-haspopup="menu"]').last().click();
    await page.getByRole('menuitem', { name: 'Pipeline' }).waitFor();
    await page.getByRole('menuitem', { name: 'Log out' }).waitFor();
    await page.keyboard.press('Escape');

    await page.goto(`${base}/queues/queue/parse?status=failed`);
    const failedTab = page.locator('a[href="/queues/queue/parse?status=failed"]', { hasText: 'FAILED' });
    await expect(failedTab.textContent()).resolves.toBe('FAILED1');
    const completedTab = page.locator('a[href="/queues/queue/parse?status=completed"]', { hasText: 'COMPLETED' });
    await expect(completedTab.textContent()).resolves.toBe(`COMPLETED${await chunksParsed()}`);
    await page.locator('a[href="/queues/queue/parse/missing.0?status=failed"]').waitFor();
    await page.getByText(/GetObject s3:\/\/spade-e2e\/edge\/2026\/11\/26\/missing.log failed:/).waitFor();
    await page.getByText('NoSuchKey: The specified key does not exist.').waitFor();
    expect(await page.getByRole('button', { name: 'Retry all' }).count()).toBe(1);
    expect(await page.locator('[class*="jobActions"] svg.lucide-refresh-cw').count()).toBe(1);
    await shoot(page, '03-failed-job.png');
  });

  it('shows the pipeline page with files, queues, rows per minute and rejects', async () => {
    const page = await newPage();
    await page.goto(`${base}/pipeline`);
    await submitLogin(page, ADMIN);
    expect(new URL(page.url()).pathname).toBe('/pipeline');
    const ledger = await ledgerTotals();
    await expect(cardValue(page, 'discovered')).resolves.toBe('1');
    await expect(cardValue(page, 'loaded')).resolves.toBe('1');
    await expect(cardValue(page, 'failed jobs')).resolves.toBe('1');
    await expect(cardValue(page, 'rejects')).resolves.toBe(String(ledger.rejects));
    await expect(cardValue(page, 'non-tracked')).resolves.toBe(String(ledger.nontracked));
    await expect(page.locator('#queues a.bad[href="/queues/queue/parse?status=failed"]').textContent()).resolves.toBe('1');
    expect(await page.locator('#tables tbody tr').count()).toBe(ledger.tables);
    await expect(page.locator('#queues tr.idle td').first().textContent()).resolves.toBe(`${ledger.tables} idle load queues`);
    await expect(page.locator('#rejects p.muted').textContent()).resolves.toMatch(new RegExp(`^From the newest \\d+ objects \\(${ledger.rejects} records;`));
    await shoot(page, '04-pipeline.png');
    await page.locator('#rejects').screenshot({ path: join(ARTIFACTS, '04-pipeline-rejects.png') });
    await page.locator('#nontracked').screenshot({ path: join(ARTIFACTS, '04-pipeline-nontracked.png') });
  });

  it('parses a pasted line in the parse debugger', async () => {
    const page = await newPage();
    await page.goto(`${base}/pipeline/parse`);
    await submitLogin(page, READER);
    const line = readFileSync(join(ROOT, 'fixtures', 'spade', 'latest', 'processor', 'test_resources', 'sample_logline.txt'), 'utf8').trim();
    await page.fill('textarea[name=lines]', `${line}\nnot an edge line`);
    await Promise.all([page.waitForURL(`${base}/pipeline/parse`), page.click('button.primary')]);
    await expect(page.locator('#results h2').textContent()).resolves.toBe('2 lines, 2 events: 1 skipped_column, 1 malformed');
    await expect(page.locator('.event .load-line').textContent()).resolves.toBe('2013-10-17 11:05:55\t10.1.40.26\t\t\t\t\t\t\tiPhone 5\tiphone_t\tiphone_t\t');
    await shoot(page, '05-parse-debugger.png', true);
  });

  it('shows the read-only user no retry or clean buttons, and the server refuses a retry with 403', async () => {
    const page = await newPage();
    await page.goto(`${base}/queues/queue/parse?status=failed`);
    await submitLogin(page, READER);
    await page.locator('a[href="/queues/queue/parse/missing.0?status=failed"]').waitFor();
    await page.getByText('NoSuchKey: The specified key does not exist.').waitFor();
    expect(await page.getByRole('button', { name: 'Retry all' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Clean all' }).count()).toBe(0);
    expect(await page.locator('[class*="jobActions"] svg.lucide-refresh-cw').count()).toBe(0);
    expect(await page.locator('[class*="jobActions"] svg.lucide-trash-2').count()).toBe(0);
    await shoot(page, '06-read-only-failed-job.png');
    const status = await page.evaluate(async () => (await fetch('/queues/api/queues/parse/missing.0/retry', { method: 'PUT' })).status);
    expect(status).toBe(403);
    await expect(failedJobs()).resolves.toBe(1);
  });

  async function newPage(): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    return context.newPage();
  }

  async function chunksParsed(): Promise<number> {
    const rows = await rig.query<{ n: string }>('SELECT count(*) AS n FROM spade_chunks');
    return Number(rows[0].n);
  }

  async function ledgerTotals(): Promise<{ rejects: number; nontracked: number; tables: number }> {
    const [chunks] = await rig.query<{ rejects: string; nontracked: string }>('SELECT sum(rejects) AS rejects, sum(nontracked) AS nontracked FROM spade_chunks');
    const [loads] = await rig.query<{ n: string }>('SELECT count(DISTINCT table_name) AS n FROM spade_loads');
    return { rejects: Number(chunks.rejects), nontracked: Number(chunks.nontracked), tables: Number(loads.n) };
  }

  async function failedJobs(): Promise<number> {
    const env = rig.env();
    const redis = createRedis(env.SPADE_REDIS_URL!, 'producer');
    const queue = openParseQueue(redis, env.SPADE_QUEUE_PREFIX!);
    try {
      return (await queue.getJobCounts('failed')).failed;
    } finally {
      await queue.close();
      redis.disconnect();
    }
  }
});

/** Fills the login form the page was sent to and submits it; resolves to the answer to the POST. */
async function submitLogin(page: Page, account: { user: string; password: string }): Promise<Response | null> {
  expect(new URL(page.url()).pathname).toBe('/login');
  await page.fill('#user', account.user);
  await page.fill('#password', account.password);
  const [reply] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/login') && r.request().method() === 'POST'), page.click('button[type=submit]')]);
  await page.waitForLoadState('load');
  return reply;
}

/** The number on the pipeline page's card with this label. */
function cardValue(page: Page, label: string): Promise<string | null> {
  return page.locator('.card', { has: page.locator('.l', { hasText: new RegExp(`^${label}`) }) }).locator('.n').first().textContent();
}

async function shoot(page: Page, name: string, fullPage = false): Promise<void> {
  await page.screenshot({ path: join(ARTIFACTS, name), fullPage });
}

/** A parse job for an object that does not exist, failed by the real parser process. */
async function failOneParseJob(rig: PipelineRig): Promise<void> {
  const env = rig.env();
  const redis = createRedis(env.SPADE_REDIS_URL!, 'producer');
  const queue = openParseQueue(redis, env.SPADE_QUEUE_PREFIX!);
  try {
    const job: ParseJob = { fileId: 'missing', bucket: env.SPADE_S3_BUCKET!, key: 'edge/2026/11/26/missing.log', etag: 'gone', size: 100, gzip: false, chunkIndex: 0, chunkCount: 1, start: 0, end: 99 };
    await queue.add('chunk', job, { jobId: 'missing.0', attempts: 1 });
    const deadline = Date.now() + 60_000;
    while ((await queue.getJobCounts('failed')).failed !== 1) {
      if (Date.now() > deadline) throw new Error(`the parser did not fail the job\n${rig.output.slice(-20).join('')}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  } finally {
    await queue.close();
    redis.disconnect();
  }
}

async function waitForHttp(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
