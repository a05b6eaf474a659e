import { gunzipSync } from 'node:zlib';
import { JsonLinesSink } from '../src/jsonLinesSink';

describe('JsonLinesSink', () => {
  it('uploads every record as gzip JSON lines, waiting for drains without piling up listeners', async () => {
    const pieces: Buffer[] = [];
    const sink = new JsonLinesSink(async (body) => {
      for await (const piece of body) {
        pieces.push(piece as Buffer);
        await new Promise((r) => setImmediate(r)); // a slow reader: the gzip stream fills up
      }
    });
    const filler = 'x'.repeat(2000);
    for (let i = 0; i < 3000; i++) {
      sink.write({ line: i, filler: `${i}${filler}` });
      await sink.drained();
    }
    // Each wait for a drain listens for drain and close: both go once it is over.
    const gzip = (sink as unknown as { gzip: NodeJS.EventEmitter }).gzip;
    expect(gzip.listenerCount('drain') + gzip.listenerCount('close')).toBeLessThan(5);
    await sink.close();
    const lines = gunzipSync(Buffer.concat(pieces)).toString('utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(3000);
    expect(JSON.parse(lines[2999])).toEqual({ line: 2999, filler: `2999${filler}` });
    expect(sink.count).toBe(3000);
  });
});
