/**
 * A message that fails because of how its sender was configured is kept,
 * and applies when replayed after the configuration is fixed: the gateway is
 * stopped, started again with the corrected sender profile over the same
 * store, and an ADMIN replays it. Replay is idempotent; a refused message is
 * not replayed.
 */
import { defaultSenderProfile, type SenderProfile } from '../../adapters/hospital-discharge/sender-profile.js';
import { message, msh, pv1, segment, NHS_NUMBER } from '../adapters/hospital-discharge/hl7v2/synthetic-messages.js';
import { postHl7 } from '../support/feed-clients.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { createTestStorePlace, describeEachStore, type TestStorePlace } from '../support/stores.js';

const MISCONFIGURED: SenderProfile = { ...defaultSenderProfile('RXX'), pathwayField: { segment: 'ZU1', field: 3 } };
const FIXED: SenderProfile = { ...defaultSenderProfile('RXX'), pathwayField: { segment: 'ZU1', field: 4 } };

const A16 = message(
  msh('A16', { 10: 'REPLAY-1' }),
  segment('EVN', { 2: '20261123100000', 6: '20261123100000' }),
  segment('PID', { 3: `${NHS_NUMBER}^^^NHS^NH`, 5: 'REPLAY^Rita', 7: '19400101', 8: 'F', 32: 'NSTS01' }),
  pv1({ 19: 'SPELL-R' }),
  segment('PV2', { 9: '20261126' }),
  // ZU1-3 holds the ward's free-text estimate; the pathway is in ZU1-4.
  segment('ZU1', { 3: 'end of week', 4: '1' }),
);

const INBOX = `{ inboxMessages(first: 10) { edges { node { id controlId status attempts error { location reason hl7ErrorCode } } } } }`;
const REPLAY = `mutation($id: ID!) { replayInboxMessage(id: $id) { id status attempts error { location } } }`;
const SPELL = `{ referrals(filter: { trustOdsCode: "RXX" }, first: 5) { edges { node { pathway expectedDischargeOn hospitalSpell { spellId } history { action hospitalEvent } } } } }`;

describeEachStore('replay after a fix', (kind) => {
  let place: TestStorePlace;
  let gw: TestGateway | null = null;
  beforeAll(async () => {
    place = await createTestStorePlace(kind);
  });
  afterAll(async () => {
    await gw?.stop();
    await place.remove();
  });

  // Two gateway starts (and a stop) in one test: on a busy CI machine that alone can pass the default 30 s.
  test('a message failed by a wrong sender profile applies when replayed with the right one', async () => {
    gw = await startTestGateway(place, {}, [MISCONFIGURED]);
    const system = await gw.token('SYSTEM', { trust: 'RXX' });
    const sent = await postHl7(gw.url, system, A16);
    expect(sent.acks[0]!.code).toBe('AE');
    expect(sent.acks[0]!.field('ERR', 1)).toMatch(/^ZU1\^1\^3/);
    let admin = await gw.token('ADMIN');
    const [failed] = (await gw.graphql(INBOX, {}, admin)).body.data!.inboxMessages.edges.map((e: any) => e.node);
    expect(failed).toMatchObject({ controlId: 'REPLAY-1', status: 'FAILED', attempts: 1, error: { location: 'ZU1-3' } });
    expect((await gw.graphql(SPELL, {}, admin)).body.data!.referrals.edges).toEqual([]);

    // Still wrong: replaying changes nothing but the count of attempts.
    const again = await gw.graphql(REPLAY, { id: failed.id }, admin);
    expect(again.body.data!.replayInboxMessage).toMatchObject({ status: 'FAILED', attempts: 2 });
    await gw.stop();

    gw = await startTestGateway(place, {}, [FIXED]);
    admin = await gw.token('ADMIN');
    const replayed = await gw.graphql(REPLAY, { id: failed.id }, admin);
    expect(replayed.body.errors).toBeUndefined();
    expect(replayed.body.data!.replayInboxMessage).toEqual({ id: failed.id, status: 'APPLIED', attempts: 3, error: null });
    const [referral] = (await gw.graphql(SPELL, {}, admin)).body.data!.referrals.edges.map((e: any) => e.node);
    expect(referral).toMatchObject({
      pathway: 'PATHWAY_1',
      expectedDischargeOn: '2026-11-26',
      hospitalSpell: { spellId: 'SPELL-R' },
      history: [{ action: 'RECEIVED', hospitalEvent: 'DISCHARGE_PLANNED' }],
    });

    // Idempotent: an applied message is left as it is, and makes no second referral step.
    const twice = await gw.graphql(REPLAY, { id: failed.id }, admin);
    expect(twice.body.data!.replayInboxMessage).toMatchObject({ status: 'APPLIED', attempts: 3 });
    const after = (await gw.graphql(SPELL, {}, admin)).body.data!.referrals.edges.map((e: any) => e.node);
    expect(after).toHaveLength(1);
    expect(after[0].history).toHaveLength(1);
  }, 120_000);

  test('a refused message is not replayed, and an unknown id is not found', async () => {
    const system = await gw!.token('SYSTEM', { trust: 'RXX' });
    const refused = await postHl7(gw!.url, system, 'not HL7 at all');
    expect(refused.acks[0]!.code).toBe('AR');
    const admin = await gw!.token('ADMIN');
    const { body } = await gw!.graphql(`{ inboxMessages(status: REFUSED, first: 1) { edges { node { id } } } }`, {}, admin);
    const id = body.data!.inboxMessages.edges[0].node.id;
    const replay = await gw!.graphql(REPLAY, { id }, admin);
    expect(replay.body.errors![0]).toMatchObject({ extensions: { code: 'REPLAY_NOT_POSSIBLE' } });
    expect(replay.body.errors![0]!.message).toContain('refused for good');
    const missing = await gw!.graphql(REPLAY, { id: '00000000-0000-4000-8000-000000000000' }, admin);
    expect(missing.body.errors![0]!.extensions!.code).toBe('NOT_FOUND');
  });
});
