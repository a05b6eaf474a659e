import { isUtf8 } from 'node:buffer';
import { keepStringPrototypeFast } from '@spade/events';
import type { ParseProgress } from '@spade/runtime';
import type { InputLine } from './lines';
import { PartBuilder, type SealedPart } from './parts';
import type { LineCore, LineOutcome } from './lineCore';

function noProgress(): ParseProgress {
  return { lines: 0, bytes: 0, ok: 0, skippedColumn: 0, nontracked: 0, malformed: 0, empty: 0 };
}

/** Where records go, one at a time and synchronously (a JsonLinesSink is one). */
export interface RecordSink<T> {
  write(record: T): void;
}

/** A reject keeps the whole line (UTF-8 text, or base64 when it is not valid UTF-8): nothing is lost. */
export interface RejectRecord {
  file: string;
  chunk: number;
  line: number;
  offset: number;
  status: string;
  reason: string;
  uuid: string;
  raw?: string;
  rawBase64?: string;
}

export interface NontrackedRecord {
  file: string;
  chunk: number;
  line: number;
  offset: number;
  uuid: string;
  event: string;
  record: string | undefined;
}

export interface ChunkParserOptions {
  core: LineCore;
  partMaxBytes: number;
  maxLineBytes: number;
  /** The chunk's source (`s3://bucket/key`) and index, as side records name them. */
  source: string;
  chunkIndex: number;
  rejects: RecordSink<RejectRecord>;
  nontracked: RecordSink<NontrackedRecord>;
}

/**
 * The synchronous heart of a chunk's parse, shared by the parser and the benchmark: each line
 * through the core, rows into per-table parts (sealed as they fill), rejects and non-tracked events
 * to their sinks, counts for the summary and the metrics. The caller feeds lines (see
 * LineSplitter), takes `sealed` parts away, and calls finish() after the last line.
 */
export class ChunkParser {
  /** Parts sealed and not yet taken by the caller. */
  sealed: SealedPart[] = [];
  /** Counts since the caller last took them (takeProgress). */
  private progress: ParseProgress = noProgress();
  lines = 0;
  events = 0;
  rows = 0;
  /** Bytes of the rows, newlines included. */
  rowBytes = 0;
  private readonly builders = new Map<string, PartBuilder>();

  constructor(private readonly options: ChunkParserOptions) {
    keepStringPrototypeFast(); // per chunk: whatever modules loaded since cannot slow the string code down for long
  }

  /** One line (a LineHandler: bound, so it can be handed to a LineSplitter as it is). */
  readonly handleLine = (line: InputLine): void => {
    const progress = this.progress;
    this.lines++;
    progress.lines++;
    progress.bytes += (line.truncatedFrom ?? line.text.length) + 1;
    if (line.truncatedFrom !== undefined) {
      progress.malformed++;
      this.reject(line, 'malformed', `line is ${line.truncatedFrom} bytes, over the ${this.options.maxLineBytes}-byte limit`, '');
      return;
    }
    const outcomes = this.options.core.processLine(line.text);
    for (let i = 0; i < outcomes.length; i++) {
      const outcome = outcomes[i];
      this.events++;
      switch (outcome.status) {
        case 'ok':
          progress.ok++;
          this.addRow(outcome);
          break;
        case 'skipped_column':
          progress.skippedColumn++;
          this.addRow(outcome);
          break;
        case 'nontracked':
          progress.nontracked++;
          this.options.nontracked.write({
            file: this.options.source, chunk: this.options.chunkIndex, line: line.number, offset: line.offset, uuid: outcome.uuid, event: outcome.name, record: outcome.nontracked,
          });
          break;
        default:
          if (outcome.status === 'malformed') progress.malformed++;
          else progress.empty++;
          this.reject(line, outcome.status, outcome.reason ?? '', outcome.uuid);
      }
    }
  };

  /** The counts since the last call. */
  takeProgress(): ParseProgress {
    const progress = this.progress;
    this.progress = noProgress();
    return progress;
  }

  /** Seals every table's last part (into `sealed`). */
  finish(): void {
    for (const builder of this.builders.values()) {
      const part = builder.seal();
      if (part) this.sealed.push(part);
    }
  }

  private addRow(outcome: LineOutcome): void {
    this.rows++;
    this.rowBytes += outcome.row!.length + 1;
    let builder = this.builders.get(outcome.table!);
    if (!builder) {
      builder = new PartBuilder(outcome.table!, outcome.version, this.options.partMaxBytes);
      this.builders.set(outcome.table!, builder);
    }
    const part = builder.add(outcome.row!);
    if (part) this.sealed.push(part);
  }

  private reject(line: InputLine, status: string, reason: string, uuid: string): void {
    const text = line.text;
    const record: RejectRecord = { file: this.options.source, chunk: this.options.chunkIndex, line: line.number, offset: line.offset, status, reason, uuid };
    if (isUtf8(text)) record.raw = text.toString('utf8');
    else record.rawBase64 = text.toString('base64');
    this.options.rejects.write(record);
  }
}
