import { startParser } from '@spade/parser';
import { createLogger, onShutdownSignal } from '@spade/runtime';
import { startScheduler } from '@spade/scheduler';
import { startWriter } from '@spade/writer';
import { settingsOrExplain } from './settings';

/** `spade scheduler [--once]` */
export async function runSchedulerCommand(args: string[]): Promise<number> {
  const settings = settingsOrExplain();
  if (!settings) return 2;
  const log = createLogger('scheduler', settings.log.level);
  const scheduler = await startScheduler(settings, log, { once: args.includes('--once') });
  onShutdownSignal(() => scheduler.stop());
  await scheduler.done;
  return 0;
}

/** `spade parser`: runs until SIGTERM, then drains. */
export async function runParserCommand(): Promise<number> {
  const settings = settingsOrExplain();
  if (!settings) return 2;
  const parser = await startParser(settings, createLogger('parser', settings.log.level));
  onShutdownSignal(() => parser.stop());
  await new Promise(() => undefined);
  return 0;
}

/** `spade writer`: runs until SIGTERM, then loads what it holds and drains. */
export async function runWriterCommand(): Promise<number> {
  const settings = settingsOrExplain();
  if (!settings) return 2;
  const writer = await startWriter(settings, createLogger('writer', settings.log.level));
  onShutdownSignal(() => writer.stop());
  await new Promise(() => undefined);
  return 0;
}
