/**
 * A feed date no store keeps (year 0000, or an instant in year 10000 UTC) is
 * refused where it is, with the HL7 data type error (102) at its field or a
 * FHIR OperationOutcome at its element: never the gateway's internal error,
 * kept for a replay that could not succeed.
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
    expect(sent.acks[0]!.code).toBe('AE');
    expect(sent.acks[0]!.field('MSA', 3)).toMatch(/years run from 0001 to 9999|outside the years 0001 to 9999/);
    expect(sent.text).toMatch(/\^102&/);
  });

  test('FHIR: a Patient.birthDate in year 0000 is refused at its element, not an internal error', async () => {
    const feed = await gw.token('SYSTEM', { trust: TRUST });
    const bundle = r4EncounterMessage('in-progress');
    entryOf(bundle, 'MessageHeader').id = 'fhir-year-zero';
    entryOf(bundle, 'MessageHeader').sender.identifier.value = TRUST;
    entryOf(bundle, 'Patient').birthDate = '0000-01-01';
    const sent = await postFhir(gw.url, feed, JSON.stringify(bundle), 'json');
    expect(sent.status).toBe(422);
    expect(sent.text).toMatch(/birthDate/);
    expect(sent.text).toMatch(/outside the years 0001 to 9999/);
  });
});
