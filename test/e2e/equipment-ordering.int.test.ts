/**
 * Equipment ordering end to end: the real gateway over HTTP, the supplier
 * simulator over HTTP (its own server on loopback), the outbox dispatcher
 * sending, and the simulator's signed callbacks coming back to
 * POST /webhooks/equipment-supplier. On both stores.
 */
import { signCallback } from '../../adapters/equipment-supplier/callback-signature.js';
import { statusUpdateToXml } from '../../adapters/equipment-supplier/translate.js';
import { PassThrough } from 'node:stream';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { createTestStorePlace, describeEachStore, type TestStorePlace } from '../support/stores.js';

const ORDER_FIELDS = `id status supplierReference collectionReference deliverySpeed totalCost { pence }
  keySafe { present code } deliverySlot { from to } lines { itemCode quantity fittingRequired }
  authorisation { by { subject } note } history { fromStatus toStatus reason callbackId by { subject role } }`;

const PLACE = `mutation Place($input: PlaceEquipmentOrderInput!, $key: String!) {
  placeEquipmentOrder(input: $input, idempotencyKey: $key) { ${ORDER_FIELDS} } }`;

const SECRET = 'test-callback-secret-0123456789';

/** Within the simulator's step (30 ms) and the dispatcher's poll (20 ms) a status comes in a few hundred ms. */
async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string, ms = 10_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describeEachStore('equipment ordering end to end', (kind) => {
  let place: TestStorePlace;
  let gw: TestGateway;
  let coordinator: string;
  let therapist: string;
  let otherTherapist: string;
  let viewer: string;
  let customerId: string;
  let keyCounter = 0;
  // Everything the gateway logs, at debug level, to check no key safe code ever reaches it.
  const logs = new PassThrough();
  let logged = '';
  logs.on('data', (chunk: Buffer) => (logged += chunk.toString('utf8')));
  const newKey = () => `test-${kind}-${Date.now()}-${keyCounter++}`;

  beforeAll(async () => {
    place = await createTestStorePlace(kind);
    gw = await startTestGateway(place, {
      SUPPLIER_SIMULATOR_STEP_MS: '30',
      OUTBOX_POLL_MS: '20',
      OUTBOX_BACKOFF_INITIAL_MS: '20',
      OUTBOX_BACKOFF_MAX_MS: '200',
      OUTBOX_BREAKER_OPEN_MS: '200',
      OUTBOX_TIMEOUT_MS: '1000',
      SUPPLIER_CALLBACK_SECRET: SECRET,
    }, [], logs);
    coordinator = await gw.token('HUB_COORDINATOR', { subject: 'coord-1' });
    therapist = await gw.token('OCCUPATIONAL_THERAPIST', { subject: 'ot-1' });
    otherTherapist = await gw.token('OCCUPATIONAL_THERAPIST', { subject: 'ot-2' });
    viewer = await gw.token('VIEWER');
    const found = await gw.graphql<any>('{ referrals(first: 50) { edges { node { customer { id address { postcode } } } } } }', undefined, coordinator);
    customerId = found.body.data.referrals.edges.find((edge: any) => edge.node.customer.address?.postcode).node.customer.id;
  }, 60_000);
  afterAll(async () => {
    await gw?.stop();
    await place?.remove();
  });

  const order = async (id: string, token = coordinator) =>
    (await gw.graphql<any>(`query($id: ID!) { equipmentOrder(id: $id) { ${ORDER_FIELDS} } }`, { id }, token)).body.data.equipmentOrder;
  const until = (id: string, status: string) => eventually(() => order(id), (o) => o.status === status, `order ${id} to be ${status}`);
  /** The supplier has the order (it moves on by itself from there, 30 ms a step). */
  const atSupplier = (id: string) => eventually(() => order(id), (o) => o.supplierReference !== null, `order ${id} to reach the supplier`);
  const placeOrder = (input: Record<string, unknown>, key = newKey(), token = coordinator) =>
    gw.graphql<any>(PLACE, { input: { customerId, deliverySpeed: 'NEXT_DAY', ...input }, key }, token);

  test('the catalogue comes from the supplier, searchable, with the contract speeds', async () => {
    const response = await gw.graphql<any>(
      '{ equipmentCatalogue(search: "walking frame", first: 3) { totalCount edges { node { code name category unitCost { pence formatted } special stock isoClass } } } deliverySpeeds { code workingHours } }',
      undefined,
      coordinator,
    );
    const { equipmentCatalogue, deliverySpeeds } = response.body.data;
    expect(equipmentCatalogue.totalCount).toBeGreaterThanOrEqual(4);
    expect(equipmentCatalogue.edges[0].node).toMatchObject({ code: 'WF-001', category: 'Walking frames', unitCost: { pence: 4250, formatted: '£42.50' }, special: false });
    expect(deliverySpeeds.map((speed: any) => speed.code)).toContain('NEXT_DAY');
  });

  test('a coordinator orders a walking frame: sent once, accepted, scheduled, delivered, each step from a signed callback', async () => {
    const placed = await placeOrder({ lines: [{ itemCode: 'wf-001', quantity: 1 }], keySafeCode: 'Q7#X9-2', accessNotes: 'Key safe by the back door' });
    expect(placed.body.errors).toBeUndefined();
    const id = placed.body.data.placeEquipmentOrder.id;
    expect(placed.body.data.placeEquipmentOrder).toMatchObject({ status: 'SUBMITTED', totalCost: { pence: 4250 }, keySafe: { present: true, code: 'Q7#X9-2' } });

    const delivered = await until(id, 'DELIVERED');
    expect(delivered.supplierReference).toMatch(/^SUP-/);
    expect(delivered.deliverySlot).not.toBeNull();
    const steps = delivered.history.map((event: any) => event.toStatus);
    expect(steps).toEqual(['DRAFT', 'SUBMITTED', 'ACCEPTED', 'SCHEDULED', 'OUT_FOR_DELIVERY', 'DELIVERED']);
    for (const event of delivered.history.slice(2)) {
      expect(event.callbackId).toEqual(expect.any(String));
      expect(event.by).toEqual({ subject: 'supplier:community-equipment', role: 'SYSTEM' });
    }
    expect(gw.simulator!.stats().ordersAccepted).toBeGreaterThanOrEqual(1);

    // The key safe code: the ordering team reads it, a viewer sees only that there is one, the store holds it
    // sealed, and neither the logs nor the audit trail nor the outbox ever held it in clear.
    expect((await order(id, viewer)).keySafe).toEqual({ present: true, code: null });
    const [row] = await gw.gateway.db.query<{ key_safe_sealed: string }>('SELECT key_safe_sealed FROM equipment_orders WHERE id = $1', [id]);
    expect(row!.key_safe_sealed).not.toContain('Q7#X9-2');
    expect(logged).toContain(id);
    expect(logged).not.toContain('Q7#X9-2');
    const clear = await gw.gateway.db.query(
      "SELECT 1 FROM audit_events e WHERE row_to_json(e)::text LIKE '%Q7#X9-2%' UNION ALL SELECT 1 FROM outbox WHERE payload::text LIKE '%Q7#X9-2%'",
    );
    expect(clear).toEqual([]);
  });

  test('the same idempotency key twice is one order; with other content it is refused', async () => {
    const key = newKey();
    const before = gw.simulator!.stats().ordersAccepted;
    const first = await placeOrder({ lines: [{ itemCode: 'PS-001', quantity: 1 }] }, key);
    const again = await placeOrder({ lines: [{ itemCode: 'PS-001', quantity: 1 }] }, key);
    expect(again.body.data.placeEquipmentOrder.id).toBe(first.body.data.placeEquipmentOrder.id);
    const other = await placeOrder({ lines: [{ itemCode: 'PS-002', quantity: 1 }] }, key);
    expect(other.body.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'idempotencyKey' });
    await atSupplier(first.body.data.placeEquipmentOrder.id);
    expect(gw.simulator!.stats().ordersAccepted).toBe(before + 1);
  });

  test('a special item waits for another occupational therapist, then goes to the supplier', async () => {
    const placed = await placeOrder({ lines: [{ itemCode: 'BED-010', quantity: 1, fittingRequired: true }] }, newKey(), therapist);
    const id = placed.body.data.placeEquipmentOrder.id;
    expect(placed.body.data.placeEquipmentOrder.status).toBe('AWAITING_AUTHORISATION');
    expect(placed.body.data.placeEquipmentOrder.history.at(-1).reason).toMatch(/BED-010/);

    const authorise = `mutation($id: ID!) { authoriseEquipmentOrder(id: $id, note: "Hoist transfers; bed needed") { status authorisation { by { subject } note } } }`;
    const byCoordinator = await gw.graphql<any>(authorise, { id }, coordinator);
    expect(byCoordinator.body.errors![0]!.extensions!.code).toBe('FORBIDDEN');
    const byPlacer = await gw.graphql<any>(authorise, { id }, therapist);
    expect(byPlacer.body.errors![0]!.extensions!.code).toBe('FORBIDDEN');
    const authorised = await gw.graphql<any>(authorise, { id }, otherTherapist);
    expect(authorised.body.data.authoriseEquipmentOrder).toEqual({ status: 'SUBMITTED', authorisation: { by: { subject: 'ot-2' }, note: 'Hoist transfers; bed needed' } });
    expect((await atSupplier(id)).lines).toEqual([{ itemCode: 'BED-010', quantity: 1, fittingRequired: true }]);
  });

  test('above the coordinator limit an order waits for authorisation', async () => {
    // 10 x £52.00 = £520.00, over the default £500.
    const placed = await placeOrder({ lines: [{ itemCode: 'PS-001', quantity: 10 }] });
    expect(placed.body.data.placeEquipmentOrder.status).toBe('AWAITING_AUTHORISATION');
    expect(placed.body.data.placeEquipmentOrder.history.at(-1).reason).toMatch(/above the coordinator's limit/);
  });

  test('bad orders are refused with the argument named, and nothing is stored', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ lines: [{ itemCode: 'NOPE-1', quantity: 1 }] }, 'input.lines[0].itemCode'],
      [{ lines: [{ itemCode: 'WF-001', quantity: 0 }] }, 'input.lines[0].quantity'],
      [{ lines: [] }, 'input.lines'],
      [{ lines: [{ itemCode: 'WF-001', quantity: 1 }], deliverySpeed: 'WARP' }, 'input.deliverySpeed'],
      [{ lines: [{ itemCode: 'WF-001', quantity: 1 }], keySafeCode: 'open sesame!' }, 'input.keySafeCode'],
    ];
    for (const [input, argument] of cases) {
      const key = newKey();
      const response = await placeOrder(input, key);
      expect(response.body.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument });
      expect(await gw.gateway.db.query('SELECT 1 FROM equipment_orders WHERE idempotency_key = $1', [key])).toEqual([]);
    }
    const asViewer = await placeOrder({ lines: [{ itemCode: 'WF-001', quantity: 1 }] }, newKey(), viewer);
    expect(asViewer.body.errors![0]!.extensions!.code).toBe('FORBIDDEN');
  });

  test('the supplier refusing an order (out of area) leaves it REJECTED with the reason', async () => {
    const placed = await placeOrder({
      lines: [{ itemCode: 'WF-002', quantity: 1 }],
      deliveryAddress: { lines: ['1 Far Away Road'], town: 'Elsewhere', postcode: 'TR1 1AA' },
    });
    const rejected = await until(placed.body.data.placeEquipmentOrder.id, 'REJECTED');
    expect(rejected.history.at(-1).reason).toMatch(/^OUT_OF_AREA/);
  });

  test('a cancellation straight after placing: the supplier either never gets the order or cancels it, and it stops there', async () => {
    const before = gw.simulator!.stats();
    const placed = await placeOrder({ lines: [{ itemCode: 'SH-001', quantity: 1 }] });
    const id = placed.body.data.placeEquipmentOrder.id;
    const cancelled = await gw.graphql<any>('mutation($id: ID!) { cancelEquipmentOrder(id: $id, reason: "Readmitted to hospital") { status } }', { id }, coordinator);
    expect(cancelled.body.data.cancelEquipmentOrder.status).toBe('CANCELLED');
    // Both calls settle: the submission (sent, or skipped as cancelled) and then the cancellation.
    await eventually(
      async () => (await gw.gateway.db.query<{ status: string }>("SELECT status FROM outbox WHERE payload->>'orderId' = $1", [id])).map((row) => row.status),
      (statuses) => statuses.length === 2 && statuses.every((status) => status === 'DONE'),
      'the submission and the cancellation to settle',
    );
    const after = gw.simulator!.stats();
    const received = after.ordersAccepted - before.ordersAccepted;
    expect(after.cancellations - before.cancellations).toBe(received);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await order(id)).status).toBe('CANCELLED');
  });

  test('a collection after delivery: COLLECTION_REQUESTED, the supplier reference, then COLLECTED', async () => {
    const placed = await placeOrder({ lines: [{ itemCode: 'CM-001', quantity: 1 }] });
    const id = placed.body.data.placeEquipmentOrder.id;
    await until(id, 'DELIVERED');
    const asked = await gw.graphql<any>(
      'mutation($id: ID!) { requestEquipmentCollection(orderId: $id, lines: [{ itemCode: "CM-001", quantity: 1 }]) { status } }',
      { id },
      coordinator,
    );
    expect(asked.body.data.requestEquipmentCollection.status).toBe('COLLECTION_REQUESTED');
    const collected = await until(id, 'COLLECTED');
    expect(collected.collectionReference).toMatch(/^COL-/);
  });

  test('with the supplier down, orders placed meanwhile are sent when it returns, each once', async () => {
    const before = gw.simulator!.stats().ordersAccepted;
    gw.simulator!.setFaults({ down: true });
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const placed = await placeOrder({ lines: [{ itemCode: 'BB-001', quantity: 1 }] });
      ids.push(placed.body.data.placeEquipmentOrder.id);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await order(ids[0]!)).supplierReference).toBeNull();
    gw.simulator!.setFaults({ down: false });
    for (const id of ids) await atSupplier(id);
    expect(gw.simulator!.stats().ordersAccepted).toBe(before + 5);
    const [row] = await gw.gateway.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM outbox WHERE status = 'DONE' AND payload->>'orderId' = ANY($1::text[])",
      [ids],
    );
    expect(row!.n).toBe(5);
  });

  test('duplicate and reordered callbacks end in the state the supplier is in, each step once', async () => {
    gw.simulator!.setFaults({ duplicateCallbacks: true, reorderCallbacks: true });
    try {
      const placed = await placeOrder({ lines: [{ itemCode: 'WS-001', quantity: 2 }] });
      const id = placed.body.data.placeEquipmentOrder.id;
      const delivered = await until(id, 'DELIVERED');
      // Newest first: DELIVERED arrives first and the older ones are late, so history has one step to DELIVERED.
      expect(delivered.history.filter((event: any) => event.toStatus === 'DELIVERED')).toHaveLength(1);
      await new Promise((resolve) => setTimeout(resolve, 300));
      const rows = await gw.gateway.db.query<{ outcome: string; n: number }>(
        'SELECT outcome, count(*)::int AS n FROM equipment_supplier_callbacks WHERE order_id = $1 GROUP BY outcome ORDER BY outcome',
        [id],
      );
      expect(rows.find((row) => row.outcome === 'APPLIED')?.n).toBeGreaterThanOrEqual(1);
      expect((await order(id)).status).toBe('DELIVERED');
    } finally {
      gw.simulator!.setFaults({ duplicateCallbacks: false, reorderCallbacks: false });
    }
  });

  describe('the callback endpoint refuses what is not the supplier', () => {
    const post = (body: string, headers: Record<string, string>) =>
      fetch(`${gw.url}/webhooks/equipment-supplier`, { method: 'POST', headers: { 'content-type': 'application/xml', ...headers }, body });
    const update = (orderId: string) =>
      statusUpdateToXml({
        callbackId: `forged-${Date.now()}`,
        orderId,
        supplierReference: 'SUP-999999',
        status: 'DELIVERED',
        occurredAt: new Date().toISOString(),
        slot: null,
        reason: null,
      });

    test('no signature, a wrong one, or an old timestamp: 401, and the order is unchanged', async () => {
      const placed = await placeOrder({ lines: [{ itemCode: 'WS-002', quantity: 1 }] });
      const id = placed.body.data.placeEquipmentOrder.id;
      gw.simulator!.setFaults({ down: true });
      try {
        const body = update(id);
        const now = Math.floor(Date.now() / 1000);
        expect((await post(body, {})).status).toBe(401);
        expect((await post(body, signCallback('not-the-secret-at-all', body, now))).status).toBe(401);
        const stale = await post(body, signCallback(SECRET, body, now - 3_600));
        expect(stale.status).toBe(401);
        expect(await stale.text()).toContain('<Error>');
        // Signed over other bytes than those sent.
        expect((await post(body.replace('DELIVERED', 'SCHEDULED'), signCallback(SECRET, body, now))).status).toBe(401);
        expect((await order(id)).status).toBe('SUBMITTED');
      } finally {
        gw.simulator!.setFaults({ down: false });
      }
    });

    test('signed but hostile or malformed XML: 400; an unknown order: 404; nothing stored', async () => {
      const now = Math.floor(Date.now() / 1000);
      const hostile = [
        '<?xml version="1.0"?><!DOCTYPE StatusUpdate [<!ENTITY x SYSTEM "file:///etc/passwd">]><StatusUpdate><CallbackId>&x;</CallbackId></StatusUpdate>',
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><StatusUpdate>&lol2;</StatusUpdate>',
        '<StatusUpdate><CallbackId>hostile-1</CallbackId>',
        '<StatusUpdate><CallbackId>hostile-2</CallbackId><Status>TELEPORTED</Status></StatusUpdate>',
        // HTML's entities are not XML's.
        '<StatusUpdate><CallbackId>hostile-3</CallbackId><Reason>Not&nbsp;home</Reason></StatusUpdate>',
      ];
      for (const body of hostile) {
        const response = await post(body, signCallback(SECRET, body, now));
        expect(response.status).toBe(400);
      }
      const unknown = update('00000000-0000-4000-8000-00000000dead');
      expect((await post(unknown, signCallback(SECRET, unknown, now))).status).toBe(404);
      const stored = await gw.gateway.db.query("SELECT 1 FROM equipment_supplier_callbacks WHERE callback_id LIKE 'hostile-%' OR callback_id LIKE 'forged-%'");
      expect(stored).toEqual([]);
    });
  });
});
