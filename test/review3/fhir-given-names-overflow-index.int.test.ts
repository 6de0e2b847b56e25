/**
 * Review 3 finding (5xx): a FHIR Patient's given names are each bounded to
 * MAX_NAME_LENGTH (200) where they are read, but then joined into one
 * givenName (adapters/hospital-discharge/fhir/translate-patient.ts:
 * `keyText(part, MAX_NAME_LENGTH)` per part, then `joined(texts(name, 'given'))`).
 * Fifteen given names of 200 characters make a 3,000-character given name,
 * which goes into customers.given_name under the btree indexes
 * customers_by_given_name and customers_by_name (001_initial.sql). A btree
 * entry holds about 2,700 bytes, so inserting the new customer fails in the
 * store: the message is answered 422 with the gateway's internal error (AE
 * 207's FHIR twin) and kept FAILED for a replay that can never succeed,
 * instead of being refused at Patient.name.given or kept whole.
 *
 * docs/security.md "Bad input": a feed message of any bytes is refused with
 * its place; only an outage of the store is a 5xx-class answer. HL7 v2 takes
 * only XPN-2, so it is bounded there; FHIR is not.
 */
import { randomBytes } from 'node:crypto';
import { entryOf, r4EncounterMessage } from '../adapters/hospital-discharge/fhir/fixtures.js';
import { postFhir } from '../support/feed-clients.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { createTestStorePlace, describeEachStore, type TestStorePlace } from '../support/stores.js';

const TRUST = 'RZZ';

/** 200 letters that do not compress (an index entry is compressed before it is measured). */
function incompressibleName(): string {
  const letters = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
  return [...randomBytes(200)].map((byte) => letters[byte % letters.length]).join('');
}

describeEachStore('a FHIR Patient with many long given names', (kind) => {
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

  test('is kept or refused at Patient.name.given, never the internal error', async () => {
    const feed = await gw.token('SYSTEM', { trust: TRUST });
    const bundle = r4EncounterMessage('in-progress');
    entryOf(bundle, 'MessageHeader').id = 'fhir-many-given-names';
    entryOf(bundle, 'MessageHeader').sender.identifier.value = TRUST;
    const patient = entryOf(bundle, 'Patient');
    patient.name = [{ use: 'official', family: 'Givenmany', given: Array.from({ length: 15 }, incompressibleName) }];
    const sent = await postFhir(gw.url, feed, JSON.stringify(bundle), 'json');
    expect(sent.text).not.toMatch(/internal error/i);
    expect(sent.text).not.toMatch(/can replay it after a fix/);
    if (sent.status !== 200) expect(sent.text).toMatch(/given/);
  });
});
