/**
 * An operator's view of the outbox over GraphQL: a call that was given up
 * (DEAD) is listed with its error, and once retried it is sent, once. On
 * both stores, with the supplier simulator behind the gateway.
 */
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { createTestStorePlace, describeEachStore, type TestStorePlace } from '../support/stores.js';

describeEachStore('outbox administration end to end', (kind) => {
  let place: TestStorePlace;
  let gw: TestGateway;

  beforeAll(async () => {
    place = await createTestStorePlace(kind);
    // One attempt only, so a single failure gives the call up.
    gw = await startTestGateway(place, { OUTBOX_MAX_ATTEMPTS: '1', OUTBOX_POLL_MS: '20', SUPPLIER_SIMULATOR_STEP_MS: '60000' });
  }, 60_000);
  afterAll(async () => {
    await gw?.stop();
    await place?.remove();
  });

  const calls = async (token: string) =>
    gw.graphql<any>('{ outboxCalls(status: DEAD, first: 10) { totalCount edges { node { id destination operation status attempts lastError } } } }', undefined, token);

  test('a given-up call is listed for ADMIN only, and a retry sends it once', async () => {
    const coordinator = await gw.token('HUB_COORDINATOR');
    const admin = await gw.token('ADMIN');
    const found = await gw.graphql<any>('{ referrals(first: 50) { edges { node { customer { id address { postcode } } } } } }', undefined, coordinator);
    const customerId = found.body.data.referrals.edges.find((edge: any) => edge.node.customer.address?.postcode).node.customer.id;
    // The catalogue first (it is cached), so that the one failure falls on the order's submission.
    await gw.graphql('{ equipmentCatalogue(first: 1) { totalCount } }', undefined, coordinator);
    gw.simulator!.setFaults({ failNext5xx: 1 });
    const placed = await gw.graphql<any>(
      'mutation($input: PlaceEquipmentOrderInput!) { placeEquipmentOrder(input: $input, idempotencyKey: "outbox-admin-1") { id } }',
      { input: { customerId, deliverySpeed: 'STANDARD', lines: [{ itemCode: 'WS-001', quantity: 1 }] } },
      coordinator,
    );
    const orderId = placed.body.data.placeEquipmentOrder.id;

    let dead: any;
    for (const until = Date.now() + 10_000; Date.now() < until; await new Promise((resolve) => setTimeout(resolve, 25))) {
      dead = (await calls(admin)).body.data.outboxCalls;
      if (dead.totalCount > 0) break;
    }
    expect(dead.edges[0].node).toMatchObject({ destination: 'equipment-supplier', operation: 'SUBMIT_EQUIPMENT_ORDER', status: 'DEAD', attempts: 1 });
    expect(dead.edges[0].node.lastError).toMatch(/503|unavailable/i);
    expect((await calls(coordinator)).body.errors![0]!.extensions!.code).toBe('FORBIDDEN');

    const retried = await gw.graphql<any>('mutation($id: ID!) { retryOutboxCall(id: $id) { status attempts } }', { id: dead.edges[0].node.id }, admin);
    expect(retried.body.data.retryOutboxCall).toEqual({ status: 'PENDING', attempts: 0 });
    const before = gw.simulator!.stats().ordersAccepted;
    let reference: string | null = null;
    for (const until = Date.now() + 10_000; reference === null && Date.now() < until; await new Promise((resolve) => setTimeout(resolve, 25))) {
      const order = await gw.graphql<any>('query($id: ID!) { equipmentOrder(id: $id) { supplierReference } }', { id: orderId }, coordinator);
      reference = order.body.data.equipmentOrder.supplierReference;
    }
    expect(reference).toMatch(/^SUP-/);
    expect(gw.simulator!.stats().ordersAccepted).toBe(before + 1);
    // Retrying a call that is no longer DEAD changes nothing.
    const again = await gw.graphql<any>('mutation($id: ID!) { retryOutboxCall(id: $id) { status } }', { id: dead.edges[0].node.id }, admin);
    expect(again.body.data.retryOutboxCall.status).toBe('DONE');
  });
});
