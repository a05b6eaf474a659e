import { Writable } from 'node:stream';
import { createLogger, safeError, secretScrubber, urlPasswords } from '@spade/runtime';

/** A logger whose JSON lines are collected. */
function capture(options: { secrets?: string[]; level?: string } = {}) {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  const log = createLogger('test', options.level ?? 'info', { secrets: options.secrets, destination });
  return { log, lines, records: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

describe('createLogger', () => {
  it('writes one JSON object per line with app, pid, time, level and message', () => {
    const { log, records } = capture();
    log.info({ table: 'login', rows: 12 }, 'batch loaded');
    expect(records()).toEqual([
      { level: 30, time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), app: 'test', pid: process.pid, table: 'login', rows: 12, msg: 'batch loaded' },
    ]);
  });

  it.each([
    ['password', { password: 'hunter22' }, 'hunter22'],
    ['secretAccessKey', { s3: { secretAccessKey: 'AKsecret' } }, 'AKsecret'],
    ['url', { warehouse: { url: 'postgres://u:pw@h/db' } }, 'pw@h'],
    ['row', { row: 'a\tb\tc' }, 'a\\tb'],
    ['raw', { reject: { raw: 'GET /track?data=abc' } }, '/track'],
    ['gzip', { part: { gzip: 'H4sIAAAA' } }, 'H4sI'],
    ['data', { job: { data: { gzip: 'H4sI' } } }, 'H4sI'],
  ])('redacts a %s field wherever it is', (_, fields, hidden) => {
    const { log, lines } = capture();
    log.info(fields, 'something');
    expect(lines[0]).toContain('"[redacted]"');
    expect(lines[0]).not.toContain(hidden);
  });

  it('scrubs secret values from any text, error messages included', () => {
    const { log, lines } = capture({ secrets: ['W4rehouse-pass', 'S3-secret-key'] });
    log.error({ err: new Error('login failed with W4rehouse-pass at db') }, 'startup failed: S3-secret-key rejected');
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain('W4rehouse-pass');
    expect(lines[0]).not.toContain('S3-secret-key');
    expect(JSON.parse(lines[0])).toEqual(expect.objectContaining({ msg: 'startup failed: [redacted] rejected' }));
  });

  it('logs errors as type, message, code and stack only', () => {
    const { log, records } = capture();
    const error = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED', config: { password: 'x' }, detail: 'Key (id)=(42)' });
    log.error({ err: error }, 'scan failed');
    const err = records()[0].err as Record<string, unknown>;
    expect(Object.keys(err).sort()).toEqual(['code', 'message', 'stack', 'type']);
    expect(err).toEqual(expect.objectContaining({ type: 'Error', message: 'connect ECONNREFUSED 127.0.0.1:5432', code: 'ECONNREFUSED' }));
  });
});

describe('safeError', () => {
  it('elides the quoted values of an error raised while COPYing rows, and drops its stack', () => {
    const error = Object.assign(new Error('invalid input syntax for type bigint: "user-42@example.com"'), {
      code: '22P02',
      where: 'COPY login, line 3, column user_id: "user-42@example.com"',
    });
    expect(safeError(error)).toEqual({ type: 'Error', message: 'invalid input syntax for type bigint: "…"', code: '22P02' });
  });

  it('passes a string through', () => {
    expect(safeError('plain text')).toBe('plain text');
  });
});

describe('secretScrubber', () => {
  it('replaces a secret and its JSON-escaped form', () => {
    const scrub = secretScrubber(['pa"ss\\word'])!;
    expect(scrub(JSON.stringify({ msg: 'x pa"ss\\word y' }))).toBe('{"msg":"x [redacted] y"}');
  });

  it('leaves secrets shorter than 4 characters alone, and is null with nothing to scrub', () => {
    expect(secretScrubber(['abc', ''])).toBeNull();
  });
});

describe('urlPasswords', () => {
  it.each<[string, string[]]>([
    ['postgres://spade:s3cret@db:5432/spade', ['s3cret']],
    ['postgres://spade:p%40ss%2Fw@db/spade', ['p%40ss%2Fw', 'p@ss/w']],
    ['redis://127.0.0.1:6379', []],
    ['not a url', []],
  ])('%s → %j', (url, passwords) => {
    expect(urlPasswords(url)).toEqual(passwords);
  });
});
