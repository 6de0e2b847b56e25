/**
 * An inbox message's note for a held merge names the merged-away person's
 * NHS number and what the council holds of them: reading it is a look at
 * them, as reading the body is.
 */
import { segment } from '../adapters/hospital-discharge/hl7v2/synthetic-messages.js';
import { postHl7 } from '../support/feed-clients.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { createTestStorePlace, describeEachStore, type TestStorePlace } from '../support/stores.js';
import { knownCustomers } from '../support/known-customers.js';
import { adt, pid } from '../support/trust-adt.js';

describeEachStore('reading a held merge\'s note is a look', (kind) => {
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

  test('inboxMessages { note } naming a person\'s NHS number leaves a look at them', async () => {
    const [person] = await knownCustomers(gw);
    const feed = await gw.token('SYSTEM', { trust: 'RZZ' });
    await postHl7(gw.url, feed, adt('RZZ', 'A40', 'NOTE-MERGE', pid({ mrn: 'RZZ-NOTE', trust: 'RZZ', family: 'Noted' }), segment('MRG', { 1: `${person!.nhsNumber}^^^NHS^NH` })));
    const admin = await gw.token('ADMIN', { subject: 'note-reader' });
    const listed = await gw.graphql(`{ inboxMessages(first: 5) { edges { node { controlId note } } } }`, {}, admin);
    const note = listed.body.data!.inboxMessages.edges.find((e: any) => e.node.controlId === 'NOTE-MERGE').node.note;
    expect(note).toContain(person!.nhsNumber);
    const looks = await gw.gateway.db.query<{ customer_id: string | null }>(
      `SELECT p.customer_id FROM audit_events e LEFT JOIN audit_event_people p ON p.at = e.at AND p.event_id = e.id WHERE e.request_id = $1`,
      [listed.headers.get('x-request-id')],
    );
    expect(looks.map((look) => look.customer_id)).toContain(person!.id);
  });
});
