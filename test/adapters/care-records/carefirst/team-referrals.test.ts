/**
 * CareFirst team referrals (the README's RecordTeamReferral and
 * GetTeamReferralStatus): the envelopes the client sends, field by field,
 * and what it makes of each answer and fault, against nock.
 */
import { XMLParser } from 'fast-xml-parser';
import nock from 'nock';
import { createCareFirstClient } from '../../../../adapters/care-records/carefirst/client.js';
import { faultToXml, requestFromXml } from '../../../../adapters/care-records/carefirst/translate.js';
import { RecordSystemRefusalError, RecordSystemUnavailableError, type TeamReferral } from '../../../../src/care-records/ports.js';
import { API_KEY, SERVICE_NAMESPACE, SOAP_NAMESPACE } from './contract-messages.js';
import { interceptHttpInThisFile } from '../../../support/intercept-http.js';

const ORIGIN = 'https://carefirst.council.example';
const PATH = '/CareFirstServices/ClientService.svc';
const ACTION = (operation: string) => `"${SERVICE_NAMESPACE}/IClientService/${operation}"`;
const client = createCareFirstClient({ baseUrl: ORIGIN, apiKey: API_KEY, timeoutMs: 300 });
const wire = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', parseTagValue: false, ignoreDeclaration: true });

const REFERRAL: TeamReferral = {
  teamReferralId: '5b7f2c1e-0d3a-4e8b-9f1c-2a3b4c5d6e7f',
  referralId: '7d1c2b0e-5f7a-4c1e-9b8d-2a3f4e5d6c7b',
  team: 'FAB',
  service: 'Finance and benefits assessment',
  reason: 'Pension credit not claimed; care charges to assess',
  details: 'Daughter holds lasting power of attorney',
  requestedBy: 'Sam Carter, Locality Hub',
  requestedAt: '2026-11-24T10:15:00.000Z',
};

/** The README's answer, written out by hand so the test holds the client to the contract, not to translate.ts. */
function answerXml(operation: 'RecordTeamReferralResponse' | 'GetTeamReferralStatusResponse', status: string, reason?: string, referralRef = REFERRAL.teamReferralId): string {
  return `<?xml version="1.0" encoding="utf-8"?>
<s:Envelope xmlns:s="${SOAP_NAMESPACE}"><s:Body>
  <${operation} xmlns="${SERVICE_NAMESPACE}">
    <ReferralRef>${referralRef}</ReferralRef><ReferralId>REF00000001</ReferralId><Status>${status}</Status>${reason ? `<StatusReason>${reason}</StatusReason>` : ''}
  </${operation}>
</s:Body></s:Envelope>`;
}

function careFirstAnswers(status: number, body: string): () => { headers: Record<string, string>; body: string } {
  let sent: { headers: Record<string, string>; body: string } | null = null;
  nock(ORIGIN)
    .post(PATH)
    .reply(function (_uri, requestBody) {
      sent = { headers: this.req.headers, body: typeof requestBody === 'string' ? requestBody : JSON.stringify(requestBody) };
      return [status, body, { 'content-type': 'text/xml; charset=utf-8' }];
    });
  return () => {
    if (sent === null) throw new Error('the client sent nothing');
    return sent;
  };
}

interceptHttpInThisFile();

