import { parseEr7 } from '../../../../adapters/hospital-discharge/hl7v2/er7.js';
import { translateHl7v2 } from '../../../../adapters/hospital-discharge/hl7v2/translate.js';
import { defaultSenderProfile, type SenderProfile } from '../../../../adapters/hospital-discharge/sender-profile.js';
import type { PersonDetails } from '../../../../src/referrals/discharge-message.js';
import { feedErrorOf, message, msh, NHS_NUMBER, segment } from './synthetic-messages.js';

const PROFILE = defaultSenderProfile('RXX');

function person(text: string, profile: SenderProfile = PROFILE): PersonDetails {
  return translateHl7v2(parseEr7(text), profile).person;
}

/** A PID with the death fields given, the rest as a PAS fills them. */
const pid = (deathDate: string, indicator: string) =>
  segment('PID', { 1: '1', 3: `RXX7654321^^^RXX^MR~${NHS_NUMBER}^^^NHS^NH`, 5: 'TESTER^Bernard^^^Mr^^L', 7: '19380211', 8: 'M', 29: deathDate, 30: indicator, 32: 'NSTS01' });

describe('HL7 v2: a death as the message states it', () => {
  test('an acute PAS discharge of a patient who died (Cerner Millennium style, v2.3): PID-29 with a time, PID-30 Y, PV1-36 4', () => {
    const a03 = [
      'MSH|^~\\&|MILLENNIUM|RXX|HUB|COUNCIL|20261203151000||ADT^A03|Q4412907T1|P|2.3',
      'EVN|A03|20261203150955',
      `PID|1||RXX7654321^^^RXX^MR~${NHS_NUMBER}^^^NHS^NH||TESTER^Bernard^^^Mr||19380211|M|||3 Test Row^^Exampleton^^LS2 7AA||||||||||||||||||20261203143000|Y||NSTS01`,
      'PV1|1|I|WARD4^^^RXX01||||C7654321^Consultant^Dev^^^Dr||||||||||||V889123|||||||||||||||||4|79|||||||20261129101500|20261203143000',
    ].join('\r');
    const translated = translateHl7v2(parseEr7(a03), PROFILE);
    expect(translated.person.death).toEqual({ died: true, diedOn: '2026-12-03', diedAt: '2026-12-03T14:30:00.000Z', source: 'HL7_PATIENT_DEATH' });
    expect(translated.kind === 'SPELL_EVENT' && translated.event.details).toMatchObject({ dischargeMethod: '4: Patient died', dischargedAt: '2026-12-03T14:30:00.000Z' });
  });

  test('discharge method 4 alone (Lorenzo style, v2.4): the death at the discharge time, in UK time', () => {
    const a03 = message(
      msh('A03', { 7: '20260615101500' }),
      pid('', ''),
      segment('PV1', { 1: '1', 2: 'I', 3: 'WARD9^^^RXX01', 19: 'V1002', 36: '4', 37: '79', 45: '20260615083000' }),
    );
    // British Summer Time: 08:30 on the ward is 07:30 UTC.
    expect(person(a03).death).toEqual({ died: true, diedOn: '2026-06-15', diedAt: '2026-06-15T07:30:00.000Z', source: 'DISCHARGE_METHOD' });
  });

  test('a community or mental health system A08 with PID-29/30 only (SystmOne style, no visit): a day without a time', () => {
    const a08 = [
      'MSH|^~\\&|SystmOne|RYY|HUB|COUNCIL|20261204091500||ADT^A08^ADT_A01|S1-88124|P|2.4|||AL|NE',
      'EVN|A08|20261204091455',
      `PID|||${NHS_NUMBER}^^^NHS^NH~T88124^^^RYY^PI||TESTER^Bernard||19380211|M|||||||||||||||||||||20261202|Y`,
      'PV1|1|N',
    ].join('\r');
    const translated = translateHl7v2(parseEr7(a08), defaultSenderProfile('RYY'));
    expect(translated.kind).toBe('PERSON_UPDATE');
    expect(translated.person.death).toEqual({ died: true, diedOn: '2026-12-02', diedAt: null, source: 'HL7_PATIENT_DEATH' });
  });

  test('a mental health trust\'s EPR (RiO style, v2.4) discharging from a section with PID-29 as a day and PID-30 Y: a day without a time', () => {
    const a03 = [
      'MSH|^~\\&|RIO|RZZ|HUB|COUNCIL|20261205110000||ADT^A03|RIO-55102|P|2.4',
      'EVN|A03|20261205105940',
      `PID|1||RZZ55102^^^RZZ^MR~${NHS_NUMBER}^^^NHS^NH||TESTER^Bernard||19380211|M|||||||||||||||||||||20261204|Y||NSTS01`,
      'PV1|1|I|OAKWARD^^^RZZ01||||||||||||||||MH-88102|||||||||||||||||4|79||||||||20261204',
    ].join('\r');
    const translated = translateHl7v2(parseEr7(a03), defaultSenderProfile('RZZ'));
    expect(translated.person.death).toEqual({ died: true, diedOn: '2026-12-04', diedAt: null, source: 'HL7_PATIENT_DEATH' });
  });

  test('PID-30 Y with PID-29 empty is a death without a date', () => {
    expect(person(message(msh('A08'), pid('', 'Y'))).death).toEqual({ died: true, diedOn: null, diedAt: null, source: 'HL7_PATIENT_DEATH' });
  });

  test.each([
    ['PID-30 N', '', 'N'],
    ['PID-30 ""', '', '""'],
    ['PID-29 "" with PID-30 empty', '""', ''],
  ])('%s says the person is not dead', (_what, date, indicator) => {
    expect(person(message(msh('A08'), pid(date, indicator))).death).toEqual({ died: false, source: 'HL7_PATIENT_DEATH' });
  });

  test('a statement of death outweighs an N in the same message: a date of death, or discharge method 4', () => {
    expect(person(message(msh('A08'), pid('20261202', 'N'))).death).toMatchObject({ died: true, diedOn: '2026-12-02' });
    const a03 = message(msh('A03'), pid('', 'N'), segment('PV1', { 2: 'I', 19: 'V1', 36: '4', 45: '20261203120000' }));
    expect(person(a03).death).toMatchObject({ died: true, source: 'DISCHARGE_METHOD' });
  });

  test('a date of death outweighs discharge method 4, and a dated death an undated one', () => {
    const a03 = message(msh('A03'), pid('20261201', 'Y'), segment('PV1', { 2: 'I', 19: 'V1', 36: '4', 45: '20261203120000' }));
    expect(person(a03).death).toEqual({ died: true, diedOn: '2026-12-01', diedAt: null, source: 'HL7_PATIENT_DEATH' });
    const undated = message(msh('A03'), pid('', 'Y'), segment('PV1', { 2: 'I', 19: 'V1', 36: '4', 45: '20261203120000' }));
    expect(person(undated).death).toMatchObject({ diedOn: '2026-12-03', source: 'DISCHARGE_METHOD' });
  });

  test('says nothing where PID-29, PID-30 and the discharge method say nothing; method 4 means nothing to a sender of free text', () => {
    expect(person(message(msh('A08'), pid('', ''))).death).toBeUndefined();
    expect('death' in person(message(msh('A08'), pid('', '')))).toBe(false);
    const a03 = message(msh('A03'), pid('', ''), segment('PV1', { 2: 'I', 19: 'V1', 36: '4', 45: '20261203120000' }));
    expect(person(a03, { ...PROFILE, dischargeCodes: 'TEXT' }).death).toBeUndefined();
    // Discharge method 4 on an update is not a discharge: only an A03 ends a stay by a death.
    expect(person(message(msh('A08'), pid('', ''), segment('PV1', { 2: 'I', 19: 'V1', 36: '4' }))).death).toBeUndefined();
  });

  test('fails a death indicator outside HL7 table 0136, and a date of death that is no date, at their places', () => {
    const indicator = feedErrorOf(() => person(message(msh('A08'), pid('', 'X'))));
    expect(indicator).toMatchObject({ disposition: 'FAIL', hl7ErrorCode: '103', location: { path: 'PID-30' } });
    const date = feedErrorOf(() => person(message(msh('A08'), pid('20261332', 'Y'))));
    expect(date).toMatchObject({ disposition: 'FAIL', location: { path: 'PID-29' } });
  });
});
