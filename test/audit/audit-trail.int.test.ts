/**
 * The audit trail's storage on each store: one row per look and one per
 * person, months made ahead and dropped whole past retention, looks that
 * landed outside the months made moved into theirs, and the list read back
 * per person and in full.
 */
import { AuditLog, isAuditPosition, type AuditEventFilter, type AuditLook } from '../../src/audit/audit-log.js';
import { maintainAuditPartitions } from '../../src/audit/audit-partitions.js';
import type { Database } from '../../src/store/database.js';
import { readPage } from '../../src/store/pagination.js';
import { describeEachStore, openTestDatabase } from '../support/stores.js';

const ALICE = '00000000-0000-4000-8000-00000000a11c';
const BOB = '00000000-0000-4000-8000-000000000b0b';
const NOBODY: AuditEventFilter = { customerId: null, actor: null, from: null, to: null, action: null };

function look(at: string, customerIds: string[], overrides: Partial<AuditLook> = {}): AuditLook {
  return {
    at: new Date(at),
    requestId: `req-${at}`,
    viewer: { subject: 'auditor-test', name: null, role: 'VIEWER', trustOdsCode: null },
    operation: 'query Test',
    action: 'READ',
    purpose: 'CASEWORK',
    customerIds,
    ...overrides,
  };
}

describeEachStore('audit trail storage', (kind) => {
  let db: Database;
  let log: AuditLog;
  beforeAll(async () => {
    db = await openTestDatabase(kind);
    log = new AuditLog(db);
  });
  afterAll(() => db.close());

  /** Which partition holds the looks of a request. */
  async function partitionsOf(requestId: string): Promise<string[]> {
    const rows = await db.query<{ partition: string }>(
      `SELECT DISTINCT tableoid::regclass::text AS partition FROM audit_events WHERE request_id = $1
       UNION SELECT DISTINCT p.tableoid::regclass::text FROM audit_event_people p JOIN audit_events e ON e.at = p.at AND e.id = p.event_id WHERE e.request_id = $1`,
      [requestId],
    );
    return rows.map((row) => row.partition.replace(/^.*\./, '').replace(/"/g, '')).sort();
  }

  test('months are made ahead, once; a look from a month nobody made waits in the default partition and moves into its month when made', async () => {
    const first = await maintainAuditPartitions(db, new Date('2026-12-15T12:00:00Z'), null);
    expect(first.created).toEqual(
      ['2026_12', '2027_01', '2027_02', '2027_03'].flatMap((month) => [`audit_events_${month}`, `audit_event_people_${month}`]),
    );
    expect((await maintainAuditPartitions(db, new Date('2026-12-20T12:00:00Z'), null)).created).toEqual([]);

    await log.record([look('2026-12-16T10:00:00Z', [ALICE, BOB]), look('2027-06-10T10:00:00Z', [ALICE])]);
    expect(await partitionsOf('req-2026-12-16T10:00:00Z')).toEqual(['audit_event_people_2026_12', 'audit_events_2026_12']);
    expect(await partitionsOf('req-2027-06-10T10:00:00Z')).toEqual(['audit_event_people_default', 'audit_events_default']);

    await maintainAuditPartitions(db, new Date('2027-06-01T00:00:00Z'), null);
    expect(await partitionsOf('req-2027-06-10T10:00:00Z')).toEqual(['audit_event_people_2027_06', 'audit_events_2027_06']);
  });

  test('one statement writes a look and all its people; a look that touched nobody is kept too', async () => {
    const people = Array.from({ length: 1_500 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
    await log.record([look('2026-12-17T09:00:00Z', [...people, people[0]!]), look('2026-12-17T09:00:01Z', [], { action: 'SEARCH', search: { text: 'Nobody', nhsNumber: null, dateOfBirth: null, postcode: null, matched: 0 } })]);
    const [counted] = await db.query<{ looks: number; people: number }>(
      `SELECT (SELECT count(*)::int FROM audit_events WHERE request_id LIKE 'req-2026-12-17%') AS looks,
              (SELECT count(*)::int FROM audit_event_people p JOIN audit_events e ON e.at = p.at AND e.id = p.event_id WHERE e.request_id = 'req-2026-12-17T09:00:00Z') AS people`,
    );
    expect(counted).toEqual({ looks: 2, people: 1_500 });
    const searches = await log.list({ ...NOBODY, action: 'SEARCH' }, readPage({ first: 10 }, isAuditPosition, 100));
    expect(searches.edges.map((edge) => [edge.node.customerId, edge.node.search])).toEqual([[null, { text: 'Nobody', nhsNumber: null, dateOfBirth: null, postcode: null, matched: 0 }]]);
  });

  test('who looked at a person, newest first, pages by cursor without gaps; a forged cursor is refused', async () => {
    await log.record([look('2026-12-18T09:00:00Z', [BOB], { viewer: { subject: 'someone-else', name: null, role: 'ADMIN', trustOdsCode: null } })]);
    const byAlice = { ...NOBODY, customerId: ALICE };
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page = await log.list(byAlice, readPage({ first: 1, after }, isAuditPosition, 100));
      seen.push(...page.edges.map((edge) => edge.node.requestId));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toEqual(['req-2027-06-10T10:00:00Z', 'req-2026-12-16T10:00:00Z']);
    const bobByOthers = await log.list({ ...NOBODY, customerId: BOB, actor: 'someone-else' }, readPage({ first: 10 }, isAuditPosition, 100));
    expect(bobByOthers.edges.map((edge) => edge.node.requestId)).toEqual(['req-2026-12-18T09:00:00Z']);
    const inDecember = await log.list({ ...byAlice, from: new Date('2026-12-01T00:00:00Z'), to: new Date('2027-01-01T00:00:00Z') }, readPage({ first: 10 }, isAuditPosition, 100));
    expect(inDecember.edges.map((edge) => edge.node.requestId)).toEqual(['req-2026-12-16T10:00:00Z']);
    await expect(inDecember.totalCount()).resolves.toBe(1);
    const forged = readPage({ first: 1, after: Buffer.from(JSON.stringify(['2000-01-01T00:00:00.000Z/999999999/'])).toString('base64url') }, isAuditPosition, 100);
    await expect(log.list(byAlice, forged)).rejects.toMatchObject({ code: 'BAD_USER_INPUT', details: { argument: 'after' } });
    expect(() => readPage({ first: 1, after: Buffer.from(JSON.stringify(["2026-12-16T10:00:00.000Z/1/'; DROP"])).toString('base64url') }, isAuditPosition, 100)).toThrow('is not a cursor');
  });

  test('months past retention are dropped whole; the months kept are untouched', async () => {
    const changes = await maintainAuditPartitions(db, new Date('2035-01-15T00:00:00Z'), 96);
    // Eight years back from January 2035 keeps January 2027 on: December 2026 goes.
    expect(changes.dropped.sort()).toEqual(['audit_event_people_2026_12', 'audit_events_2026_12']);
    const left = await log.list({ ...NOBODY, customerId: ALICE }, readPage({ first: 10 }, isAuditPosition, 100));
    expect(left.edges.map((edge) => edge.node.requestId)).toEqual(['req-2027-06-10T10:00:00Z']);
  });
});
