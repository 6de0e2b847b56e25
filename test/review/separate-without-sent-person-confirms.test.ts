/**
 * Review finding (wrong change): a LINK review without the person as sent
 * (every link migration 005 turns into a review where 002's sent_person was
 * null) is decided SEPARATE by a coordinator, and decideLink takes the
 * CONFIRM branch: the link is written as proof (needs_review false) to the
 * customer the coordinator said it is not, and the review is closed as
 * SEPARATED. The hub's "not this person" ends as "this person, for sure".
 */
import { resolveIdentityReview } from '../../src/customers/resolve-identity-review.js';
import type { Database } from '../../src/store/database.js';
import { storeMigratedFrom004 } from './migration-support.js';

const CUSTOMER = '00000000-0000-4000-8000-000000000001';

describe('review: SEPARATE never confirms a link', () => {
  let db: Database;

  beforeAll(async () => {
    db = await storeMigratedFrom004(`
      INSERT INTO customers (id, family_name, sex, phones, contacts, created_at, updated_at)
        VALUES ('${CUSTOMER}', 'Known', 'FEMALE', '[]', '[]', now(), now());
      INSERT INTO customer_identities (system, local_id, customer_id, needs_review, linked_at, review_basis, sent_person)
        VALUES ('PAS:R1A', 'OLD-LINK', '${CUSTOMER}', true, now(), 'DEMOGRAPHIC_MATCH', null);`);
  });
  afterAll(() => db.close());

  test('a migrated review without sentPerson, separated, leaves the link unconfirmed', async () => {
    const [review] = await db.query<{ id: string }>(`SELECT id FROM identity_reviews WHERE local_id = 'OLD-LINK'`);
    const by = { db, viewer: { subject: 'coordinator', name: null, role: 'HUB_COORDINATOR' as const, trustOdsCode: null }, requestId: 'review-test', operation: 'mutation Separate', at: new Date() };
    await resolveIdentityReview(by, { id: review!.id }, 'SEPARATE');
    const links = await db.query<{ customer_id: string; needs_review: boolean }>(`SELECT customer_id, needs_review FROM customer_identities WHERE local_id = 'OLD-LINK'`);
    expect(links).not.toEqual([{ customer_id: CUSTOMER, needs_review: false }]);
  });
});
