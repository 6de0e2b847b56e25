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
    expect(defaultSenderProfile('RYY')).toMatchObject({ facilities: ['RYY'], mllp: false, nhsNumberPlaces: [{ assigningAuthority: 'NHS', typeCodes: ['NH', '', 'HN'] }] });
  });

  test.each([
    [{ trustOdsCode: 'RXX' }, 'FEED_SENDERS_FILE', 'must be a JSON array'],
    [[{ trustOdsCode: 'rx x' }], 'FEED_SENDERS_FILE[0].trustOdsCode', 'ODS code'],
    [[{ trustOdsCode: 'RXX', mlp: true }], 'FEED_SENDERS_FILE[0].mlp', 'is not a sender profile setting'],
    [[{ trustOdsCode: 'RXX', mllp: 'yes' }], 'FEED_SENDERS_FILE[0].mllp', 'true or false'],
    [[{ trustOdsCode: 'RXX', defaultCharset: 'UTF8' }], 'FEED_SENDERS_FILE[0].defaultCharset', 'UNICODE UTF-8'],
    [[{ trustOdsCode: 'RXX', dischargeCodes: 'itk' }], 'FEED_SENDERS_FILE[0].dischargeCodes', '"ITK" or "TEXT"'],
    [[{ trustOdsCode: 'RXX', pathwayField: { segment: 'zu1', field: 3 } }], 'FEED_SENDERS_FILE[0].pathwayField', '{ segment, field'],
    [[{ trustOdsCode: 'RXX', adwResponseUrl: 'not a url' }], 'FEED_SENDERS_FILE[0].adwResponseUrl', 'URL'],
    [[{ trustOdsCode: 'RXX' }, { trustOdsCode: 'RXX' }], 'FEED_SENDERS_FILE[1].trustOdsCode', 'one profile per trust'],
    [[{ trustOdsCode: 'RXX', facilities: ['SITE1'] }, { trustOdsCode: 'RYY', facilities: ['SITE1'] }], 'FEED_SENDERS_FILE[1].facilities', "already RXX's"],
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

  test('a facility a profile names is its trust; any other ODS code is its own trust with the defaults; anything else none', () => {
    const profiles = parseSenderProfiles([{ trustOdsCode: 'RRV', facilities: ['UCLH'] }]);
    expect(profileForFacility(profiles, 'UCLH')?.trustOdsCode).toBe('RRV');
    expect(profileForFacility(profiles, 'RCB')).toEqual(defaultSenderProfile('RCB'));
    expect(profileForFacility(profiles, 'St Elsewhere')).toBeNull();
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
