/**
 * Migration 005 moves the old audit_log into the partitioned trail, where
 * every row lands in the default partitions: maintenance makes their months,
 * so they expire with AUDIT_RETENTION_MONTHS like any other look.
 */
import { maintainAuditPartitions } from '../../../src/audit/audit-partitions.js';
import type { Database } from '../../../src/store/database.js';
import { storeMigratedFrom004 } from '../../support/store-from-004.js';

describe('migration 005: looks migrated from audit_log expire like any other', () => {
  let db: Database;

  beforeAll(async () => {
    db = await storeMigratedFrom004(`
      INSERT INTO customers (id, family_name, sex, phones, contacts, created_at, updated_at)
        VALUES ('00000000-0000-4000-8000-000000000001', 'Old', 'FEMALE', '[]', '[]', now(), now());
      INSERT INTO audit_log (at, request_id, actor_subject, actor_role, operation, action, customer_id)
        VALUES ('2020-05-03T10:00:00Z', 'req-2020', 'alice', 'VIEWER', 'query Old', 'READ', '00000000-0000-4000-8000-000000000001');`);
  });
  afterAll(() => db.close());

  test('a 2020 look is dropped with a 12-month retention', async () => {
    expect(await db.query('SELECT request_id FROM audit_events')).toEqual([{ request_id: 'req-2020' }]);
    await maintainAuditPartitions(db, new Date(), 12);
    expect(await db.query('SELECT request_id FROM audit_events')).toEqual([]);
    expect(await db.query('SELECT event_id FROM audit_event_people')).toEqual([]);
  });
});
