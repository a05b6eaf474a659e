import { gunzipSync } from 'zlib';
import { PartBuilder, type SealedPart } from '@spade/pipeline';

const text = (part: SealedPart) => gunzipSync(part.gzip).toString('utf8');

describe('PartBuilder', () => {
  it('seals rows into parts of at most maxBytes, numbered in order', () => {
    const builder = new PartBuilder('login', 7, 12);
    const sealed = ['aaaa', 'bbbb', 'cccc', 'dd'].map((row) => builder.add(Buffer.from(row)));
    expect(sealed.map((p) => (p ? [p.seq, p.rows, text(p)] : null))).toEqual([null, null, [0, 2, 'aaaa\nbbbb\n'], null]);
    const last = builder.seal()!;
    expect([last.table, last.version, last.seq, last.rows, text(last)]).toEqual(['login', 7, 1, 2, 'cccc\ndd\n']);
    expect(builder.seal()).toBeNull();
  });

  it('counts UTF-8 bytes, not characters', () => {
    const builder = new PartBuilder('t', 0, 8);
    expect(builder.add(Buffer.from('ééé'))).toBeNull(); // 7 bytes with its newline
    const part = builder.add(Buffer.from('x'))!; // 7 + 2 > 8
    expect([part.rows, text(part)]).toEqual([1, 'ééé\n']);
    expect(text(builder.seal()!)).toBe('x\n');
  });

  it('gives a row larger than maxBytes a part of its own', () => {
    const builder = new PartBuilder('t', 0, 4);
    expect(builder.add(Buffer.from('0123456789'))).toBeNull();
    const part = builder.add(Buffer.from('ab'))!;
    expect([part.seq, part.rows, text(part)]).toEqual([0, 1, '0123456789\n']);
    expect(text(builder.seal()!)).toBe('ab\n');
  });

  it('keeps rows intact when the buffer grows past its first size', () => {
    const rows = Array.from({ length: 3000 }, (_, i) => `row ${i}\t${'x'.repeat(i % 97)}\t✓`);
    const builder = new PartBuilder('t', 0, 1 << 20);
    for (const row of rows) expect(builder.add(Buffer.from(row))).toBeNull();
    const part = builder.seal()!;
    expect(part.rows).toBe(3000);
    expect(text(part)).toBe(`${rows.join('\n')}\n`);
  });

  it('seals gzip members that concatenate into one valid file', () => {
    const builder = new PartBuilder('t', 0, 6);
    const parts = ['ab', 'cd', 'ef'].map((row) => builder.add(Buffer.from(row))).filter((p): p is SealedPart => p !== null);
    parts.push(builder.seal()!);
    expect(gunzipSync(Buffer.concat(parts.map((p) => p.gzip))).toString()).toBe('ab\ncd\nef\n');
  });
});
