import { parseArgs } from 'node:util';
import { readTableConfig } from '@spade/pipeline';
import { seedSampleLogs } from '@spade/samples';
import { createS3Client, putObject } from '@spade/storage';
import { settingsOrExplain } from './settings';

const USAGE = 'usage: spade seed [--files N] [--lines N] [--seed N]';

/** Each option: default and the inclusive range a value must lie in. */
const OPTIONS = {
  files: { default: 4, min: 1, max: 1000 },
  lines: { default: 10000, min: 1, max: 10_000_000 },
  seed: { default: 1, min: 0, max: 2 ** 31 - 1 },
} as const;
type OptionName = keyof typeof OPTIONS;

/**
 * `spade seed [--files N] [--lines N] [--seed N]`: writes N sample edge log files of `--lines`
 * lines each, generated for the table config, under the input prefix of the settings' bucket
 * (plain and gzip alternately). The same options on the same day write the same objects again,
 * so a repeated seed adds no rows.
 */
export async function runSeed(args: string[]): Promise<number> {
  const options = readOptions(args);
  if (typeof options === 'string') return usage(options);
  const settings = settingsOrExplain();
  if (!settings) return 2;
  const s3 = createS3Client(settings.s3);
  try {
    const config = await readTableConfig(settings.tableConfig, s3);
    for (const warning of config.warnings) process.stderr.write(`spade seed: warning: ${warning}\n`);
    const tables = [...config.tables.values()];
    if (tables.length === 0) return usage(`the table config ${settings.tableConfig} has no tables to generate events for`);
    const { bucket, inputPrefix } = settings.s3;
    const plan = { prefix: inputPrefix, fileLines: new Array<number>(options.files).fill(options.lines), seed: options.seed };
    const files = await seedSampleLogs(tables, plan, (key, body) => putObject(s3, bucket, key, body));
    for (const file of files) process.stdout.write(`wrote s3://${bucket}/${file.key} (${file.lines} lines, ${file.bytes} bytes)\n`);
    process.stdout.write(`seeded ${files.length} sample edge log files into s3://${bucket}/${inputPrefix}\n`);
    return 0;
  } finally {
    s3.destroy();
  }
}

/** The options as numbers, or what is wrong with them. */
function readOptions(args: string[]): Record<OptionName, number> | string {
  let values: Partial<Record<OptionName, string>>;
  try {
    ({ values } = parseArgs({ args, options: { files: { type: 'string' }, lines: { type: 'string' }, seed: { type: 'string' } }, strict: true }));
  } catch (error) {
    return (error as Error).message;
  }
  const result = {} as Record<OptionName, number>;
  for (const name of Object.keys(OPTIONS) as OptionName[]) {
    const { default: fallback, min, max } = OPTIONS[name];
    const text = values[name];
    const value = text === undefined ? fallback : Number(text);
    if (!Number.isInteger(value) || value < min || value > max || text?.trim() === '') {
      return `--${name} takes a whole number from ${min} to ${max} (got ${JSON.stringify(text)})`;
    }
    result[name] = value;
  }
  return result;
}

function usage(problem: string): number {
  process.stderr.write(`spade seed: ${problem}\n${USAGE}\n`);
  return 2;
}
