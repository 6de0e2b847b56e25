/**
 * The order messages arrive in does not change where a spell ends up: the
 * three public cancel-discharge samples in every order, and synthetic spells
 * in random orders (fast-check), each through the real inbox and intake.
 */
import fc from 'fast-check';
import pino from 'pino';
import { hl7v2Reader, HL7V2_CONTENT_TYPE } from '../../adapters/hospital-discharge/hl7v2-feed.js';
import { defaultSenderProfile } from '../../adapters/hospital-discharge/sender-profile.js';
import { Inbox } from '../../src/inbox/inbox.js';
import { applyDischargeMessages } from '../../src/referrals/discharge-intake.js';
import { ReferralRepository } from '../../src/referrals/referral-repository.js';
import type { Database } from '../../src/store/database.js';
import { message, msh, pv1, segment, NHS_NUMBER } from '../adapters/hospital-discharge/hl7v2/synthetic-messages.js';
import { describeWithSamples, readSample } from '../support/shared-samples.js';
import { describeEachStore, openTestDatabase } from '../support/stores.js';

const UCLH = { ...defaultSenderProfile('RRV'), facilities: ['UCLH'], dischargeCodes: 'TEXT' as const };
const SYNTHETIC = defaultSenderProfile('RXX');
const reader = hl7v2Reader([UCLH, SYNTHETIC]);

async function receiveAll(inbox: Inbox, trust: string, messages: readonly Buffer[]): Promise<string[]> {
  const statuses: string[] = [];
  for (const body of messages) {
    const { record } = await inbox.receive({ transport: 'HTTP', contentType: HL7V2_CONTENT_TYPE, body }, reader(body, { transport: 'HTTP', trustOdsCode: trust }));
    statuses.push(record.status);
  }
  return statuses;
}

/** What the spell came to, without the ids and times that differ between runs. */
async function spellState(db: Database, trust: string, spellId: string) {
  const referral = await new ReferralRepository(db).findBySpell(trust, spellId);
  if (!referral) return null;
  const state: Partial<typeof referral> = { ...referral };
  for (const differs of ['id', 'customerId', 'receivedAt', 'updatedAt', 'referredPerson', 'identityLink'] as const) delete state[differs];
  return state;
}

function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((item, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]));
}

describeEachStore('spell order', (kind) => {
  describeWithSamples('the UCLH cancel-discharge samples (A03, A13, A03 under one MSH-10)', () => {
    const files = ['uclh-emap-cancel-discharge-seq1-a03.hl7', 'uclh-emap-cancel-discharge-seq2-a13.hl7', 'uclh-emap-cancel-discharge-seq3-a03.hl7'];

    test.each(permutations([0, 1, 2]).map((order) => [order.join(' '), order] as const))('in the order %s end in the same state', async (_name, order) => {
      const db = await openTestDatabase(kind);
      try {
        const inbox = new Inbox(db, applyDischargeMessages, new Map(), pino({ level: 'silent' }));
        const statuses = await receiveAll(inbox, 'RRV', order.map((i) => readSample('hl7v2', files[i]!)));
        // All three are kept: one control id, three different messages.
        expect(statuses).toHaveLength(3);
        const applied = await db.query<{ count: number }>("SELECT count(*)::int AS count FROM inbox_messages WHERE status = 'APPLIED'");
        expect(applied).toEqual([{ count: 3 }]);
        expect(await spellState(db, 'RRV', '123412341234')).toMatchObject({
          status: 'RECEIVED',
          source: 'HOSPITAL_DISCHARGE',
          referringTrustOdsCode: 'RRV',
          admittedAt: new Date('2013-02-11T11:00:52.000Z'),
          dischargedAt: new Date('2013-02-11T13:00:52.000Z'),
          hospitalSpell: { spellId: '123412341234', dischargeMethod: 'Feeling great', dischargeDestination: 'Home' },
        });
      } finally {
        await db.close();
      }
    });
  });

  describe('synthetic spells', () => {
    let db: Database;
    let inbox: Inbox;
    beforeAll(async () => {
      db = await openTestDatabase(kind);
      inbox = new Inbox(db, applyDischargeMessages, new Map(), pino({ level: 'silent' }));
    });
    afterAll(() => db.close());

    /** A01, A16, A03, A13 (of that A03), A03 again, A08: a spell's messages in event order. */
    function spellMessages(spellId: string): Buffer[] {
      const pid = segment('PID', { 3: `${NHS_NUMBER}^^^NHS^NH`, 5: 'ORDER^Olive', 7: '19400101', 8: 'F', 32: 'NSTS01' });
      const event = (trigger: string, n: number, occurred: string, fields: Record<number, string> = {}) =>
        Buffer.from(message(msh(trigger, { 10: `${spellId}-${n}`, 7: occurred }), segment('EVN', { 2: occurred, 6: occurred }), pid, pv1({ 19: spellId, ...fields })));
      return [
        event('A01', 1, '20261120080000'),
        event('A16', 2, '20261121080000', { 3: 'WARD2^^^RXX01' }),
        event('A03', 3, '20261122080000', { 45: '20261122080000', 36: '1', 37: '19' }),
        event('A13', 4, '20261122090000'),
        event('A03', 5, '20261122100000', { 45: '20261122100000', 36: '1', 37: '54' }),
        event('A08', 6, '20261122110000', { 3: 'WARD3^^^RXX01' }),
      ];
    }

    test('any order of a spell\'s messages ends where the in-order stream does (property)', async () => {
      await receiveAll(inbox, 'RXX', spellMessages('IN-ORDER'));
      const expected = await spellState(db, 'RXX', 'IN-ORDER');
      expect(expected).toMatchObject({ status: 'RECEIVED', ward: 'WARD3', dischargedAt: new Date('2026-11-22T10:00:00.000Z') });
      let run = 0;
      await fc.assert(
        fc.asyncProperty(fc.shuffledSubarray([0, 1, 2, 3, 4, 5], { minLength: 6, maxLength: 6 }), async (order) => {
          const spellId = `P${kind}${run++}`;
          const messages = spellMessages(spellId);
          await receiveAll(inbox, 'RXX', order.map((i) => messages[i]!));
          const state = await spellState(db, 'RXX', spellId);
          expect({ ...state, hospitalSpell: { ...state!.hospitalSpell, spellId: 'IN-ORDER' } }).toEqual(expected);
        }),
        { numRuns: kind === 'pglite' ? 25 : 10 },
      );
    });
  });
});
