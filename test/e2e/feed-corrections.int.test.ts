/**
 * A trust correcting what it said of an event, through the real gateway: of
 * two messages about one discharge, the one the PAS recorded later stands,
 * even when the discharge time it gives is earlier, whatever order the two
 * arrive in. Written as two PASes send them: one stamps EVN-2 when the event
 * was recorded and sends the message later, one sends no EVN-2 (MSH-7 then
 * stands for the recording). Synthetic people only.
 */
import { message, msh, pv1, segment } from '../adapters/hospital-discharge/hl7v2/synthetic-messages.js';
import { postHl7 } from '../support/feed-clients.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { createTestStorePlace, describeEachStore, type TestStorePlace } from '../support/stores.js';
import { pid } from '../support/trust-adt.js';

const TRUST = 'RXX';

const SPELL = `query($trust: String) {
  referrals(filter: { trustOdsCode: $trust }, first: 50) { edges { node {
    admittedAt dischargedAt ward hospitalSpell { spellId dischargeMethod }
    referredPerson { name { family given } dateOfBirth address { lines postcode } phones { number } }
    history { action hospitalEvent }
  } } } }`;

interface Sent {
  control: string;
  trigger: 'A01' | 'A03' | 'A08';
  /** MSH-7: when the message was made. */
  sentAt: string;
  /** EVN-2: when the PAS recorded the event; left out by some PASes. */
  recordedAt?: string;
  pv1: Record<number, string>;
}

function adt(spell: string, { control, trigger, sentAt, recordedAt, pv1: fields }: Sent): string {
  return message(
    msh(trigger, { 10: control, 7: sentAt }),
    segment('EVN', { 1: trigger, 2: recordedAt ?? '' }),
    pid({ mrn: `${spell}-MRN`, trust: TRUST, family: 'Corrected' }),
    pv1({ 19: spell, 44: '20261202080000', ...fields }),
  );
}

