/**
 * Migration 005 moves FHIR links into their trust's namespace by the
 * referrals that came through them. A link no referral names, or that two
 * trusts' referrals came through (one URI shared), cannot be placed: it
 * stays under the bare URI, its review names no trust as sender (never a URI
 * scheme), and every referral still names a link that exists.
 */
import type { Database } from '../../../src/store/database.js';
import { storeMigratedFrom004 } from '../../support/store-from-004.js';

const ONE = '00000000-0000-4000-8000-000000000001';
const TWO = '00000000-0000-4000-8000-000000000002';
const THREE = '00000000-0000-4000-8000-000000000003';

describe('migration 005: FHIR links and their reviews', () => {
  let db: Database;

  beforeAll(async () => {
    db = await storeMigratedFrom004(`
      INSERT INTO customers (id, family_name, sex, phones, contacts, created_at, updated_at) VALUES
        ('${ONE}', 'One', 'FEMALE', '[]', '[]', now(), now()), ('${TWO}', 'Two', 'FEMALE', '[]', '[]', now(), now()),
        ('${THREE}', 'Three', 'FEMALE', '[]', '[]', now(), now());
      INSERT INTO customer_identities (system, local_id, customer_id, needs_review, linked_at, review_basis, sent_person) VALUES
        ('FHIR:https://h.example/id', 'SHARED', '${ONE}', false, now(), null, null),
        ('FHIR:https://h.example/id', 'UNNAMED', '${TWO}', true, now(), 'DEMOGRAPHIC_MATCH', '{"familyName": "Two"}'),
        ('FHIR:https://h.example/id', 'ONLY', '${THREE}', true, now(), 'DEMOGRAPHIC_MATCH', '{"familyName": "Three"}');
      INSERT INTO referrals (id, customer_id, source, referring_trust_ods_code, status, received_at, updated_at, identity_system, identity_local_id, spell_id) VALUES
        ('00000000-0000-4000-8000-0000000000a1', '${ONE}', 'HOSPITAL_DISCHARGE', 'R1A', 'RECEIVED', now(), now(), 'FHIR:https://h.example/id', 'SHARED', 'S1'),
        ('00000000-0000-4000-8000-0000000000a2', '${ONE}', 'HOSPITAL_DISCHARGE', 'R1B', 'RECEIVED', now(), now(), 'FHIR:https://h.example/id', 'SHARED', 'S2'),
        ('00000000-0000-4000-8000-0000000000a3', '${THREE}', 'HOSPITAL_DISCHARGE', 'R1C', 'RECEIVED', now(), now(), 'FHIR:https://h.example/id', 'ONLY', 'S3');`);
  });
  afterAll(() => db.close());

  test('a link one trust\'s referrals came through moves into that trust\'s namespace, with its review and referrals', async () => {
    const system = 'FHIR:R1C:https://h.example/id';
    expect(await db.query(`SELECT system FROM customer_identities WHERE local_id = 'ONLY'`)).toEqual([{ system }]);
    expect(await db.query(`SELECT system, sender FROM identity_reviews WHERE local_id = 'ONLY'`)).toEqual([{ system, sender: 'R1C' }]);
    expect(await db.query(`SELECT identity_system FROM referrals WHERE identity_local_id = 'ONLY'`)).toEqual([{ identity_system: system }]);
  });

  test('a link two trusts\' referrals came through stays under the bare URI, which no message reaches', async () => {
    expect(await db.query(`SELECT system FROM customer_identities WHERE local_id = 'SHARED'`)).toEqual([{ system: 'FHIR:https://h.example/id' }]);
  });

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
