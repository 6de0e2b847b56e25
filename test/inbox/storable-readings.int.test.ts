/**
 * The inbox stores whatever a message's header holds: NUL characters, broken
 * surrogate pairs and control ids far past what a btree index entry can take.
 * Readings are made by hand here, so that these are the inbox's own
 * guarantees and not the adapters'.
 */
import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { hl7v2Reader, HL7V2_CONTENT_TYPE } from '../../adapters/hospital-discharge/hl7v2-feed.js';
import { defaultSenderProfile } from '../../adapters/hospital-discharge/sender-profile.js';
import { FeedMessageError } from '../../src/inbox/feed-message-error.js';
import type { FeedReading } from '../../src/inbox/feed-reading.js';
import { Inbox } from '../../src/inbox/inbox.js';
import { MAX_HEADER_VALUE_LENGTH } from '../../src/inbox/storable-reading.js';
import { applyDischargeMessages } from '../../src/referrals/discharge-intake.js';
import type { Database } from '../../src/store/database.js';
import { message, msh, pv1, PID, segment } from '../adapters/hospital-discharge/hl7v2/synthetic-messages.js';
import { describeEachStore, openTestDatabase } from '../support/stores.js';

const reader = hl7v2Reader([defaultSenderProfile('RXX')]);

function adt(control: string): Buffer {
  return Buffer.from(message(msh('A01', { 10: control }), segment('EVN', { 2: '20261120100000' }), PID, pv1({ 19: `SPELL-${control}` })));
}

/** A refusal whose header and reason hold what the message held. */
function refused(sender: string, controlId: string | null, reason: string): FeedReading {
  return { sender, controlId, messageType: 'ADT^A01\u0000', result: { ok: false, error: new FeedMessageError('REFUSE', { path: 'MSH-10' }, reason, '102') } };
}

describeEachStore('inbox: what a message holds is stored whatever it is', (kind) => {
  let db: Database;
  let inbox: Inbox;
  beforeAll(async () => {
    db = await openTestDatabase(kind);
    inbox = new Inbox(db, applyDischargeMessages, new Map(), pino({ level: 'silent' }));
  });
  afterAll(() => db.close());

  const receive = (body: Buffer, reading: FeedReading) => inbox.receive({ transport: 'MLLP', contentType: HL7V2_CONTENT_TYPE, body }, reading);

  async function storedBody(id: string): Promise<Buffer> {
    const [row] = await db.query<{ body: Uint8Array }>('SELECT body FROM inbox_messages WHERE id = $1', [id]);
    return Buffer.from(row!.body);
  }

  test('NUL characters and broken surrogate pairs in the sender, control id, type and reason are stored as U+FFFD', async () => {
    const body = Buffer.from('MSH|^~\\&|PAS|R\u0000X|\u0000\xff');
    const { record } = await receive(body, refused('MLLP:R\u0000X', 'C\u0000\uD800', 'the facility "R\u0000X" is not known'));
    expect(record).toMatchObject({
      status: 'REFUSED',
      sender: 'MLLP:R\uFFFDX',
      controlId: 'C\uFFFD\uFFFD',
      messageType: 'ADT^A01\uFFFD',
      error: { reason: 'the facility "R\uFFFDX" is not known' },
    });
    expect((await storedBody(record.id)).equals(body)).toBe(true);
  });

  test('a control id too long for the index is cut, and the same bytes again are still one message', async () => {
    // Random hex does not compress, so the index entry would really be this long.
    const controlId = randomBytes(5_000).toString('hex');
    const body = adt(controlId);
    const reading = () => refused('RXX', controlId, 'refused');
    const first = await receive(body, reading());
    expect(first.duplicate).toBe(false);
    expect(first.record.controlId).toHaveLength(MAX_HEADER_VALUE_LENGTH);
    expect(first.record.controlId!.startsWith(controlId.slice(0, 100))).toBe(true);
    const again = await receive(body, reading());
    expect(again).toMatchObject({ duplicate: true, record: { id: first.record.id } });
    expect((await storedBody(first.record.id)).equals(body)).toBe(true);
  });

  test('a translated message holding a NUL is refused, naming where it is, and nothing is applied', async () => {
    const body = adt('NUL-IN-NAME');
    const reading = reader(body, { transport: 'HTTP', trustOdsCode: 'RXX' });
    if (!reading.result.ok) throw new Error('the synthetic message should translate');
    reading.result.message.person.familyName = 'TES\u0000TER';
    const { record } = await receive(body, reading);
    expect(record).toMatchObject({
      status: 'REFUSED',
      controlId: 'NUL-IN-NAME',
      error: { disposition: 'REFUSE', path: 'message.person.familyName', hl7ErrorCode: '102' },
    });
    expect(await db.query("SELECT 1 FROM referrals WHERE spell_id = 'SPELL-NUL-IN-NAME'")).toHaveLength(0);
  });

  test('a control id that is fine is kept exactly as sent', async () => {
    const { record } = await receive(adt('R1A-0001/x.y~z'), reader(adt('R1A-0001/x.y~z'), { transport: 'HTTP', trustOdsCode: 'RXX' }));
    expect(record).toMatchObject({ status: 'APPLIED', controlId: 'R1A-0001/x.y~z', sender: 'RXX' });
  });
});
