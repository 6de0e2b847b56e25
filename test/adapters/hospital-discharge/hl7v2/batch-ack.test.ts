import { wrapBatchAcks } from '../../../../adapters/hospital-discharge/hl7v2/batch-ack.js';
import { readBatchHeaders } from '../../../../adapters/hospital-discharge/hl7v2/split-hl7-batch.js';
import { message, msh, PID } from './synthetic-messages.js';

const NOW = new Date('2024-07-04T09:15:30Z');
const ACKS = ['MSH|^~\\&|GATEWAY|COUNCIL|PAS|RXX|20240704091530+0000||ACK^A01^ACK|A1|P|2.5\rMSA|AA|ONE\r', 'MSH|^~\\&|GATEWAY|COUNCIL|PAS|RXX|20240704091530+0000||ACK^A03^ACK|A2|P|2.5\rMSA|AE|TWO\r'];
const MESSAGES = message(msh('A01', { 10: 'ONE' }), PID) + message(msh('A03', { 10: 'TWO' }), PID);

function controlIds(): () => string {
  let n = 0;
  return () => `BATCHACK${++n}`;
}

describe('readBatchHeaders', () => {
  test('finds the FHS and BHS before the first message, as sent', () => {
    const body = Buffer.from(`FHS|^~\\&|PAS|RXX|GATEWAY|COUNCIL|20240704091500||||F-77\r\nBHS|^~\\&|PAS|RXX|GATEWAY|COUNCIL|20240704091500||||B-12\r${MESSAGES}BTS|2\rFTS|1\r`);
    expect(readBatchHeaders(body)).toEqual({
      fhs: 'FHS|^~\\&|PAS|RXX|GATEWAY|COUNCIL|20240704091500||||F-77',
      bhs: 'BHS|^~\\&|PAS|RXX|GATEWAY|COUNCIL|20240704091500||||B-12',
    });
  });

  test('finds none in messages one after another, nor a BHS inside a message', () => {
    expect(readBatchHeaders(Buffer.from(MESSAGES))).toEqual({ fhs: null, bhs: null });
    expect(readBatchHeaders(Buffer.from(`${MESSAGES}BHS|^~\\&|LATE\r`))).toEqual({ fhs: null, bhs: null });
  });
});

describe('wrapBatchAcks (HL7 v2.5 chapter 2.10.3)', () => {
  test('answers a file with FHS, BHS, the ACKs, BTS counting them and FTS, sender and receiver swapped, referring to what it answers', () => {
    const headers = { fhs: 'FHS|^~\\&|PAS|RXX|GATEWAY|COUNCIL|20240704091500||||F-77', bhs: 'BHS|^~\\&|PAS|RXX|GATEWAY|COUNCIL|20240704091500||||B-12' };
    const answer = wrapBatchAcks({ headers, acks: ACKS, now: NOW, controlId: controlIds() });
    expect(answer.split('\r')).toEqual([
      'FHS|^~\\&|GATEWAY|COUNCIL|PAS|RXX|20240704091530+0000||||BATCHACK1|F-77',
      'BHS|^~\\&|GATEWAY|COUNCIL|PAS|RXX|20240704091530+0000||||BATCHACK2|B-12',
      ...ACKS.join('').split('\r').slice(0, -1),
      'BTS|2',
      'FTS|1',
      '',
    ]);
  });

  test('answers a bare batch with a bare batch, in its delimiters', () => {
    const answer = wrapBatchAcks({ headers: { fhs: null, bhs: 'BHS*#@!$*PAS*RXX*GATEWAY*COUNCIL*20240704091500****B-9' }, acks: ACKS.slice(0, 1), now: NOW, controlId: controlIds() });
    expect(answer.split('\r')[0]).toBe('BHS*#@!$*GATEWAY*COUNCIL*PAS*RXX*20240704091530+0000****BATCHACK1*B-9');
    expect(answer.endsWith('BTS*1\r')).toBe(true);
    expect(answer).not.toContain('FHS');
  });

  test('a file header alone also gets its batch header, addressed alike', () => {
    const answer = wrapBatchAcks({ headers: { fhs: 'FHS|^~\\&|PAS|RXX|GATEWAY|COUNCIL', bhs: null }, acks: [], now: NOW, controlId: controlIds() });
    expect(answer.split('\r').map((segment) => segment.slice(0, 3))).toEqual(['FHS', 'BHS', 'BTS', 'FTS', '']);
    expect(answer).toContain('BTS|0\r');
  });
});
