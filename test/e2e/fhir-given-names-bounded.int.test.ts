/**
 * A FHIR Patient's given names are kept joined into one given name, which
 * keys the hub's searches: many given names, each short enough, that join
 * into more than the gateway keeps are refused at Patient.name.given, never
 * met as the store's index error.
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
    expect(sent.status).toBe(422);
    expect(sent.text).toMatch(/the given names together is \d+ characters, over the 200 the gateway keeps/);
    expect(sent.text).toMatch(/name\[0\]\.given/);
  });
});
