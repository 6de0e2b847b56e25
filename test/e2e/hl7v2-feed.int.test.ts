/**
 * HL7 v2 ADT through the real gateway: over HTTP with a trust's token, and
 * over a real MLLP socket, on each store. Synthetic messages only.
 */
import { message, msh, pv1, segment, NHS_NUMBER, BAD_CHECK_DIGIT_NHS_NUMBER } from '../adapters/hospital-discharge/hl7v2/synthetic-messages.js';
import { defaultSenderProfile } from '../../adapters/hospital-discharge/sender-profile.js';
import { freePort, MllpClient, mllpFrame, postHl7 } from '../support/feed-clients.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { createTestStorePlace, describeEachStore, type TestStorePlace } from '../support/stores.js';

const TRUST = 'RXX';

function pid(nhsNumber = NHS_NUMBER, status = 'NSTS01', mrn = 'RXX1234567'): string {
  return segment('PID', {
    1: '1',
    3: `${mrn}^^^RXX^MR~${nhsNumber}^^^NHS^NH`,
    5: 'TESTER^Alice^Jane^^Ms^^L',
    7: '19450317',
    8: 'F',
    11: '12 Test Street^Testville^Exampleton^^LS1 4AP^GBR^H',
    13: '07700900123^PRN^CP',
    32: status,
  });
}

/** An ADT event of spell SPELL-<n>, at EVN-6 `occurred`. */
function adt(trigger: string, control: string, occurred: string, pv1Fields: Record<number, string> = {}, spell = 'SPELL-1'): string {
  return message(
    msh(trigger, { 10: control, 7: occurred }),
    segment('EVN', { 1: trigger, 2: occurred, 6: occurred }),
    pid(),
    pv1({ 19: spell, 44: '20261120093000', ...pv1Fields }),
  );
}

const REFERRAL_BY_SPELL = `query($trust: String) {
  referrals(filter: { trustOdsCode: $trust }, first: 50) { edges { node {
    id status ward admittedAt dischargedAt expectedDischargeOn
    hospitalSpell { spellId site consultant dischargeMethod dischargeDestination }
    referredPerson { name { family given } nhsNumber nhsNumberVerified }
    customer { nhsNumber name { family given } dateOfBirth address { postcode } }
    history { action fromStatus toStatus hospitalEvent inboxMessageId by { subject role } }
  } } } }`;

const INBOX = `query($status: InboxStatus) { inboxMessages(status: $status, first: 100) { totalCount edges { node {
  id status sender controlId messageType transport error { location reason hl7ErrorCode } attempts body } } } }`;

