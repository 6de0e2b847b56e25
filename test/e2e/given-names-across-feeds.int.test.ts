/**
 * One person sent by two trusts, one PAS sending HL7 v2 with only the first
 * given name in PID-5.2 (the middle name in PID-5.3), one EPR sending FHIR
 * with every given name: the hub finds them one customer, and the names are
 * no difference to offer. Neither sends an NHS number, so only the
 * demographic match can join them. Synthetic people only.
 */
import { entryOf, r4EncounterMessage } from '../adapters/hospital-discharge/fhir/fixtures.js';
import { postFhir, postHl7 } from '../support/feed-clients.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { createTestStorePlace, describeEachStore, type TestStorePlace } from '../support/stores.js';
import { adt, pid, pv1 } from '../support/trust-adt.js';

const REFERRALS = `{ referrals(first: 50) { edges { node { referringTrust { odsCode } customer { id name { given family } } } } } }`;

describeEachStore('given names across feeds', (kind) => {
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

  test('HL7 `Ada` and FHIR `Ada Mary` with the same family name, birth date and postcode are one customer, and the names no difference', async () => {
    const hl7 = adt('RYY', 'A01', 'GIVEN-1', pid({ mrn: 'RYY-GIVEN', trust: 'RYY', family: 'TESTWOMAN', given: 'Ada^Mary', dob: '19380214', address: '12 Example Road^^Exampleton^^LS1 4AP^GBR^H' }), pv1('RYY-SPELL-1'));
    expect((await postHl7(gw.url, await gw.token('SYSTEM', { trust: 'RYY' }), hl7)).acks[0]!.code).toBe('AA');

    const fhir = r4EncounterMessage('in-progress');
    const patient = entryOf(fhir, 'Patient');
    // No NHS number: the EPR has not traced this person yet.
    patient.identifier = patient.identifier.filter((identifier: { system: string }) => !identifier.system.includes('nhs-number'));
    expect(patient.name[1]).toMatchObject({ family: 'Testwoman', given: ['Ada', 'Mary'] });
    expect((await postFhir(gw.url, await gw.token('SYSTEM', { trust: 'RXX' }), JSON.stringify(fhir), 'json')).status).toBe(200);

    const { body } = await gw.graphql(REFERRALS, {}, await gw.token('ADMIN'));
    // The synthetic hub the gateway starts with has referrals of its own: these are the two trusts'.
    const referrals = body.data!.referrals.edges.map((edge: any) => edge.node).filter((referral: any) => ['RXX', 'RYY'].includes(referral.referringTrust?.odsCode));
    expect(referrals).toHaveLength(2);
    const customers = new Set(referrals.map((referral: any) => referral.customer.id));
    expect(customers.size).toBe(1);
    const [customerId] = customers;

    const reviews = await gw.graphql(`{ personUpdateReviews(first: 100) { customer { id } differences } identityReviews(first: 100) { kind basis customer { id } } }`, {}, await gw.token('HUB_COORDINATOR'));
    const differences = reviews.body.data!.personUpdateReviews.filter((review: any) => review.customer.id === customerId).flatMap((review: any) => review.differences);
    expect(differences).not.toContain('NAME');
    expect(reviews.body.data!.identityReviews.filter((review: any) => review.customer.id === customerId)).toEqual([{ kind: 'LINK', basis: 'DEMOGRAPHIC_MATCH', customer: { id: customerId } }]);
  });
});
