import { decodeHl7Text } from '../../../../adapters/hospital-discharge/hl7v2/charset.js';
import { feedErrorOf, msh } from './synthetic-messages.js';

function bytes(charset: string, pid: Buffer): Buffer {
  return Buffer.concat([Buffer.from(`${msh('A28', { 18: charset })}\r`, 'latin1'), pid]);
}

describe('decodeHl7Text', () => {
  test.each([
    ['UNICODE UTF-8', Buffer.from('PID|1||||Zoë Ćwik', 'utf8'), 'Zoë Ćwik'],
    ['UNICODE', Buffer.from('PID|1||||Zoë', 'utf8'), 'Zoë'],
    ['8859/1', Buffer.from('PID|1||||Zoë', 'latin1'), 'Zoë'],
    ['8859/15', Buffer.from([...Buffer.from('PID|1||||'), 0xa4]), '€'],
    ['ASCII', Buffer.from('PID|1||||Zoe', 'latin1'), 'Zoe'],
  ])('decodes %s', (charset, pid, name) => {
    expect(decodeHl7Text(bytes(charset, pid), 'UNICODE UTF-8')).toContain(`PID|1||||${name}`);
  });

  test("uses the sender profile's default when MSH-18 is empty", () => {
    const text = decodeHl7Text(bytes('', Buffer.from('PID|1||||Zoë', 'latin1')), '8859/1');
    expect(text).toContain('Zoë');
  });

  test('refuses a character set it does not support, at MSH-18', () => {
    const error = feedErrorOf(() => decodeHl7Text(bytes('ISO IR87', Buffer.from('PID|1')), 'UNICODE UTF-8'));
    expect(error).toMatchObject({ disposition: 'REFUSE', location: { path: 'MSH-18' } });
    expect(error.reason).toMatch(/`ISO IR87` \(from MSH-18\) is not supported/);
  });

  test('fails bytes that are not UTF-8, naming the field they are in', () => {
    const pid = Buffer.concat([Buffer.from('PID|1||X123||Sm'), Buffer.from([0xff, 0xfe]), Buffer.from('th')]);
    const error = feedErrorOf(() => decodeHl7Text(bytes('UNICODE UTF-8', pid), 'UNICODE UTF-8'));
    expect(error).toMatchObject({ disposition: 'FAIL', hl7ErrorCode: '102', location: { path: 'PID-5', hl7: { segment: 'PID', field: 5 } } });
    expect(error.reason).toMatch(/byte 0xFF is not UTF-8 text/);
  });

  test('fails non-ASCII bytes in a message that says ASCII', () => {
    const error = feedErrorOf(() => decodeHl7Text(bytes('ASCII', Buffer.from('PID|1||||Zoë', 'latin1')), 'UNICODE UTF-8'));
    expect(error).toMatchObject({ disposition: 'FAIL', location: { path: 'PID-5' } });
  });

  test('keeps a real U+FFFD while finding the bad byte after it', () => {
    const pid = Buffer.concat([Buffer.from('PID|1||||\uFFFD|'), Buffer.from([0xc3])]);
    expect(feedErrorOf(() => decodeHl7Text(bytes('UNICODE UTF-8', pid), 'UNICODE UTF-8')).location.path).toBe('PID-6');
  });

  test.each([
    ['a name', Buffer.from('PID|1||X123||TES\u0000TER'), 'UNICODE UTF-8', 'PID-5'],
    ['a field of a later segment, in a message that says ASCII', Buffer.from('PID|1\rPV1|1|I|W\u00007'), 'ASCII', 'PV1-3'],
  ])('refuses a NUL byte in %s, naming the field it is in', (_case, pid, charset, path) => {
    const error = feedErrorOf(() => decodeHl7Text(bytes(charset, pid), 'UNICODE UTF-8'));
    expect(error).toMatchObject({ disposition: 'REFUSE', hl7ErrorCode: '102', location: { path } });
    expect(error.reason).toMatch(/byte 0x00 \(NUL\) is not text in any HL7 character set/);
  });

  test('refuses a NUL before failing a byte the character set cannot hold: no profile fix would make the message one to take', () => {
    const pid = Buffer.concat([Buffer.from('PID|1||||Zo'), Buffer.from([0xeb]), Buffer.from('|\u0000')]);
    expect(feedErrorOf(() => decodeHl7Text(bytes('UNICODE UTF-8', pid), 'UNICODE UTF-8'))).toMatchObject({ disposition: 'REFUSE', location: { path: 'PID-6' } });
  });

  test('refuses a NUL in MSH-10, the control id', () => {
    const error = feedErrorOf(() => decodeHl7Text(Buffer.from(`${msh('A28', { 10: 'C\u00001' })}\r`), 'UNICODE UTF-8'));
    expect(error.location).toEqual({ path: 'MSH-10', hl7: { segment: 'MSH', sequence: 1, field: 10 } });
  });

  test('refuses binary junk as not an HL7 v2 message', () => {
    const error = feedErrorOf(() => decodeHl7Text(Buffer.from([0x00, 0xff, 0x4d, 0x53, 0x48, 0x7c, 0x13]), 'UNICODE UTF-8'));
    expect(error).toMatchObject({ disposition: 'REFUSE', location: { path: 'MSH' }, reason: expect.stringMatching(/^not an HL7 v2 message/) });
  });
});