describeEachStore('corrections ordered by when they were recorded', (kind) => {
  let place: TestStorePlace;
  let gw: TestGateway;
  let system: string;
  let admin: string;

  beforeAll(async () => {
    place = await createTestStorePlace(kind);
    gw = await startTestGateway(place);
    system = await gw.token('SYSTEM', { trust: TRUST });
    admin = await gw.token('ADMIN');
  });
  afterAll(async () => {
    await gw.stop();
    await place.remove();
  });

  async function send(spell: string, ...messages: Sent[]): Promise<void> {
    for (const sent of messages) expect((await postHl7(gw.url, system, adt(spell, sent))).acks[0]!.code).toBe('AA');
  }

  async function referral(spellId: string) {
    const { body } = await gw.graphql(SPELL, { trust: TRUST }, admin);
    return body.data!.referrals.edges.map((e: any) => e.node).find((r: any) => r.hospitalSpell?.spellId === spellId);
  }

  const admitted = (control: string): Sent => ({ control, trigger: 'A01', sentAt: '20261202080500', recordedAt: '20261202080000', pv1: {} });
  // GMT in December: local times are UTC.
  const discharged = (control: string): Sent => ({ control, trigger: 'A03', sentAt: '20261202121000', recordedAt: '20261202120500', pv1: { 36: '1', 45: '20261202120000' } });
  const correctedDischarge = (control: string): Sent => ({ control, trigger: 'A03', sentAt: '20261202123600', recordedAt: '20261202123500', pv1: { 45: '20261202113000' } });

  test('a second A03 recorded half an hour later with an earlier discharge time stands, shown as a correction', async () => {
    await send('CORR-1', admitted('CORR-1-A01'), discharged('CORR-1-A03'), correctedDischarge('CORR-1-A03-FIX'));
    expect(await referral('CORR-1')).toMatchObject({
      dischargedAt: '2026-12-02T11:30:00.000Z',
      // The correction restates the discharge; what it leaves out (PV1-36) stays as first sent.
      hospitalSpell: { dischargeMethod: '1: Patient discharged on clinical advice or with clinical consent' },
      history: [
        { action: 'RECEIVED', hospitalEvent: 'ADMITTED' },
        { action: 'HOSPITAL_UPDATE', hospitalEvent: 'DISCHARGED' },
        { action: 'HOSPITAL_CORRECTION', hospitalEvent: 'DISCHARGED' },
      ],
    });
  });

  test('the correction still stands when the stale message it corrects arrives after it', async () => {
    await send('CORR-2', admitted('CORR-2-A01'), correctedDischarge('CORR-2-A03-FIX'), discharged('CORR-2-A03'));
    expect(await referral('CORR-2')).toMatchObject({ dischargedAt: '2026-12-02T11:30:00.000Z' });
  });

  test('without EVN-2 the message time says which was recorded later', async () => {
    const unstamped = (sent: Sent): Sent => ({ ...sent, recordedAt: undefined });
    await send('CORR-3', admitted('CORR-3-A01'), unstamped(correctedDischarge('CORR-3-A03-FIX')), unstamped(discharged('CORR-3-A03')));
    expect(await referral('CORR-3')).toMatchObject({ dischargedAt: '2026-12-02T11:30:00.000Z' });
  });

  test('a new A08 restates the ward even when its event time is earlier than the A08 before it', async () => {
    const a08 = (control: string, recorded: string, ward: string): Sent => ({ control, trigger: 'A08', sentAt: recorded, recordedAt: recorded, pv1: { 3: `${ward}^^^RXX01` } });
    await send('CORR-4', admitted('CORR-4-A01'), a08('CORR-4-A08-1', '20261202100000', 'WARD-A'));
    // A PAS that stamps EVN-6 with the time the change took effect: earlier than the A08 it corrects.
    const late = adt('CORR-4', a08('CORR-4-A08-2', '20261202110000', 'WARD-B')).replace(/^EVN\|A08\|20261202110000/m, 'EVN|A08|20261202110000||||20261202090000');
    expect((await postHl7(gw.url, system, late)).acks[0]!.code).toBe('AA');
    expect(await referral('CORR-4')).toMatchObject({ ward: 'WARD-B', history: [{ action: 'RECEIVED' }, { action: 'HOSPITAL_UPDATE' }, { action: 'HOSPITAL_CORRECTION', hospitalEvent: 'UPDATED' }] });
  });

  test('a thin message (a cancel with only a name and a hospital number) does not blank the person the earlier messages described', async () => {
    const full = pid({ mrn: 'THIN-MRN', trust: TRUST, family: 'Thinsent', given: 'Ada', dob: '19380214', address: '1 First Street^^Testville^^LS1 4AP^GBR^H', phone: '01134960000^PRN^PH' });
    const thin = segment('PID', { 1: '1', 3: 'THIN-MRN^^^RXX^MR', 5: 'THINSENT' });
    const spell = pv1({ 19: 'THIN-1', 44: '20261202080000' });
    const sentAt = (control: string, at: string, trigger: string, person: string, ...rest: string[]) =>
      message(msh(trigger, { 10: control, 7: at }), segment('EVN', { 1: trigger, 2: at }), person, ...rest);
    for (const sent of [
      sentAt('THIN-A01', '20261202080500', 'A01', full, spell),
      sentAt('THIN-A03', '20261202120500', 'A03', full, pv1({ 19: 'THIN-1', 45: '20261202120000' })),
      sentAt('THIN-A13', '20261202130500', 'A13', thin, pv1({ 19: 'THIN-1' })),
    ]) {
      expect((await postHl7(gw.url, system, sent)).acks[0]!.code).toBe('AA');
    }
    expect(await referral('THIN-1')).toMatchObject({
      dischargedAt: null,
      referredPerson: { name: { family: 'THINSENT', given: 'Ada' }, dateOfBirth: '1938-02-14', address: { lines: ['1 First Street'], postcode: 'LS1 4AP' }, phones: [{ number: '01134960000' }] },
    });
  });
});
