import { Base64Error, decodeBase64, decodeEdgeLine, decodeJson, EdgeLineError, JsonSyntaxError, PayloadError, urlUnescape, UrlEscapeError } from '../src';
import { InputError } from '../src/inputError';

/** The error `run` throws (fails the test when it throws nothing). */
function thrownBy(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a throw');
}

describe('input errors', () => {
  it('are Errors with their message and name, and carry no stack frames', () => {
    const errors: [Error, string, string][] = [
      [thrownBy(() => decodeJson(Buffer.from('{"a":'))), 'JsonSyntaxError', 'unexpected end of JSON input'],
      [thrownBy(() => decodeBase64(Buffer.from('ab!d'), 'standard')), 'Base64Error', 'illegal base64 data at input byte 2'],
      [thrownBy(() => urlUnescape(Buffer.from('a%zz'))), 'UrlEscapeError', 'invalid URL escape "%zz"'],
      [new PayloadError('no event'), 'PayloadError', 'no event'],
      [new EdgeLineError('bad line', ''), 'EdgeLineError', 'bad line'],
    ];
    for (const [error, name, message] of errors) {
      expect(error).toBeInstanceOf(InputError);
      expect(error).toBeInstanceOf(Error);
      expect(error.name).toBe(name);
      expect(error.message).toContain(message);
      // A captured stack would add "    at …" lines after the first.
      expect(error.stack!.split('\n')).toHaveLength(1);
    }
  });

  it('leave the stack trace limit as they found it, so other errors keep their stacks', () => {
    const limit = Error.stackTraceLimit;
    thrownBy(() => decodeEdgeLine(Buffer.from('{"data":')));
    expect(Error.stackTraceLimit).toBe(limit);
    expect(new Error('other').stack!.split('\n').length).toBeGreaterThan(1);
  });

  it('keep the classes callers tell apart', () => {
    expect(thrownBy(() => decodeJson(Buffer.from('[1,]')))).toBeInstanceOf(JsonSyntaxError);
    expect(thrownBy(() => decodeBase64(Buffer.from('a'), 'url'))).toBeInstanceOf(Base64Error);
    expect(thrownBy(() => urlUnescape(Buffer.from('%')))).toBeInstanceOf(UrlEscapeError);
  });
});
