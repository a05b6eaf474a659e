import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { PrefixViews } from '@spade/events';

describe('PrefixViews', () => {
  it('gives one view per length, which shows what the buffer holds now', () => {
    const buf = Buffer.from('abcdef');
    const views = new PrefixViews(buf);
    const three = views.of(3);
    expect(three.toString()).toBe('abc');
    expect(views.of(3)).toBe(three); // made once
    buf.write('xyz');
    expect(views.of(3).toString()).toBe('xyz');
    expect(views.of(5).toString()).toBe('xyzde');
    expect(views.of(0)).toHaveLength(0);
  });

  it('forgets the views of a buffer it no longer serves', () => {
    const views = new PrefixViews(Buffer.from('old!'));
    const before = views.of(3);
    views.reset(Buffer.from('new!'));
    expect(views.of(3)).not.toBe(before);
    expect(views.of(3).toString()).toBe('new');
  });

  it('keeps its table of views in fast elements, lengths coming in any order (V8 asked in a child process)', () => {
    const events = join(__dirname, '..', 'dist', 'index.js');
    const script = `
      const { PrefixViews } = require(${JSON.stringify(events)});
      const views = new PrefixViews(Buffer.alloc(70000));
      for (const length of [5000, 7, 60000, 900, 3]) views.of(length);
      const sparse = []; sparse[5000] = 1; // what a plain [] becomes, to show the check can fail
      console.log(JSON.stringify([%HasDictionaryElements(views.views), %HasDictionaryElements(sparse)]));`;
    const answer = execFileSync(process.execPath, ['--allow-natives-syntax', '-e', script], { encoding: 'utf8' });
    expect(JSON.parse(answer)).toEqual([false, true]);
  });

  it('gives long prefixes fresh views rather than keeping them', () => {
    const views = new PrefixViews(Buffer.alloc(70000, 0x61));
    const long = views.of(69999);
    expect(long).toHaveLength(69999);
    expect(views.of(69999)).not.toBe(long);
  });
});
