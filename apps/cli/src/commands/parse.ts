import { parseArgs } from 'node:util';
import { keepStringPrototypeFast } from '@spade/events';
import { chunkLines, parseRecords, ROW_FORMATS, type RowFormat } from '@spade/pipeline';
import { loadTableConfigFile, openGeoIp, TableConfigError } from '@spade/transform';
import { serveParse } from '../serveParse';

/** Lines up to this size are parsed; longer ones are reported and skipped, so memory stays bounded. */
const MAX_LINE_BYTES = 64 * 1024 * 1024;
/** Output is written in blocks of about this size. */
const OUTPUT_BLOCK = 256 * 1024;

/**
 * `spade parse --config FILE [--geoip-dir DIR] [--format spade|load|json] [--serve PORT]`:
 * edge log lines on stdin → one JSON record per produced event on stdout, in input order.
 */
export async function runParse(args: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: { config: { type: 'string' }, 'geoip-dir': { type: 'string' }, format: { type: 'string', default: 'spade' }, serve: { type: 'string' } },
      strict: true,
    }));
  } catch (error) {
    return usage((error as Error).message);
  }
  const format = values.format as RowFormat;
  if (!values.config) return usage('--config FILE is required');
  if (!ROW_FORMATS.includes(format)) return usage(`--format must be one of ${ROW_FORMATS.join(', ')}`);
  let config;
  try {
    config = await loadTableConfigFile(values.config);
  } catch (error) {
    if (error instanceof TableConfigError || (error as NodeJS.ErrnoException).code === 'ENOENT') return usage((error as Error).message);
    throw error;
  }
  for (const warning of config.warnings) process.stderr.write(`spade: warning: ${warning}\n`);
  const geo = await openGeoIp(values['geoip-dir']);
  keepStringPrototypeFast(); // the CLI loads ioredis (see there)
  if (geo.warning) process.stderr.write(`spade: warning: ${geo.warning}\n`);

  if (values.serve !== undefined) {
    const port = Number(values.serve);
    if (!Number.isInteger(port) || port < 0 || port > 65535) return usage('--serve takes a port number');
    await serveParse(port, config.tables, geo, format);
    return 0;
  }

  let block = '';
  for await (const line of chunkLines(process.stdin, { streamOffset: 0, start: 0, end: Number.MAX_SAFE_INTEGER, maxLineBytes: MAX_LINE_BYTES })) {
    const records =
      line.truncatedFrom !== undefined
        ? [{ line: line.number, uuid: '', event: 'Unknown', table: null, version: 0, status: 'malformed', reason: `line is ${line.truncatedFrom} bytes, over the ${MAX_LINE_BYTES}-byte limit` }]
        : parseRecords(line.text, line.number, config.tables, geo, format);
    for (const record of records) block += `${JSON.stringify(record)}\n`;
    if (block.length >= OUTPUT_BLOCK) {
      await write(block);
      block = '';
    }
  }
  await write(block);
  return 0;
}

function write(text: string): Promise<void> {
  if (text.length === 0) return Promise.resolve();
  return new Promise((resolve, reject) => process.stdout.write(text, (error) => (error ? reject(error) : resolve())));
}

function usage(problem: string): number {
  process.stderr.write(`spade parse: ${problem}\nusage: spade parse --config FILE [--geoip-dir DIR] [--format spade|load|json] [--serve PORT]\n`);
  return 2;
}
