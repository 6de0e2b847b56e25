/**
 * Review finding (bug: migration of existing data): migration 005 moves FHIR
 * links into their trust's namespace by the referral that came through them.
 * - A waiting link no referral names keeps `FHIR:<uri>`, and its LINK review
 *   is given split_part(system, ':', 2) as sender: `https` (or `urn`), shown
 *   to coordinators as an organisation.
 * - A link two trusts' referrals came through (possible before, when a URI
 *   was shared) goes to one of them, picked by UPDATE ... FROM, and the other
 *   trust's referral is renamed to a link that does not exist.
 */
import type { Database } from '../../src/store/database.js';
import { storeMigratedFrom004 } from './migration-support.js';

const ONE = '00000000-0000-4000-8000-000000000001';
const TWO = '00000000-0000-4000-8000-000000000002';

describe('review: FHIR links and their reviews after migration 005', () => {
  let db: Database;

  beforeAll(async () => {
    db = await storeMigratedFrom004(`
      INSERT INTO customers (id, family_name, sex, phones, contacts, created_at, updated_at) VALUES
        ('${ONE}', 'One', 'FEMALE', '[]', '[]', now(), now()), ('${TWO}', 'Two', 'FEMALE', '[]', '[]', now(), now());
      INSERT INTO customer_identities (system, local_id, customer_id, needs_review, linked_at, review_basis, sent_person) VALUES
        ('FHIR:https://h.example/id', 'SHARED', '${ONE}', false, now(), null, null),
        ('FHIR:https://h.example/id', 'UNNAMED', '${TWO}', true, now(), 'DEMOGRAPHIC_MATCH', '{"familyName": "Two"}');
      INSERT INTO referrals (id, customer_id, source, referring_trust_ods_code, status, received_at, updated_at, identity_system, identity_local_id, spell_id) VALUES
        ('00000000-0000-4000-8000-0000000000a1', '${ONE}', 'HOSPITAL_DISCHARGE', 'R1A', 'RECEIVED', now(), now(), 'FHIR:https://h.example/id', 'SHARED', 'S1'),
        ('00000000-0000-4000-8000-0000000000a2', '${ONE}', 'HOSPITAL_DISCHARGE', 'R1B', 'RECEIVED', now(), now(), 'FHIR:https://h.example/id', 'SHARED', 'S2');`);
  });
  afterAll(() => db.close());

  test('a migrated LINK review names a trust as sender, or none; never a URI scheme', async () => {
    const [review] = await db.query<{ sender: string | null }>(`SELECT sender FROM identity_reviews WHERE local_id = 'UNNAMED'`);
    expect(review!.sender).toBeNull();
  });

  test('every referral\'s identity still names a link that exists', async () => {
    const dangling = await db.query(
      `SELECT r.referring_trust_ods_code, r.identity_system FROM referrals r
       WHERE NOT EXISTS (SELECT 1 FROM customer_identities i WHERE i.system = r.identity_system AND i.local_id = r.identity_local_id)`,
    );
    expect(dangling).toEqual([]);
  });
});
