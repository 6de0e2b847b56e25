import { parseEr7 } from '../../../../adapters/hospital-discharge/hl7v2/er7.js';
import { translateHl7v2 } from '../../../../adapters/hospital-discharge/hl7v2/translate.js';
import { defaultSenderProfile, type SenderProfile } from '../../../../adapters/hospital-discharge/sender-profile.js';
import type { DischargeMessage } from '../../../../src/referrals/discharge-message.js';
import {
  BAD_CHECK_DIGIT_NHS_NUMBER,
  feedErrorOf,
  message,
  msh,
  NHS_NUMBER,
  OTHER_NHS_NUMBER,
  PD1,
  PID,
  pv1,
  segment,
} from './synthetic-messages.js';

const PROFILE = defaultSenderProfile('RXX');

function translate(text: string, profile: SenderProfile = PROFILE): DischargeMessage {
  return translateHl7v2(parseEr7(text), profile);
}

function spellEvent(text: string, profile: SenderProfile = PROFILE) {
  const translated = translate(text, profile);
  if (translated.kind !== 'SPELL_EVENT') throw new Error(`expected a SPELL_EVENT, got ${translated.kind}`);
  return translated.event;
}

describe('translateHl7v2: the person', () => {
  test('reads PID and PD1', () => {
    const translated = translate(message(msh('A01'), segment('EVN', { 2: '20240701093000' }), PID, PD1, pv1()));
    expect(translated.header).toEqual({ senderOdsCode: 'RXX', controlId: 'CTRL0001', messageType: 'ADT^A01', sentAt: '2024-07-04T09:15:00.000Z' });
    expect(translated.person).toEqual({
      nhsNumber: NHS_NUMBER,
      nhsNumberVerified: true,
      localIds: [{ system: 'PAS:RXX:RXX', value: 'RXX1234567' }],
      title: 'Ms',
      givenName: 'Alice',
      familyName: 'TESTER',
      dateOfBirth: '1945-03-17',
      sex: 'FEMALE',
      address: { lines: ['12 Test Street', 'Testville'], town: 'Exampleton', postcode: 'LS1 4AP' },
      phones: [
        { number: '01134960000', use: 'HOME' },
        { number: '07700900123', use: 'MOBILE' },
        { number: '01134960999', use: 'WORK' },
      ],
      gpPracticeOdsCode: 'B82001',
    });
  });

  const person = (pid: Record<number, string>, profile: SenderProfile = PROFILE, pd1 = PD1) =>
    translate(message(msh('A28'), segment('PID', { 5: 'TESTER^Alice', ...pid }), pd1), profile).person;

  test.each([
    [`${NHS_NUMBER}^^^NHS^NH`, NHS_NUMBER],
    [`${NHS_NUMBER}^^^NHS`, NHS_NUMBER],
    [`${NHS_NUMBER}^^^NHS^HN`, NHS_NUMBER],
    [`999 000 0018^^^NHS^NH`, NHS_NUMBER],
    [`9999999999^^^NHS^NH~${OTHER_NHS_NUMBER}^^^NHS^NH`, OTHER_NHS_NUMBER],
    ['9999999999^^^NHS^HN', null],
    // Typed NH, whatever the assigning authority: empty (Lorenzo, Medway), the PAS's own (TrakCare), anything.
    [`RX1000123^^^RX1^MR~${NHS_NUMBER}^^^^NH`, NHS_NUMBER],
    [`${NHS_NUMBER}^^^RX1^NH~RX1000123^^^RX1^MR`, NHS_NUMBER],
    [`${NHS_NUMBER}^^^PAS^NH`, NHS_NUMBER],
    ['9999999999^^^^NH', null],
  ])('finds the NHS number in PID-3 %p: %p', (pid3, nhsNumber) => {
    expect(person({ 3: pid3 }).nhsNumber).toBe(nhsNumber);
  });

  test('a repetition typed NH is an NHS number, not a local id, and its check digit is checked', () => {
    expect(person({ 3: `RX1000123^^^RX1^MR~${NHS_NUMBER}^^^^NH` }).localIds).toEqual([{ system: 'PAS:RXX:RX1', value: 'RX1000123' }]);
    const error = feedErrorOf(() => person({ 3: `RX1000123^^^RX1^MR~${BAD_CHECK_DIGIT_NHS_NUMBER}^^^^NH` }));
    expect(error).toMatchObject({ disposition: 'FAIL', hl7ErrorCode: '102', location: { path: 'PID-3[2].1' } });
  });

  test('uses the NHS number places of the profile', () => {
    const profile = { ...PROFILE, nhsNumberPlaces: [{ assigningAuthority: 'NHSNBR', typeCodes: ['NNGBR'] }] };
    expect(person({ 3: `${NHS_NUMBER}^^^NHSNBR^NNGBR~${OTHER_NHS_NUMBER}^^^NHS^HN` }, profile)).toMatchObject({
      nhsNumber: NHS_NUMBER,
      localIds: [{ system: 'PAS:RXX:NHS', value: OTHER_NHS_NUMBER }],
    });
  });

  test.each([
    // An NHS number in the PAS's own slot (a TrakCare site's `^^^RX1^PI`), as printed (spaced), or untyped under the PAS.
    [`RX1000123^^^RX1^MR~${NHS_NUMBER}^^^RX1^PI`, 'PID-3[2]', NHS_NUMBER],
    [`999 000 0018^^^RX1^PI~RX1000123^^^RX1^MR`, 'PID-3[1]', '999 000 0018'],
    [`${OTHER_NHS_NUMBER}^^^RX1`, 'PID-3[1]', OTHER_NHS_NUMBER],
  ])('keeps a local id %p shaped and checked like an NHS number as a local id, noting where it is', (pid3, path, value) => {
    const found = person({ 3: pid3 });
    expect(found.nhsNumber).toBeNull();
    expect(found.localIds).toContainEqual({ system: 'PAS:RXX:RX1', value });
    expect(found.localIdsLikeNhsNumbers).toEqual([expect.objectContaining({ path, hl7: expect.objectContaining({ segment: 'PID', field: 3 }) })]);
  });

  test.each([
    ['a wrong check digit', `${BAD_CHECK_DIGIT_NHS_NUMBER}^^^RX1^PI`],
    ['one repeated digit', '9999999999^^^RX1^PI'],
    ['nine digits', '999000001^^^RX1^PI'],
    ['a hospital number', 'RX1000123^^^RX1^MR'],
  ])('a local id of %s is nothing like an NHS number', (_what, pid3) => {
    expect(person({ 3: pid3 })).not.toHaveProperty('localIdsLikeNhsNumbers');
  });

  test('keeps other identifiers under the PAS system, with their assigning authority where sent', () => {
    expect(person({ 3: 'H1^^^MRENTR^MEDREC~H2~^^^X' }).localIds).toEqual([
      { system: 'PAS:RXX:MRENTR', value: 'H1' },
      { system: 'PAS:RXX', value: 'H2' },
    ]);
  });

  test.each([
    ['NSTS01', false, true],
    ['01', false, true],
    ['NSTS02', true, false],
    ['', false, false],
    ['', true, true],
  ])('PID-32 %p with verifiedWhenUnstated %p: verified %p', (status, whenUnstated, verified) => {
    const profile = { ...PROFILE, nhsNumberVerifiedWhenUnstated: whenUnstated };
    expect(person({ 3: `${NHS_NUMBER}^^^NHS^NH`, 32: status }, profile).nhsNumberVerified).toBe(verified);
  });

  test('never calls a missing NHS number verified', () => {
    expect(person({ 32: 'NSTS01' }).nhsNumberVerified).toBe(false);
  });

  test('prefers the legal name, then the display name, then the first', () => {
    expect(person({ 5: 'ALIAS^Al^^^^^A~TESTER^Alice^^^Dr^^L' })).toMatchObject({ familyName: 'TESTER', givenName: 'Alice', title: 'Dr' });
    expect(person({ 5: 'ALIAS^Al^^^^^A~SHOWN^Sal^^^^^D' })).toMatchObject({ familyName: 'SHOWN' });
    expect(person({ 5: '^Nobody~FIRST^One~SECOND^Two' })).toMatchObject({ familyName: 'FIRST', givenName: 'One', title: null });
  });

  test.each([
    ['M', 'MALE'],
    ['F', 'FEMALE'],
    ['O', 'OTHER'],
    ['A', 'OTHER'],
    ['U', 'UNKNOWN'],
    ['N', 'UNKNOWN'],
    ['1', 'MALE'],
    ['2', 'FEMALE'],
    ['9', 'OTHER'],
    ['0', 'UNKNOWN'],
    ['', 'UNKNOWN'],
    ['X', 'UNKNOWN'],
  ])('reads sex %p as %p', (code, sex) => {
    expect(person({ 8: code }).sex).toBe(sex);
  });

  test('takes the home address, a postcode that is not one as null, and no address from a country alone', () => {
    expect(person({ 11: '1 Work Rd^^Leeds^^LS1 1AA^GBR^B~2 Home St^^York^^YO1 7HH^GBR^H' }).address).toEqual({
      lines: ['2 Home St'],
      town: 'York',
      postcode: 'YO1 7HH',
    });
    expect(person({ 11: '3 Any St^^Paris^^75001^FRA' }).address).toEqual({ lines: ['3 Any St'], town: 'Paris', postcode: null });
    expect(person({ 11: '^^^^^ENGLAND^L' }).address).toBeNull();
    expect(person({}).address).toBeNull();
  });

  test('reads phones by use code, equipment type, or the number itself, and skips e-mail', () => {
    expect(person({ 13: '07700 900 001~01632 960001~^NET^Internet^a@example.org~^PRN^PH^^44^1632^960002', 14: '07700900002' }).phones).toEqual([
      { number: '07700 900 001', use: 'MOBILE' },
      { number: '01632 960001', use: 'HOME' },
      { number: '1632 960002', use: 'HOME' },
      { number: '07700900002', use: 'MOBILE' },
    ]);
  });

  test('reads the GP practice from XON-10 (v2.5) or XON-3', () => {
    expect(person({}, PROFILE, segment('PD1', { 3: 'Practice^^^^^^^^^B82002' })).gpPracticeOdsCode).toBe('B82002');
    expect(person({}, PROFILE, segment('PD1', { 3: 'Practice only' })).gpPracticeOdsCode).toBeNull();
  });

  test('keeps the day of a date of birth sent with a time', () => {
    expect(person({ 7: '196512131515' }).dateOfBirth).toBe('1965-12-13');
  });
});

