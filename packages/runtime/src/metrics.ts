import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

/** Every metric name starts with this, the process metrics of prom-client too. */
export const METRIC_PREFIX = 'spade_';

/** The outcomes of an event, as `spade parse` and the reject records name them. */
export const EVENT_STATUSES = ['ok', 'skipped_column', 'nontracked', 'malformed', 'empty'] as const;
export type EventStatus = (typeof EVENT_STATUSES)[number];

/**
 * What a parser adds up between two reports: counted in plain fields by the parse loop, and handed
 * over every few thousand lines, so a metric costs nothing per event.
 */
export interface ParseProgress {
  lines: number;
  /** Input bytes of those lines (uncompressed), newlines included. */
  bytes: number;
  ok: number;
  skippedColumn: number;
  nontracked: number;
  malformed: number;
  empty: number;
}

/** Load duration buckets (seconds): a small COPY takes tens of ms, a 64 MiB Redshift COPY minutes. */
const LOAD_SECONDS_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];

/**
 * The counters of one process, in its own registry (never prom-client's global one, so several
 * processes' metrics can live side by side in a test). Pipeline code sees only the small
 * interfaces it declares (`ParseMetrics`, the writer's hooks), which this object satisfies.
 */
export class SpadeMetrics {
  readonly registry: Registry;
  private readonly linesRead: Counter;
  private readonly inputBytes: Counter;
  private readonly partsEmitted: Counter;
  private readonly outputBytes: Counter;
  private readonly rowsLoaded: Counter<'table'>;
  private readonly loadSeconds: Histogram<'table'>;
  private readonly events: Record<EventStatus, Counter.Internal>;

  constructor(options: { processMetrics?: boolean } = {}) {
    const registry = new Registry();
    this.registry = registry;
    if (options.processMetrics !== false) collectDefaultMetrics({ register: registry, prefix: METRIC_PREFIX });
    const registers = [registry];
    this.linesRead = new Counter({ name: `${METRIC_PREFIX}lines_read_total`, help: 'Input lines read by parsers.', registers });
    this.inputBytes = new Counter({
      name: `${METRIC_PREFIX}input_bytes_total`,
      help: 'Input bytes read by parsers: the (uncompressed) bytes of the lines, newlines included.',
      registers,
    });
    const events = new Counter<'status'>({
      name: `${METRIC_PREFIX}events_total`,
      help: 'Events by outcome (ok, skipped_column, nontracked, malformed, empty); a line over the length limit is one malformed event.',
      labelNames: ['status'],
      registers,
    });
    this.events = {
      ok: events.labels('ok'),
      skipped_column: events.labels('skipped_column'),
      nontracked: events.labels('nontracked'),
      malformed: events.labels('malformed'),
      empty: events.labels('empty'),
    };
    // Every status is shown from the start, so a rate over it is never "no data".
    for (const status of EVENT_STATUSES) this.events[status].inc(0);
    this.partsEmitted = new Counter({ name: `${METRIC_PREFIX}parts_emitted_total`, help: 'Parts parsers put on the load queues.', registers });
    this.outputBytes = new Counter({
      name: `${METRIC_PREFIX}output_bytes_total`,
      help: 'Bytes of batch files (gzip) writers wrote to S3.',
      registers,
    });
    this.rowsLoaded = new Counter({
      name: `${METRIC_PREFIX}rows_loaded_total`,
      help: 'Rows loaded into the warehouse, per table.',
      labelNames: ['table'],
      registers,
    });
    this.loadSeconds = new Histogram({
      name: `${METRIC_PREFIX}load_duration_seconds`,
      help: 'Duration of one batch load (COPY and load ledger, one transaction), per table.',
      labelNames: ['table'],
      buckets: LOAD_SECONDS_BUCKETS,
      registers,
    });
  }

  addParseProgress(progress: ParseProgress): void {
    this.linesRead.inc(progress.lines);
    this.inputBytes.inc(progress.bytes);
    this.events.ok.inc(progress.ok);
    this.events.skipped_column.inc(progress.skippedColumn);
    this.events.nontracked.inc(progress.nontracked);
    this.events.malformed.inc(progress.malformed);
    this.events.empty.inc(progress.empty);
  }

  addPartsEmitted(parts: number): void {
    this.partsEmitted.inc(parts);
  }

  addBatchWritten(bytes: number): void {
    this.outputBytes.inc(bytes);
  }

  /** One loaded batch of a table: its rows and how long the load took. */
  addLoad(table: string, rows: number, seconds: number): void {
    this.rowsLoaded.inc({ table }, rows);
    this.loadSeconds.observe({ table }, seconds);
  }

  /** Prometheus text of every metric. */
  text(): Promise<string> {
    return this.registry.metrics();
  }
}
