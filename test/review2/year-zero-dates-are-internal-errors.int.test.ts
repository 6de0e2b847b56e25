/**
 * Review 2 finding (5xx): a feed date PostgreSQL cannot store (year 0000, or
 * an instant that is in year 10000 in UTC) is answered as the gateway's own
 * internal error, not refused where it is.
 *
 * The HL7 reader (adapters/hospital-discharge/hl7v2/hl7-time.ts: TIMESTAMP
 * takes any four digits, readDateTime checks month and day only) and the FHIR
 * reader accept year 0000; the GraphQL Date scalar refuses it for exactly
 * this reason ("PostgreSQL refuses year 0", src/server/scalars.ts). Applying
 * then fails in SQL, and src/inbox/inbox.ts asFeedError turns it into
 * InternalFeedError: logged as an application error, kept FAILED "for replay"
 * (a replay can never succeed), and answered AE with ERR 207 "Application
 * internal error" at `message` (FHIR: 422 "internal error"), where the trust
 * model promises bad input is refused with its place (PID-7, PV1-44, PV2-9,
 * Patient.birthDate; HL7 102). Both stores.
 */
import { entryOf, r4EncounterMessage } from '../adapters/hospital-discharge/fhir/fixtures.js';
import { segment } from '../adapters/hospital-discharge/hl7v2/synthetic-messages.js';
import { postFhir, postHl7 } from '../support/feed-clients.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { createTestStorePlace, describeEachStore, type TestStorePlace } from '../support/stores.js';
import { adt, pid } from '../support/trust-adt.js';

const TRUST = 'RZZ';

describeEachStore('feed dates no store can hold', (kind) => {
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

  test.each([
    ['a birth date in year 0000 (PID-7)', pid({ mrn: 'Y0-A', trust: TRUST, family: 'Yearzero', dob: '00000101' }), segment('PV1', { 2: 'I', 19: 'Y0-SPELL-A' })],
    ['an admission in year 0000 (PV1-44)', pid({ mrn: 'Y0-B', trust: TRUST, family: 'Yearzero' }), segment('PV1', { 2: 'I', 19: 'Y0-SPELL-B', 44: '00000101' })],
    ['an admission in year 10000 UTC (PV1-44)', pid({ mrn: 'Y0-C', trust: TRUST, family: 'Yearzero' }), segment('PV1', { 2: 'I', 19: 'Y0-SPELL-C', 44: '99991231235959-1400' })],
  ])('HL7: %s is refused at its field, not an internal error', async (_, person, visit) => {
    const feed = await gw.token('SYSTEM', { trust: TRUST });
    const sent = await postHl7(gw.url, feed, adt(TRUST, 'A01', `Y0-${visit.length}-${person.length}`, person, visit));
    expect(sent.status).toBeLessThan(500);
    // Fails: MSA|AE|..|message: the gateway could not apply this message (internal error) / ERR|^^^207&Application internal error.
    expect(sent.acks[0]!.field('MSA', 3)).not.toMatch(/internal error/);
    expect(sent.text).not.toMatch(/\^207&/);
  });

  test('FHIR: a Patient.birthDate in year 0000 is refused at its element, not an internal error', async () => {
    const feed = await gw.token('SYSTEM', { trust: TRUST });
    const bundle = r4EncounterMessage('in-progress');
    entryOf(bundle, 'MessageHeader').id = 'fhir-year-zero';
    entryOf(bundle, 'MessageHeader').sender.identifier.value = TRUST;
    entryOf(bundle, 'Patient').birthDate = '0000-01-01';
    const sent = await postFhir(gw.url, feed, JSON.stringify(bundle), 'json');
    expect(sent.status).toBeLessThan(500);
    // Fails: 422 "the gateway could not apply this message (internal error); it is kept for replay".
    expect(sent.text).not.toMatch(/internal error/);
  });
});
