/**
 * Stored bodies have a retention period: applied and refused ones are pruned
 * after it, failed and parked ones never are, and a pruned message is still
 * recognised when its sender sends it again.
 */
import pino from 'pino';
import { hl7v2Reader, HL7V2_CONTENT_TYPE } from '../../adapters/hospital-discharge/hl7v2-feed.js';
import { defaultSenderProfile } from '../../adapters/hospital-discharge/sender-profile.js';
import { Inbox } from '../../src/inbox/inbox.js';
import { InboxRepository } from '../../src/inbox/inbox-repository.js';
import { applyDischargeMessages } from '../../src/referrals/discharge-intake.js';
import type { Database } from '../../src/store/database.js';
import { BAD_CHECK_DIGIT_NHS_NUMBER, message, msh, pv1, segment, NHS_NUMBER } from '../adapters/hospital-discharge/hl7v2/synthetic-messages.js';
import { describeEachStore, openTestDatabase } from '../support/stores.js';

const reader = hl7v2Reader([defaultSenderProfile('RXX')]);

function adt(trigger: string, control: string, nhsNumber = NHS_NUMBER, spell = 'SPELL-K'): Buffer {
  return Buffer.from(
    message(
      msh(trigger, { 10: control }),
      segment('EVN', { 2: '20261120100000', 6: '20261120100000' }),
      segment('PID', { 3: `${nhsNumber}^^^NHS^NH`, 5: 'KEEP^Kim', 7: '19400101', 8: 'F', 32: 'NSTS01' }),
      pv1({ 19: spell }),
    ),
  );
}

describeEachStore('inbox retention', (kind) => {
  let db: Database;
  let inbox: Inbox;
  beforeAll(async () => {
    db = await openTestDatabase(kind);
    inbox = new Inbox(db, applyDischargeMessages, new Map(), pino({ level: 'silent' }));
  });
  afterAll(() => db.close());

  const receive = (body: Buffer) =>
    inbox.receive({ transport: 'HTTP', contentType: HL7V2_CONTENT_TYPE, body }, reader(body, { transport: 'HTTP', trustOdsCode: 'RXX' }));

  test('prunes old applied and refused bodies only, and still knows a pruned message when it comes again', async () => {
    const applied = await receive(adt('A01', 'KEEP-APPLIED'));
    const failed = await receive(adt('A01', 'KEEP-FAILED', BAD_CHECK_DIGIT_NHS_NUMBER, 'SPELL-F'));
    const refused = await receive(Buffer.from('not HL7'));
    const parked = await receive(adt('A13', 'KEEP-PARKED', NHS_NUMBER, 'SPELL-P'));
    expect([applied, failed, refused, parked].map((o) => o.record.status)).toEqual(['APPLIED', 'FAILED', 'REFUSED', 'PARKED']);

    const repository = new InboxRepository(db);
    const now = new Date();
    expect(await repository.pruneBodies(new Date(now.getTime() - 60_000), now)).toBe(0);
    await db.query(`UPDATE inbox_messages SET received_at = received_at - interval '100 days'`);
    expect(await repository.pruneBodies(new Date(now.getTime() - 90 * 86_400_000), now)).toBe(2);

    const bodies = await repository.bodiesOf([applied, failed, refused, parked].map((o) => o.record.id));
    expect(bodies.get(applied.record.id)).toBeNull();
    expect(bodies.get(refused.record.id)).toBeNull();
    expect(bodies.get(failed.record.id)?.toString()).toContain('KEEP-FAILED');
    expect(bodies.get(parked.record.id)?.toString()).toContain('KEEP-PARKED');

    const resend = await receive(adt('A01', 'KEEP-APPLIED'));
    expect(resend).toMatchObject({ duplicate: true, record: { id: applied.record.id, status: 'APPLIED' } });
  });
});