describe('translateHl7v2: spell events', () => {
  const evn = segment('EVN', { 2: '20240704101400' });

  test('A01 and A04: ADMITTED, at PV1-44 when EVN-6 is empty', () => {
    for (const trigger of ['A01', 'A04']) {
      expect(spellEvent(message(msh(trigger), evn, PID, pv1()))).toEqual({
        spellId: 'SPELL0001',
        kind: 'ADMITTED',
        occurredAt: '2024-07-01T08:30:00.000Z',
        recordedAt: '2024-07-04T09:14:00.000Z',
        details: { ward: 'WARD7', site: 'RXX01', consultant: 'Dr Carol Consultant', admittedAt: '2024-07-01T08:30:00.000Z' },
        reason: null,
      });
    }
  });

  test('A16: DISCHARGE_PLANNED with the expected discharge day (PV2-9)', () => {
    const event = spellEvent(message(msh('A16', { 9: 'ADT^A16^ADT_A16' }), evn, PID, pv1(), segment('PV2', { 9: '20240710' })));
    expect(event).toMatchObject({ kind: 'DISCHARGE_PLANNED', occurredAt: '2024-07-04T09:14:00.000Z', details: { expectedDischargeOn: '2024-07-10' } });
  });

  test('A25: DISCHARGE_PLAN_CANCELLED', () => {
    const event = spellEvent(message(msh('A25', { 9: 'ADT^A25^ADT_A21' }), evn, PID, pv1(), segment('PV2', { 4: '^Plan changed', 9: '20240710' })));
    expect(event).toEqual({
      spellId: 'SPELL0001',
      kind: 'DISCHARGE_PLAN_CANCELLED',
      occurredAt: '2024-07-04T09:14:00.000Z',
      recordedAt: '2024-07-04T09:14:00.000Z',
      details: { ward: 'WARD7', site: 'RXX01', consultant: 'Dr Carol Consultant' },
      reason: 'Plan changed',
    });
  });

  test('A03: DISCHARGED with time, ITK method and destination given their names', () => {
    const event = spellEvent(
      message(msh('A03', { 9: 'ADT^A03^ADT_A03' }), evn, PID, pv1({ 36: '1', 37: '54', 45: '20240704100000' })),
    );
    expect(event).toMatchObject({
      kind: 'DISCHARGED',
      occurredAt: '2024-07-04T09:00:00.000Z',
      details: {
        dischargedAt: '2024-07-04T09:00:00.000Z',
        dischargeMethod: '1: Patient discharged on clinical advice or with clinical consent',
        dischargeDestination: '54: NHS run Care Home',
      },
    });
  });

  test('A03 from a TEXT sender keeps its words; an unknown ITK code stays bare', () => {
    const a03 = (fields: Record<number, string>, profile: SenderProfile) => spellEvent(message(msh('A03'), PID, pv1(fields)), profile).details;
    expect(a03({ 36: 'Feeling great', 37: 'Home' }, { ...PROFILE, dischargeCodes: 'TEXT' })).toMatchObject({
      dischargeMethod: 'Feeling great',
      dischargeDestination: 'Home',
    });
    expect(a03({ 36: '77', 37: '19' }, PROFILE)).toMatchObject({ dischargeMethod: '77', dischargeDestination: '19: Usual place of residence' });
  });

  test('EVN-6 comes first for occurredAt, and "" clears a value while an empty field says nothing', () => {
    const event = spellEvent(message(msh('A03'), segment('EVN', { 2: '20240704101400', 6: '20240704095500' }), PID, pv1({ 3: '""', 45: '""' })));
    expect(event.occurredAt).toBe('2024-07-04T08:55:00.000Z');
    expect(event.details).toEqual({ ward: null, consultant: 'Dr Carol Consultant', admittedAt: '2024-07-01T08:30:00.000Z', dischargedAt: null });
  });

  test('falls back to MSH-7 when nothing else says when', () => {
    expect(spellEvent(message(msh('A13', { 9: 'ADT^A13^ADT_A01' }), PID, pv1())).occurredAt).toBe('2024-07-04T09:15:00.000Z');
  });

  test('A13: DISCHARGE_CANCELLED, without the discharge it cancels', () => {
    const event = spellEvent(message(msh('A13'), evn, PID, pv1({ 36: '1', 45: '20240704100000' }), segment('PV2', { 4: '1001^Entered in error' })));
    expect(event).toMatchObject({ kind: 'DISCHARGE_CANCELLED', reason: 'Entered in error' });
    expect(event.details).not.toHaveProperty('dischargedAt');
  });

  test('A11: ADMISSION_CANCELLED with the PV2-4 reason', () => {
    const event = spellEvent(message(msh('A11', { 9: 'ADT^A11^ADT_A09' }), evn, PID, pv1(), segment('PV2', { 4: 'WRONG' })));
    expect(event).toMatchObject({ kind: 'ADMISSION_CANCELLED', reason: 'WRONG' });
  });

  test('A08 with a visit number: UPDATED; without: a PERSON_UPDATE', () => {
    expect(spellEvent(message(msh('A08'), evn, PID, pv1())).kind).toBe('UPDATED');
    expect(translate(message(msh('A08'), evn, PID, pv1({ 19: '' }))).kind).toBe('PERSON_UPDATE');
    expect(translate(message(msh('A08'), evn, PID)).kind).toBe('PERSON_UPDATE');
  });

  test('a transfer (A02) or its cancel (A12), or a change of patient class (A06, A07), with a visit number moves the spell', () => {
    const transfer = spellEvent(message(msh('A02', { 9: 'ADT^A02^ADT_A02' }), evn, PID, pv1({ 3: 'WARD9^BAY1^BED2^RXX01' })));
    expect(transfer).toMatchObject({ kind: 'TRANSFERRED', details: { ward: 'WARD9' } });
    expect(spellEvent(message(msh('A12', { 9: 'ADT^A12^ADT_A12' }), evn, PID, pv1())).kind).toBe('TRANSFERRED');
    expect(spellEvent(message(msh('A06', { 9: 'ADT^A06^ADT_A06' }), evn, PID, pv1())).kind).toBe('TRANSFERRED');
    expect(spellEvent(message(msh('A07', { 9: 'ADT^A07^ADT_A06' }), evn, PID, pv1())).kind).toBe('TRANSFERRED');
  });

  test('EVN-2 is when the PAS recorded the event; without it the event carries no recorded time (the message time stands for it)', () => {
    expect(spellEvent(message(msh('A03', { 9: 'ADT^A03^ADT_A03' }), segment('EVN', { 2: '20240704121500' }), PID, pv1({ 45: '20240704100000' }))))
      .toMatchObject({ occurredAt: '2024-07-04T09:00:00.000Z', recordedAt: '2024-07-04T11:15:00.000Z' });
    expect(spellEvent(message(msh('A03', { 9: 'ADT^A03^ADT_A03' }), PID, pv1({ 45: '20240704100000' })))).not.toHaveProperty('recordedAt');
  });

  test.each(['A05', 'A15', 'A28', 'A31', 'A17', 'A60'])('%s: a PERSON_UPDATE', (trigger) => {
    expect(translate(message(msh(trigger), evn, PID, pv1()))).toMatchObject({ kind: 'PERSON_UPDATE', person: { familyName: 'TESTER' } });
  });

  test('reads the pathway and the ready day where the profile points, in a Z segment or an OBX', () => {
    const profile: SenderProfile = { ...PROFILE, pathwayField: { segment: 'ZU8', field: 2 }, dischargeReadyField: { obx: 'MFFD' } };
    const read = (pathway: string) =>
      spellEvent(message(msh('A16'), PID, pv1(), segment('ZU8', { 2: pathway }), segment('OBX', { 3: 'MFFD^Medically fit', 5: '20240709' })), profile)
        .details;
    for (const [value, pathway] of [
      ['1', 'PATHWAY_1'],
      ['P2', 'PATHWAY_2'],
      ['PATHWAY_3', 'PATHWAY_3'],
      ['Pathway 0', 'PATHWAY_0'],
    ]) {
      expect(read(value!)).toMatchObject({ pathway, dischargeReadyOn: '2024-07-09' });
    }
    expect(read('')).not.toHaveProperty('pathway');
    const error = feedErrorOf(() => read('Pathway 5'));
    expect(error).toMatchObject({ disposition: 'FAIL', hl7ErrorCode: '103', location: { path: 'ZU8-2' } });
  });
});

