/**
 * The sample every end-to-end pipeline test loads, and the check that it landed exactly once:
 * rows per table, the load ledger's row count, reject and non-tracked records.
 */
import { multiMemberGzip, type PipelineRig, sampleLines } from './pipelineRig';

export type Expected = ReturnType<PipelineRig['expected']>;

/** A row in the loading encoding → its column values as PostgreSQL's ::text shows them, TAB-joined. */
export function valuesOf(loadRow: string): string {
  const values: string[] = [];
  let value = '';
  for (let i = 0; i < loadRow.length; i++) {
    const c = loadRow[i];
    if (c === '\\') value += loadRow[++i];
    else if (c === '\t') {
      values.push(value);
      value = '';
    } else value += c;
  }
  values.push(value);
  return values.join('\t');
}

/** Three input files: a plain one split into many chunks, a multi-member gzip one, a small plain one without final newline. */
export async function seedSample(rig: PipelineRig): Promise<Expected> {
  const big = sampleLines(11, 1500, rig.tables); // ≈1.5 MB plain: many 64 KiB chunks
  const zipped = sampleLines(12, 400, rig.tables);
  const small = sampleLines(13, 50, rig.tables);
  await rig.put('edge/2026/11/26/big.log', Buffer.from(`${big.join('\n')}\n`));
  await rig.put('edge/2026/11/26/zipped.log.gz', multiMemberGzip(zipped));
  await rig.put('edge/2026/11/26/small.log', Buffer.from(small.join('\n'))); // no final newline
  return rig.expected([...big, ...zipped, ...small]);
}

export async function assertExactlyOnce(rig: PipelineRig, expected: Expected): Promise<void> {
  expect(expected.rows.size).toBeGreaterThan(20);
  for (const [table, rows] of expected.rows) {
    const actual = await rig.tableRows(table);
    expect({ table, count: actual.length }).toEqual({ table, count: rows.length });
    expect(actual).toEqual(rows.map(valuesOf).sort());
  }
  const loads = await rig.query<{ n: string; rows: string }>('SELECT count(*) AS n, sum(rows) AS rows FROM spade_loads');
  const total = [...expected.rows.values()].reduce((n, r) => n + r.length, 0);
  expect(Number(loads[0].rows)).toBe(total);
  const rejects = await rig.recordsUnder('rejects/');
  const nontracked = await rig.recordsUnder('nontracked/');
  expect(rejects.length).toBe(expected.rejects);
  expect(nontracked.length).toBe(expected.nontracked);
  expect(rejects[0]).toEqual(expect.objectContaining({ file: expect.stringMatching(/^s3:\/\/spade-e2e\/edge\//), line: expect.any(Number), offset: expect.any(Number), reason: expect.any(String) }));
}
