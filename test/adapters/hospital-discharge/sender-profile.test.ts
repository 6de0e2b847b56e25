import { defaultSenderProfile, parseSenderProfiles, profileForFacility } from '../../../adapters/hospital-discharge/sender-profile.js';
import { ConfigError } from '../../../src/errors.js';

describe('sender profiles (FEED_SENDERS_FILE)', () => {
  test('a profile is the defaults with what the file says', () => {
    const [profile] = parseSenderProfiles([
      { trustOdsCode: 'RXX', facilities: ['RXX', 'RXX01'], mllp: true, dischargeCodes: 'TEXT', defaultCharset: '8859/1', pathwayField: { segment: 'ZU1', field: 3 }, dischargeReadyField: { obx: 'MFFD' }, adwResponseUrl: 'https://adw.rxx.example/responses' },
    ]);
    expect(profile).toEqual({
      ...defaultSenderProfile('RXX'),
      facilities: ['RXX', 'RXX01'],
      mllp: true,
      dischargeCodes: 'TEXT',
      defaultCharset: '8859/1',
      pathwayField: { segment: 'ZU1', field: 3 },
      dischargeReadyField: { obx: 'MFFD' },
      adwResponseUrl: 'https://adw.rxx.example/responses',
    });
    expect(defaultSenderProfile('RYY')).toMatchObject({ facilities: null, mllp: false, nhsNumberPlaces: [{ assigningAuthority: 'NHS', typeCodes: ['NH', '', 'HN'] }] });
  });

  test.each([
    [{ trustOdsCode: 'RXX' }, 'FEED_SENDERS_FILE', 'must be a JSON array'],
    [[{ trustOdsCode: 'rx x' }], 'FEED_SENDERS_FILE[0].trustOdsCode', 'ODS code'],
    [[{ trustOdsCode: 'RXX', mlp: true }], 'FEED_SENDERS_FILE[0].mlp', 'is not a sender profile setting'],
    [[{ trustOdsCode: 'RXX', mllp: 'yes' }], 'FEED_SENDERS_FILE[0].mllp', 'true or false'],
    [[{ trustOdsCode: 'RXX', defaultCharset: 'UTF8' }], 'FEED_SENDERS_FILE[0].defaultCharset', 'UNICODE UTF-8'],
    [[{ trustOdsCode: 'RXX', dischargeCodes: 'itk' }], 'FEED_SENDERS_FILE[0].dischargeCodes', '"ITK" or "TEXT"'],
    [[{ trustOdsCode: 'RXX', pathwayField: { segment: 'zu1', field: 3 } }], 'FEED_SENDERS_FILE[0].pathwayField', '{ segment, field'],
    [[{ trustOdsCode: 'RXX', spellIdField: { segment: 'PV1', field: 0 } }], 'FEED_SENDERS_FILE[0].spellIdField', '{ segment, field'],
    [[{ trustOdsCode: 'RXX', mainCarerField: { obx: 'CARER' } }], 'FEED_SENDERS_FILE[0].mainCarerField', 'null or { segment, field'],
    [[{ trustOdsCode: 'RXX', nextOfKinField: { segment: 'ZNK' } }], 'FEED_SENDERS_FILE[0].nextOfKinField', 'null or { segment, field'],
    [[{ trustOdsCode: 'RXX', adwResponseUrl: 'not a url' }], 'FEED_SENDERS_FILE[0].adwResponseUrl', 'URL'],
    [[{ trustOdsCode: 'RXX', batchAcks: 'batch' }], 'FEED_SENDERS_FILE[0].batchAcks', '"UNWRAPPED" or "BATCH"'],
    [[{ trustOdsCode: 'RXX' }, { trustOdsCode: 'RXX' }], 'FEED_SENDERS_FILE[1].trustOdsCode', 'one profile per trust'],
    [[{ trustOdsCode: 'RXX', facilities: ['SITE1'] }, { trustOdsCode: 'RYY', facilities: ['SITE1'] }], 'FEED_SENDERS_FILE[1].facilities', "already RXX's"],
    [[{ trustOdsCode: 'RX1' }, { trustOdsCode: 'RX2', facilities: ['RX2', 'RX1'] }], 'FEED_SENDERS_FILE[1].facilities', "facility RX1 is already RX1's"],
    [[{ trustOdsCode: 'RX1', facilities: [] }], 'FEED_SENDERS_FILE[0].facilities', 'a non-empty array'],
  ])('%j is refused at start-up, naming %s', (json, variable, words) => {
    let error: unknown;
    try {
      parseSenderProfiles(json);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).details).toEqual({ variable });
    expect((error as ConfigError).message).toContain(words);
  });

  test('where a trust marks next of kin and main carer beside NK1 is a field, never an OBX', () => {
    const [profile] = parseSenderProfiles([{ trustOdsCode: 'RXX', nextOfKinField: { segment: 'NK1', field: 40 }, mainCarerField: { segment: 'ZNK', field: 2 } }]);
    expect(profile).toMatchObject({ nextOfKinField: { segment: 'NK1', field: 40 }, mainCarerField: { segment: 'ZNK', field: 2 } });
    expect(defaultSenderProfile('RXX')).toMatchObject({ nextOfKinField: null, mainCarerField: null });
  });

  test('a facility a profile names is its trust; any other ODS code is its own trust with the defaults; anything else none', () => {
    const profiles = parseSenderProfiles([{ trustOdsCode: 'RRV', facilities: ['UCLH'] }]);
    expect(profileForFacility(profiles, 'UCLH')?.trustOdsCode).toBe('RRV');
    expect(profileForFacility(profiles, 'RCB')).toEqual(defaultSenderProfile('RCB'));
    expect(profileForFacility(profiles, 'St Elsewhere')).toBeNull();
  });

  test("an ODS site code (the trust's code and two more) is its trust's, unless the trust's profile lists its facilities", () => {
    const profiles = parseSenderProfiles([
      { trustOdsCode: 'RX1', mllp: true },
      { trustOdsCode: 'RX2', facilities: ['RX2', 'RX2AA'] },
      // A site that came to RX3 in a merger keeps the code of the trust it was: naming it takes it.
      { trustOdsCode: 'RX3', facilities: ['RX3', 'RX1ZZ'] },
    ]);
    const trustOf = (facility: string) => profileForFacility(profiles, facility)?.trustOdsCode;
    expect(profileForFacility(profiles, 'RX1AB')).toBe(profiles[0]);
    expect(profileForFacility(profiles, 'RX1')).toBe(profiles[0]);
    expect(trustOf('RX1ZZ')).toBe('RX3');
    expect(trustOf('RX2AA')).toBe('RX2');
    // Narrowed: a site RX2 does not list is nobody's but its own.
    expect(trustOf('RX2AB')).toBe('RX2AB');
    // A trust with no profile: its sites are its own, with the defaults.
    expect(profileForFacility(profiles, 'RYY01')).toEqual(defaultSenderProfile('RYY'));
    // Neither a longer code nor a shorter one is a site.
    expect(trustOf('RX1AB1')).toBe('RX1AB1');
    expect(trustOf('RX1A')).toBe('RX1A');
  });
});