describe('translateHl7v2: the spell number where PV1-19 is empty', () => {
  const evn = segment('EVN', { 2: '20240704100000' });
  // System C Medway style (v2.3): the spell number in PV1-50, alternate visit id.
  const medway: SenderProfile = { ...PROFILE, spellIdField: { segment: 'PV1', field: 50 } };
  // TrakCare style (v2.5.1): the account number, PID-18, is the spell.
  const trakcare: SenderProfile = { ...PROFILE, spellIdField: { segment: 'PID', field: 18 } };
  const accountPid = segment('PID', { 3: `RXX1234567^^^RXX^MR~${NHS_NUMBER}^^^NHS^NH`, 5: 'TESTER^Alice', 18: 'ACC-77^^^RXX^AN' });

  test.each([
    ['A01', 'ADMITTED'],
    ['A03', 'DISCHARGED'],
    ['A11', 'ADMISSION_CANCELLED'],
    ['A13', 'DISCHARGE_CANCELLED'],
    ['A12', 'TRANSFERRED'],
  ])('%s reads it where the profile points, cancels too', (trigger, kind) => {
    const v23 = message(msh(trigger, { 12: '2.3' }), evn, PID, pv1({ 19: '', 50: 'SP-501^^^RXX^VN' }));
    expect(spellEvent(v23, medway)).toMatchObject({ kind, spellId: 'SP-501' });
    const v251 = message(msh(trigger, { 12: '2.5.1' }), evn, accountPid, pv1({ 19: '' }));
    expect(spellEvent(v251, trakcare)).toMatchObject({ kind, spellId: 'ACC-77' });
  });

  test('PV1-19 comes first where it is sent', () => {
    expect(spellEvent(message(msh('A03'), evn, accountPid, pv1({ 19: 'V-19' })), trakcare).spellId).toBe('V-19');
    expect(spellEvent(message(msh('A03'), evn, accountPid, pv1({ 19: '""' })), trakcare).spellId).toBe('ACC-77');
  });

  test('without a profile setting, or with nothing where it points, an empty PV1-19 fails (AE 101)', () => {
    const noVisit = message(msh('A13'), evn, PID, pv1({ 19: '', 50: 'SP-501' }));
    expect(feedErrorOf(() => translate(noVisit))).toMatchObject({ hl7ErrorCode: '101', location: { path: 'PV1-19' } });
    const error = feedErrorOf(() => translate(message(msh('A13'), evn, PID, pv1({ 19: '' })), trakcare));
    expect(error).toMatchObject({ hl7ErrorCode: '101', location: { path: 'PV1-19' } });
    expect(error.reason).toContain('spellIdField');
    // An A08 without one is the person's update.
    expect(translate(message(msh('A08'), evn, PID, pv1({ 19: '' })), medway).kind).toBe('PERSON_UPDATE');
  });

  test('a spell number too long to keep fails at the field it came from', () => {
    const error = feedErrorOf(() => translate(message(msh('A01'), evn, PID, pv1({ 19: '', 50: 'S'.repeat(101) })), medway));
    expect(error).toMatchObject({ hl7ErrorCode: '102', location: { path: 'PV1-50' } });
  });
});

