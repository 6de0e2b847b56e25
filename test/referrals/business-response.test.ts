import { businessResponseCall } from '../../src/referrals/business-response.js';
import type { ReferralRecord } from '../../src/referrals/referral.js';

const noticed = {
  id: 'ref-1',
  referringTrustOdsCode: 'RXX',
  hospitalSpell: { spellId: 'SPELL-1' },
  businessResponseTo: { protocol: 'ADW', noticeMessageId: 'msg-1', noticeEvent: 'assessment', replyTo: 'RXX01' },
} as unknown as ReferralRecord;

describe("the answer a trust's ADW notice is owed", () => {
  test('each decision is its own answer: declined, reopened and accepted, the trust hears both', () => {
    const declined = businessResponseCall(noticed, false, 'No capacity')!;
    const accepted = businessResponseCall(noticed, true, 'Starts Monday')!;
    expect(declined.idempotencyKey).not.toBe(accepted.idempotencyKey);
    expect(accepted.payload).toMatchObject({ accepted: true, referralId: 'ref-1' });
  });

  test('the same decision again is the same answer, owed once', () => {
    expect(businessResponseCall(noticed, true, 'Starts Monday')!.idempotencyKey).toBe(businessResponseCall(noticed, true, 'Starts Monday')!.idempotencyKey);
  });

  test('a referral that came with no notice owes no answer', () => {
    expect(businessResponseCall({ ...noticed, businessResponseTo: null }, true, null)).toBeNull();
  });
});
