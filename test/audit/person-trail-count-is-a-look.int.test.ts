/**
 * A count filtered by a person tells of that person: auditEvents(filter:
 * { customerId }) asked for totalCount alone resolves no edge, and is still
 * a look at the person, for the purpose of audit.
 */
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { createTestStorePlace, describeEachStore, type TestStorePlace } from '../support/stores.js';
import { knownCustomers } from '../support/known-customers.js';

describeEachStore('counting a person\'s audit trail is a look', (kind) => {
  let place: TestStorePlace;
  let gw: TestGateway;

  beforeAll(async () => {
    place = await createTestStorePlace(kind);
    gw = await startTestGateway(place);
  });
  afterAll(async () => {
    await gw.stop();
    await place.remove();
  });

  test('auditEvents(filter: { customerId }) { totalCount } leaves a look at the person', async () => {
    // knownCustomers is itself a read, so each has looks on record to count.
    const [person] = await knownCustomers(gw);
    const admin = await gw.token('ADMIN', { subject: 'counter' });
    const counted = await gw.graphql(`query($id: ID!) { auditEvents(filter: { customerId: $id }, first: 1) { totalCount } }`, { id: person!.id }, admin);
    expect(counted.body.data!.auditEvents.totalCount).toBeGreaterThan(0);
    const looks = await gw.gateway.db.query<{ customer_id: string | null; purpose: string }>(
      `SELECT p.customer_id, e.purpose FROM audit_events e LEFT JOIN audit_event_people p ON p.at = e.at AND p.event_id = e.id WHERE e.request_id = $1`,
      [counted.headers.get('x-request-id')],
    );
    expect(looks).toEqual([{ customer_id: person!.id, purpose: 'AUDIT' }]);
  });
});
