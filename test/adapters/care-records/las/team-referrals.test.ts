/**
 * LAS team referrals (the README's "Team referral" and "Team referral
 * status"): what the client sends and makes of each answer, against nock.
 */
import nock from 'nock';
import { createLasClient } from '../../../../adapters/care-records/las/client.js';
import { errorToJson, teamReferralFromJson, teamReferralToJson } from '../../../../adapters/care-records/las/translate.js';
import { RecordSystemRefusalError, RecordSystemUnavailableError } from '../../../../src/care-records/ports.js';
import { TEAM_REFERRAL } from './contract-messages.js';
import { interceptHttpInThisFile } from '../../../support/intercept-http.js';

const ORIGIN = 'https://las.example';
const API_KEY = 'test-las-key-not-a-secret';
const client = createLasClient({ baseUrl: ORIGIN, apiKey: API_KEY, timeoutMs: 300 });
const TEAM_REFERRALS = '/api/v1/people/4100001/team-referrals';

const REFERRAL = TEAM_REFERRAL;

/** The README's request body for REFERRAL. */
const REFERRAL_JSON = {
  referralId: REFERRAL.referralId,
  team: 'CARERS-SUPPORT',
  service: "Carers' support",
  reason: REFERRAL.reason,
  details: null,
  requestedBy: 'Sam Carter, Locality Hub',
  requestedAt: '2026-11-24T10:15:00.000Z',
};

const answer = (status: string, statusReason: string | null = null, teamReferralId = REFERRAL.teamReferralId) =>
  JSON.stringify({ teamReferralId, reference: 'TRF-00000001', status, statusReason });

interceptHttpInThisFile();

describe('referToTeam', () => {
  function lasAnswers(status: number, body: string): () => { headers: Record<string, string>; body: unknown } {
    let sent: { headers: Record<string, string>; body: unknown } | null = null;
    nock(ORIGIN)
      .post(TEAM_REFERRALS)
      .reply(function (_uri, requestBody) {
        sent = { headers: this.req.headers, body: requestBody };
        return [status, body, { 'content-type': 'application/json' }];
      });
    return () => {
      if (sent === null) throw new Error('the client did not make the team referral');
      return sent;
    };
  }

  test("POSTs the README's body with the gateway's id as Idempotency-Key, and reads LAS's reference and status (201)", async () => {
    const sent = lasAnswers(201, answer('Received'));
    await expect(client.referToTeam('4100001', REFERRAL)).resolves.toEqual({ reference: 'TRF-00000001', status: 'SENT', reason: null });
    expect(sent().headers).toMatchObject({ authorization: `Bearer ${API_KEY}`, 'idempotency-key': REFERRAL.teamReferralId });
    expect(sent().body).toEqual(REFERRAL_JSON);
  });

  test('a repeat (200) answers where the referral stands now', async () => {
    lasAnswers(200, answer('Acknowledged'));
    await expect(client.referToTeam('4100001', REFERRAL)).resolves.toEqual({ reference: 'TRF-00000001', status: 'ACKNOWLEDGED', reason: null });
  });

  test.each([
    [404, 'PERSON_NOT_FOUND'],
    [409, 'TEAM_REFERRAL_ID_REUSED'],
    [422, 'INVALID_TEAM_REFERRAL'],
  ])('%d %s is a refusal, for good', async (status, code) => {
    lasAnswers(status, errorToJson(code, 'reason: is missing for Bogdan Hill'));
    const error = await client.referToTeam('4100001', REFERRAL).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RecordSystemRefusalError);
    // The code and status only: LAS's message may name the person.
    expect((error as Error).message).toBe(`LAS referToTeam: HTTP ${status} (${code})`);
  });

  test.each<[string, number, string]>([
    ['a 503', 503, errorToJson('UNAVAILABLE', 'Down')],
    ['a 404 without the contract code (a wrong URL)', 404, '<html>Not here</html>'],
    ['a 201 cut short', 201, answer('Received').slice(0, 25)],
    ['a 201 for another team referral', 201, answer('Received', null, 'someone-else')],
    ['a 201 with a status not in the contract', 201, answer('Pending')],
  ])('%s is unavailable (tried again)', async (_what, status, body) => {
    lasAnswers(status, body);
    await expect(client.referToTeam('4100001', REFERRAL)).rejects.toMatchObject({ constructor: RecordSystemUnavailableError, operation: 'referToTeam', status });
  });

  test('a person id that is not digits is refused without a call', async () => {
    await expect(client.referToTeam('../admin', REFERRAL)).rejects.toBeInstanceOf(RecordSystemRefusalError);
  });
});

describe('teamReferralStatus', () => {
  test.each([
    ['Received', 'SENT', null],
    ['Acknowledged', 'ACKNOWLEDGED', null],
    ['Accepted', 'ACCEPTED', null],
    ['Declined', 'DECLINED', 'The team is at capacity'],
  ])('GETs /team-referrals/{reference}: %s reads as %s', async (term, status, reason) => {
    nock(ORIGIN).get('/api/v1/team-referrals/TRF-00000001').matchHeader('authorization', `Bearer ${API_KEY}`).reply(200, answer(term, reason));
    await expect(client.teamReferralStatus('TRF-00000001')).resolves.toEqual({ reference: 'TRF-00000001', status, reason });
  });

  test('an answer about another reference, or a 404, is unavailable', async () => {
    nock(ORIGIN).get('/api/v1/team-referrals/TRF-00000002').reply(200, answer('Accepted'));
    await expect(client.teamReferralStatus('TRF-00000002')).rejects.toBeInstanceOf(RecordSystemUnavailableError);
    nock(ORIGIN).get('/api/v1/team-referrals/TRF-00000003').reply(404, errorToJson('TEAM_REFERRAL_NOT_FOUND', 'No'));
    await expect(client.teamReferralStatus('TRF-00000003')).rejects.toMatchObject({ constructor: RecordSystemUnavailableError, status: 404 });
  });
});

describe('the translation both ways', () => {
  test('what the gateway writes, LAS reads back as the same request', () => {
    expect({ teamReferralId: REFERRAL.teamReferralId, ...teamReferralFromJson(teamReferralToJson(REFERRAL)) }).toEqual(REFERRAL);
  });

  test('LAS refuses a team code that is not one, naming the field', () => {
    expect(() => teamReferralFromJson(JSON.stringify({ ...REFERRAL_JSON, team: 'carers support' }))).toThrow(/^team: is not a team code/);
  });
});
