import { formatStatus, openServices, pipelineStatus } from '@spade/pipeline';
import { ensureLedgers } from '@spade/warehouse';
import { settingsOrExplain } from './settings';

/** `spade status [--json]`: exits 1 while any job is failed. */
export async function runStatus(args: string[]): Promise<number> {
  const settings = settingsOrExplain();
  if (!settings) return 2;
  const services = openServices(settings);
  try {
    await ensureLedgers(services.warehouse, services.ledger); // a fresh warehouse is an empty pipeline
    const status = await pipelineStatus(services.warehouse, services.ledger, services.redis, settings.queues.prefix);
    process.stdout.write(args.includes('--json') ? `${JSON.stringify(status, null, 2)}\n` : formatStatus(status));
    return status.failedJobs > 0 ? 1 : 0;
  } finally {
    await services.close();
  }
}
