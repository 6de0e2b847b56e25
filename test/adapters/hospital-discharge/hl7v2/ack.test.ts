import { buildAck, readAckAddress } from '../../../../adapters/hospital-discharge/hl7v2/ack.js';
import { FeedMessageError } from '../../../../src/inbox/feed-message-error.js';
import { hl7Location } from '../../../../adapters/hospital-discharge/hl7v2/hl7-location.js';
import { message, msh, PID } from './synthetic-messages.js';

const NOW = new Date('2024-07-04T09:15:30Z');
const received = (fields: Record<number, string> = {}) => Buffer.from(message(msh('A03', { 9: 'ADT^A03^ADT_A03', ...fields }), PID));
const badNhsNumber = new FeedMessageError(
  'FAIL',
  hl7Location({ segment: 'PID', field: 3, repetition: 2, component: 1 }),
  'the NHS number | is not valid',
  '102',
);

function segments(ack: string): string[] {
  expect(ack.endsWith('\r')).toBe(true);
  return ack.slice(0, -1).split('\r');
}

describe('buildAck', () => {
  test('accepts with AA, addressed back to the sender', () => {
    const ack = buildAck({ address: readAckAddress(received()), error: null, now: NOW, controlId: 'ACK0001' });
    expect(segments(ack)).toEqual(['MSH|^~\\&|GATEWAY|COUNCIL|PAS|RXX|20240704091530+0000||ACK^A03^ACK|ACK0001|P|2.4', 'MSA|AA|CTRL0001']);
  });

  test('fails with AE and a v2.4 ERR-1 naming segment, field and code, text escaped', () => {
    const ack = buildAck({ address: readAckAddress(received()), error: badNhsNumber, now: NOW, controlId: 'ACK0002' });
    expect(segments(ack).slice(1)).toEqual([
      'MSA|AE|CTRL0001|PID-3[2].1: the NHS number \\F\\ is not valid',
      'ERR|PID^1^3^102&Data type error&HL70357',
    ]);
  });

  test('from v2.5 uses ERR-2 (ERL), ERR-3, ERR-4 and ERR-8', () => {
    const address = readAckAddress(received({ 11: 'T', 12: '2.5.1' }));
    const ack = buildAck({ address, error: badNhsNumber, now: NOW, controlId: 'ACK0003' });
    const [header, msa, err] = segments(ack);
    expect(header).toMatch(/\|ACK0003\|T\|2\.5\.1$/);
    expect(msa).toBe('MSA|AE|CTRL0001|PID-3[2].1: the NHS number \\F\\ is not valid');
    expect(err).toBe('ERR||PID^1^3^2^1|102^Data type error^HL70357|E||||PID-3[2].1: the NHS number \\F\\ is not valid');
  });

  test('from v2.5 an AA may carry warnings as ERRs of severity W; before v2.5, or with an error, it does not', () => {
    const warnings = [{ location: hl7Location({ segment: 'PID', field: 3, repetition: 2 }), text: 'looks like an NHS number' }];
    const v251 = segments(buildAck({ address: readAckAddress(received({ 12: '2.5.1' })), error: null, warnings, now: NOW, controlId: 'W1' }));
    expect(v251.slice(1)).toEqual(['MSA|AA|CTRL0001', 'ERR||PID^1^3^2|0^Message accepted^HL70357|W||||PID-3[2]: looks like an NHS number']);
    const v24 = segments(buildAck({ address: readAckAddress(received()), error: null, warnings, now: NOW, controlId: 'W2' }));
    expect(v24.slice(1)).toEqual(['MSA|AA|CTRL0001']);
    const failed = segments(buildAck({ address: readAckAddress(received({ 12: '2.5' })), error: badNhsNumber, warnings, now: NOW, controlId: 'W3' }));
    expect(failed.slice(1).map((segment) => segment.split('|')[4])).toEqual([undefined, 'E']);
  });

  test('refuses with AR for a REFUSE', () => {
    const unsupported = new FeedMessageError('REFUSE', hl7Location({ segment: 'MSH', field: 9, component: 1 }), 'message type `ORU` is not supported', '200');
    const [, msa, err] = segments(buildAck({ address: readAckAddress(received()), error: unsupported, now: NOW, controlId: 'A4' }));
    expect(msa).toMatch(/^MSA\|AR\|CTRL0001\|MSH-9\.1: /);
    expect(err).toBe('ERR|MSH^1^9^200&Unsupported message type&HL70357');
  });

  test("answers in the message's own delimiters", () => {
    const address = readAckAddress(Buffer.from('MSH*#@!$*PAS*RXX*GW*LA*20240704**ADT#A01*C1*P*2.4\r'));
    const error = new FeedMessageError('FAIL', hl7Location({ segment: 'PID' }), 'a*b#c', '100');
    const [header, msa, err] = segments(buildAck({ address, error, now: NOW, controlId: 'A5' }));
    expect(header).toBe('MSH*#@!$*GW*LA*PAS*RXX*20240704091530+0000**ACK#A01#ACK*A5*P*2.4');
    expect(msa).toBe('MSA*AE*C1*PID: a!F!b!S!c');
    expect(err).toBe('ERR*PID#1##100$Segment sequence error$HL70357');
  });

  test('still answers a message with no MSH: AR, v2.4, default delimiters, empty MSA-2', () => {
    const address = readAckAddress(Buffer.from([0x00, 0xff, 0x13]));
    expect(address).toBeNull();
    const error = new FeedMessageError('REFUSE', hl7Location({ segment: 'MSH' }), 'not an HL7 v2 message', '100');
    expect(segments(buildAck({ address, error, now: NOW, controlId: 'A6' }))).toEqual([
      'MSH|^~\\&|||||20240704091530+0000||ACK|A6|P|2.4',
      'MSA|AR||MSH: not an HL7 v2 message',
      'ERR|MSH^1^^100&Segment sequence error&HL70357',
    ]);
  });

  test('addresses a message whose MSH-2 is wrong with the default delimiters', () => {
    const address = readAckAddress(Buffer.from('MSH|^^|PAS|RXX|GW|LA|20240704||ADT^A01|C9|P|2.4\r'));
    expect(address).toMatchObject({ controlId: 'C9', sendingFacility: 'RXX', encoding: { component: '^', repetition: '~' } });
  });

  test('reads MSH-4 as a facility: the namespace id, else the universal id (an ODS code)', () => {
    const facility = (msh4: string) => readAckAddress(Buffer.from(`MSH|^~\\&|PAS|${msh4}|GW|LA|20240704||ADT^A01|C9|P|2.4\r`))!.facility;
    expect(facility('RXX')).toBe('RXX');
    expect(facility('^RXX01^ODS')).toBe('RXX01');
    expect(facility('RXX^2.16.840.1.113883^ISO')).toBe('RXX');
    expect(facility('')).toBe('');
  });
});
