/**
 * A spell message whose verified NHS number disproves a guessed link changes
 * the guessed customer too (their link and the referral taken off them): its
 * CHANGE look names them, as well as the customer the referral lands on.
 */
import { postHl7 } from '../support/feed-clients.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { createTestStorePlace, describeEachStore, type TestStorePlace } from '../support/stores.js';
import { adt, pid, pv1 } from '../support/trust-adt.js';
import { segment } from '../adapters/hospital-discharge/hl7v2/synthetic-messages.js';

const TRUST = 'RZZ';

describeEachStore('a spell message moving a referral off a guessed customer', (kind) => {
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

  test('the message\'s CHANGE look names the customer it took the link and referral from', async () => {
    const hub = await gw.token('HUB_COORDINATOR');
    const admin = await gw.token('ADMIN');
    const known = (await gw.graphql(`{ referrals(filter: { statuses: [ACCEPTED] }, first: 100) { edges { node { customer { id nhsNumber name { given family } dateOfBirth address { postcode } } } } } }`, {}, hub))
      .body.data!.referrals.edges.map((e: any) => e.node.customer).filter((c: any) => c.nhsNumber && c.name.given && c.dateOfBirth && c.address?.postcode);
    const guessed = known[0];
    const actual = known.find((c: any) => c.id !== guessed.id && c.nhsNumber !== guessed.nhsNumber);
    const feed = await gw.token('SYSTEM', { trust: TRUST });
    const dob = guessed.dateOfBirth.replaceAll('-', '');
    const person = (nhsNumber?: string) => pid({ mrn: 'RZZ-SPELLGUESS', trust: TRUST, nhsNumber, family: guessed.name.family, given: guessed.name.given, dob, address: `1 Any Road^^Town^^${guessed.address.postcode}^GBR^H` });

    expect((await postHl7(gw.url, feed, adt(TRUST, 'A01', 'SPELLGUESS-1', person(), pv1('SPELLGUESS')))).acks[0]!.code).toBe('AA');
    // The discharge, now with the traced number: someone else's.
    expect((await postHl7(gw.url, feed, adt(TRUST, 'A03', 'SPELLGUESS-2', person(actual.nhsNumber), segment('PV1', { 2: 'I', 19: 'SPELLGUESS', 45: '20261202120000' })))).acks[0]!.code).toBe('AA');

    const referral = (await gw.graphql(`{ referrals(filter: { trustOdsCode: "${TRUST}" }, first: 20) { edges { node { hospitalSpell { spellId } customer { id } history { action } } } } }`, {}, hub))
      .body.data!.referrals.edges.map((e: any) => e.node).find((r: any) => r.hospitalSpell?.spellId === 'SPELLGUESS');
    expect(referral.customer.id).toBe(actual.id);
    expect(referral.history.map((s: any) => s.action)).toContain('CUSTOMER_CHANGED');

    const messageId = (await gw.graphql(`{ inboxMessages(first: 50) { edges { node { id controlId } } } }`, {}, admin)).body.data!.inboxMessages.edges
      .map((e: any) => e.node).find((m: any) => m.controlId === 'SPELLGUESS-2').id;
    const changesOf = async (customerId: string) =>
      (await gw.graphql(`query($f: AuditEventFilter) { auditEvents(filter: $f, first: 200) { edges { node { requestId } } } }`, { f: { customerId, action: 'CHANGE' } }, admin))
        .body.data!.auditEvents.edges.map((e: any) => e.node.requestId);
    expect(await changesOf(actual.id)).toContain(messageId);
    expect(await changesOf(guessed.id)).toContain(messageId);
  });
});
