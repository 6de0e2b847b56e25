import { parseEr7 } from '../../../../adapters/hospital-discharge/hl7v2/er7.js';
import { feedErrorOf, message, msh, PID, pv1, segment } from './synthetic-messages.js';

describe('parseEr7', () => {
  const text = message(msh('A03', { 9: 'ADT^A03^ADT_A03' }), PID, pv1(), 'ZU1|1|Pathway 1', 'ZU1|2');

  test.each([
    ['CR', text],
    ['LF', text.replace(/\r/g, '\n')],
    ['CRLF', text.replace(/\r/g, '\r\n')],
    ['blank lines and no final terminator', `\n\n${text.replace(/\r/g, '\r\n\r\n').trimEnd()}`],
  ])('reads segments ended by %s', (_ending, input) => {
    const parsed = parseEr7(input);
    expect(parsed.all.map((s) => s.id)).toEqual(['MSH', 'PID', 'PV1', 'ZU1', 'ZU1']);
    expect(parsed.segments('ZU1').map((s) => [s.sequence, s.value(1)])).toEqual([
      [1, '1'],
      [2, '2'],
    ]);
  });

  test('numbers MSH fields so that MSH-1 is the field separator', () => {
    const header = parseEr7(text).msh;
    expect(header.value(1)).toBe('|');
    expect(header.value(2)).toBe('^~\\&');
    expect(header.value(9, 2)).toBe('A03');
    expect(header.value(10)).toBe('CTRL0001');
  });

  test('gives repetitions, components and subcomponents 1-based, decoded', () => {
    const pid = parseEr7(message(msh('A28'), 'PID|||A\\T\\1&X^^^AUTH~B2||LAST&VAN^First')).segment('PID')!;
    expect(pid.repetitions(3).map((r) => r.component(1))).toEqual(['A&1', 'B2']);
    expect(pid.repetitions(3)[0]!.component(1, 2)).toBe('X');
    expect(pid.repetitions(3)[0]!.component(4)).toBe('AUTH');
    expect(pid.value(5, 1, 2)).toBe('VAN');
    expect(pid.value(5, 2)).toBe('First');
    expect(pid.value(5, 9)).toBe('');
    expect(pid.value(40)).toBe('');
    expect(pid.repetitions(40)).toEqual([]);
    expect(pid.location(3, 2, 1)).toEqual({ path: 'PID-3[2].1', hl7: { segment: 'PID', sequence: 1, field: 3, repetition: 2, component: 1 } });
  });

  test('reads any legal delimiters, and the v2.7 truncation character', () => {
    const parsed = parseEr7('MSH*#@!$%*PAS*RXX*GW*LA*20240704101500**ADT#A28*C1*P*2.7\rPID*1**X!S!Y@Z**SMITH#Jo$Ann');
    expect(parsed.encoding).toEqual({ field: '*', component: '#', repetition: '@', escape: '!', subcomponent: '$', truncation: '%' });
    const pid = parsed.segment('PID')!;
    expect(pid.repetitions(3).map((r) => r.component(1))).toEqual(['X#Y', 'Z']);
    expect(pid.value(5, 2, 2)).toBe('Ann');
  });

  test('keeps unknown and Z segments', () => {
    expect(parseEr7(message(msh('A01'), 'ZXY|anything', 'NTE|1||note')).all.map((s) => s.id)).toEqual(['MSH', 'ZXY', 'NTE']);
  });

  test.each([
    ['not HL7 at all', 'hello, this is not a message', 'MSH', /not an HL7 v2 message/],
    ['a message without MSH', message(PID, pv1()), 'MSH', /not an HL7 v2 message/],
    ['MSH-2 too short', 'MSH|^~|PAS|RXX|||20240704||ADT^A01|1|P|2.4', 'MSH-2', /MSH-2 must be four/],
    ['MSH-2 repeating a character', 'MSH|^^\\&|PAS|RXX|||20240704||ADT^A01|1|P|2.4', 'MSH-2', /distinct/],
    ['MSH-2 holding a letter', 'MSH|^~\\A|PAS|RXX|||20240704||ADT^A01|1|P|2.4', 'MSH-2', /MSH-2/],
    ['a truncated MSH', 'MSH|^~\\&|PAS|RXX|||20240704||ADT^A01', 'MSH-10', /truncated: MSH ends at field 9/],
    ['a bad segment id', message(msh('A01'), 'pid|1'), 'segment 2', /three-character id/],
    ['a four-letter segment id', message(msh('A01'), 'PIDX|1'), 'segment 2', /three-character id/],
    ['two messages in one', message(msh('A01'), msh('A03')), 'MSH(2)', /second MSH/],
  ])('refuses %s', (_case, input, path, reason) => {
    const error = feedErrorOf(() => parseEr7(input));
    expect(error.disposition).toBe('REFUSE');
    expect(error.location.path).toBe(path);
    expect(error.reason).toMatch(reason);
  });

  test.each([
    ['in a name', 'PID|1||||TES\\X00\\TER^Alice', 'PID-5[1].1'],
    ['among other bytes, in a later repetition and component', 'PID|1||A~B^^^\\X410042\\', 'PID-3[2].4'],
    ['in a subcomponent of a field the translation never reads', 'ZXY|1|||||||a&b\\X00\\', 'ZXY-8[1].1'],
  ])('refuses a \\X..\\ escape that stands for NUL %s, naming where', (_case, line, path) => {
    const error = feedErrorOf(() => parseEr7(message(msh('A28'), line)));
    expect(error).toMatchObject({ disposition: 'REFUSE', hl7ErrorCode: '102', location: { path } });
    expect(error.reason).toMatch(/stands for NUL/);
  });

  test('refuses an escaped NUL in the MSH itself, under any delimiters', () => {
    const error = feedErrorOf(() => parseEr7('MSH*#@!$*PAS*RXX*GW*LA*20240704101500**ADT#A28*C!X00!1*P*2.4'));
    expect(error.location.path).toBe('MSH-10[1].1');
  });

  test('decodes \\X..\\ escapes in the charset MSH-18 names', () => {
    const parsed = parseEr7(message(msh('A28', { 18: '8859/1' }), 'PID|1||||Caf\\XE9\\'));
    expect(parsed.segment('PID')!.value(5)).toBe('Café');
  });
});

test('segment() builds what the tests mean', () => {
  expect(segment('EVN', { 2: 'x', 4: 'y' })).toBe('EVN||x||y');
});
