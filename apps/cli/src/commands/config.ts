import { describeEnvironment, describeSettings, loadSettings, SettingsError, type SettingDescription } from '@spade/config';

/**
 * `spade config`: every setting, its variable, default and current value (secrets masked). When
 * the settings do not load, it still lists them as the environment has them, then the problems.
 */
export async function runConfig(): Promise<number> {
  try {
    print(describeSettings(loadSettings(process.env)));
    return 0;
  } catch (error) {
    if (!(error instanceof SettingsError)) throw error;
    print(describeEnvironment(process.env));
    process.stderr.write(`\nspade: invalid settings\n${error.message}\n`);
    return 2;
  }
}

function print(descriptions: SettingDescription[]): void {
  const rows = descriptions.map((d) => [d.env, String(d.value), String(d.default), d.doc]);
  const header = ['VARIABLE', 'VALUE', 'DEFAULT', 'MEANING'];
  const widths = [0, 1, 2].map((i) => Math.max(header[i].length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) => `${r.slice(0, 3).map((c, i) => c.padEnd(widths[i])).join('  ')}  ${r[3]}`;
  process.stdout.write(`${[header, ...rows].map(line).join('\n')}\n`);
}
