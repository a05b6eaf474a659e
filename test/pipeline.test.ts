/**
 * End to end: the scheduler, parsers and writers as separate OS processes against real Redis,
 * PostgreSQL and an S3 server over HTTP. Gzip (multi-member) and plain files — one split into
 * many chunks, with broken lines and non-tracked events — must land in the warehouse exactly
 * once, also when a parser and a writer are killed with SIGKILL at random moments.
 */
import { PipelineRig } from './support/pipelineRig';
import { createRedis, partDataKey } from '@spade/queues';
import { assertExactlyOnce, seedSample as seed } from './support/pipelineAssertions';

jest.setTimeout(420_000);

describe('pipeline', () => {
  let rig: PipelineRig;
  beforeEach(async () => {
    rig = new PipelineRig();
    await rig.start();
  });
  afterEach(async () => {
    await rig.stop();
  });

  it('loads gzip and plain files, split into chunks, exactly once with rejects and non-tracked events kept', async () => {
    const expected = await seed(rig);
    rig.run('scheduler-1', 'scheduler'); // two replicas scan the same prefix
    rig.run('scheduler-2', 'scheduler');
    rig.run('parser-1', 'parser');
    rig.run('parser-2', 'parser');
    rig.run('writer-1', 'writer');
    rig.run('writer-2', 'writer');
    await rig.waitForLoaded(3, 360_000);
    await assertExactlyOnce(rig, expected);
    const chunks = await rig.query<{ n: string }>('SELECT count(*) AS n FROM spade_chunks');
    expect(Number(chunks[0].n)).toBeGreaterThan(10);
    // Loaded parts' data leaves Redis with them (the writer deletes it once the ledger has them).
    const redis = createRedis(rig.redis.url, 'producer');
    try {
      const partKeys = async () => (await redis.keys(partDataKey(rig.redis.prefix, '*'))).length;
      for (let i = 0; i < 50 && (await partKeys()) > 0; i++) await new Promise((r) => setTimeout(r, 100));
      expect(await partKeys()).toBe(0);
    } finally {
      redis.disconnect();
    }
    const files = await rig.query<{ key: string }>('SELECT key FROM spade_files ORDER BY key');
    expect(files.map((f) => f.key)).toEqual(['edge/2026/11/26/big.log', 'edge/2026/11/26/small.log', 'edge/2026/11/26/zipped.log.gz']);
  });

  it('loses and duplicates nothing when a parser and a writer are killed with SIGKILL mid-run', async () => {
    const expected = await seed(rig);
    rig.run('scheduler', 'scheduler');
    rig.run('parser-1', 'parser');
    rig.run('writer-1', 'writer');
    // Kill at moments drawn from a seeded sequence, restarting each process after its kill.
    const delays = [1500, 2500, 1200, 3000];
    for (let round = 0; round < delays.length; round++) {
      await new Promise((r) => setTimeout(r, delays[round]));
      const victim = round % 2 === 0 ? 'parser-1' : 'writer-1';
      await rig.kill(victim, 'SIGKILL');
      rig.run(victim, victim.startsWith('parser') ? 'parser' : 'writer');
    }
    await rig.waitForLoaded(3, 360_000);
    await assertExactlyOnce(rig, expected);
  });
});
