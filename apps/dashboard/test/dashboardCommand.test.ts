/**
 * `spade dashboard` as a user runs it (the built CLI as an OS process): it refuses to start without
 * credentials while auth is on, exiting 2 with a message that names what is missing.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, TABLE_CONFIG } from './support/dashboardRig';

const CLI = join(ROOT, 'apps', 'cli', 'bin', 'spade.js');

function runDashboard(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, [CLI, 'dashboard'], { env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error('spade dashboard did not exit'));
    }, 30_000);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}

describe('spade dashboard', () => {
  beforeAll(() => {
    if (!existsSync(join(ROOT, 'apps', 'cli', 'dist', 'main.js'))) throw new Error('build first: npx turbo run build');
  });

  it('exits 2 naming the missing credentials while auth is on', async () => {
    const run = await runDashboard({
      SPADE_S3_BUCKET: 'logs',
      SPADE_WAREHOUSE_URL: 'postgres://spade@127.0.0.1:1/spade',
      SPADE_TABLE_CONFIG: TABLE_CONFIG,
      SPADE_DASHBOARD_USER: 'ops',
    });
    expect(run).toEqual({ code: 2, stderr: 'spade: invalid settings\nSPADE_DASHBOARD_PASSWORD is required when SPADE_DASHBOARD_AUTH is on\n' });
  });
});
