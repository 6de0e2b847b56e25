import pino from 'pino';
import { guardedReader } from '../../../adapters/hospital-discharge/guarded-reader.js';
import { FeedMessageError } from '../../../src/inbox/feed-message-error.js';
import type { FeedReader, FeedReading } from '../../../src/inbox/feed-reading.js';

describe('guardedReader', () => {
  const logged: unknown[] = [];
  const logger = pino({ level: 'error' }, { write: (line: string) => logged.push(JSON.parse(line)) });
  const buggy: FeedReader = () => {
    throw new TypeError("Cannot read properties of undefined (reading 'value')");
  };

  test('a reader that throws gives a reading that keeps the message as FAILED (207), and the bug is logged', () => {
    const reading = guardedReader(buggy, logger)(Buffer.from('MSH|^~\\&|'), { transport: 'HTTP', trustOdsCode: 'RXX' });
    expect(reading).toMatchObject({ sender: 'RXX', controlId: null, messageType: null, result: { ok: false } });
    const { error } = reading.result as { ok: false; error: FeedMessageError };
    expect(error).toMatchObject({ disposition: 'FAIL', hl7ErrorCode: '207', location: { path: 'message' } });
    expect(error.reason).toMatch(/could not read this message \(internal error\); it is kept for replay/);
    expect(logged).toEqual([expect.objectContaining({ msg: 'reading a feed message failed; kept as FAILED', transport: 'HTTP' })]);
  });

  test('over MLLP, where no trust is known yet, the message is kept under the transport', () => {
    expect(guardedReader(buggy, logger)(Buffer.alloc(0), { transport: 'MLLP', trustOdsCode: null }).sender).toBe('MLLP:no facility');
  });

  test('a reader that works is left alone', () => {
    const reading: FeedReading = { sender: 'RXX', controlId: 'C1', messageType: 'ADT^A01', result: { ok: false, error: new FeedMessageError('REFUSE', { path: 'MSH' }, 'no') } };
    expect(guardedReader(() => reading, logger)(Buffer.alloc(0), { transport: 'HTTP', trustOdsCode: 'RXX' })).toBe(reading);
  });
});
