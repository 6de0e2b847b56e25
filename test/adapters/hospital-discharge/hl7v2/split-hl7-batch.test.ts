import { splitHl7Batch } from '../../../../adapters/hospital-discharge/hl7v2/split-hl7-batch.js';
import { msh, PID } from './synthetic-messages.js';

const first = `${msh('A01', { 10: 'ONE' })}\r${PID}\r`;
const second = `${msh('A03', { 10: 'TWO' })}\r${PID}\r`;

function split(body: string | Buffer): string[] {
  return splitHl7Batch(Buffer.isBuffer(body) ? body : Buffer.from(body, 'latin1')).map((b) => b.toString('latin1'));
}

describe('splitHl7Batch', () => {
  test('gives one message as it came', () => {
    expect(split(first)).toEqual([first]);
  });

  test.each([
    ['CR', '\r'],
    ['LF', '\n'],
    ['CRLF', '\r\n'],
  ])('splits messages one after another, segments ended by %s', (_name, ending) => {
    const body = (first + second).replace(/\r/g, ending);
    expect(split(body)).toEqual([first.replace(/\r/g, ending), second.replace(/\r/g, ending)]);
  });

  test('drops FHS/BHS/BTS/FTS batch envelopes', () => {
    const body = `FHS|^~\\&|PAS\rBHS|^~\\&|PAS\r${first}${second}BTS|2\rFTS|1\r`;
    expect(split(body)).toEqual([first, second]);
  });

  test('trims blank lines and white space around messages, keeping the last terminator', () => {
    expect(split(`\r\n  \r\n${first}\r\n\r\n   \n${second}   \n\n`)).toEqual([first, second]);
  });

  test('keeps spaces that end the last segment', () => {
    expect(split(`${first}ZZZ|x  \r\r`)).toEqual([`${first}ZZZ|x  \r`]);
  });

  test('returns nothing for an empty or blank body', () => {
    expect(split('')).toEqual([]);
    expect(split(' \r\n\t\n')).toEqual([]);
  });

  test('returns text before the first MSH as a piece of its own, for decoding to refuse', () => {
    expect(split(`garbage\r${first}`)).toEqual(['garbage\r', first]);
  });

  test('returns binary junk as one piece', () => {
    const junk = Buffer.from([0x00, 0xff, 0x10, 0x0d, 0x80]);
    expect(splitHl7Batch(junk)).toEqual([junk]);
  });

  test('splits on bytes, leaving each message in its own encoding', () => {
    const latin1 = Buffer.from(`${msh('A28', { 18: '8859/1' })}\rPID|1||||Café\r`, 'latin1');
    const utf8 = Buffer.from(`${msh('A28')}\rPID|1||||Café\r`, 'utf8');
    expect(splitHl7Batch(Buffer.concat([latin1, utf8]))).toEqual([latin1, utf8]);
  });

  test('finds a message whose field separator is not |', () => {
    const other = 'MSH*^~\\&*PAS\rPID*1\r';
    expect(split(first + other)).toEqual([first, other]);
  });
});
