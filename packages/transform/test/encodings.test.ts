import { loadRow, loadTableConfig, spadeRow } from '@spade/transform';

describe('spadeRow (the original latest TSV line)', () => {
  it.each<[(string | null)[], string]>([
    [['42', '0.1234', 'kai.hayashi'], '"42"\t"0.1234"\t"kai.hayashi"'],
    [[null, '0.1234', ''], '""\t"0.1234"\t""'],
    [['test\n', 'a\tb', 'say "hi"', 'back\\slash'], '"test\\n"\t"a\\tb"\t"say \\"hi\\""\t"back\\\\slash"'],
    [['\u00a0', 'é😀', '\u{1fae0}'], '"\\u00a0"\t"é😀"\t"\\U0001fae0"'],
    [['only'], '"only"'],
    [[], ''],
  ])('%j → %j', (values, line) => {
    expect(spadeRow(values)).toBe(line);
  });
});

/** PostgreSQL text COPY's reading of a field (enough for what loadRow writes: `\` + character). */
function copyTextField(field: string): string {
  return field.replace(/\\([\s\S])/g, '$1');
}

/** Splits a line at unescaped tabs. */
function copyTextFields(line: string): string[] {
  const fields: string[] = [];
  let current = '';
  for (let i = 0; i < line.length; i++) {
    if (line[i] === '\\') current += line[i] + line[++i];
    else if (line[i] === '\t') {
      fields.push(current);
      current = '';
    } else current += line[i];
  }
  fields.push(current);
  return fields.map(copyTextField);
}

const unlimited = (count: number) => Array.from({ length: count }, () => ({ maxBytes: undefined }));

describe('loadRow (the warehouse load encoding)', () => {
  it('joins fields by TAB, with NULL and empty values as empty fields', () => {
    expect(loadRow(['42', null, '', 'x'], unlimited(4))).toBe('42\t\t\tx');
  });

  it.each([
    ['a backslash', 'a\\b', 'a\\\\b'],
    ['a TAB', 'a\tb', 'a\\\tb'],
    ['a line feed', 'a\nb', 'a\\\nb'],
    ['a carriage return', 'a\rb', 'a\\\rb'],
    ['NUL characters (dropped)', 'a\u0000b\u0000', 'ab'],
    ['quotes and other controls (kept)', '"q" \u0001\u007f', '"q" \u0001\u007f'],
    ['non-ASCII text (kept)', 'é日本😀', 'é日本😀'],
  ])('encodes %s', (_name, value, field) => {
    expect(loadRow([value], unlimited(1))).toBe(field);
  });

  it.each([
    ['ASCII', 'abcdefg', 5, 'abcde'],
    ['text at the limit', 'abcde', 5, 'abcde'],
    ['two-byte characters', 'ééé', 5, 'éé'],
    ['three-byte characters', '日本語', 4, '日'],
    ['a four-byte character', 'ab😀', 5, 'ab'],
    ['four-byte characters', '😀😀', 5, '😀'],
    ['a lone surrogate (3 bytes as U+FFFD)', 'a\ud800b', 3, 'a'],
    ['text whose NULs are not counted', 'a\u0000bcdef', 5, 'abcde'],
  ])('truncates %s to whole UTF-8 characters', (_name, value, maxBytes, field) => {
    expect(loadRow([value], [{ maxBytes }])).toBe(field);
  });

  it('truncates before escaping', () => {
    expect(loadRow(['abc\\de', 'x\ty'], [{ maxBytes: 4 }, { maxBytes: 2 }])).toBe('abc\\\\\tx\\\t');
  });

  it('encodes a row of configured columns', () => {
    const column = (name: string, transformer: string, options = '') =>
      ({ InboundName: name, OutboundName: name, Transformer: transformer, ColumnCreationOptions: options });
    const { tables } = loadTableConfig(JSON.stringify([{
      EventName: 'e', Columns: [column('time', 'f@timestamp@unix'), column('n', 'bigint'), column('ok', 'bool'), column('name', 'varchar', '(4)'), column('city', 'ipCity')],
    }]), 'test.json');
    const values = ['2013-10-17 11:05:55.045', '-42', 'true', 'a\tbcdef', 'Linköping'];
    expect(loadRow(values, tables.get('e')!.columns)).toBe('2013-10-17 11:05:55.045\t-42\ttrue\ta\\\tbc\tLinköping');
  });

  it('reads back as the values through text COPY rules', () => {
    const values = ['plain', 'tab\there', 'new\nline', 'cr\rlf\n', 'back\\slash\\', '\\N', '', null, 'émoji 😀'];
    const line = loadRow(values, unlimited(values.length));
    expect(line.split('\n').every((part, i, parts) => i === parts.length - 1 || part.endsWith('\\'))).toBe(true);
    expect(copyTextFields(line)).toEqual(['plain', 'tab\there', 'new\nline', 'cr\rlf\n', 'back\\slash\\', '\\N', '', '', 'émoji 😀']);
  });
});