describe('translateHl7v2: A40 merge', () => {
  test('names the merged-away identity, NHS numbers under NHS', () => {
    // MRG-1 as Lorenzo sends it: the NHS number typed NH with no assigning authority.
    const a40 = message(msh('A40', { 9: 'ADT^A40^ADT_A39' }), PID, segment('MRG', { 1: `OLD1^^^RXX^MR~${OTHER_NHS_NUMBER}^^^^NH`, 4: 'OLD1^^^RXX^MR' }));
    expect(translate(a40)).toMatchObject({
      kind: 'PERSON_MERGE',
      person: { nhsNumber: NHS_NUMBER, familyName: 'TESTER' },
      mergedFrom: [
        { system: 'NHS', value: OTHER_NHS_NUMBER },
        { system: 'PAS:RXX:RXX', value: 'OLD1' },
      ],
    });
  });

  test('fails without an MRG, or with an empty one', () => {
    expect(feedErrorOf(() => translate(message(msh('A40'), PID))).location.path).toBe('MRG');
    expect(feedErrorOf(() => translate(message(msh('A40'), PID, 'MRG|'))).location.path).toBe('MRG-1');
  });
});

describe('translateHl7v2: what it refuses or fails', () => {
  test.each([
    ['a message type that is not ADT', message(msh('R01', { 9: 'ORU^R01^ORU_R01' }), PID), 'MSH-9.1', '200', /`ORU` is not supported/],
    ['an unknown ADT event', message(msh('A99'), PID, pv1()), 'MSH-9.2', '201', /`A99` is not an HL7 v2 ADT trigger event/],
    ['a query event under ADT', message(msh('A19'), PID), 'MSH-9.2', '201', /`A19`/],
    ['a structure that is not the event', message(msh('A03', { 9: 'ADT^A03^ADT_A01' }), PID, pv1()), 'MSH-9.3', '200', /ADT_A03, not `ADT_A01`/],
    ['an unsupported version', message(msh('A01', { 12: '3.0' }), PID, pv1()), 'MSH-12', '203', /`3.0`/],
    ['an unknown processing id', message(msh('A01', { 11: 'X' }), PID, pv1()), 'MSH-11', '202', /`X`/],
  ])('refuses %s', (_case, text, path, code, reason) => {
    const error = feedErrorOf(() => translate(text));
    expect(error).toMatchObject({ disposition: 'REFUSE', hl7ErrorCode: code, location: { path } });
    expect(error.reason).toMatch(reason);
  });

  test.each(['2.1', '2.3.1', '2.4', '2.5.1', '2.8.2'])('takes version %s', (version) => {
    expect(translate(message(msh('A28', { 12: version }), PID)).kind).toBe('PERSON_UPDATE');
  });

  test.each([
    ['no PID', message(msh('A01'), pv1()), 'PID', '100', /no PID segment/],
    ['no family name', message(msh('A01'), segment('PID', { 5: '^Alice~""^Al' }), pv1()), 'PID-5.1', '101', /no family name/],
    [
      'a wrong NHS number check digit',
      message(msh('A01'), segment('PID', { 3: `H1^^^RXX~${BAD_CHECK_DIGIT_NHS_NUMBER}^^^NHS^NH`, 5: 'TESTER' }), pv1()),
      'PID-3[2].1',
      '102',
      /`9990000019` in repetition 2 is not valid: the check digit is 9 but the Modulus 11 check gives 8/,
    ],
    ['an NHS number that is not ten digits', message(msh('A01'), segment('PID', { 3: '12345^^^NHS', 5: 'TESTER' }), pv1()), 'PID-3[1].1', '102', /10 digits/],
    ['a date of birth that is no date', message(msh('A01'), segment('PID', { 5: 'TESTER', 7: '19450230' }), pv1()), 'PID-7', '102', /has 28 days/],
    ['a discharge time that is no time', message(msh('A03'), PID, pv1({ 45: '2024070499' })), 'PV1-45', '102', /time of day/],
    ['an event time that is no time', message(msh('A03'), segment('EVN', { 6: 'yesterday' }), PID, pv1()), 'EVN-6', '102', /expected YYYY/],
    ['no PV1 on a spell event', message(msh('A03'), PID), 'PV1', '100', /needs a PV1/],
    ['no visit number on a spell event', message(msh('A16'), PID, pv1({ 19: '' })), 'PV1-19', '101', /no visit number/],
    ['no MSH-7', message(msh('A01', { 7: '' }), PID, pv1()), 'MSH-7', '101', /no date\/time/],
    ['no MSH-10', message(msh('A01', { 10: '' }), PID, pv1()), 'MSH-10', '101', /no control id/],
  ])('fails %s', (_case, text, path, code, reason) => {
    const error = feedErrorOf(() => translate(text));
    expect(error).toMatchObject({ disposition: 'FAIL', hl7ErrorCode: code, location: { path } });
    expect(error.reason).toMatch(reason);
  });
});

