import { createHash } from 'node:crypto';

/** An inclusive byte range of an input object. */
export interface ChunkRange {
  start: number;
  end: number;
}

/** Gzip objects cannot be split: they are parsed whole, streamed through gunzip. */
export function isGzipKey(key: string): boolean {
  return key.endsWith('.gz') || key.endsWith('.gzip');
}

/**
 * Plans the chunks of an object: a gzip object is one chunk; a plain one is cut into ranges of
 * `chunkBytes` (a line belongs to the chunk it starts in, so ranges need not fall on newlines).
 * An empty object still gets one (empty) chunk so that it is recorded as parsed.
 */
export function planChunks(size: number, chunkBytes: number, gzip: boolean): ChunkRange[] {
  if (gzip || size <= chunkBytes) return [{ start: 0, end: Math.max(size - 1, 0) }];
  const chunks: ChunkRange[] = [];
  for (let start = 0; start < size; start += chunkBytes) {
    chunks.push({ start, end: Math.min(start + chunkBytes, size) - 1 });
  }
  return chunks;
}

/**
 * The ledger id of one version of an object. A new ETag is a new file: its rows are loaded again,
 * which is what an overwritten log means.
 */
export function fileIdOf(bucket: string, key: string, etag: string): string {
  return createHash('sha256').update(`${bucket}\n${key}\n${etag}`).digest('hex').slice(0, 24);
}
