/**
 * The audit plugin fails closed: if the audit rows cannot be written the
 * response carries no data. Driven through Apollo with a store whose audit
 * log refuses writes.
 */
import pino from 'pino';
import { AuditTrail } from '../../../src/audit/audit-trail.js';
import { DEFAULT_LIMITS } from '../../../src/config.js';
import { createApolloServer } from '../../../src/server/graphql/apollo.js';
import { createContextDependencies, createContext } from '../../../src/server/request/context.js';
import { Inbox } from '../../../src/inbox/inbox.js';
import { applyDischargeMessages } from '../../../src/referrals/discharge-intake.js';
import { buildSchema } from '../../../src/server/graphql/schema.js';
import { openTestDatabase } from '../../support/stores.js';
import { seedIfEmpty } from '../../../src/seed/seed-store.js';
import type { Database } from '../../../src/store/database.js';
import { unusedOrdering } from '../../support/equipment-ordering.js';

const unused = () => Promise.reject(new Error('not used here'));

describe('read audit plugin', () => {
  let db: Database;
  beforeAll(async () => {
    db = await openTestDatabase('pglite');
    await seedIfEmpty(db, { customers: 20 });
  });
  afterAll(() => db.close());

  test('withholds the data with AUDIT_UNAVAILABLE (503) when the audit rows cannot be written', async () => {
    const apollo = createApolloServer(buildSchema(), { limits: DEFAULT_LIMITS, production: false, explorer: false }, pino({ level: 'silent' }));
    await apollo.start();
    const inbox = new Inbox(db, applyDischargeMessages, new Map(), pino({ level: 'silent' }));
    const noCommunityHealth = { recordsOf: async () => new Map(), createServiceRequest: unused, serviceRequestStatus: unused };
    const deps = createContextDependencies({
      db,
      limits: DEFAULT_LIMITS,
      inbox,
      ordering: await unusedOrdering(),
      careRecordSystems: [],
      communityHealth: noCommunityHealth,
      live: { subscribe: () => () => undefined },
      onward: { services: [], targets: [] },
      referralRules: { reopenWindowSeconds: 28 * 86_400, targets: { triage: { kind: 'SAME_DAY' }, decision: { kind: 'SAME_DAY' } } },
    });
    deps.repositories.auditLog.record = () => Promise.reject(new Error('disk full'));
    const contextValue = createContext(deps, { subject: 'v', name: null, role: 'VIEWER', trustOdsCode: null }, 'req-1');
    const response = await apollo.executeOperation(
      { query: '{ referrals(first: 3) { edges { node { customer { name { family } } } } } }' },
      { contextValue },
    );
    expect(contextValue.auditTrail).toBeInstanceOf(AuditTrail);
    expect(contextValue.auditTrail.isEmpty).toBe(false);
    expect(response.http.status).toBe(503);
    expect(response.body).toEqual({
      kind: 'single',
      singleResult: {
        errors: [
          {
            message: 'The read could not be recorded in the audit log, so its data is withheld. Try again.',
            extensions: { code: 'AUDIT_UNAVAILABLE' },
          },
        ],
      },
    });
    await apollo.stop();
  });
});
