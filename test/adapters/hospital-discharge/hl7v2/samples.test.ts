/**
 * Every public HL7 v2 sample, through the whole pure pipeline the server
 * runs (split, decode, parse, translate), asserting what comes out.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { decodeHl7Text } from '../../../../adapters/hospital-discharge/hl7v2/charset.js';
import { parseEr7 } from '../../../../adapters/hospital-discharge/hl7v2/er7.js';
import { readAckAddress } from '../../../../adapters/hospital-discharge/hl7v2/ack.js';
import { splitHl7Batch } from '../../../../adapters/hospital-discharge/hl7v2/split-hl7-batch.js';
import { translateHl7v2 } from '../../../../adapters/hospital-discharge/hl7v2/translate.js';
import { defaultSenderProfile, profileForFacility, type SenderProfile } from '../../../../adapters/hospital-discharge/sender-profile.js';
import type { DischargeMessage, PersonDetails } from '../../../../src/referrals/discharge-message.js';
import { describeWithSamples, readSample, SHARED_SAMPLES_DIR } from '../../../support/shared-samples.js';

// UCLH's Epic sends its own name in MSH-4 and free text in PV1-36/37; its ODS code is RRV.
const UCLH: SenderProfile = { ...defaultSenderProfile('RRV'), facilities: ['UCLH'], dischargeCodes: 'TEXT' };
// The Inhealthcare example leaves MSH-4 empty; its PID-3 names the trust RMW.
const INHEALTHCARE = defaultSenderProfile('RMW');

function read(file: string) {
  const [bytes, ...others] = splitHl7Batch(readSample('hl7v2', file));
  expect(others).toEqual([]);
  const message = parseEr7(decodeHl7Text(bytes!, 'UNICODE UTF-8'));
  const { facility } = readAckAddress(bytes!)!;
  const profile = facility === '' ? INHEALTHCARE : profileForFacility([UCLH], facility)!;
  return { message, translated: translateHl7v2(message, profile) };
}

function spellEventOf(translated: DischargeMessage) {
  if (translated.kind !== 'SPELL_EVENT') throw new Error(`expected a SPELL_EVENT, got ${translated.kind}`);
  return translated.event;
}

const UCLH_HOSPITAL_NUMBER = [{ system: 'PAS:RRV:MRENTR', value: '40800000' }];

/** UCLH's test patient as the A03, A13 and A15 samples give her (their `9999999999` NHS number is a placeholder). */
const SATESTA: PersonDetails = {
  nhsNumber: null,
  nhsNumberVerified: false,
  localIds: UCLH_HOSPITAL_NUMBER,
  title: 'MRS',
  givenName: 'Satesta',
  familyName: 'AGBTESTD',
  dateOfBirth: '1980-06-01',
  sex: 'FEMALE',
  address: { lines: [], town: 'London', postcode: 'T5 1TT' },
  phones: [
    { number: '0200 000 0000', use: 'HOME' },
    { number: '07777 000 000', use: 'MOBILE' },
  ],
  gpPracticeOdsCode: null,
};

const ORANGE_BLOOD: PersonDetails = {
  ...SATESTA,
  title: null,
  givenName: 'BLOOD',
  familyName: 'ORANGE',
  dateOfBirth: null,
  address: null,
  phones: [],
};

/** The ITK examples' patient; `3333333333` is a repeated-digit placeholder, so no NHS number. */
const FREDRICA: PersonDetails = {
  nhsNumber: null,
  nhsNumberVerified: false,
  localIds: [],
  title: 'MRS',
  givenName: 'FREDRICA',
  familyName: 'SMITH',
  dateOfBirth: '1965-12-13',
  sex: 'FEMALE',
  address: { lines: ['29 WEST AVENUE', 'BURYTHORPE'], town: 'MALTON', postcode: 'YO32 5TT' },
  phones: [{ number: '+441234567890', use: 'HOME' }],
  gpPracticeOdsCode: 'Y06601',
};

