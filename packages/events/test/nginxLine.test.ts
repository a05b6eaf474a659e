import { lexNginxLine } from '@spade/events';

const UUID = 'b965f6d8-49e13880-5350734c-fa42601d46b5ddda';

function lex(line: string): { ip: string; time: string; data: string; uuid: string; hasData: boolean } {
  const lexed = lexNginxLine(Buffer.from(line, 'latin1'));
  return {
    ip: lexed.ip.toString('latin1'),
    time: lexed.time.toString('latin1'),
    data: lexed.data.toString('latin1'),
    uuid: lexed.uuid.toString('latin1'),
    hasData: lexed.hasData,
  };
}

describe('lexNginxLine: the examples of SPADE-REFERENCE §2.2 (log_lexer_test.go)', () => {
  it.each([
    [`10.0.1.69/127.0.0.1 [1381280296.633] "ip=0&data=eyJldmVudCI6ImhlbGxvIn0%3D" ${UUID}`, '10.0.1.69', '1381280296', 'eyJldmVudCI6ImhlbGxvIn0%3D'],
    [`-/10.0.1.69 [1381280296.633] "data=eyJldmVudCI6ImhlbGxvIn0%3D&ip=0" ${UUID}`, '10.0.1.69', '1381280296', 'eyJldmVudCI6ImhlbGxvIn0%3D'],
    [`10.0.1.69/- [1381280296.633] data=eyJldmVudCI6ImhlbGxvIn0=&ip=0 ${UUID}`, '10.0.1.69', '1381280296', 'eyJldmVudCI6ImhlbGxvIn0='],
    [`10.0.1.69 [1381280296.633] "data=eyJldmVudCI6ImhlbGxvIn0=&ip=0" ${UUID}`, '10.0.1.69', '1381280296', 'eyJldmVudCI6ImhlbGxvIn0='],
    [`-10.0.1.69| [1381280296.633] "data=eyJldmVudCI6ImhlbGxvIn0=&ip=0" ${UUID}`, '10.0.1.69', '1381280296', 'eyJldmVudCI6ImhlbGxvIn0='],
    [`98.227.19.187 [1397781324.000] data=eyJldmVudCI6ImhlbGxvIn0%3D ${UUID}`, '98.227.19.187', '1397781324', 'eyJldmVudCI6ImhlbGxvIn0%3D'],
    [`98.227.19.187, 222.222.222.222 [1397781324.000] data=eyJldmVudCI6ImhlbGxvIn0%3D ${UUID}`, '98.227.19.187', '1397781324', 'eyJldmVudCI6ImhlbGxvIn0%3D'],
    [`98.227.19.187, 222.222.222.222 [1397781324.000] data=ip=1&data=eyJldmVudCI6ImhlbGxvIn0%3D ${UUID}`, '98.227.19.187', '1397781324', 'ip=1'],
  ])('%s', (line, ip, time, data) => {
    expect(lex(line)).toEqual({ ip, time, data, uuid: UUID, hasData: true });
  });
});

describe('lexNginxLine: the rules', () => {
  it('drops every "-" from the IP, not only leading ones', () => {
    expect(lex('1-0.0.-0.1 [1.0] data=x u').ip).toBe('10.0.0.1');
  });

  it('ends the IP at "/" only after something was collected', () => {
    expect(lex('//a/b [1.0] data=x u').ip).toBe('a');
  });

  it('keeps the IP empty when the line starts with a separator', () => {
    expect(lex(' [1.0] data=x u').ip).toBe('');
  });

  it('collects the time up to the first "." after "[" (anything, not only digits)', () => {
    expect(lex('1 x [13x] .5 data=x u').time).toBe('13x] ');
  });

  it('swallows the rest of the line as time when there is no "."', () => {
    expect(lex('1 [1381280296] data=eyJ u')).toEqual({ ip: '1', time: '1381280296] data=eyJ u', data: '', uuid: '', hasData: false });
  });

  it('has no data without "["', () => {
    expect(lex('1.2.3.4 data=x u')).toEqual({ ip: '1.2.3.4', time: '', data: '', uuid: '', hasData: false });
  });

  it('does not re-examine the mismatching byte: "ddata=" does not match', () => {
    expect(lex('1 [1.0] ddata=AAAA uuid').hasData).toBe(false);
    expect(lex('1 [1.0] ddata=AAAA data=BBBB uuid')).toMatchObject({ data: 'BBBB', uuid: 'uuid' });
    expect(lex('1 [1.0] datdata=AAAA uuid').hasData).toBe(false); // the 'd' that broke 'data' is not a new start
    expect(lex('1 [1.0] dadata=AAAA uuid').hasData).toBe(false);
    expect(lex('1 [1.0] dxdata=AAAA uuid')).toMatchObject({ data: 'AAAA', uuid: 'uuid' });
  });

  it('searches for data= only after the time', () => {
    expect(lex('data=1 [5.0] data=2 u')).toMatchObject({ ip: 'data=1', time: '5', data: '2', uuid: 'u' });
  });

  it.each([
    ['ends data at ";" and skips to the next space', '1 [1.0] data=AAAA;junk uuid rest', 'AAAA', 'uuid'],
    ['ends data at "&"', '1 [1.0] data=AAAA&ip=0 uuid', 'AAAA', 'uuid'],
    ['ends data at a quote', '1 [1.0] "data=AAAA" uuid', 'AAAA', 'uuid'],
    ['gives an empty UUID for two spaces', '1 [1.0] data=AAAA  uuid', 'AAAA', ''],
    ['runs data to the end of the line', '1 [1.0] data=AAAA', 'AAAA', ''],
    ['gives an empty UUID when nothing follows the terminator', '1 [1.0] data=AAAA&ip=0', 'AAAA', ''],
    ['ignores anything after the UUID', '1 [1.0] data=AAAA fffff-1 recordversion=1', 'AAAA', 'fffff-1'],
  ])('%s', (_name, line, data, uuid) => {
    expect(lex(line)).toMatchObject({ data, uuid, hasData: true });
  });

  it('lexes the early-2015 single_line.txt fixture', () => {
    const line =
      '222.222.222.222 [1418172623.000] data=eyJldmVudCI6ImxvZ2luIiwicHJvcGVydGllcyI6eyJkaXN0aW5jdF9pZCI6ImZmZmZmZmZmZmZmZmZmZmZmZiIsInNhbXBsaW5nX2ZhY3RvciI6MC41fX0= fffff-fffff-fffff-1 recordversion=1';
    expect(lex(line)).toEqual({
      ip: '222.222.222.222',
      time: '1418172623',
      data: 'eyJldmVudCI6ImxvZ2luIiwicHJvcGVydGllcyI6eyJkaXN0aW5jdF9pZCI6ImZmZmZmZmZmZmZmZmZmZmZmZiIsInNhbXBsaW5nX2ZhY3RvciI6MC41fX0=',
      uuid: 'fffff-fffff-fffff-1',
      hasData: true,
    });
  });
});
