import { SETTING_DEFINITIONS, SettingsError, valueAt, type Settings } from '@spade/config';
import { startParser } from '@spade/parser';
import { createLogger, onShutdownSignal, secretScrubber, urlPasswords, type Logger } from '@spade/runtime';
import { startScheduler } from '@spade/scheduler';
import { startWriter } from '@spade/writer';
import { settingsOrExplain } from './settings';

/** `spade scheduler [--once]` */
export async function runSchedulerCommand(args: string[]): Promise<number> {
  const settings = settingsOrExplain();
  if (!settings) return 2;
  const log = processLogger('scheduler', settings);
  const scheduler = await startOrExit(settings, () => startScheduler(settings, log, { once: args.includes('--once') }));
  onShutdownSignal(() => scheduler.stop(), { drainTimeoutMs: settings.drainTimeoutMs });
  await scheduler.done;
  return 0;
}

/** `spade parser`: runs until SIGTERM, then drains. */
export async function runParserCommand(): Promise<number> {
  const settings = settingsOrExplain();
  if (!settings) return 2;
  const parser = await startOrExit(settings, () => startParser(settings, processLogger('parser', settings)));
  onShutdownSignal(() => parser.stop(), { drainTimeoutMs: settings.drainTimeoutMs });
  await new Promise(() => undefined);
  return 0;
}

/** `spade writer`: runs until SIGTERM, then loads what it holds and drains. */
export async function runWriterCommand(): Promise<number> {
  const settings = settingsOrExplain();
  if (!settings) return 2;
  const writer = await startOrExit(settings, () => startWriter(settings, processLogger('writer', settings)));
  onShutdownSignal(() => writer.stop(), { drainTimeoutMs: settings.drainTimeoutMs });
  await new Promise(() => undefined);
  return 0;
}

/** `spade dashboard`: serves until SIGTERM; refuses to start without credentials unless auth is off. */
export async function runDashboardCommand(): Promise<number> {
  const settings = settingsOrExplain();
  if (!settings) return 2;
  // Loaded here: the worker commands need not load Express and Bull Board.
  const { startDashboard } = await import('@spade/dashboard');
  let dashboard;
  try {
    dashboard = await startDashboard(settings, processLogger('dashboard', settings));
  } catch (error) {
    if (!(error instanceof SettingsError)) throw error;
    process.stderr.write(`spade: invalid settings\n${error.message}\n`);
    return 2;
  }
  onShutdownSignal(() => dashboard.stop(), { drainTimeoutMs: settings.drainTimeoutMs });
  await new Promise(() => undefined);
  return 0;
}

/**
 * Starts a worker process, or exits 1 saying why (secrets scrubbed): the connections it opened
 * before failing (Redis, the warehouse pool) would otherwise keep the process alive.
 */
async function startOrExit<T>(settings: Settings, start: () => Promise<T>): Promise<T> {
  try {
    return await start();
  } catch (error) {
    const scrub = secretScrubber(secretSettingValues(settings)) ?? ((text: string) => text);
    process.stderr.write(`spade: ${scrub(error instanceof Error ? error.message : String(error))}\n`);
    return process.exit(1);
  }
}

/** A process's JSON logger, told every secret setting so none can reach a log line. */
function processLogger(app: string, settings: Settings): Logger {
  return createLogger(app, settings.log.level, { secrets: secretSettingValues(settings) });
}

/** Values of the secret settings and the passwords inside URL settings. */
function secretSettingValues(settings: Settings): string[] {
  return SETTING_DEFINITIONS.flatMap((definition) => {
    const value = valueAt(settings, definition.path);
    if (typeof value !== 'string' || value === '') return [];
    if (definition.masking === 'secret') return [value];
    return definition.masking === 'url' ? urlPasswords(value) : [];
  });
}
