/**
 * Review 2 finding (5xx): a DateTime the scalar accepts but whose instant is
 * in year 0 or year 10000 in UTC ("0001-01-01T00:00:00+23:59",
 * "9999-12-31T23:59:59-23:59") is an internal error.
 *
 * parseDateTime (src/server/scalars.ts) checks the calendar day as written,
 * not the instant after the offset. On the embedded store (PGlite), a
 * hospital team's referrals(filter: { receivedSince }) and an ADMIN's
 * auditEvents(filter: { from }) answer INTERNAL_SERVER_ERROR (PostgreSQL
 * takes them). On both stores submitDischarge(admittedAt:) goes through the
 * inbox, fails in SQL and is answered "the gateway could not apply this
 * message (internal error); it is kept for replay" (InternalFeedError via
 * src/inbox/inbox.ts asFeedError), with a FAILED form message that no replay
 * can apply. Either should be BAD_USER_INPUT naming the argument.
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

  // PostgreSQL takes these two; the embedded store does not.
  const onPglite = kind === 'pglite' ? test.each(EDGES) : test.skip.each(EDGES);

  onPglite('a hospital team\'s referrals(filter: { receivedSince: %s }) is not an internal error', async (since) => {
    const ward = await gw.token('HOSPITAL_DISCHARGE', { trust: 'RZZ' });
    const { body } = await gw.graphql(`query($s: DateTime) { referrals(filter: { receivedSince: $s }) { totalCount } }`, { s: since }, ward);
    // Fails on PGlite: INTERNAL_SERVER_ERROR.
    expect((body.errors ?? []).map((e) => e.extensions?.code)).not.toContain('INTERNAL_SERVER_ERROR');
  });

  onPglite('auditEvents(filter: { from: %s }) is not an internal error', async (from) => {
    const admin = await gw.token('ADMIN');
    const { body } = await gw.graphql(`query($s: DateTime) { auditEvents(filter: { from: $s }) { totalCount } }`, { s: from }, admin);
    // Fails on PGlite: INTERNAL_SERVER_ERROR.
    expect((body.errors ?? []).map((e) => e.extensions?.code)).not.toContain('INTERNAL_SERVER_ERROR');
  });

  test.each(EDGES)('submitDischarge(admittedAt: %s) is refused as the caller\'s input, not the gateway\'s internal error', async (admittedAt) => {
    const ward = await gw.token('HOSPITAL_DISCHARGE', { trust: 'RZZ' });
    const { body } = await gw.graphql(`mutation($i: SubmitDischargeInput!) { submitDischarge(input: $i) { id } }`, {
      i: { spellId: `EDGE-${admittedAt.slice(0, 4)}`, needsSummary: 'Walking frame', admittedAt, person: { familyName: 'Edgecase', dateOfBirth: '1950-01-01', sex: 'FEMALE' } },
    }, ward);
    // Fails on both stores: "input.message: the gateway could not apply this message (internal error); it is kept for replay".
    expect(body.errors?.[0]?.message).not.toMatch(/internal error/);
  });
});