describeEachStore('HL7 v2 feed', (kind) => {
  let place: TestStorePlace;
  let gw: TestGateway;
  let system: string;
  let admin: string;
  let mllpPort: number;

  beforeAll(async () => {
    place = await createTestStorePlace(kind);
    mllpPort = await freePort();
    gw = await startTestGateway(place, { MLLP_PORT: String(mllpPort), MLLP_IDLE_TIMEOUT_MS: '2000' }, [
      { ...defaultSenderProfile(TRUST), mllp: true },
    ]);
    system = await gw.token('SYSTEM', { trust: TRUST });
    admin = await gw.token('ADMIN');
  });
  afterAll(async () => {
    await gw.stop();
    await place.remove();
  });

  async function spell(spellId: string) {
    const { body } = await gw.graphql(REFERRAL_BY_SPELL, { trust: TRUST }, admin);
    return body.data!.referrals.edges.map((e: any) => e.node).find((r: any) => r.hospitalSpell?.spellId === spellId);
  }

  async function customerOf(spellId: string): Promise<string> {
    const { body } = await gw.graphql(`query($trust: String) { referrals(filter: { trustOdsCode: $trust }, first: 100) { edges { node { hospitalSpell { spellId } customer { id } } } } }`, { trust: TRUST }, admin);
    return body.data!.referrals.edges.map((e: any) => e.node).find((r: any) => r.hospitalSpell?.spellId === spellId).customer.id;
  }

  async function inbox(status?: string) {
    const { body } = await gw.graphql(INBOX, status ? { status } : {}, admin);
    return body.data!.inboxMessages.edges.map((e: any) => e.node);
  }

  test('an A03 is stored, applied and answered AA with the control id echoed and sender and receiver swapped', async () => {
    const { status, acks } = await postHl7(gw.url, system, adt('A03', 'CTRL-A03-1', '20261121143000', { 45: '20261121143000', 36: '1', 37: '19' }));
    expect(status).toBe(200);
    expect(acks).toHaveLength(1);
    const [ack] = acks;
    expect(ack!.code).toBe('AA');
    expect(ack!.acknowledges).toBe('CTRL-A03-1');
    expect([ack!.field('MSH', 3), ack!.field('MSH', 4), ack!.field('MSH', 5), ack!.field('MSH', 6)]).toEqual(['GATEWAY', 'COUNCIL', 'PAS', TRUST]);
    expect(ack!.field('MSH', 9)).toBe('ACK^A03^ACK');
    expect(ack!.field('MSH', 12)).toBe('2.4');

    const referral = await spell('SPELL-1');
    expect(referral).toMatchObject({
      status: 'RECEIVED',
      ward: 'WARD7',
      admittedAt: '2026-11-20T09:30:00.000Z',
      dischargedAt: '2026-11-21T14:30:00.000Z',
      hospitalSpell: { spellId: 'SPELL-1', consultant: 'Dr Carol Consultant' },
      referredPerson: { name: { family: 'TESTER', given: 'Alice' }, nhsNumber: NHS_NUMBER, nhsNumberVerified: true },
      customer: { nhsNumber: NHS_NUMBER, dateOfBirth: '1945-03-17', address: { postcode: 'LS1 4AP' } },
    });
    expect(referral.hospitalSpell.dischargeMethod).toMatch(/^1: /);
    expect(referral.hospitalSpell.dischargeDestination).toMatch(/^19: /);
    expect(referral.history).toEqual([
      expect.objectContaining({ action: 'RECEIVED', hospitalEvent: 'DISCHARGED', by: { subject: `feed:${TRUST}`, role: 'SYSTEM' } }),
    ]);
    const [stored] = await inbox();
    expect(stored).toMatchObject({ id: referral.history[0].inboxMessageId, status: 'APPLIED', sender: TRUST, controlId: 'CTRL-A03-1', messageType: 'ADT^A03', transport: 'HTTP' });
    expect(stored.body).toContain('MSH|^~\\&|PAS|RXX');
  });

  test('the same message again gets the same ACK and has no second effect', async () => {
    const before = await inbox();
    const again = await postHl7(gw.url, system, adt('A03', 'CTRL-A03-1', '20261121143000', { 45: '20261121143000', 36: '1', 37: '19' }));
    expect([again.status, again.acks[0]!.code, again.acks[0]!.acknowledges]).toEqual([200, 'AA', 'CTRL-A03-1']);
    expect(await inbox()).toHaveLength(before.length);
    expect((await spell('SPELL-1')).history).toHaveLength(1);
  });

  test('a different message under a used control id is a new message', async () => {
    const before = (await inbox()).length;
    const update = adt('A08', 'CTRL-A03-1', '20261121150000', { 3: 'WARD9^BAY1^BED1^RXX01' });
    expect((await postHl7(gw.url, system, update)).acks[0]!.code).toBe('AA');
    expect(await inbox()).toHaveLength(before + 1);
    const referral = await spell('SPELL-1');
    expect(referral.ward).toBe('WARD9');
    expect(referral.history.map((h: any) => h.action)).toEqual(['RECEIVED', 'HOSPITAL_UPDATE']);
  });

  test('a sparse update (a name and a hospital number) changes what it says and keeps the rest', async () => {
    const sparse = message(
      msh('A08', { 10: 'CTRL-SPARSE' }),
      segment('EVN', { 2: '20261121160000' }),
      segment('PID', { 3: 'RXX1234567^^^RXX^MR', 5: 'TESTER-JONES^Alice' }),
    );
    expect((await postHl7(gw.url, system, sparse)).acks[0]!.code).toBe('AA');
    const { customer } = await spell('SPELL-1');
    expect(customer).toEqual({ nhsNumber: NHS_NUMBER, name: { family: 'TESTER-JONES', given: 'Alice' }, dateOfBirth: '1945-03-17', address: { postcode: 'LS1 4AP' } });
  });

  test('a cancel that overtakes its discharge is parked, then both end as if they came in order', async () => {
    const cancel = adt('A13', 'CTRL-A13-2', '20261122100000', {}, 'SPELL-2');
    const discharge = adt('A03', 'CTRL-A03-2', '20261122090000', { 45: '20261122090000' }, 'SPELL-2');
    expect((await postHl7(gw.url, system, cancel)).acks[0]!.code).toBe('AA');
    expect(await spell('SPELL-2')).toBeUndefined();
    expect((await inbox('PARKED')).map((m: any) => m.controlId)).toContain('CTRL-A13-2');

    expect((await postHl7(gw.url, system, discharge)).acks[0]!.code).toBe('AA');
    const referral = await spell('SPELL-2');
    expect(referral).toMatchObject({ status: 'RECEIVED', dischargedAt: null });
    expect((await inbox('PARKED')).map((m: any) => m.controlId)).not.toContain('CTRL-A13-2');
  });

  test('a cancelled admission withdraws the referral; a later re-admission reinstates it', async () => {
    await postHl7(gw.url, system, adt('A01', 'CTRL-A01-3', '20261120080000', {}, 'SPELL-3'));
    await postHl7(gw.url, system, adt('A11', 'CTRL-A11-3', '20261120090000', {}, 'SPELL-3'));
    expect((await spell('SPELL-3')).status).toBe('WITHDRAWN');
    await postHl7(gw.url, system, adt('A01', 'CTRL-A01-3b', '20261120100000', {}, 'SPELL-3'));
    const referral = await spell('SPELL-3');
    expect(referral.status).toBe('RECEIVED');
    expect(referral.history.map((h: any) => [h.action, h.hospitalEvent])).toEqual([
      ['RECEIVED', 'ADMITTED'],
      ['WITHDRAWN', 'ADMISSION_CANCELLED'],
      ['REINSTATED', 'ADMITTED'],
    ]);
  });

  test('an A40 merge moves the merged-away person\'s referrals and links to the survivor, with a history step', async () => {
    const person = (mrn: string, family: string) =>
      segment('PID', { 3: `${mrn}^^^RXX^MR`, 5: `${family}^Morgan`, 7: '19300101', 8: 'M' });
    const admit = (mrn: string, family: string, spell: string, control: string) =>
      message(msh('A01', { 10: control }), segment('EVN', { 2: '20261120080000', 6: '20261120080000' }), person(mrn, family), pv1({ 19: spell }));
    await postHl7(gw.url, system, admit('MRN-KEEP', 'MERGEKEEP', 'SPELL-MK', 'CTRL-MK'));
    await postHl7(gw.url, system, admit('MRN-GONE', 'MERGEGONE', 'SPELL-MG', 'CTRL-MG'));
    const survivor = await customerOf('SPELL-MK');
    const mergedAway = await customerOf('SPELL-MG');
    expect(mergedAway).not.toBe(survivor);

    const a40 = message(
      msh('A40', { 9: 'ADT^A40^ADT_A39', 10: 'CTRL-A40' }),
      segment('EVN', { 2: '20261121080000' }),
      person('MRN-KEEP', 'MERGEKEEP'),
      segment('MRG', { 1: 'MRN-GONE^^^RXX^MR' }),
    );
    const merged = await postHl7(gw.url, system, a40);
    expect(merged.acks[0]!.code).toBe('AA');
    expect(await customerOf('SPELL-MG')).toBe(survivor);
    const moved = await spell('SPELL-MG');
    expect(moved.history.map((h: any) => [h.action, h.hospitalEvent])).toEqual([
      ['RECEIVED', 'ADMITTED'],
      ['CUSTOMER_MERGED', 'MERGED'],
    ]);
    const { body } = await gw.graphql(`query($id: ID!) { customer(id: $id) { identities { system localId } } }`, { id: survivor }, admin);
    expect(body.data!.customer.identities.map((i: any) => i.localId)).toEqual(expect.arrayContaining(['MRN-KEEP', 'MRN-GONE']));
  });

  test('several messages in one body get one ACK each, in order', async () => {
    const body = adt('A01', 'CTRL-B-1', '20261120080000', {}, 'SPELL-4') + '\n' + adt('A16', 'CTRL-B-2', '20261121080000', {}, 'SPELL-4');
    const { status, acks } = await postHl7(gw.url, system, body);
    expect(status).toBe(200);
    expect(acks.map((a) => [a.code, a.acknowledges])).toEqual([['AA', 'CTRL-B-1'], ['AA', 'CTRL-B-2']]);
  });

  test('a message for another trust is refused (AR, 403) and kept', async () => {
    const other = await gw.token('SYSTEM', { trust: 'RYY' });
    const { status, acks } = await postHl7(gw.url, other, adt('A03', 'CTRL-WRONG', '20261121143000', {}, 'SPELL-9'));
    expect(status).toBe(403);
    expect(acks[0]!.code).toBe('AR');
    expect(acks[0]!.field('ERR', 1)).toMatch(/^MSH\^1\^4\^204/);
    const refused = (await inbox('REFUSED')).find((m: any) => m.controlId === 'CTRL-WRONG');
    expect(refused).toMatchObject({ sender: 'RYY', error: { location: 'MSH-4' } });
    expect(refused.error.reason).toContain('RYY');
  });

  test('bad input gets a clear answer naming where, and nothing earlier is lost', async () => {
    const before = (await inbox('APPLIED')).length;
    const junk = await postHl7(gw.url, system, 'hello, this is not HL7');
    expect(junk.status).toBe(400);
    expect(junk.acks[0]!.code).toBe('AR');
    expect(junk.acks[0]!.field('MSA', 3)).toContain('not an HL7 v2 message');

    const binary = await postHl7(gw.url, system, Buffer.from([0, 1, 2, 255, 254, 10, 13]));
    expect([binary.status, binary.acks[0]!.code]).toEqual([400, 'AR']);

    const badNumber = message(msh('A03', { 10: 'CTRL-BAD-NHS' }), segment('EVN', { 2: '20261121143000' }), pid(BAD_CHECK_DIGIT_NHS_NUMBER), pv1({ 19: 'SPELL-5' }));
    const failed = await postHl7(gw.url, system, badNumber);
    expect([failed.status, failed.acks[0]!.code]).toEqual([200, 'AE']);
    expect(failed.acks[0]!.field('ERR', 1)).toMatch(/^PID\^1\^3\^102/);

    const noDate = message(msh('A03', { 10: 'CTRL-BAD-DATE' }), segment('EVN', { 2: '20261121143000' }), pid(), pv1({ 19: 'SPELL-6', 45: '20261341' }));
    const dateless = await postHl7(gw.url, system, noDate);
    expect(dateless.acks[0]!.code).toBe('AE');
    expect(dateless.acks[0]!.field('ERR', 1)).toMatch(/^PV1\^1\^45/);

    const unknown = await postHl7(gw.url, system, message(msh('A99', { 10: 'CTRL-A99' }), pid()));
    expect([unknown.status, unknown.acks[0]!.code]).toEqual([400, 'AR']);

    const wrongEncoding = await postHl7(gw.url, system, 'MSH|^~|PAS|RXX|GATEWAY|COUNCIL|20261121143000||ADT^A03|CTRL-ENC|P|2.4\r');
    expect([wrongEncoding.status, wrongEncoding.acks[0]!.code]).toEqual([400, 'AR']);
    expect(wrongEncoding.acks[0]!.field('MSA', 3)).toMatch(/MSH-2|encoding/);

    const truncated = await postHl7(gw.url, system, 'MSH|^~\\&|PAS|RXX|GATEWAY|COUNCIL|20261121\r');
    expect([truncated.status, truncated.acks[0]!.code]).toEqual([400, 'AR']);

    const wrongStructure = await postHl7(gw.url, system, message(msh('A03', { 9: 'ADT^A03^ADT_A05', 10: 'CTRL-STRUCT' }), pid(), pv1()));
    expect([wrongStructure.status, wrongStructure.acks[0]!.code]).toEqual([400, 'AR']);
    expect(wrongStructure.acks[0]!.field('ERR', 1)).toMatch(/^MSH\^1\^9/);

    const noPid = await postHl7(gw.url, system, message(msh('A03', { 10: 'CTRL-NO-PID' }), segment('EVN', { 2: '20261121143000' }), pv1({ 19: 'SPELL-7' })));
    expect(noPid.acks[0]!.code).toBe('AE');
    expect(noPid.acks[0]!.field('ERR', 1)).toMatch(/^PID/);

    const failedMessages = await inbox('FAILED');
    expect(failedMessages.map((m: any) => m.controlId)).toEqual(expect.arrayContaining(['CTRL-BAD-NHS', 'CTRL-BAD-DATE', 'CTRL-NO-PID']));
    const refused = (await inbox('REFUSED')).map((m: any) => m.controlId);
    expect(refused).toEqual(expect.arrayContaining(['CTRL-ENC', 'CTRL-STRUCT', 'CTRL-A99']));
    expect(failedMessages.find((m: any) => m.controlId === 'CTRL-BAD-NHS').error).toMatchObject({ location: expect.stringMatching(/^PID-3/), hl7ErrorCode: '102' });
    expect((await inbox('APPLIED')).length).toBe(before);
  });

  test('a body over the size limit is refused with an ACK saying so', async () => {
    const huge = adt('A08', 'CTRL-HUGE', '20261121143000') + `NTE|1||${'x'.repeat(gw.config.feeds.maxBodyBytes)}\r`;
    const { status, acks } = await postHl7(gw.url, system, huge);
    expect(status).toBe(413);
    expect(acks[0]!.code).toBe('AR');
    expect(acks[0]!.field('MSA', 3)).toContain('over the limit');
  });

  test('MLLP: frames split over reads, several in one read and junk between are all answered in order', async () => {
    const client = await MllpClient.connect(mllpPort);
    try {
      const one = mllpFrame(adt('A01', 'MLLP-1', '20261120080000', {}, 'SPELL-M'));
      const two = mllpFrame(adt('A16', 'MLLP-2', '20261121080000', {}, 'SPELL-M'));
      const three = mllpFrame(adt('A03', 'MLLP-3', '20261122080000', { 45: '20261122080000' }, 'SPELL-M'));
      await client.write(Buffer.concat([Buffer.from('junk before'), one, two]));
      for (let i = 0; i < three.length; i += 7) await client.write(three.subarray(i, i + 7));
      const acks = await client.acksReceived(3);
      expect(acks.map((a) => [a.code, a.acknowledges])).toEqual([['AA', 'MLLP-1'], ['AA', 'MLLP-2'], ['AA', 'MLLP-3']]);
      expect((await spell('SPELL-M')).dischargedAt).toBe('2026-11-22T08:00:00.000Z');
    } finally {
      client.close();
    }
  });

  test('MLLP: a sender that sends its frames and then half-closes still gets every ACK', async () => {
    const client = await MllpClient.connect(mllpPort);
    try {
      const frames = [1, 2, 3, 4, 5].map((n) => mllpFrame(adt('A08', `MLLP-FIN-${n}`, `2026112109000${n}`, {}, 'SPELL-FIN')));
      await client.write(Buffer.concat(frames));
      client.finishSending();
      const acks = await client.acksReceived(5);
      expect(acks.map((a) => [a.code, a.acknowledges])).toEqual([1, 2, 3, 4, 5].map((n) => ['AA', `MLLP-FIN-${n}`]));
    } finally {
      client.close();
    }
  });

  test('MLLP: a client that drops mid-frame loses nothing already ACKed, and the half frame is not stored', async () => {
    const client = await MllpClient.connect(mllpPort);
    await client.write(mllpFrame(adt('A01', 'MLLP-DROP-1', '20261120080000', {}, 'SPELL-D')));
    await client.acksReceived(1);
    const half = mllpFrame(adt('A03', 'MLLP-DROP-2', '20261122080000', {}, 'SPELL-D'));
    await client.write(half.subarray(0, half.length / 2));
    client.close();
    await new Promise((resolve) => setTimeout(resolve, 200));
    const controls = (await inbox()).map((m: any) => m.controlId);
    expect(controls).toContain('MLLP-DROP-1');
    expect(controls).not.toContain('MLLP-DROP-2');
    expect((await spell('SPELL-D')).status).toBe('RECEIVED');
  });

  test('MLLP: a facility whose profile does not allow MLLP is refused (AR) and kept', async () => {
    const client = await MllpClient.connect(mllpPort);
    try {
      await client.write(mllpFrame(message(msh('A01', { 4: 'RZZ', 10: 'MLLP-RZZ' }), pid(), pv1())));
      const [ack] = await client.acksReceived(1);
      expect(ack!.code).toBe('AR');
      expect(ack!.field('MSA', 3)).toContain('MLLP');
    } finally {
      client.close();
    }
  });

  test('only ADMIN reads the inbox and replays; a replay of an applied message changes nothing', async () => {
    const coordinator = await gw.token('HUB_COORDINATOR');
    const denied = await gw.graphql(INBOX, {}, coordinator);
    expect(denied.body.errors![0]!.extensions!.code).toBe('FORBIDDEN');
    const [applied] = await inbox('APPLIED');
    const replay = await gw.graphql(`mutation($id: ID!) { replayInboxMessage(id: $id) { id status attempts } }`, { id: applied.id }, admin);
    expect(replay.body.data!.replayInboxMessage).toEqual({ id: applied.id, status: 'APPLIED', attempts: applied.attempts });
  });
});

