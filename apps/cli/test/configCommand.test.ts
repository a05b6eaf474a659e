/** `spade config` and start-up with bad settings, as a user sees them: separate processes. */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { SETTING_DEFINITIONS } from '@spade/config';

const CLI = join(__dirname, '..', 'bin', 'spade.js');

function spade(args: string[], env: Record<string, string>) {
  const run = spawnSync(process.execPath, [CLI, ...args], { env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8', timeout: 30_000 });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

const VALID = {
  SPADE_S3_BUCKET: 'logs',
  SPADE_WAREHOUSE_URL: 'postgres://spade:hunter2@db.internal:5432/events',
  SPADE_TABLE_CONFIG: 'fixtures/spade/latest/table_config.json',
  SPADE_S3_ACCESS_KEY_ID: 'AKIAEXAMPLE',
  SPADE_S3_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI',
};

describe('spade config', () => {
  it('prints every setting with its variable, value and default, secrets masked', () => {
    const { code, stdout } = spade(['config'], VALID);
    expect(code).toBe(0);
    for (const definition of SETTING_DEFINITIONS) expect(stdout).toMatch(new RegExp(`^${definition.env}\\s`, 'm'));
    expect(stdout).toMatch(/^SPADE_S3_BUCKET\s+logs\s/m);
    expect(stdout).toMatch(/^SPADE_S3_SECRET_ACCESS_KEY\s+\*\*\*\*\s/m);
    expect(stdout).toContain('postgres://spade:****@db.internal:5432/events');
    expect(stdout).not.toContain('hunter2');
    expect(stdout).not.toContain('wJalrXUtnFEMI');
  });

  it('still lists the settings when they are invalid, then names each bad variable', () => {
    const { code, stdout, stderr } = spade(['config'], { ...VALID, SPADE_WAREHOUSE_DIALECT: 'mysql', SPADE_S3_BUCKET: '' });
    expect(code).toBe(2);
    expect(stdout).toMatch(/^SPADE_WAREHOUSE_DIALECT\s+mysql\s/m);
    expect(stderr).toContain('SPADE_WAREHOUSE_DIALECT must be one of postgres, redshift (got "mysql")');
    expect(stderr).toContain('SPADE_S3_BUCKET is required');
    expect(stderr).not.toContain('hunter2');
  });
});

describe('start-up with bad settings', () => {
  it.each(['scheduler', 'parser', 'writer', 'status'])('%s stops with a message naming the setting', (command) => {
    const { code, stderr } = spade([command], { ...VALID, SPADE_PARSER_CONCURRENCY: 'many' });
    expect(code).toBe(2);
    expect(stderr).toMatch(/SPADE_PARSER_CONCURRENCY/);
  });
});
