import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { gunzipSync } from 'node:zlib';
import { BINDING_PATH, gzipByLibdeflate, gzipByZlib, gzipEngine, gzipEngineProblem, gzipFast, loadBinding } from '@spade/gzip';

/** Rows like the parser's: tab-separated, repeating between rows, a newline each. */
function rows(count: number): Buffer {
  const lines: string[] = [];
  for (let i = 0; i < count; i++) lines.push(['2016-06-04 00:26:40', `login_${i % 97}`, i % 3 === 0 ? 'true' : 'false', `${(i * 7919) % 100000}`, 'Mozilla/5.0 (Windows NT 10.0; Win64; x64)'].join('\t'));
  return Buffer.from(lines.join('\n') + '\n');
}

const loaded = loadBinding(BINDING_PATH);
const binding = 'binding' in loaded ? loaded.binding : null;
const INPUTS: [string, Buffer][] = [
  ['nothing', Buffer.alloc(0)],
  ['one byte', Buffer.from('x')],
  ['rows', rows(5000)],
  ['random bytes (no match to find)', randomBytes(1 << 20)],
  ['a view into the middle of a larger buffer', rows(300).subarray(1001, 9001)],
];

const ENGINES: [string, (bytes: Buffer) => Buffer][] = [
  ['libdeflate', (bytes) => gzipByLibdeflate(binding!, bytes)],
  ['zlib', gzipByZlib],
];

describe('gzip', () => {
  it('the libdeflate binding was built at install, and gzipFast uses it', () => {
    // Not skipped without it: like Redis and Chromium, the tests need what .ci/run installs
    // (python3, make, a C compiler), and a developer should have them too.
    const state = gzipEngineProblem ? `${gzipEngineProblem} — install python3, make and a C compiler, then npm rebuild @spade/gzip` : gzipEngine;
    expect(state).toBe('libdeflate');
  });

  describe.each(ENGINES)('%s', (_engine, gzip) => {
    it.each(INPUTS)('gives one gzip member that inflates to the input: %s', (_name, input) => {
      const member = gzip(input);
      expect(member.subarray(0, 3)).toEqual(Buffer.from([0x1f, 0x8b, 0x08])); // gzip magic, deflate
      expect(gunzipSync(member).equals(input)).toBe(true);
    });

    it('compresses repeating rows to well under half', () => {
      const input = rows(20000);
      expect(gzip(input).length / input.length).toBeLessThan(0.2);
    });

    it('members of both engines concatenate into one gzip file', () => {
      const [a, b] = [rows(100), rows(7)];
      expect(gunzipSync(Buffer.concat([gzip(a), gzipByZlib(b), gzip(b)])).toString()).toBe(`${a}${b}${b}`);
    });
  });

  it('the binding rejects what is not bytes and levels outside 0–12, naming the problem', () => {
    // The binding's errors come from Node's realm, not jest's: compared by name and message.
    const thrown = (call: () => unknown) => {
      try {
        call();
      } catch (error) {
        return `${(error as Error).name}: ${(error as Error).message}`;
      }
      return 'nothing thrown';
    };
    expect(thrown(() => binding!.gzip('text' as unknown as Uint8Array, 1))).toBe('TypeError: gzip: bytes must be a Uint8Array');
    expect(thrown(() => binding!.gzip(new Uint16Array(4) as unknown as Uint8Array, 1))).toBe('TypeError: gzip: bytes must be a Uint8Array');
    expect(thrown(() => binding!.gzip(Buffer.from('x'), 1.5))).toBe('TypeError: gzip: level must be an integer');
    expect(thrown(() => binding!.gzip(Buffer.from('x'), 13))).toBe('RangeError: gzip: level must be 0-12');
    expect(thrown(() => binding!.gzip(Buffer.from('x'), -1))).toBe('RangeError: gzip: level must be 0-12');
  });

  it('compresses in worker threads at the same time as this one (each thread has its own compressor)', async () => {
    const source = `
      const { parentPort } = require('node:worker_threads');
      const { gunzipSync } = require('node:zlib');
      const binding = require(${JSON.stringify(BINDING_PATH)});
      let good = 0;
      for (let i = 0; i < 200; i++) {
        const input = Buffer.from(('row ' + i + '\\t').repeat(1000 + i * 37));
        if (gunzipSync(binding.gzip(input, 1 + (i % 3))).equals(input)) good++;
      }
      parentPort.postMessage(good);`;
    const run = () =>
      new Promise<number>((resolve, reject) => {
        const worker = new Worker(source, { eval: true });
        worker.once('message', resolve);
        worker.once('error', reject);
      });
    const workers = [run(), run()];
    let here = 0;
    for (let i = 0; i < 200; i++) {
      const input = rows(50 + i);
      if (gunzipSync(gzipFast(input)).equals(input)) here++;
    }
    expect([here, ...(await Promise.all(workers))]).toEqual([200, 200, 200]);
  });

  describe('loadBinding', () => {
    const dir = mkdtempSync(join(tmpdir(), 'spade-gzip-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('says the binding was not built when it is not there', () => {
      expect(loadBinding(join(dir, 'missing.node'))).toEqual({ problem: 'libdeflate was not built at install: parts are gzipped by zlib, about 1.6× slower' });
    });

    it('says why a binding that is there does not load', () => {
      const broken = join(dir, 'broken.node');
      writeFileSync(broken, 'not a shared object');
      const result = loadBinding(broken);
      expect('problem' in result && result.problem).toMatch(/^libdeflate did not load \(.*broken\.node.*\): parts are gzipped by zlib/);
    });
  });
});
