/**
 * A DateTime whose day as written exists but whose instant falls outside the
 * years kept in UTC ("0001-01-01T00:00:00+23:59", "9999-12-31T23:59:59-23:59")
 * is the caller's mistake, BAD_USER_INPUT, on both stores: never an internal
 * error from the store, nor a form kept for a replay that could not succeed.
 */
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { createTestStorePlace, describeEachStore, type TestStorePlace } from '../support/stores.js';

const EDGES = ['0001-01-01T00:00:00+23:59', '9999-12-31T23:59:59-23:59'];

describeEachStore('DateTime values outside the store\'s range', (kind) => {
  let place: TestStorePlace;
  let gw: TestGateway;

  beforeAll(async () => {
    place = await createTestStorePlace(kind);
    gw = await startTestGateway(place, { SEED_ON_EMPTY_STORE: 'false' });
  });
  afterAll(async () => {
    await gw.stop();
    await place.remove();
  });

  test.each(EDGES)('a hospital team\'s referrals(filter: { receivedSince: %s }) is BAD_USER_INPUT', async (since) => {
    const ward = await gw.token('HOSPITAL_DISCHARGE', { trust: 'RZZ' });
    const { body } = await gw.graphql(`query($s: DateTime) { referrals(filter: { receivedSince: $s }) { totalCount } }`, { s: since }, ward);
    expect((body.errors ?? []).map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
  });

  test.each(EDGES)('auditEvents(filter: { from: %s }) is BAD_USER_INPUT', async (from) => {
    const admin = await gw.token('ADMIN');
    const { body } = await gw.graphql(`query($s: DateTime) { auditEvents(filter: { from: $s }) { totalCount } }`, { s: from }, admin);
    expect((body.errors ?? []).map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
  });

  test.each(EDGES)('submitDischarge(admittedAt: %s) is refused as the caller\'s input, not the gateway\'s internal error', async (admittedAt) => {
    const ward = await gw.token('HOSPITAL_DISCHARGE', { trust: 'RZZ' });
    const { body } = await gw.graphql(`mutation($i: SubmitDischargeInput!) { submitDischarge(input: $i) { id } }`, {
      i: { spellId: `EDGE-${admittedAt.slice(0, 4)}`, needsSummary: 'Walking frame', admittedAt, person: { familyName: 'Edgecase', dateOfBirth: '1950-01-01', sex: 'FEMALE' } },
    }, ward);
    expect(body.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
    expect(body.errors?.[0]?.message).toMatch(/outside the years 0001 to 9999/);
  });
});