describe('a sender profile’s own FHIR event codes (fhirEvents)', () => {
  const OWN = { system: 'https://fhir.trust.example.org/CodeSystem/event', code: 'DISCH', event: 'discharge' };

  test('maps a trust’s codes and eventUris to taken events; none by default', () => {
    const [profile] = parseSenderProfiles([{ trustOdsCode: 'RXX', fhirEvents: [OWN, { uri: 'https://trust.example.org/fhir/MessageDefinition/admit', event: 'admission' }] }]);
    expect(profile!.fhirEvents).toEqual([OWN, { uri: 'https://trust.example.org/fhir/MessageDefinition/admit', event: 'admission' }]);
    expect(defaultSenderProfile('RXX').fhirEvents).toEqual([]);
  });

  test.each([
    [{ ...OWN }, 'FEED_SENDERS_FILE[0].fhirEvents', 'must be an array'],
    [[{ ...OWN, event: 'archive' }], 'FEED_SENDERS_FILE[0].fhirEvents[0].event', 'must be an event the gateway takes (admission, transfer, discharge'],
    [[OWN, { system: OWN.system, code: 'ADMIT' }], 'FEED_SENDERS_FILE[0].fhirEvents[1].event', 'must be an event the gateway takes'],
    [[OWN, { code: 'ADMIT', event: 'admission' }], 'FEED_SENDERS_FILE[0].fhirEvents[1]', 'as { system, code } or { uri }'],
    [[{ ...OWN, uri: 'https://x.example/e' }], 'FEED_SENDERS_FILE[0].fhirEvents[0]', 'as { system, code } or { uri }'],
    [[{ ...OWN, code: ' ' }], 'FEED_SENDERS_FILE[0].fhirEvents[0]', 'non-empty text'],
    [['DISCH'], 'FEED_SENDERS_FILE[0].fhirEvents[0]', 'must be { system, code, event } or { uri, event }'],
    [[OWN, { ...OWN, event: 'admission' }], 'FEED_SENDERS_FILE[0].fhirEvents[1]', 'https://fhir.trust.example.org/CodeSystem/event|DISCH is mapped already'],
  ])('%j is refused at start-up, naming %s', (fhirEvents, variable, words) => {
    let error: unknown;
    try {
      parseSenderProfiles([{ trustOdsCode: 'RXX', fhirEvents }]);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).details).toEqual({ variable });
    expect((error as ConfigError).message).toContain(words);
  });
});
