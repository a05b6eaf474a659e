import { Readable } from 'node:stream';
import { chunkLines, LineSplitter, type InputLine } from '../src/lines';
import { planChunks } from '../src/plan';

/** Streams `bytes[from..]` in pieces of `pieceSize`, as a ranged GET would deliver them. */
function rangeStream(bytes: Buffer, from: number, pieceSize: number): Readable {
  const pieces: Buffer[] = [];
  for (let i = from; i < bytes.length; i += pieceSize) pieces.push(bytes.subarray(i, i + pieceSize));
  return Readable.from(pieces);
}

async function linesOfChunk(bytes: Buffer, start: number, end: number, pieceSize: number, maxLineBytes = 1 << 20) {
  const from = start > 0 ? start - 1 : 0;
  const out: InputLine[] = [];
  for await (const line of chunkLines(rangeStream(bytes, from, pieceSize), { streamOffset: from, start, end, maxLineBytes })) {
    out.push(line);
  }
  return out;
}

describe('chunkLines', () => {
  const text = 'alpha\nbeta\n\ngamma-is-longer\nd\nepsilon\n';
  const bytes = Buffer.from(text);

  it('returns every line of a single chunk with offsets and numbers', async () => {
    const lines = await linesOfChunk(bytes, 0, bytes.length - 1, 4);
    expect(lines.map((l) => l.text.toString())).toEqual(['alpha', 'beta', '', 'gamma-is-longer', 'd', 'epsilon']);
    expect(lines.map((l) => l.offset)).toEqual([0, 6, 11, 12, 28, 30]);
    expect(lines.map((l) => l.number)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('keeps a last line without a newline', async () => {
    const lines = await linesOfChunk(Buffer.from('a\nlast'), 0, 5, 3);
    expect(lines.map((l) => l.text.toString())).toEqual(['a', 'last']);
  });

  it.each([1, 2, 3, 5, 6, 7, 11, 16, 40])('gives every line to exactly one chunk (chunk size %i)', async (chunkBytes) => {
    const seen: string[] = [];
    const offsets: number[] = [];
    for (const { start, end } of planChunks(bytes.length, chunkBytes, false)) {
      for (const line of await linesOfChunk(bytes, start, end, 3)) {
        expect(line.offset).toBeGreaterThanOrEqual(start);
        expect(line.offset).toBeLessThanOrEqual(end);
        seen.push(line.text.toString());
        offsets.push(line.offset);
      }
    }
    expect(seen).toEqual(['alpha', 'beta', '', 'gamma-is-longer', 'd', 'epsilon']);
    expect(offsets).toEqual([0, 6, 11, 12, 28, 30]);
  });

  it('cuts a line longer than the limit and reports its real length', async () => {
    const long = Buffer.from(`${'x'.repeat(100)}\nshort\n`);
    const lines = await linesOfChunk(long, 0, long.length - 1, 7, 10);
    expect(lines[0].text.toString()).toBe('x'.repeat(10));
    expect(lines[0].truncatedFrom).toBe(100);
    expect(lines[1].text.toString()).toBe('short');
    expect(lines[1].truncatedFrom).toBeUndefined();
  });
});

describe('planChunks', () => {
  it('splits plain objects into inclusive ranges', () => {
    expect(planChunks(10, 4, false)).toEqual([
      { start: 0, end: 3 },
      { start: 4, end: 7 },
      { start: 8, end: 9 },
    ]);
  });
  it('keeps gzip objects whole', () => {
    expect(planChunks(100, 4, true)).toEqual([{ start: 0, end: 99 }]);
  });
  it('gives an empty object one chunk', () => {
    expect(planChunks(0, 4, false)).toEqual([{ start: 0, end: 0 }]);
  });
});

describe('LineSplitter', () => {
  it('hands lines over synchronously, buffer by buffer, and says when the chunk is done', () => {
    const bytes = Buffer.from('one\ntwo\nthree\nfour\n');
    const splitter = new LineSplitter({ streamOffset: 3, start: 4, end: 9, maxLineBytes: 100 });
    const seen: string[] = [];
    const onLine = (line: InputLine) => seen.push(`${line.number}@${line.offset}:${line.text.toString()}`);
    expect(splitter.push(bytes.subarray(3, 10), onLine)).toBe(true); // "\ntwo\nth": one whole line, one begun
    expect(seen).toEqual(['1@4:two']);
    expect(splitter.push(bytes.subarray(10), onLine)).toBe(false); // "three" ends the chunk; "four" starts after it
    expect(seen).toEqual(['1@4:two', '2@8:three']);
    expect(splitter.finished).toBe(true);
    splitter.end(onLine);
    expect(seen).toHaveLength(2);
  });
});
