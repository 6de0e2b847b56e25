/**
 * NK1 contacts and the PID-5 "call me" name, as different PASes send them.
 * Synthetic people only.
 */
import { parseEr7 } from '../../../../adapters/hospital-discharge/hl7v2/er7.js';
import { translateHl7v2 } from '../../../../adapters/hospital-discharge/hl7v2/translate.js';
import { defaultSenderProfile, type SenderProfile } from '../../../../adapters/hospital-discharge/sender-profile.js';
import type { PersonDetails } from '../../../../src/referrals/discharge-message.js';
import { message, msh, PID, pv1, segment } from './synthetic-messages.js';

const PROFILE = defaultSenderProfile('RXX');

function personOf(segments: string[], profile: SenderProfile = PROFILE, header = msh('A01')): PersonDetails {
  return translateHl7v2(parseEr7(message(header, segment('EVN', { 2: '20240701093000' }), ...segments, pv1())), profile).person;
}

describe('NK1: the person\'s contacts', () => {
  test('an ITK PAS (v2.4): NHS relationship numbers in NK1-3 and NK1-7, as ITK\'s tables write them', () => {
    const nk1 = segment('NK1', { 1: '1', 2: 'TESTER^Dora^^^Mrs^^L', 3: '9', 4: '3 Sample Close^^Exampleton^^LS2 7EW^GBR^H', 5: '01134960123', 7: '4' });
    expect(personOf([PID, nk1]).contacts).toEqual([
      {
        name: 'Mrs Dora TESTER',
        relationship: { code: '9', codeSystem: null, display: 'Child' },
        phones: [{ number: '01134960123', use: 'HOME' }],
        address: { lines: ['3 Sample Close'], town: 'Exampleton', postcode: 'LS2 7EW' },
        // NK1-7 `4`: "Next of kin".
        isNextOfKin: true,
        isMainCarer: false,
      },
    ]);
  });

  test('a Cerner Millennium-style v2.5.1 NK1: table 0063 and 0131 codes named, numbers in XTN parts, one contact per role', () => {
    const header = msh('A01', { 12: '2.5.1' });
    const spouse = {
      1: '1',
      2: 'TESTER^Bob^^^Mr^^L',
      3: 'SPO^Spouse^HL70063',
      5: '^PRN^PH^^44^113^4960001~^ORN^CP^^44^7700^900789',
      6: '^WPN^PH^^44^113^4960555',
    };
    const contacts = personOf([PID, segment('NK1', { ...spouse, 7: 'NOK^Next of Kin^HL70131' }), segment('NK1', { ...spouse, 1: '2', 7: 'C^Emergency Contact^HL70131' })], PROFILE, header).contacts;
    expect(contacts).toEqual([
      {
        name: 'Mr Bob TESTER',
        relationship: { code: 'SPO', codeSystem: 'HL70063', display: 'Spouse' },
        phones: [
          { number: '113 4960001', use: 'HOME' },
          { number: '7700 900789', use: 'MOBILE' },
          { number: '113 4960555', use: 'WORK' },
        ],
        address: null,
        isNextOfKin: true,
        isMainCarer: false,
      },
      expect.objectContaining({ name: 'Mr Bob TESTER', isNextOfKin: false }),
    ]);
  });

  test('a Medway-style NK1: a local relationship code keeps the sender\'s words; NK1-7 `N` is next of kin; table 0063 `CGV` a carer', () => {
    const daughter = segment('NK1', { 1: '1', 2: 'TESTER^Dora', 3: 'DAU^Daughter', 5: '07700900456', 7: 'N' });
    const neighbour = segment('NK1', { 1: '2', 2: 'SAMPLE^Sid', 3: 'CGV', 5: '01134960321' });
    expect(personOf([PID, daughter, neighbour]).contacts).toEqual([
      expect.objectContaining({ name: 'Dora TESTER', relationship: { code: 'DAU', codeSystem: null, display: 'Daughter' }, phones: [{ number: '07700900456', use: 'MOBILE' }], isNextOfKin: true, isMainCarer: false }),
      expect.objectContaining({ name: 'Sid SAMPLE', relationship: { code: 'CGV', codeSystem: null, display: 'Care giver' }, isNextOfKin: false, isMainCarer: true }),
    ]);
  });

  test('a mental health trust\'s EPR (RiO style, v2.4 A08): the Mental Health Act nearest relative in its own words, next of kin by NK1-7, and a care coordinator who is no relation', () => {
    const nearestRelative = segment('NK1', { 1: '1', 2: 'TESTER^Mo^^^Mr', 3: 'NR^Nearest Relative (MHA s26)^L', 5: '07700900777', 7: 'NOK^Next of Kin^HL70131' });
    const careCoordinator = segment('NK1', { 1: '2', 2: 'EXAMPLE^Cat', 3: '^Care Co-ordinator (CMHT)', 6: '01134960555' });
    const contacts = personOf([PID, nearestRelative, careCoordinator], defaultSenderProfile('RXX'), msh('A08', { 3: 'RIO', 12: '2.4' })).contacts;
    expect(contacts).toEqual([
      expect.objectContaining({ name: 'Mr Mo TESTER', relationship: { code: 'NR', codeSystem: 'L', display: 'Nearest Relative (MHA s26)' }, isNextOfKin: true, isMainCarer: false }),
      expect.objectContaining({ name: 'Cat EXAMPLE', relationship: { code: null, codeSystem: null, display: 'Care Co-ordinator (CMHT)' }, phones: [{ number: '01134960555', use: 'WORK' }], isNextOfKin: false, isMainCarer: false }),
    ]);
  });

  test('a Lorenzo-style NK1 with NHS Data Dictionary codes: `04` next of kin, `20` carer', () => {
    const nextOfKin = segment('NK1', { 1: '1', 2: 'TESTER^Ann', 3: '04^Next of kin' });
    const carer = segment('NK1', { 1: '2', 2: 'SAMPLE^Cara', 3: '20' });
    expect(personOf([PID, nextOfKin, carer]).contacts).toEqual([
      expect.objectContaining({ relationship: { code: '04', codeSystem: null, display: 'Next of kin' }, isNextOfKin: true, isMainCarer: false }),
      expect.objectContaining({ relationship: { code: '20', codeSystem: null, display: 'Carer' }, isNextOfKin: false, isMainCarer: true }),
    ]);
  });

  test('a community system that marks next of kin and main carer in a ZNK after each NK1, as its profile says', () => {
    const profile: SenderProfile = { ...PROFILE, nextOfKinField: { segment: 'ZNK', field: 2 }, mainCarerField: { segment: 'ZNK', field: 3 } };
    const segments = [
      PID,
      segment('NK1', { 1: '1', 2: 'SAMPLE^Frank', 3: 'FND^Friend^HL70063' }),
      segment('ZNK', { 1: '1', 2: 'N', 3: 'Y' }),
      segment('NK1', { 1: '2', 2: 'TESTER^Dora', 3: 'CHD^Child^HL70063' }),
      segment('ZNK', { 1: '2', 2: 'Y', 3: 'N' }),
      // No ZNK: neither.
      segment('NK1', { 1: '3', 2: 'TESTER^Gus', 3: 'GCH^Grandchild^HL70063' }),
    ];
    expect(personOf(segments, profile).contacts!.map(({ name, relationship, isNextOfKin, isMainCarer }) => ({ name, display: relationship?.display, isNextOfKin, isMainCarer }))).toEqual([
      { name: 'Frank SAMPLE', display: 'Friend', isNextOfKin: false, isMainCarer: true },
      { name: 'Dora TESTER', display: 'Child', isNextOfKin: true, isMainCarer: false },
      { name: 'Gus TESTER', display: 'Grandchild', isNextOfKin: false, isMainCarer: false },
    ]);
    // Without the profile, the ZNK means nothing.
    expect(personOf(segments).contacts!.some((contact) => contact.isMainCarer || contact.isNextOfKin)).toBe(false);
  });

  test('a profile field in NK1 itself (a field past HL7\'s own)', () => {
    const profile: SenderProfile = { ...PROFILE, mainCarerField: { segment: 'NK1', field: 40 } };
    expect(personOf([PID, segment('NK1', { 1: '1', 2: 'SAMPLE^Cara', 3: 'FND', 40: 'Y' })], profile).contacts![0]!.isMainCarer).toBe(true);
  });

  test('an organisation (NK1-13) is a contact by its name; an NK1 naming nobody is left out', () => {
    const agency = segment('NK1', { 1: '1', 5: '01134960777', 7: 'C', 13: 'Caring Hands Agency' });
    const nobody = segment('NK1', { 1: '2', 2: '""', 3: 'SPO' });
    expect(personOf([PID, agency, nobody]).contacts).toEqual([
      { name: 'Caring Hands Agency', relationship: { code: 'C', codeSystem: null, display: 'Emergency contact' }, phones: [{ number: '01134960777', use: 'HOME' }], address: null, isNextOfKin: false, isMainCarer: false },
    ]);
  });

  test('a message with no NK1, or none naming anyone, says nothing of contacts: `contacts` is left out, not emptied', () => {
    expect(personOf([PID])).not.toHaveProperty('contacts');
    expect(personOf([PID, segment('NK1', { 1: '1', 3: 'SPO' })])).not.toHaveProperty('contacts');
  });
});

describe('PID-5 `N`: the "call me" name', () => {
  test('the given name of the `N` repetition is the preferred name; the legal name stays the name', () => {
    const pid = segment('PID', { 1: '1', 3: 'RXX1^^^RXX^MR', 5: 'TESTER^Betty^^^^^N~TESTER^Elizabeth^Ann^^Mrs^^L', 7: '19400101', 8: 'F' });
    expect(personOf([pid])).toMatchObject({ title: 'Mrs', givenName: 'Elizabeth', familyName: 'TESTER', preferredName: 'Betty' });
  });

  test('an `N` name first and an untyped name after it: the untyped one is the name', () => {
    const pid = segment('PID', { 1: '1', 3: 'RXX1^^^RXX^MR', 5: 'TESTER^Betty^^^^^N~TESTER^Elizabeth', 8: 'F' });
    expect(personOf([pid])).toMatchObject({ givenName: 'Elizabeth', preferredName: 'Betty' });
  });

  test('no `N` repetition: no preferred name', () => {
    expect(personOf([PID])).not.toHaveProperty('preferredName');
  });
});