describe('translateHl7v2: values the hub keys on are bounded, and refused where they are', () => {
  const long = 'X'.repeat(101);
  test.each([
    ['a hospital number', segment('PID', { 3: `${long}^^^RXX^MR`, 5: 'TESTER^Alice' }), pv1(), 'PID-3[1].1'],
    ['an assigning authority', segment('PID', { 3: `RXX1^^^${long}^MR`, 5: 'TESTER^Alice' }), pv1(), 'PID-3[1].4'],
    ['a family name', segment('PID', { 3: 'RXX1^^^RXX^MR', 5: `${'Y'.repeat(201)}^Alice` }), pv1(), 'PID-5[1].1'],
    ['a given name', segment('PID', { 3: 'RXX1^^^RXX^MR', 5: `TESTER^${'Y'.repeat(201)}` }), pv1(), 'PID-5[1].2'],
    ['a visit number', segment('PID', { 3: 'RXX1^^^RXX^MR', 5: 'TESTER^Alice' }), pv1({ 19: long }), 'PV1-19[1].1'],
  ])('%s too long to keep fails the message at its field (AE 102)', (_what, pid, visit, path) => {
    const error = feedErrorOf(() => translate(message(msh('A01'), segment('EVN', { 2: '20240701093000' }), pid, visit)));
    expect(error).toMatchObject({ disposition: 'FAIL', hl7ErrorCode: '102', location: { path } });
  });

  test('at the bound itself, the value is kept', () => {
    const kept = translate(message(msh('A28'), segment('PID', { 3: `${'X'.repeat(100)}^^^RXX^MR`, 5: `${'Y'.repeat(200)}^Alice` })));
    expect(kept.person.localIds[0]!.value).toHaveLength(100);
    expect(kept.person.familyName).toHaveLength(200);
  });
});

describe('translateHl7v2: local times in the hours the clocks change (src/time/uk-time.ts)', () => {
  test('an A03 in the hour the clocks go back is read at its first (BST) occurrence; one in the skipped hour as GMT', () => {
    const event = spellEvent(message(msh('A03', { 7: '20261025013500' }), segment('EVN', { 2: '20261025013500' }), PID, pv1({ 44: '202603290130', 45: '20261025013000' })));
    expect(event.details).toMatchObject({ admittedAt: '2026-03-29T01:30:00.000Z', dischargedAt: '2026-10-25T00:30:00.000Z' });
  });

  test('the second, GMT, occurrence of the repeated hour is sent with its offset', () => {
    const event = spellEvent(message(msh('A03'), PID, pv1({ 45: '20261025013000+0000' })));
    expect(event.details.dischargedAt).toBe('2026-10-25T01:30:00.000Z');
  });
});
