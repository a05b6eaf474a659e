/**
 * Where the parser writes a chunk's rejects and non-tracked events (one gzip JSON-lines object per
 * chunk and sink), and where the dashboard reads them back. Keyed by file and chunk, so a re-run of
 * the chunk overwrites its object.
 */
export function sinkObjectKey(prefix: string, fileId: string, chunkIndex: number): string {
  return `${prefix}${fileId}/${chunkIndex}.jsonl.gz`;
}
