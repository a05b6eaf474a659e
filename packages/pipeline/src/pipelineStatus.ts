import type { Redis } from 'ioredis';
import { Queue } from 'bullmq';
import { listQueueNames } from '@spade/queues';
import { statusSummary, type Queryable, type LedgerTarget, type StatusSummary } from '@spade/warehouse';

export interface QueueCounts {
  queue: string;
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
  completed: number;
}

/** What `spade status` and the dashboard show: the ledgers' progress and every queue's counts. */
export interface PipelineStatus extends StatusSummary {
  queues: QueueCounts[];
  failedJobs: number;
}

export async function pipelineStatus(db: Queryable, target: LedgerTarget, redis: Redis, prefix: string): Promise<PipelineStatus> {
  const summary = await statusSummary(db, target);
  const queues: QueueCounts[] = [];
  for (const name of await listQueueNames(redis, prefix)) {
    const queue = new Queue(name, { connection: redis, prefix, skipMetasUpdate: true });
    const c = await queue.getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed', 'prioritized', 'waiting-children');
    queues.push({ queue: name, waiting: (c.waiting ?? 0) + (c.prioritized ?? 0), active: c.active ?? 0, delayed: c.delayed ?? 0, failed: c.failed ?? 0, completed: c.completed ?? 0 });
    await queue.close();
  }
  return { ...summary, queues, failedJobs: queues.reduce((n, q) => n + q.failed, 0) };
}

/** The status as text for a terminal. */
export function formatStatus(status: PipelineStatus): string {
  const lines = [
    `files      discovered ${status.files.discovered}, parsed ${status.files.parsed}, loaded ${status.files.loaded}`,
    `lines      ${status.lines} (events ${status.events}, rejects ${status.rejects}, non-tracked ${status.nontracked})`,
    `oldest unloaded file: ${status.oldestUnloadedFile ? `${Math.round(status.oldestUnloadedFile.ageMs / 1000)} s old` : 'none'}`,
    `failed jobs: ${status.failedJobs}`,
    '',
    'rows loaded per table:',
    ...status.tables.map((t) => `  ${t.table.padEnd(40)} ${String(t.rows).padStart(10)} rows  ${t.parts} parts`),
  ];
  const busy = status.queues.filter((q) => q.waiting + q.active + q.delayed + q.failed > 0);
  if (busy.length > 0) {
    lines.push('', 'queues with work or failures:');
    for (const q of busy) lines.push(`  ${q.queue.padEnd(40)} waiting ${q.waiting}  active ${q.active}  delayed ${q.delayed}  failed ${q.failed}`);
  }
  return `${lines.join('\n')}\n`;
}
