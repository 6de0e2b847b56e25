/**
 * The real gateway on an ephemeral port, over real HTTP, on each store.
 */
import { request } from 'node:http';
import { connect } from 'node:net';
import { SignJWT } from 'jose';
import { DEV_ISSUER } from '../../src/auth/dev-signing-key.js';
import { DEFAULT_AUDIENCE } from '../../src/config.js';
import type { Role } from '../../src/generated/graphql.js';
import { jsonOf, startTestGateway, type TestGateway } from '../support/gateway.js';
import { createTestStorePlace, describeEachStore, type TestStorePlace } from '../support/stores.js';

const CASE_VIEW = `
  query CaseView($text: String) {
    searchCustomers(text: $text, first: 5) {
      totalCount
      edges { node {
        id nhsNumber name { given family } dateOfBirth address { postcode }
        gpPractice { odsCode name }
        identities { system localId }
        referrals(first: 3) { totalCount edges { node { id status pathway referringTrust { odsCode name } history { action by { role } } } } }
        equipmentOrders(first: 3) { totalCount edges { node { status totalCost { pence formatted } lines { itemCode quantity } } } }
      } }
    }
  }`;

describeEachStore('gateway over HTTP', (kind) => {
  let place: TestStorePlace;
  let gw: TestGateway;
  const tokens = new Map<string, string>();
  const as = async (role: Role, trust?: string) => {
    const key = `${role}:${trust ?? ''}`;
    if (!tokens.has(key)) tokens.set(key, await gw.token(role, trust ? { trust } : {}));
    return tokens.get(key)!;
  };

  beforeAll(async () => {
    place = await createTestStorePlace(kind);
    gw = await startTestGateway(place);
  });
  afterAll(async () => {
    await gw.stop();
    await place.remove();
  });

  describe('health', () => {
    test('/healthz says the process is up and /readyz that the store answers', async () => {
      const health = await fetch(`${gw.url}/healthz`);
      expect([health.status, await health.json()]).toEqual([200, { status: 'ok' }]);
      const ready = await fetch(`${gw.url}/readyz`);
      expect([ready.status, await ready.json()]).toEqual([200, { status: 'ready' }]);
    });

    test('an unknown path is a 404 and a wrong method a 405, both as JSON errors', async () => {
      const missing = await fetch(`${gw.url}/nothing-here`);
      expect(missing.status).toBe(404);
      expect((await jsonOf(missing)).errors[0].extensions.code).toBe('NOT_FOUND');
      const wrong = await fetch(`${gw.url}/graphql`, { method: 'DELETE' });
      expect(wrong.status).toBe(405);
      expect(wrong.headers.get('allow')).toBe('GET, POST');
    });
  });

  describe('authentication', () => {
    test('no token: HTTP 401 with UNAUTHENTICATED and a Bearer challenge', async () => {
      const response = await gw.graphql('{ viewer { role } }', undefined, null);
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Bearer realm="care-gateway"');
      expect(response.body.errors![0]!.extensions!.code).toBe('UNAUTHENTICATED');
    });

    test('a forged or expired token: HTTP 401 saying why', async () => {
      const forged = await gw.graphql('{ viewer { role } }', undefined, 'eyJhbGciOiJub25lIn0.eyJyb2xlIjoiQURNSU4ifQ.');
      expect(forged.status).toBe(401);
      expect(forged.headers.get('www-authenticate')).toContain('error="invalid_token"');
      const expired = await gw.graphql('{ viewer { role } }', undefined, await gw.token('ADMIN', { hours: -1 }));
      expect(expired.status).toBe(401);
      expect(expired.body.errors![0]!.message).toContain('expired');
    });

    test('a token living a century, or issued a year ahead, is refused (401) saying which bound it broke', async () => {
      const now = Math.floor(Date.now() / 1_000);
      const year = 365 * 86_400;
      const signed = (iat: number, exp: number) =>
        new SignJWT({ role: 'ADMIN' })
          .setProtectedHeader({ alg: 'ES256', kid: gw.gateway.devKey!.kid })
          .setIssuer(DEV_ISSUER)
          .setAudience(DEFAULT_AUDIENCE)
          .setSubject('forever')
          .setIssuedAt(iat)
          .setExpirationTime(exp)
          .sign(gw.gateway.devKey!.privateKey);
      const century = await gw.graphql('{ viewer { role } }', undefined, await signed(now, now + 100 * year));
      expect(century.status).toBe(401);
      expect(century.body.errors![0]).toMatchObject({ message: expect.stringContaining('over the 12h a person\'s token may'), extensions: { code: 'UNAUTHENTICATED' } });
      const ahead = await gw.graphql('{ viewer { role } }', undefined, await signed(now + year, now + year + 3_600));
      expect(ahead.status).toBe(401);
      expect(ahead.body.errors![0]!.message).toContain('"iat" (issued at) is');
    });

    test('the viewer is who the token says', async () => {
      const response = await gw.graphql('{ viewer { role trustOdsCode subject } }', undefined, await as('HOSPITAL_DISCHARGE', 'R1B'));
      expect(response.body.data).toEqual({ viewer: { role: 'HOSPITAL_DISCHARGE', trustOdsCode: 'R1B', subject: 'test-hospital_discharge' } });
    });
  });

  describe('reading the hub', () => {
    test('a case view returns customers with referrals, history and equipment orders', async () => {
      const response = await gw.graphql(CASE_VIEW, { text: 'Smith' }, await as('HUB_COORDINATOR'));
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(response.body.errors).toBeUndefined();
      const search = response.body.data!.searchCustomers;
      expect(search.totalCount).toBeGreaterThan(5);
      expect(search.edges).toHaveLength(5);
      for (const { node } of search.edges) {
        expect(node.name.family).toBe('Smith');
        expect(node.referrals.totalCount).toBeGreaterThan(0);
        expect(node.referrals.edges[0].node.history[0].action).toBe('RECEIVED');
        expect(node.identities.length).toBeGreaterThan(0);
        expect(node.gpPractice.name).toMatch(/\w/);
      }
    });

    test('equipment orders by filter and by id, with their customer, referral, lines and costs', async () => {
      const token = await as('OCCUPATIONAL_THERAPIST');
      const list = await gw.graphql(
        '{ equipmentOrders(filter: { statuses: [DELIVERED] }, first: 5) { totalCount edges { node { id status customer { id } } } } }',
        undefined,
        token,
      );
      const orders = list.body.data!.equipmentOrders;
      expect(orders.edges).toHaveLength(5);
      for (const { node } of orders.edges) expect(node.status).toBe('DELIVERED');
      const { id, customer } = orders.edges[0].node;
      const one = await gw.graphql(
        `query($id: ID!) { equipmentOrder(id: $id) {
            id status supplierReference deliverySpeed deliveryAddress { postcode } placedBy { role }
            referral { status } lines { itemCode quantity unitCost { pence } lineCost { pence } } totalCost { pence formatted }
            history { fromStatus toStatus by { role } } } }`,
        { id },
        token,
      );
      const order = one.body.data!.equipmentOrder;
      expect(order.id).toBe(id);
      expect(order.supplierReference).toMatch(/^MQ\d{8}$/);
      expect(['ACCEPTED', 'CLOSED']).toContain(order.referral.status);
      for (const line of order.lines) expect(line.lineCost.pence).toBe(line.unitCost.pence * line.quantity);
      expect(order.totalCost.pence).toBe(order.lines.reduce((sum: number, line: any) => sum + line.lineCost.pence, 0));
      expect(order.totalCost.formatted).toMatch(/^£[\d,]+\.\d{2}$/);
      expect(order.history[0].fromStatus).toBe('DRAFT');
      expect(order.history.at(-1).toStatus).toBe('DELIVERED');
      const byCustomer = await gw.graphql(
        'query($c: ID!) { equipmentOrders(filter: { customerId: $c }) { edges { node { id } } } }',
        { c: customer.id },
        token,
      );
      expect(byCustomer.body.data!.equipmentOrders.edges.map((edge: any) => edge.node.id)).toContain(id);
      const direct = await gw.graphql('query($c: ID!) { customer(id: $c) { id equipmentOrders { totalCount } } }', { c: customer.id }, token);
      expect(direct.body.data!.customer.id).toBe(customer.id);
      expect(direct.body.data!.customer.equipmentOrders.totalCount).toBeGreaterThan(0);
      const missing = await gw.graphql('{ customer(id: "00000000-0000-4000-8000-000000000000") { id } }', undefined, token);
      expect(missing.body).toEqual({ data: { customer: null } });
    });

    test('GET /graphql answers queries (GraphQL over HTTP)', async () => {
      const query = encodeURIComponent('{ hubBoard { byStatus { status count } } }');
      const response = await fetch(`${gw.url}/graphql?query=${query}`, {
        headers: { authorization: `Bearer ${await as('VIEWER')}`, accept: 'application/graphql-response+json' },
      });
      expect(response.status).toBe(200);
      const body = await jsonOf(response);
      expect(body.data.hubBoard.byStatus.map((row: { status: string }) => row.status)).toEqual([
        'RECEIVED', 'TRIAGED', 'ACCEPTED', 'DECLINED', 'WITHDRAWN', 'CLOSED',
      ]);
    });

    test('a mutation over GET is refused', async () => {
      const query = encodeURIComponent('mutation { closeReferral(input: { referralId: "x", reason: "y" }) { id } }');
      const response = await fetch(`${gw.url}/graphql?query=${query}`, { headers: { authorization: `Bearer ${await as('ADMIN')}` } });
      expect(response.status).toBe(405);
    });

    test('the hub board counts agree with the referral lists', async () => {
      const token = await as('HUB_COORDINATOR');
      const board = await gw.graphql(
        '{ hubBoard { counts { status pathway count } byStatus { status count } oldestUntriaged(first: 3) { status receivedAt } } }',
        undefined,
        token,
      );
      const { hubBoard } = board.body.data!;
      const received = await gw.graphql('{ referrals(filter: { statuses: [RECEIVED] }, first: 1) { totalCount } }', undefined, token);
      expect(hubBoard.byStatus.find((row: any) => row.status === 'RECEIVED').count).toBe(received.body.data!.referrals.totalCount);
      const summed = hubBoard.counts.reduce((sum: number, row: any) => sum + row.count, 0);
      expect(summed).toBe(hubBoard.byStatus.reduce((sum: number, row: any) => sum + row.count, 0));
      expect(hubBoard.oldestUntriaged).toHaveLength(3);
      for (const referral of hubBoard.oldestUntriaged) expect(referral.status).toBe('RECEIVED');
      const times = hubBoard.oldestUntriaged.map((referral: any) => Date.parse(referral.receivedAt));
      expect(times).toEqual([...times].sort((a, b) => a - b));
      const byPathway = await gw.graphql('{ hubBoard { byPathway { pathway count } } }', undefined, token);
      const rows = byPathway.body.data!.hubBoard.byPathway;
      expect(rows.map((row: any) => row.pathway)).toEqual(['PATHWAY_0', 'PATHWAY_1', 'PATHWAY_2', 'PATHWAY_3', null]);
      const open = await gw.graphql(
        '{ referrals(filter: { statuses: [RECEIVED, TRIAGED, ACCEPTED], pathways: [PATHWAY_1] }, first: 0) { totalCount } }',
        undefined,
        token,
      );
      expect(rows[1].count).toBe(open.body.data!.referrals.totalCount);
    });

    test('paging a list with cursors walks every item once', async () => {
      const token = await as('VIEWER');
      const ids: string[] = [];
      let after: string | null = null;
      let total: number;
      do {
        const page: any = await gw.graphql(
          'query($after: String) { referrals(filter: { statuses: [TRIAGED] }, first: 40, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id status } } } }',
          { after },
          token,
        );
        const { referrals } = page.body.data;
        total = referrals.totalCount;
        ids.push(...referrals.edges.map((edge: any) => edge.node.id));
        after = referrals.pageInfo.hasNextPage ? referrals.pageInfo.endCursor : null;
      } while (after);
      expect(ids.length).toBe(total);
      expect(new Set(ids).size).toBe(total);
    });

    test('customerByNhsNumber takes the number with spaces', async () => {
      const token = await as('HUB_COORDINATOR');
      const some = await gw.graphql('{ searchCustomers(text: "Jones", first: 20) { edges { node { id nhsNumber } } } }', undefined, token);
      // Not every customer has an NHS number; take one who does.
      const { id, nhsNumber } = some.body.data!.searchCustomers.edges.find((edge: any) => edge.node.nhsNumber).node;
      const spaced = `${nhsNumber.slice(0, 3)} ${nhsNumber.slice(3, 6)} ${nhsNumber.slice(6)}`;
      const found = await gw.graphql('query($n: NHSNumber!) { customerByNhsNumber(nhsNumber: $n) { id } }', { n: spaced }, token);
      expect(found.body.data).toEqual({ customerByNhsNumber: { id } });
    });
  });

  describe('bad input gets a clear error naming where', () => {
    test('a wrong NHS number check digit in a literal', async () => {
      const response = await gw.graphql('{ customerByNhsNumber(nhsNumber: "943 476 5918") { id } }', undefined, await as('HUB_COORDINATOR'));
      expect(response.status).toBe(400);
      const error = response.body.errors![0]!;
      expect(error.message).toMatch(/^Argument "nhsNumber" of "customerByNhsNumber": /);
      expect(error.message).toContain('Modulus 11 check gives 9');
      expect(error.extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED', argument: 'nhsNumber', reason: 'NHS_NUMBER_CHECK_DIGIT' });
    });

    test('a wrong NHS number in a variable', async () => {
      const response = await gw.graphql(
        'query($n: NHSNumber!) { customerByNhsNumber(nhsNumber: $n) { id } }',
        { n: '1111111111' },
        await as('HUB_COORDINATOR'),
      );
      expect(response.status).toBe(400);
      expect(response.body.errors![0]!.extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        argument: 'nhsNumber',
        field: 'customerByNhsNumber',
        reason: 'NHS_NUMBER_REPEATED_DIGIT',
      });
    });

    test('an id that is not one of ours, a search with no criteria, a bad cursor', async () => {
      const token = await as('HUB_COORDINATOR');
      const badId = await gw.graphql('{ customer(id: "42") { id } }', undefined, token);
      expect(badId.body.errors![0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', argument: 'id' } });
      const empty = await gw.graphql('{ searchCustomers { totalCount } }', undefined, token);
      expect(empty.body.errors![0]!.message).toContain('give at least one of text, dateOfBirth or postcode');
      const cursor = await gw.graphql('{ referrals(after: "bogus") { totalCount } }', undefined, token);
      expect(cursor.body.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'after' });
      // Well-formed, but it names no referral.
      const unknown = Buffer.from(JSON.stringify(['00000000-0000-4000-8000-000000000000'])).toString('base64url');
      const forged = await gw.graphql('query($after: String) { referrals(after: $after) { edges { cursor } } }', { after: unknown }, token);
      expect(forged.body.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'after' });
    });

    test('text holding a NUL character, in a literal or a variable, or a search too long to be one', async () => {
      const token = await as('HUB_COORDINATOR');
      const literal = await gw.graphql('{ searchCustomers(text: "Smi\\u0000th") { totalCount } }', undefined, token);
      expect(literal.status).toBe(400);
      expect(literal.body.errors![0]!.extensions).toMatchObject({ argument: 'text', reason: 'NUL_CHARACTER' });
      const variable = await gw.graphql(
        'mutation($input: DeclineReferralInput!) { declineReferral(input: $input) { id } }',
        { input: { referralId: '00000000-0000-4000-8000-000000000000', reason: 'no\u0000' } },
        token,
      );
      expect(variable.status).toBe(400);
      expect(variable.body.errors![0]!.message).toContain('at "input.reason"');
      expect(variable.body.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input', reason: 'NUL_CHARACTER' });
      const long = await gw.graphql('query($t: String) { searchCustomers(text: $t) { totalCount } }', { t: 'Smith '.repeat(5_000) }, token);
      expect(long.body.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'text' });
    });

    test('a DateTime that names no real instant', async () => {
      const response = await gw.graphql('{ referrals(filter: { receivedSince: "2026-02-30T00:00:00Z" }) { totalCount } }', undefined, await as('VIEWER'));
      expect(response.status).toBe(400);
      expect(response.body.errors![0]!.extensions).toMatchObject({ argument: 'filter.receivedSince', reason: 'DATETIME_FORMAT' });
    });

    test('a body that is not JSON, or too large', async () => {
      const headers = { authorization: `Bearer ${await as('VIEWER')}`, 'content-type': 'application/json' };
      const notJson = await fetch(`${gw.url}/graphql`, { method: 'POST', headers, body: '{"query": ' });
      expect(notJson.status).toBe(400);
      expect((await jsonOf(notJson)).errors[0].message).toContain('not valid JSON');
      const huge = await fetch(`${gw.url}/graphql`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ query: `{ viewer { role } } # ${'x'.repeat(gw.config.limits.maxBodyBytes)}` }),
      });
      expect(huge.status).toBe(413);
      expect((await jsonOf(huge)).errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
    });

    test('a request target that is no URL path gets a 400 and the gateway stays up', async () => {
      const { port } = new URL(gw.url);
      const reply = await new Promise<string>((resolve, reject) => {
        const socket = connect(Number(port), '127.0.0.1', () => socket.end('GET //[ HTTP/1.1\r\nHost: x\r\n\r\n'));
        let text = '';
        socket.on('data', (chunk) => (text += chunk.toString()));
        socket.on('end', () => resolve(text));
        socket.on('error', reject);
      });
      expect(reply).toMatch(/^HTTP\/1\.1 400/);
      expect(reply).toContain('not a valid URL path');
      expect((await fetch(`${gw.url}/healthz`)).status).toBe(200);
    });

    test('a chunked body that grows past the limit gets a 413, not a reset', async () => {
      const { port } = new URL(gw.url);
      const token = await as('VIEWER');
      const status = await new Promise<number>((resolve, reject) => {
        const req = request(
          { port, path: '/graphql', method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` } },
          (res) => resolve(res.statusCode!),
        );
        req.on('error', reject);
        const chunk = 'x'.repeat(64 * 1024);
        for (let sent = 0; sent <= gw.config.limits.maxBodyBytes; sent += chunk.length) req.write(chunk);
        req.end();
      });
      expect(status).toBe(413);
    });

    test('the request id is the gateway\'s own, whatever the caller sends', async () => {
      const response = await fetch(`${gw.url}/healthz`, { headers: { 'x-request-id': 'chosen-by-caller' } });
      expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    });

    test('queries over the depth, alias or cost limits are refused before they run', async () => {
      const token = await as('VIEWER');
      let nested = 'id';
      for (let i = 0; i < 8; i++) nested = `customer { referrals(first: 1) { edges { node { ${nested} } } } }`;
      const deep = await gw.graphql(`{ referrals(first: 1) { edges { node { ${nested} } } } }`, undefined, token);
      expect(deep.status).toBe(400);
      expect(deep.body.errors![0]!.message).toMatch(/depth/i);
      const aliases = Array.from({ length: 40 }, (_, i) => `a${i}: viewer { role }`).join(' ');
      const aliased = await gw.graphql(`{ ${aliases} }`, undefined, token);
      expect(aliased.body.errors![0]!.message).toMatch(/alias/i);
      const costly = await gw.graphql(
        '{ referrals(first: 2000) { edges { node { customer { referrals(first: 200) { edges { node { id } } } } } } } }',
        undefined,
        token,
      );
      expect(costly.status).toBe(400);
      expect(costly.body.errors![0]!.extensions).toMatchObject({ code: 'QUERY_TOO_COSTLY' });
      // Page sizes left to their defaults are priced at those defaults, and cannot be nulled to dodge the price.
      const defaults = await gw.graphql(
        '{ referrals(first: 2000) { edges { node { customer { referrals { edges { node { customer { equipmentOrders { totalCount } } } } } } } } } }',
        undefined,
        token,
      );
      expect(defaults.body.errors![0]!.extensions).toMatchObject({ code: 'QUERY_TOO_COSTLY' });
      const nulled = await gw.graphql('{ referrals(first: null) { totalCount } }', undefined, token);
      expect(nulled.status).toBe(400);
      expect(nulled.body.errors![0]!.extensions!.code).toBe('GRAPHQL_VALIDATION_FAILED');
    });
  });

  describe('access by role', () => {
    test('a hospital team sees only its own trust\'s referrals', async () => {
      const token = await as('HOSPITAL_DISCHARGE', 'R1B');
      const own = await gw.graphql(
        '{ referrals(first: 500) { totalCount edges { node { id referringTrust { odsCode } referredPerson { name { family } } } } } }',
        undefined,
        token,
      );
      expect(own.body.errors).toBeUndefined();
      const edges = own.body.data!.referrals.edges;
      expect(edges.length).toBeGreaterThan(0);
      for (const { node } of edges) expect(node.referringTrust.odsCode).toBe('R1B');

      const other = await gw.graphql('{ referrals(filter: { trustOdsCode: "R1A" }) { totalCount } }', undefined, token);
      expect(other.body.errors![0]!.extensions).toMatchObject({ code: 'FORBIDDEN', argument: 'filter.trustOdsCode' });
      const ownLowerCase = await gw.graphql('{ referrals(filter: { trustOdsCode: "r1b" }, first: 0) { totalCount } }', undefined, token);
      expect(ownLowerCase.body.data!.referrals.totalCount).toBe(own.body.data!.referrals.totalCount);

      const hub = await gw.graphql('{ referrals(filter: { trustOdsCode: "R1A" }, first: 1) { edges { node { id } } } }', undefined, await as('HUB_COORDINATOR'));
      const otherId = hub.body.data!.referrals.edges[0].node.id;
      const direct = await gw.graphql('query($id: ID!) { referral(id: $id) { id } }', { id: otherId }, token);
      expect(direct.body).toEqual({ data: { referral: null } });
    });

    test('a hospital team sees neither the council\'s record of its patients nor other customers nor the social care side', async () => {
      const token = await as('HOSPITAL_DISCHARGE', 'R1B');
      const search = await gw.graphql('{ searchCustomers(text: "Smith") { totalCount } }', undefined, token);
      expect(search.body.errors![0]!.extensions!.code).toBe('FORBIDDEN');
      const board = await gw.graphql('{ hubBoard { byStatus { count } } }', undefined, token);
      expect(board.body.errors![0]!.extensions!.code).toBe('FORBIDDEN');

      const own = await gw.graphql(
        `{ referrals(first: 1) { edges { node { id status referredPerson { name { family } }
            customer { name { family } phones { number } identities { system } } careRecordReferences { system } risks { flags }
            assignedWorker triage { reason } } } } }`,
        undefined,
        token,
      );
      const referral = own.body.data!.referrals.edges[0].node;
      expect(referral.referredPerson.name.family).toMatch(/\w/);
      expect(referral).toMatchObject({ customer: null, careRecordReferences: null, risks: null, assignedWorker: null, triage: null });
      const refused = own.body.errors!.map((error) => [error.path!.at(-1), error.extensions!.code, error.extensions!.permission]);
      expect(refused).toEqual(expect.arrayContaining([
        ['customer', 'FORBIDDEN', 'customer:read'],
        ['careRecordReferences', 'FORBIDDEN', 'careRecord:read'],
        ['risks', 'FORBIDDEN', 'referral:hubDetails'],
        ['assignedWorker', 'FORBIDDEN', 'referral:hubDetails'],
        ['triage', 'FORBIDDEN', 'referral:hubDetails'],
      ]));
    });

    test('viewers, OTs and hospital teams cannot make hub decisions', async () => {
      const id = await gw.firstReferralId('RECEIVED');
      for (const [role, trust] of [['VIEWER'], ['OCCUPATIONAL_THERAPIST'], ['HOSPITAL_DISCHARGE', 'R1A']] as [Role, string?][]) {
        const response = await gw.graphql(
          'mutation($id: ID!) { declineReferral(input: { referralId: $id, reason: "no" }) { status } }',
          { id },
          await as(role, trust),
        );
        expect(response.body.errors![0]!.extensions).toMatchObject({ code: 'FORBIDDEN', permission: 'referral:decide' });
      }
    });
  });

  describe('hub decisions', () => {
    test('triage, accept and close a referral; its history says who, when and why', async () => {
      const token = await as('HUB_COORDINATOR');
      const id = await gw.firstReferralId('RECEIVED');
      const fields = 'id status pathway priority assignedTeam triage { reason decidedBy { subject role } } history { action fromStatus toStatus reason by { subject role } at }';
      const triaged = await gw.graphql(
        `mutation($id: ID!) { triageReferral(input: { referralId: $id, pathway: PATHWAY_1, priority: URGENT, reason: "  Home with reablement  " }) { ${fields} } }`,
        { id },
        token,
      );
      expect(triaged.body.data!.triageReferral).toMatchObject({
        status: 'TRIAGED',
        pathway: 'PATHWAY_1',
        priority: 'URGENT',
        triage: { reason: 'Home with reablement', decidedBy: { subject: 'test-hub_coordinator', role: 'HUB_COORDINATOR' } },
      });
      await gw.graphql(`mutation($id: ID!) { acceptReferral(input: { referralId: $id, assignedTeam: "Reablement North" }) { id } }`, { id }, token);
      const closed = await gw.graphql(`mutation($id: ID!) { closeReferral(input: { referralId: $id, reason: "Goals met" }) { ${fields} } }`, { id }, token);
      const referral = closed.body.data!.closeReferral;
      expect(referral.status).toBe('CLOSED');
      expect(referral.assignedTeam).toBe('Reablement North');
      expect(referral.history.map((event: any) => [event.action, event.fromStatus, event.toStatus])).toEqual([
        ['RECEIVED', null, 'RECEIVED'],
        ['TRIAGED', 'RECEIVED', 'TRIAGED'],
        ['ACCEPTED', 'TRIAGED', 'ACCEPTED'],
        ['CLOSED', 'ACCEPTED', 'CLOSED'],
      ]);
      expect(referral.history.at(-1)).toMatchObject({ reason: 'Goals met', by: { subject: 'test-hub_coordinator' } });
    });

    test('an illegal move is refused with a typed error saying from what to what', async () => {
      const token = await as('HUB_COORDINATOR');
      const id = await gw.firstReferralId('RECEIVED');
      const response = await gw.graphql(`mutation($id: ID!) { acceptReferral(input: { referralId: $id, assignedTeam: "North" }) { id } }`, { id }, token);
      expect(response.body.data).toBeNull();
      expect(response.body.errors![0]).toMatchObject({
        path: ['acceptReferral'],
        extensions: { code: 'REFERRAL_TRANSITION_NOT_ALLOWED', from: 'RECEIVED', to: 'ACCEPTED', allowedFrom: ['TRIAGED'] },
      });
      expect(response.body.errors![0]!.message).toContain('RECEIVED -> ACCEPTED is not allowed');
      const unchanged = await gw.graphql('query($id: ID!) { referral(id: $id) { status history { action } } }', { id }, token);
      expect(unchanged.body.data!.referral).toEqual({ status: 'RECEIVED', history: [{ action: 'RECEIVED' }] });
    });

    test('a decision on a referral that does not exist, or with an empty reason', async () => {
      const token = await as('HUB_COORDINATOR');
      const missing = await gw.graphql(
        'mutation { declineReferral(input: { referralId: "00000000-0000-4000-8000-000000000000", reason: "x" }) { id } }',
        undefined,
        token,
      );
      expect(missing.body.errors![0]!.extensions).toMatchObject({ code: 'NOT_FOUND', kind: 'Referral' });
      const blank = await gw.graphql(
        'mutation { declineReferral(input: { referralId: "00000000-0000-4000-8000-000000000000", reason: "   " }) { id } }',
        undefined,
        token,
      );
      expect(blank.body.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.reason' });
    });
  });

  describe('audit', () => {
    test('every read of a person is in the audit log with who, role, operation and when', async () => {
      const token = await gw.token('VIEWER', { subject: 'auditor-check' });
      const read = await gw.graphql(
        'query Peek { searchCustomers(text: "Taylor", first: 3) { edges { node { id } } } }',
        undefined,
        token,
      );
      const ids: string[] = read.body.data!.searchCustomers.edges.map((edge: any) => edge.node.id);
      expect(ids.length).toBeGreaterThan(0);
      const requestId = read.headers.get('x-request-id');
      for (const id of ids) {
        const audit = await gw.graphql(
          'query($id: ID!) { auditEvents(customerId: $id, first: 20) { edges { node { action operation requestId actor { subject role } at } } } }',
          { id },
          await as('ADMIN'),
        );
        expect(audit.body.data!.auditEvents.edges.map((edge: any) => edge.node)).toContainEqual(
          expect.objectContaining({ action: 'READ', operation: 'query Peek', requestId, actor: { subject: 'auditor-check', role: 'VIEWER' } }),
        );
      }
    });

    /** The audit rows one request left, by customer. */
    async function auditedBy(requestId: string | null, customerIds: string[]): Promise<Record<string, string[]>> {
      const rows: Record<string, string[]> = {};
      for (const id of customerIds) {
        const audit = await gw.graphql(
          'query($id: ID!) { auditEvents(customerId: $id, first: 50) { edges { node { action requestId } } } }',
          { id },
          await as('ADMIN'),
        );
        rows[id] = audit.body.data!.auditEvents.edges
          .filter((edge: any) => edge.node.requestId === requestId)
          .map((edge: any) => edge.node.action);
      }
      return rows;
    }

    test('knowing that a person exists is a read: __typename alone and cursors alone are audited', async () => {
      const coordinator = await as('HUB_COORDINATOR');
      const some = await gw.graphql('{ searchCustomers(text: "Wood", first: 3) { edges { node { id nhsNumber } } } }', undefined, coordinator);
      const people = some.body.data!.searchCustomers.edges.map((edge: any) => edge.node).filter((c: any) => c.nhsNumber);
      expect(people.length).toBeGreaterThan(0);
      const typename = await gw.graphql('query($n: NHSNumber!) { customerByNhsNumber(nhsNumber: $n) { __typename } }', { n: people[0].nhsNumber }, coordinator);
      expect(typename.body.data).toEqual({ customerByNhsNumber: { __typename: 'Customer' } });
      // A lookup by NHS number is a search (that nobody had the number would be on record too) and a read of whom it found.
      expect(await auditedBy(typename.headers.get('x-request-id'), [people[0].id])).toEqual({ [people[0].id]: ['SEARCH', 'READ'] });

      const cursors = await gw.graphql('{ searchCustomers(text: "Wood", first: 3) { edges { cursor } } }', undefined, coordinator);
      const ids = some.body.data!.searchCustomers.edges.map((edge: any) => edge.node.id);
      const rows = await auditedBy(cursors.headers.get('x-request-id'), ids);
      for (const id of ids) expect(rows[id]).toContain('READ');
    });

    test('nested reads and a decision\'s result are audited; the decision itself as a CHANGE', async () => {
      const id = await gw.firstReferralId('RECEIVED');
      const decided = await gw.graphql(
        'mutation($id: ID!) { declineReferral(input: { referralId: $id, reason: "Out of area" }) { customer { id } } }',
        { id },
        await as('HUB_COORDINATOR'),
      );
      const customerId = decided.body.data!.declineReferral.customer.id;
      const rows = await auditedBy(decided.headers.get('x-request-id'), [customerId]);
      expect(rows[customerId]!.sort()).toEqual(['CHANGE', 'READ']);

      const hospital = await gw.graphql('{ referrals(first: 2) { edges { node { id referredPerson { name { family } } } } } }', undefined, await as('HOSPITAL_DISCHARGE', 'R1C'));
      const ids = hospital.body.data!.referrals.edges.map((edge: any) => edge.node.id);
      const seen = await Promise.all(ids.map(async (id: string) => (await gw.graphql('query($id: ID!) { referral(id: $id) { customer { id } } }', { id }, await as('ADMIN'))).body.data!.referral.customer.id));
      const hospitalRows = await auditedBy(hospital.headers.get('x-request-id'), seen);
      for (const customer of seen) expect(hospitalRows[customer]).toEqual(['READ']);
    });

    test('reading the audit trail is for ADMIN only', async () => {
      const response = await gw.graphql('{ auditEvents { totalCount } }', undefined, await as('HUB_COORDINATOR'));
      expect(response.body.errors![0]!.extensions!.code).toBe('FORBIDDEN');
    });
  });

  test('a stopped gateway keeps its data: a restart finds the change and does not seed again', async () => {
    const token = await as('HUB_COORDINATOR');
    const id = await gw.firstReferralId('RECEIVED');
    await gw.graphql(
      'mutation($id: ID!) { declineReferral(input: { referralId: $id, reason: "Needs met by family" }) { id } }',
      { id },
      token,
    );
    const count = (await gw.graphql('{ searchCustomers(text: "an") { totalCount } }', undefined, token)).body.data!.searchCustomers.totalCount;
    await gw.stop();
    gw = await startTestGateway(place);
    expect(gw.gateway.seed).toEqual({ seeded: false, customers: 0, referrals: 0, equipmentOrders: 0 });
    tokens.clear();
    const after = await gw.graphql('query($id: ID!) { referral(id: $id) { status history { reason } } }', { id }, await as('HUB_COORDINATOR'));
    expect(after.body.data!.referral.status).toBe('DECLINED');
    expect(after.body.data!.referral.history.at(-1).reason).toBe('Needs met by family');
    const recount = await gw.graphql('{ searchCustomers(text: "an") { totalCount } }', undefined, await as('HUB_COORDINATOR'));
    expect(recount.body.data!.searchCustomers.totalCount).toBe(count);
  });
});
