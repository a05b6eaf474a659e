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

  it('gives long prefixes fresh views rather than keeping them', () => {
    const views = new PrefixViews(Buffer.alloc(70000, 0x61));
    const long = views.of(69999);
    expect(long).toHaveLength(69999);
    expect(views.of(69999)).not.toBe(long);
  });
});
