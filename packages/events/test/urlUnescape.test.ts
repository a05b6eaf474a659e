import { urlUnescape, UrlEscapeError } from '@spade/events';

const unescape = (text: string): string => urlUnescape(Buffer.from(text, 'latin1')).toString('latin1');

function escapeError(text: string): UrlEscapeError {
  try {
    urlUnescape(Buffer.from(text, 'latin1'));
  } catch (error) {
    if (error instanceof UrlEscapeError) return error;
    throw error;
  }
  throw new Error(`expected an escape error for ${text}`);
}

describe('urlUnescape (Go url.QueryUnescape)', () => {
  it.each([
    ['eyJldmVudCI6ImhlbGxvIn0%3D', 'eyJldmVudCI6ImhlbGxvIn0='],
    ['%3d%3D', '=='],
    ['a+b++c', 'a b  c'],
    ['%2B+%2b', '+ +'],
    ['%0A%00%ff', '\n\u0000\u00ff'],
    ['%41%42%43', 'ABC'],
    ['no-escapes_here', 'no-escapes_here'],
    ['', ''],
  ])('%j → %j', (input, expected) => {
    expect(unescape(input)).toBe(expected);
  });

  it('returns the very same buffer when there is nothing to unescape', () => {
    const input = Buffer.from('eyJldmVudCI6ImhlbGxvIn0=');
    expect(urlUnescape(input)).toBe(input);
  });

  it('unescapes a range of a larger buffer', () => {
    expect(urlUnescape(Buffer.from('%zzA%3Dx'), 3, 7).toString()).toBe('A=');
  });

  it.each([
    ['%zz', '%zz', 0],
    ['abc%4', '%4', 3],
    ['abc%', '%', 3],
    ['%4g1', '%4g', 0],
    ['ok%3D%G0', '%G0', 5],
    ['a%"b', '%\\"b', 1],
    ['a%\u00e9', '%\\xe9', 1],
  ])('%j is an error naming %j at offset %i', (input, escape, offset) => {
    const error = escapeError(input);
    expect(error.escape).toBe(escape);
    expect(error.offset).toBe(offset);
    expect(error.message).toBe(`invalid URL escape "${escape}"`);
  });
});
