import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { listQueueNames, PARSE_QUEUE } from '@spade/queues';
import type { Role } from '../auth/accounts';

type BoardApi = ReturnType<typeof createBullBoard>;
type UiConfig = NonNullable<NonNullable<Parameters<typeof createBullBoard>[0]['options']>['uiConfig']>;

interface BoardQueue {
  queue: Queue;
  full: BullMQAdapter;
  readOnly: BullMQAdapter;
}

export interface QueueBoardsOptions {
  redis: Redis;
  prefix: string;
  /** Where the boards are mounted, e.g. `/queues`. */
  basePath: string;
  /** Links shown in the board's header (pipeline page, log out). */
  links: { text: string; url: string }[];
}

/**
 * Two Bull Boards over the same queues at the same path: a full one for admins and one whose
 * queues are all in read-only mode (no retry, clean, promote or delete buttons; Bull Board itself
 * answers 405 to those calls). The request's role picks the board. `refresh` follows the queues
 * that exist under the prefix, so a table's load queue appears once a part was queued for it.
 */
export class QueueBoards {
  readonly full = new ExpressAdapter();
  readonly readOnly = new ExpressAdapter();
  private readonly fullApi: BoardApi;
  private readonly readOnlyApi: BoardApi;
  private readonly queues = new Map<string, BoardQueue>();
  private refreshing: Promise<string[]> | null = null;

  constructor(private readonly options: QueueBoardsOptions) {
    for (const board of [this.full, this.readOnly]) {
      board.setBasePath(options.basePath);
      board.getRouter().disable('x-powered-by');
    }
    this.fullApi = createBullBoard({ queues: [], serverAdapter: this.full, options: { uiConfig: uiConfig('Spade queues', options.links) } });
    this.readOnlyApi = createBullBoard({
      queues: [],
      serverAdapter: this.readOnly,
      options: { uiConfig: { ...uiConfig('Spade queues', options.links), environment: { label: 'read-only', color: '#6b7280', textColor: '#ffffff' } } },
    });
  }

  /** The Express app of the board for this role. */
  routerFor(role: Role): ReturnType<ExpressAdapter['getRouter']> {
    return role === 'admin' ? this.full.getRouter() : this.readOnly.getRouter();
  }

  names(): string[] {
    return [...this.queues.keys()];
  }

  /** The open queues (for the queue-depth gauge). */
  openQueues(): Queue[] {
    return [...this.queues.values()].map((e) => e.queue);
  }

  /** Adds queues that appeared under the prefix and drops those that are gone; returns the names. */
  refresh(): Promise<string[]> {
    // The timer and a caller may ask at once: one scan serves both.
    this.refreshing ??= this.sync().finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  private async sync(): Promise<string[]> {
    const names = await listQueueNames(this.options.redis, this.options.prefix);
    const current = new Set(names);
    let changed = false;
    for (const [name, entry] of this.queues) {
      if (current.has(name)) continue;
      this.queues.delete(name);
      await entry.queue.close();
      changed = true;
    }
    for (const name of names) {
      if (this.queues.has(name)) continue;
      this.queues.set(name, this.open(name));
      changed = true;
    }
    if (changed) {
      const entries = [...this.queues].sort(([a], [b]) => boardOrder(a, b)).map(([, entry]) => entry);
      // Emptied first: a board keeps a queue where it was first added, and parse belongs on top.
      // Both calls run in one turn of the event loop, so no request sees the empty board.
      for (const [api, pick] of [[this.fullApi, (e: BoardQueue) => e.full], [this.readOnlyApi, (e: BoardQueue) => e.readOnly]] as const) {
        api.replaceQueues([]);
        api.setQueues(entries.map(pick));
      }
    }
    return names;
  }

  async close(): Promise<void> {
    await this.refreshing?.catch(() => undefined); // a scan still running would open queues after this
    await Promise.all([...this.queues.values()].map((e) => e.queue.close()));
    this.queues.clear();
  }

  private open(name: string): BoardQueue {
    // The dashboard only reads and acts on jobs: it must not rewrite a queue's meta key.
    const queue = new Queue(name, { connection: this.options.redis, prefix: this.options.prefix, skipMetasUpdate: true });
    queue.on('error', () => undefined); // connection errors: ioredis reconnects, and each request reports its own
    return {
      queue,
      full: new BullMQAdapter(queue, { delimiter: '.' }),
      readOnly: new BullMQAdapter(queue, { delimiter: '.', readOnlyMode: true }),
    };
  }
}

function uiConfig(title: string, links: QueueBoardsOptions['links']): UiConfig {
  return { boardTitle: title, miscLinks: links, hideDocsLink: true };
}

/** parse first, then the load queues by name. */
function boardOrder(a: string, b: string): number {
  if (a === PARSE_QUEUE || b === PARSE_QUEUE) return a === PARSE_QUEUE ? (b === PARSE_QUEUE ? 0 : -1) : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}
