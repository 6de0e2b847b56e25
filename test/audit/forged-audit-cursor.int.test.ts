/**
 * An auditEvents cursor that PostgreSQL could not take (a date that does
 * not exist, year 0000, a look id beyond bigint) is the caller's mistake,
 * BAD_USER_INPUT, and never reaches the SQL casts as a server error.
 */
import { encodeCursor } from '../../src/store/pagination.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { createTestStorePlace, describeEachStore, type TestStorePlace } from '../support/stores.js';

const FORGED = ['2026-13-45T99:99:99.999Z/1/', '0000-01-01T00:00:00.000Z/1/', '2026-12-07T00:00:00.000Z/9999999999999999999/'];

describeEachStore('a forged audit cursor is the caller\'s mistake', (kind) => {
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

  test.each(FORGED)('after %s is BAD_USER_INPUT, by person or not', async (position) => {
    const admin = await gw.token('ADMIN');
    for (const filter of [{}, { customerId: '00000000-0000-4000-8000-000000000001' }]) {
      const { body } = await gw.graphql(`query($after: String, $filter: AuditEventFilter) { auditEvents(first: 2, after: $after, filter: $filter) { edges { node { lookId } } } }`,
        { after: encodeCursor(position), filter }, admin);
      expect(body.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
    }
  });
});
