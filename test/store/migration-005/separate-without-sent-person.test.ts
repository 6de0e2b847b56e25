/**
 * A LINK review migrated from a link that kept no person as sent (002's
 * sent_person was null) is separated from the person the newest referral
 * through the link was sent as; with no such referral the decision is
 * refused (REVIEW_DECISION_NOT_POSSIBLE) and the link stays as it was. A
 * SEPARATE never ends as the link confirmed to the customer the hub rejected.
 */
import { ReviewDecisionError, resolveIdentityReview } from '../../../src/customers/resolve-identity-review.js';
import type { Database } from '../../../src/store/database.js';
import { storeMigratedFrom004 } from '../../support/store-from-004.js';

const CUSTOMER = '00000000-0000-4000-8000-000000000001';
const REFERRAL = (n: number) => `00000000-0000-4000-8000-0000000000a${n}`;
/** A person as 002 kept them on a referral. */
const sent = (familyName: string, givenName: string) =>
  JSON.stringify({ nhsNumber: null, nhsNumberVerified: false, localIds: [], title: null, givenName, familyName, dateOfBirth: '1940-01-01', sex: 'FEMALE', address: null, phones: [], gpPracticeOdsCode: null });

describe('migration 005: separating a link that kept no person as sent', () => {
  let db: Database;

  beforeAll(async () => {
    db = await storeMigratedFrom004(`
      INSERT INTO customers (id, family_name, given_name, sex, phones, contacts, created_at, updated_at)
        VALUES ('${CUSTOMER}', 'Known', 'Kay', 'FEMALE', '[]', '[]', now(), now());
      INSERT INTO customer_identities (system, local_id, customer_id, needs_review, linked_at, review_basis, sent_person) VALUES
        ('PAS:R1A', 'OLD-LINK', '${CUSTOMER}', true, now(), 'DEMOGRAPHIC_MATCH', null),
        ('PAS:R1A', 'OLD-REFERRED', '${CUSTOMER}', true, now(), 'DEMOGRAPHIC_MATCH', null);
      -- The newer referral has the lower id: the person is chosen by when they were sent, not by id.
      INSERT INTO referrals (id, customer_id, source, referring_trust_ods_code, status, received_at, updated_at, identity_system, identity_local_id, spell_id, sent_person) VALUES
        ('${REFERRAL(1)}', '${CUSTOMER}', 'HOSPITAL_DISCHARGE', 'R1A', 'RECEIVED', '2026-11-02T10:00:00Z', now(), 'PAS:R1A', 'OLD-REFERRED', 'S2', '${sent('Newer', 'Nell')}'),
        ('${REFERRAL(2)}', '${CUSTOMER}', 'HOSPITAL_DISCHARGE', 'R1A', 'RECEIVED', '2026-11-01T10:00:00Z', now(), 'PAS:R1A', 'OLD-REFERRED', 'S1', '${sent('Older', 'Olive')}');`);
  });
  afterAll(() => db.close());

  const by = () => ({ db, viewer: { subject: 'coordinator', name: null, role: 'HUB_COORDINATOR' as const, trustOdsCode: null }, requestId: 'separate-test', operation: 'mutation Separate', at: new Date() });
  const reviewOf = async (localId: string) => (await db.query<{ id: string }>(`SELECT id FROM identity_reviews WHERE local_id = $1`, [localId]))[0]!.id;
  const linkOf = (localId: string) => db.query(`SELECT customer_id, needs_review FROM customer_identities WHERE local_id = $1`, [localId]);

  test('with no referral through the link, the decision is refused and the link stays for review', async () => {
    await expect(resolveIdentityReview(by(), await reviewOf('OLD-LINK'), 'SEPARATE')).rejects.toBeInstanceOf(ReviewDecisionError);
    expect(await linkOf('OLD-LINK')).toEqual([{ customer_id: CUSTOMER, needs_review: true }]);
    expect(await db.query(`SELECT status FROM identity_reviews WHERE local_id = 'OLD-LINK'`)).toEqual([{ status: 'OPEN' }]);
  });

  test('with referrals through the link, the person is separated as the newest was sent, and they move', async () => {
    const separated = await resolveIdentityReview(by(), await reviewOf('OLD-REFERRED'), 'SEPARATE');
    expect(separated).not.toBe(CUSTOMER);
    expect(await db.query(`SELECT family_name, given_name FROM customers WHERE id = $1`, [separated])).toEqual([{ family_name: 'Newer', given_name: 'Nell' }]);
    expect(await linkOf('OLD-REFERRED')).toEqual([{ customer_id: separated, needs_review: false }]);
    expect(await db.query(`SELECT DISTINCT customer_id FROM referrals WHERE identity_local_id = 'OLD-REFERRED'`)).toEqual([{ customer_id: separated }]);
  });
});
