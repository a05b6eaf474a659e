import { describeSettings, loadSettings, SettingsError } from '@spade/config';

/** `spade config`: every setting, its variable, default and current value (secrets masked). */
export async function runConfig(): Promise<number> {
  let settings;
  try {
    settings = loadSettings(process.env);
  } catch (error) {
    if (!(error instanceof SettingsError)) throw error;
    process.stderr.write(`${error.message}\n`);
    return 2;
  }
  const rows = describeSettings(settings).map((d) => [d.env, String(d.value), String(d.default), d.doc]);
  const header = ['VARIABLE', 'VALUE', 'DEFAULT', 'MEANING'];
  const widths = [0, 1, 2].map((i) => Math.max(header[i].length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) => `${r.slice(0, 3).map((c, i) => c.padEnd(widths[i])).join('  ')}  ${r[3]}`;
  process.stdout.write(`${[header, ...rows].map(line).join('\n')}\n`);
  return 0;
}