describe('referToTeam', () => {
  test("POSTs the README's RecordTeamReferral envelope, field by field, with its SOAPAction, and reads the ReferralId and status", async () => {
    const sent = careFirstAnswers(200, answerXml('RecordTeamReferralResponse', 'REC'));
    await expect(client.referToTeam('CF0200002', REFERRAL)).resolves.toEqual({ reference: 'REF00000001', status: 'SENT', reason: null });
    expect(sent().headers.soapaction).toBe(ACTION('RecordTeamReferral'));
    const envelope = wire.parse(sent().body)['soap:Envelope'];
    expect(envelope['soap:Header']).toEqual({ 'cf:ApiKey': API_KEY });
    expect(envelope['soap:Body']).toEqual({
      'cf:RecordTeamReferral': {
        'cf:ClientRef': 'CF0200002',
        'cf:ReferralRef': REFERRAL.teamReferralId,
        'cf:HubReferralRef': REFERRAL.referralId,
        'cf:TeamCode': 'FAB',
        'cf:Service': 'Finance and benefits assessment',
        'cf:Reason': REFERRAL.reason,
        'cf:Details': REFERRAL.details,
        'cf:RequestedBy': 'Sam Carter, Locality Hub',
        'cf:Date': REFERRAL.requestedAt,
      },
    });
  });

  test('the service reads what the client writes as the same referral', () => {
    const sent = careFirstAnswers(200, answerXml('RecordTeamReferralResponse', 'REC'));
    return client.referToTeam('CF0200002', { ...REFERRAL, details: null }).then(() => {
      expect(requestFromXml(sent().body)).toEqual({
        operation: 'RecordTeamReferral',
        apiKey: API_KEY,
        referral: {
          clientRef: 'CF0200002',
          referralRef: REFERRAL.teamReferralId,
          hubReferralRef: REFERRAL.referralId,
          teamCode: 'FAB',
          service: REFERRAL.service,
          reason: REFERRAL.reason,
          details: null,
          requestedBy: REFERRAL.requestedBy,
          date: REFERRAL.requestedAt,
        },
      });
    });
  });

  test.each(['UnknownClient', 'InvalidReferral'] as const)('a Client fault %s is a refusal, for good, naming codes only', async (code) => {
    careFirstAnswers(500, faultToXml({ faultCode: 'Client', faultString: 'Bogdan Hill is not known', detailCode: code }));
    const error = await client.referToTeam('CF0200002', REFERRAL).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RecordSystemRefusalError);
    expect((error as Error).message).toBe(`CAREFIRST referToTeam: refused: soap:Client fault ${code}`);
  });

  test.each<[string, number, string]>([
    ['a Server fault', 500, faultToXml({ faultCode: 'Server', faultString: 'Down', detailCode: 'ServiceUnavailable' })],
    ['an answer for another ReferralRef', 200, answerXml('RecordTeamReferralResponse', 'REC', undefined, 'someone-else')],
    ['a status not in the contract', 200, answerXml('RecordTeamReferralResponse', 'PENDING')],
    ['the wrong response element', 200, answerXml('GetTeamReferralStatusResponse', 'REC')],
    ['a 502 page', 502, '<html>Bad gateway</html>'],
  ])('%s is unavailable (tried again)', async (_what, status, body) => {
    careFirstAnswers(status, body);
    await expect(client.referToTeam('CF0200002', REFERRAL)).rejects.toBeInstanceOf(RecordSystemUnavailableError);
  });
});

describe('teamReferralStatus', () => {
  test.each([
    ['REC', 'SENT', undefined],
    ['ACK', 'ACKNOWLEDGED', undefined],
    ['ACC', 'ACCEPTED', undefined],
    ['DEC', 'DECLINED', 'The team is at capacity'],
  ])('GetTeamReferralStatus: %s reads as %s', async (code, status, reason) => {
    const sent = careFirstAnswers(200, answerXml('GetTeamReferralStatusResponse', code, reason));
    await expect(client.teamReferralStatus('REF00000001')).resolves.toEqual({ reference: 'REF00000001', status, reason: reason ?? null });
    expect(sent().headers.soapaction).toBe(ACTION('GetTeamReferralStatus'));
    expect(wire.parse(sent().body)['soap:Envelope']['soap:Body']).toEqual({ 'cf:GetTeamReferralStatus': { 'cf:ReferralId': 'REF00000001' } });
  });

  test('an UnknownReferral fault is the service not keeping its word: unavailable', async () => {
    careFirstAnswers(500, faultToXml({ faultCode: 'Client', faultString: 'No', detailCode: 'UnknownReferral' }));
    await expect(client.teamReferralStatus('REF00000001')).rejects.toBeInstanceOf(RecordSystemUnavailableError);
  });
});
