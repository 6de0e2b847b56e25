import { summaryOf } from '../../src/care-records/care-record-contacts.js';
import type { ReferralRecord } from '../../src/referrals/referral.js';

const accepted = (source: ReferralRecord['source'], referringTrustOdsCode: string | null) =>
  ({ source, referringTrustOdsCode, pathway: 'PATHWAY_1', assignedTeam: 'Reablement South' }) as ReferralRecord;

describe("the contact written on the person's record when the hub accepts a referral", () => {
  test('says where the referral came from, and calls only a hospital referral a discharge', () => {
    expect(summaryOf(accepted('HOSPITAL_DISCHARGE', 'R1A'))).toBe('Hospital discharge referral from R1A accepted by the Locality Hub, pathway 1, allocated to Reablement South.');
    expect(summaryOf(accepted('GP', null))).toBe('Referral from a GP accepted by the Locality Hub, pathway 1, allocated to Reablement South.');
    expect(summaryOf(accepted('SELF', null))).toBe('Self-referral accepted by the Locality Hub, pathway 1, allocated to Reablement South.');
  });
});
