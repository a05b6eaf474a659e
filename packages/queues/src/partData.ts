import type { Redis } from 'ioredis';

/**
 * Part data: each load job's rows — one gzip member — kept in Redis beside the job, as a binary
 * string, instead of base64 inside the job's JSON. A part costs Redis its compressed size, and
 * neither the parser nor the writer builds or parses a string of it.
 *
 * Key: `<prefix>:parts:<partId>` (the queues' prefix, so a Redis Cluster hash tag in it applies).
 *
 * Life: the parser writes a chunk's part data before it queues the chunk's load jobs (a re-run of
 * the chunk writes the same keys again); the writer reads them to build a batch file and deletes
 * them once the parts are in the load ledger. Every key expires after PART_DATA_TTL_SECONDS, so
 * data whose job ended failed stays long enough to retry it by hand, but never for ever.
 */
export const PART_DATA_TTL_SECONDS = 14 * 24 * 3600;

export function partDataKey(prefix: string, partId: string): string {
  return `${prefix}:parts:${partId}`;
}

/** A part's data missing when a batch needs it (expired, or deleted by hand). */
export class PartDataMissingError extends Error {
  constructor(readonly partIds: string[]) {
    super(`part data missing in Redis for ${partIds.join(', ')} (expired after ${PART_DATA_TTL_SECONDS / 86400} days, or deleted): re-parse the chunk`);
    this.name = 'PartDataMissingError';
  }
}

export class PartData {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  /** Stores parts' gzip members (one round trip). */
  async put(parts: readonly { partId: string; gzip: Buffer }[]): Promise<void> {
    if (parts.length === 0) return;
    const pipeline = this.redis.pipeline();
    for (const part of parts) pipeline.set(partDataKey(this.prefix, part.partId), part.gzip, 'EX', PART_DATA_TTL_SECONDS);
    throwFirstError(await pipeline.exec());
  }

  /** The parts' gzip members, in order; throws PartDataMissingError naming any that are gone. */
  async get(partIds: readonly string[]): Promise<Buffer[]> {
    if (partIds.length === 0) return [];
    const pipeline = this.redis.pipeline();
    for (const partId of partIds) pipeline.getBuffer(partDataKey(this.prefix, partId));
    const replies = throwFirstError(await pipeline.exec());
    const missing = partIds.filter((_, i) => replies[i][1] === null);
    if (missing.length > 0) throw new PartDataMissingError(missing);
    return replies.map(([, value]) => value as Buffer);
  }

  async delete(partIds: readonly string[]): Promise<void> {
    if (partIds.length === 0) return;
    await this.redis.del(...partIds.map((partId) => partDataKey(this.prefix, partId)));
  }
}

type PipelineReplies = [Error | null, unknown][];

function throwFirstError(replies: PipelineReplies | null): PipelineReplies {
  if (replies === null) throw new Error('Redis pipeline was not executed');
  for (const [error] of replies) if (error) throw error;
  return replies;
}
