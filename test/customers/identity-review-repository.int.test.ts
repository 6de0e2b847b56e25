/**
 * The identity review queue against a real store: a LINK review whose link
 * a merge points at another customer is a different question, and takes a
 * new id, so a decision on the one a coordinator was shown cannot land on it.
 */
import { IdentityReviewRepository } from '../../src/customers/identity-review-repository.js';
import type { Database } from '../../src/store/database.js';
import { describeEachStore, openTestDatabase } from '../support/stores.js';

const MERGED_AWAY = '00000000-0000-4000-8000-000000000001';
const SURVIVOR = '00000000-0000-4000-8000-000000000002';
const REVIEW = '00000000-0000-4000-8000-0000000000e1';

describeEachStore('identity review repository', (kind) => {
  let db: Database;

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    await db.execScript(`
      INSERT INTO customers (id, family_name, sex, phones, contacts, created_at, updated_at) VALUES
        ('${MERGED_AWAY}', 'Away', 'FEMALE', '[]', '[]', now(), now()), ('${SURVIVOR}', 'Kept', 'FEMALE', '[]', '[]', now(), now());
      INSERT INTO identity_reviews (id, kind, system, local_id, sender, customer_id, basis, raised_at, status)
        VALUES ('${REVIEW}', 'LINK', 'PAS:RZZ', 'RZZ-1', 'RZZ', '${MERGED_AWAY}', 'DEMOGRAPHIC_MATCH', now(), 'OPEN');`);
  });
  afterAll(() => db.close());

  test('repointing a LINK review at the survivor of a merge gives it a new id', async () => {
    const reviews = new IdentityReviewRepository(db);
    await reviews.repointLinks(MERGED_AWAY, SURVIVOR);
    expect(await reviews.findOpen(REVIEW)).toBeNull();
    const open = await db.query<{ id: string; customer_id: string }>(`SELECT id, customer_id FROM identity_reviews WHERE local_id = 'RZZ-1' AND status = 'OPEN'`);
    expect(open).toEqual([{ id: expect.any(String), customer_id: SURVIVOR }]);
    expect(open[0]!.id).not.toBe(REVIEW);
  });
});
