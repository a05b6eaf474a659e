/** What the pipeline needs from the event core for one edge line. */
export interface LineOutcome {
  status: 'ok' | 'skipped_column' | 'nontracked' | 'malformed' | 'empty';
  uuid: string;
  /** The event name (`Unknown` when none could be read). */
  name: string;
  /** Table and config version of a written row. */
  table?: string;
  version: number;
  /**
   * The row in the loading encoding as UTF-8 (ok and skipped_column). It may be a view of the
   * core's own buffer: valid until the next processLine.
   */
  row?: Buffer;
  /** The non-tracked dump `{"event":…,"properties":…}` (nontracked). */
  nontracked?: string;
  reason?: string;
}

export interface LineCore {
  /** One outcome per event of the line; never throws. */
  processLine(text: Buffer): LineOutcome[];
}