const EXPECTED: Record<string, () => void> = {
  'inhealthcare-jsat-adt-a28-nsts02-v24.hl7': () => {
    expect(read('inhealthcare-jsat-adt-a28-nsts02-v24.hl7').translated).toEqual({
      kind: 'PERSON_UPDATE',
      header: { senderOdsCode: 'RMW', controlId: '201', messageType: 'ADT^A28', sentAt: '2014-05-29T07:02:38.241Z' },
      person: {
        nhsNumber: '9990500002',
        // PID-32 NSTS02: the number is not traced.
        nhsNumberVerified: false,
        localIds: [{ system: 'PAS:RMW:RMW00', value: '8000002' }],
        title: 'Mrs',
        givenName: 'PATIENT',
        familyName: 'SMSPDEMO23',
        dateOfBirth: '1958-11-19',
        sex: 'FEMALE',
        address: { lines: ['1 MY AVENUE'], town: 'WAKEFIELD', postcode: 'WF1 1XX' },
        phones: [],
        gpPracticeOdsCode: '81123',
      },
    });
  },

  'nhse-tie-itk-adt-a01-zu-segments-v24.hl7': () => {
    const { message, translated } = read('nhse-tie-itk-adt-a01-zu-segments-v24.hl7');
    expect(translated).toMatchObject({
      kind: 'SPELL_EVENT',
      header: { senderOdsCode: 'RCB', controlId: '1391320453338055', messageType: 'ADT^A01', sentAt: '2010-10-10T13:18:00.000Z' },
      person: FREDRICA,
    });
    expect(spellEventOf(translated)).toEqual({
      spellId: '2139',
      kind: 'ADMITTED',
      // EVN-6, British Summer Time.
      occurredAt: '2010-10-10T13:00:00.000Z',
      recordedAt: '2010-10-10T13:00:00.000Z',
      details: { ward: 'OBS1', site: 'RCB55', consultant: 'Dr Samuel Darwin', admittedAt: '2010-10-20T16:16:00.000Z' },
      reason: null,
    });
    // NK1-3 `1`: the NHS relationship number 01 (Spouse) as ITK's tables write it; NK1-7 is empty, so he is not marked next of kin.
    expect(translated.person.contacts).toEqual([
      {
        name: 'MR ALBERT J SMITH',
        relationship: { code: '1', codeSystem: null, display: 'Spouse' },
        phones: [{ number: '+441234567890', use: 'HOME' }],
        address: { lines: ['29 WEST AVENUE', 'BURYTHORPE'], town: 'MALTON', postcode: 'YO32 5TT' },
        isNextOfKin: false,
        isMainCarer: false,
      },
    ]);
    expect(message.all.map((s) => s.id)).toEqual(['MSH', 'EVN', 'PID', 'PD1', 'NK1', 'PV1', 'PV2', 'ZU1', 'ZU3', 'ZU4', 'ZU8']);
    expect(message.segment('ZU1')!.value(1)).toBe('201010071234');
  },

  'nhse-tie-itk-adt-a03-v24.hl7': () => {
    const { translated } = read('nhse-tie-itk-adt-a03-v24.hl7');
    expect(translated).toMatchObject({
      header: { senderOdsCode: 'RCB', controlId: '13403891320453338089', messageType: 'ADT^A03', sentAt: '2010-03-31T16:30:00.000Z' },
      person: FREDRICA,
    });
    expect(spellEventOf(translated)).toEqual({
      spellId: '11554',
      kind: 'DISCHARGED',
      occurredAt: '2010-03-31T16:25:00.000Z',
      recordedAt: '2010-03-31T16:20:00.000Z',
      details: {
        ward: 'MATWRD',
        site: 'RCB55',
        consultant: 'Dr Samuel Darwin',
        admittedAt: '2010-03-30T10:00:00.000Z',
        dischargedAt: '2010-03-31T16:15:00.000Z',
        // The example's PV1-36 is 19, a destination code, not a method one: kept bare.
        dischargeMethod: '19',
      },
      reason: null,
    });
  },

  'uclh-emap-adt-a03-v24.hl7': () => {
    const { translated } = read('uclh-emap-adt-a03-v24.hl7');
    expect(translated).toMatchObject({ header: { senderOdsCode: 'RRV', controlId: 'eh', sentAt: '2013-02-11T10:00:52.000Z' }, person: SATESTA });
    // Epic's NK1-7 `N` (table 0131) marks the next of kin; its NK1-3 `O` is no code of table 0063, so it is shown as sent.
    expect(translated.person.contacts).toEqual([
      {
        name: 'Jidoo AGBTESTD',
        relationship: { code: 'O', codeSystem: null, display: 'O' },
        phones: [{ number: '07777 111 111', use: 'MOBILE' }],
        address: { lines: [], town: 'LONDON', postcode: 'Z2 8ZZ' },
        isNextOfKin: true,
        isMainCarer: false,
      },
    ]);
    expect(spellEventOf(translated)).toEqual({
      spellId: '123412341234',
      kind: 'DISCHARGED',
      occurredAt: '2013-02-11T10:00:00.000Z',
      recordedAt: '2013-02-11T10:00:52.000Z',
      details: {
        ward: 'T11E',
        site: 'U',
        consultant: 'DR M BROWN',
        admittedAt: '2013-02-11T10:00:52.000Z',
        dischargedAt: '2013-02-11T10:00:00.000Z',
        dischargeMethod: '19',
        dischargeDestination: '1',
      },
      reason: null,
    });
  },

  'uclh-emap-adt-a08-v24.hl7': () => {
    const { translated } = read('uclh-emap-adt-a08-v24.hl7');
    // This A08 names a visit (PV1-19), so it updates the spell.
    expect(translated).toMatchObject({
      kind: 'SPELL_EVENT',
      header: { messageType: 'ADT^A08', sentAt: '2013-03-11T10:00:52.000Z' },
      person: { ...ORANGE_BLOOD, givenName: 'BLOD', familyName: 'ORANG', dateOfBirth: '1989-09-09' },
    });
    expect(spellEventOf(translated)).toEqual({
      spellId: '123412341234',
      kind: 'UPDATED',
      occurredAt: '2013-03-11T10:00:52.000Z',
      recordedAt: '2013-03-11T10:00:52.000Z',
      details: { ward: 'T11E', site: 'U', consultant: 'HONEY BADGER', admittedAt: '2013-03-11T10:00:52.000Z' },
      reason: null,
    });
  },

  'uclh-emap-adt-a11-v24.hl7': () => {
    const { translated } = read('uclh-emap-adt-a11-v24.hl7');
    expect(translated).toMatchObject({ person: { ...ORANGE_BLOOD, dateOfBirth: '1980-01-01' } });
    expect(spellEventOf(translated)).toEqual({
      spellId: '123412341234',
      kind: 'ADMISSION_CANCELLED',
      occurredAt: '2010-09-14T15:27:00.000Z',
      recordedAt: '2013-02-11T10:02:52.000Z',
      details: { ward: 'T42E', consultant: 'HONEY BADGER' },
      reason: 'Encounter/Event was entered erroneously',
    });
  },

  'uclh-emap-adt-a13-v24.hl7': () => {
    const { translated } = read('uclh-emap-adt-a13-v24.hl7');
    expect(translated).toMatchObject({ person: { ...SATESTA, dateOfBirth: null } });
    expect(spellEventOf(translated)).toEqual({
      spellId: '123412341234',
      kind: 'DISCHARGE_CANCELLED',
      occurredAt: '2010-09-16T10:00:00.000Z',
      recordedAt: '2013-02-11T10:01:52.000Z',
      details: { ward: 'T11E', site: 'U', consultant: 'DR M BROWN' },
      reason: 'Encounter/Event was entered erroneously',
    });
  },

  'uclh-emap-adt-a15-escape-zpd-v24.hl7': () => {
    const { message, translated } = read('uclh-emap-adt-a15-escape-zpd-v24.hl7');
    expect(translated).toEqual({
      kind: 'PERSON_UPDATE',
      // 00:23 BST.
      header: { senderOdsCode: 'RRV', controlId: '39278859', messageType: 'ADT^A15', sentAt: '2022-04-21T23:23:00.000Z' },
      // PID-30 N, as UCLH sends on every message: not dead, which contradicts nothing unless UCLH had reported a death.
      person: { ...SATESTA, gpPracticeOdsCode: 'E85124', death: { died: false, source: 'HL7_PATIENT_DEATH' } },
    });
    expect(message.segment('PV1')!.value(10)).toBe('A&E');
    expect(message.segment('ZPD')!.repetitions(2).map((r) => r.component(1))).toEqual(['Email', 'MYCH']);
  },

  'uclh-emap-cancel-discharge-seq1-a03.hl7': () => {
    const { translated } = read('uclh-emap-cancel-discharge-seq1-a03.hl7');
    expect(translated).toMatchObject({ header: { controlId: '31644ZZZ', sentAt: '2013-02-11T13:30:52.000Z' }, person: ORANGE_BLOOD });
    expect(spellEventOf(translated)).toEqual({
      spellId: '123412341234',
      kind: 'DISCHARGED',
      occurredAt: '2013-02-11T12:30:52.000Z',
      recordedAt: '2013-02-11T13:30:52.000Z',
      details: {
        ward: 'ED',
        site: 'U',
        consultant: 'HONEY BADGER',
        admittedAt: '2013-02-11T11:00:52.000Z',
        dischargedAt: '2013-02-11T12:30:52.000Z',
        dischargeMethod: 'Feeling great',
        dischargeDestination: 'Home',
      },
      reason: null,
    });
  },

  'uclh-emap-cancel-discharge-seq2-a13.hl7': () => {
    const { translated } = read('uclh-emap-cancel-discharge-seq2-a13.hl7');
    expect(translated).toMatchObject({
      header: { controlId: '31644ZZZ', sentAt: '2013-02-11T13:45:52.000Z' },
      person: { ...SATESTA, dateOfBirth: null, address: { lines: [], town: null, postcode: 'T5 1TT' }, phones: [] },
    });
    expect(spellEventOf(translated)).toEqual({
      spellId: '123412341234',
      kind: 'DISCHARGE_CANCELLED',
      // EVN-6: the time of the discharge it cancels.
      occurredAt: '2013-02-11T12:30:52.000Z',
      recordedAt: '2013-02-11T13:45:52.000Z',
      details: { ward: 'ED', site: 'U', consultant: 'HONEY BADGER' },
      reason: null,
    });
  },

  'uclh-emap-cancel-discharge-seq3-a03.hl7': () => {
    const { translated } = read('uclh-emap-cancel-discharge-seq3-a03.hl7');
    expect(translated).toMatchObject({ header: { controlId: '31644ZZZ', sentAt: '2013-02-11T14:00:52.000Z' }, person: ORANGE_BLOOD });
    expect(spellEventOf(translated)).toMatchObject({
      kind: 'DISCHARGED',
      occurredAt: '2013-02-11T13:00:52.000Z',
      details: { admittedAt: '2013-02-11T11:00:52.000Z', dischargedAt: '2013-02-11T13:00:52.000Z', dischargeMethod: 'Feeling great' },
    });
  },
};

describeWithSamples('HL7 v2 samples', () => {
  test('every sample has its expectations here', () => {
    expect(readdirSync(join(SHARED_SAMPLES_DIR, 'hl7v2')).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  test.each(Object.keys(EXPECTED))('%s', (file) => {
    EXPECTED[file]!();
  });
});
