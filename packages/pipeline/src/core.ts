import { parseLine } from '@spade/events';
import { FastLines, loadRow, transformEvent, type GeoIp, type TableSet } from '@spade/transform';
import type { LineCore, LineOutcome } from './lineCore';

const EMPTY_LINE: LineOutcome[] = [{ status: 'malformed', uuid: '', name: 'Unknown', version: 0, reason: 'empty line' }];

/**
 * The event core as the parser uses it: line → events → outcomes with rows in the loading encoding.
 * Lines go through the fast path (FastLines: rows written from the payload bytes) and, when it
 * does not cover a line, through the general path, which decides every case.
 */
export function createLineCore(tables: TableSet, geo: GeoIp): LineCore {
  const fast = new FastLines(tables, geo);
  const general = createGeneralLineCore(tables, geo);
  return {
    processLine(text: Buffer): LineOutcome[] {
      if (text.length === 0) return EMPTY_LINE;
      return fast.outcomes(text) ?? general.processLine(text);
    },
  };
}

/** The general path alone: parseLine, transformEvent and loadRow (the reference for the fast path). */
export function createGeneralLineCore(tables: TableSet, geo: GeoIp): LineCore {
  return {
    processLine(text: Buffer): LineOutcome[] {
      if (text.length === 0) return EMPTY_LINE;
      const outcomes: LineOutcome[] = [];
      for (const event of parseLine(text)) {
        const result = transformEvent(event, tables, geo);
        const outcome: LineOutcome = { status: result.status, uuid: result.uuid, name: result.name, version: result.version };
        if (result.reason !== undefined) outcome.reason = result.reason;
        if (result.values && result.table !== undefined) {
          outcome.table = result.table;
          outcome.row = Buffer.from(loadRow(result.values, tables.get(result.table)!.columns));
        }
        if (result.nontracked !== undefined) outcome.nontracked = result.nontracked;
        outcomes.push(outcome);
      }
      return outcomes;
    },
  };
}
