/**
 * The community health client against nock: the exact searches and
 * ServiceRequest calls the contract README names, what each answer becomes,
 * and which failures are refusals (for good) and which unavailability.
 */
import nock from 'nock';
import { createCommunityHealthClient } from '../../../adapters/community-health/client.js';
import { CommunityHealthRefusalError, CommunityHealthUnavailableError } from '../../../src/community-health/ports.js';
import { interceptHttpInThisFile } from '../../support/intercept-http.js';
import { bundle, careTeam, episode, INVOLVEMENT, NHS_NUMBER, NHS_SYSTEM, OTHER_NHS_NUMBER, outcome, patient, REQUEST, serviceRequest, task } from './contract-messages.js';

const ORIGIN = 'https://ch.example';
const BASE = `${ORIGIN}/fhir/R4`;
const API_KEY = 'test-community-health-key-not-a-secret';
const client = createCommunityHealthClient({ baseUrl: BASE, apiKey: API_KEY, timeoutMs: 500 });

interceptHttpInThisFile();

async function failure<E extends Error>(call: Promise<unknown>, type: new (...args: any[]) => E): Promise<E> {
  const error = await call.then(
    () => new Error(`expected ${type.name}, but the call succeeded`),
    (e: unknown) => e,
  );
  if (error instanceof type) return error;
  throw error;
}
const unavailable = (call: Promise<unknown>) => failure(call, CommunityHealthUnavailableError);
const refused = (call: Promise<unknown>) => failure(call, CommunityHealthRefusalError);

/** Community health knowing `known` (NHS number to Patient id) with one episode each; the searches it got. */
function knows(known: Record<string, string>): { path: string; headers: Record<string, string> }[] {
  const seen: { path: string; headers: Record<string, string> }[] = [];
  const record = (path: string, headers: Record<string, string>) => seen.push({ path: decodeURIComponent(path), headers });
  nock(BASE)
    .get('/Patient')
    .query(true)
    .times(20)
    .reply(function (uri) {
      record(uri, this.req.headers);
      const asked = new URL(uri, ORIGIN).searchParams.get('identifier')!.split(',').map((value) => value.split('|')[1]!);
      return [200, bundle(asked.filter((n) => known[n]).map((n) => patient(known[n], n)))];
    });
  for (const type of ['EpisodeOfCare', 'CareTeam']) {
    nock(BASE)
      .get(`/${type}`)
      .query(true)
      .times(20)
      .reply(function (uri) {
        record(uri, this.req.headers);
        const ids = new URL(uri, ORIGIN).searchParams.get('patient')!.split(',').map((ref) => ref.replace('Patient/', ''));
        return [200, bundle(ids.map((id) => (type === 'EpisodeOfCare' ? episode(`e-${id}`, id) : careTeam(`ct-e-${id}`, id))))];
      });
  }
  return seen;
}

describe('recordsOf', () => {
  test('searches Patients by NHS number, then their active EpisodeOfCare and CareTeam, with the bearer key; an unknown person is absent', async () => {
    const seen = knows({ [NHS_NUMBER]: 'p1' });
    const before = Date.now();
    const records = await client.recordsOf([NHS_NUMBER, OTHER_NHS_NUMBER]);
    expect(seen.map((call) => call.path)).toEqual([
      `/fhir/R4/Patient?identifier=${NHS_SYSTEM}|${NHS_NUMBER},${NHS_SYSTEM}|${OTHER_NHS_NUMBER}&_count=200`,
      '/fhir/R4/EpisodeOfCare?patient=Patient/p1&status=active&_count=200',
      '/fhir/R4/CareTeam?patient=Patient/p1&status=active&_count=200',
    ]);
    for (const call of seen) expect(call.headers).toMatchObject({ authorization: `Bearer ${API_KEY}`, accept: 'application/fhir+json' });
    expect([...records.keys()]).toEqual([NHS_NUMBER]);
    const record = records.get(NHS_NUMBER)!;
    expect(record).toEqual({ system: 'COMMUNITY_HEALTH', patientId: 'p1', fetchedAt: expect.any(String), involvements: [{ ...INVOLVEMENT, episodeId: 'e-p1' }] });
    expect(Date.parse(record.fetchedAt)).toBeGreaterThanOrEqual(before);
  });

  test('the identifiers go URL-encoded with the commas between them bare (FHIR\'s "or")', async () => {
    nock(BASE)
      .get(`/Patient?identifier=${encodeURIComponent(`${NHS_SYSTEM}|${NHS_NUMBER}`)},${encodeURIComponent(`${NHS_SYSTEM}|${OTHER_NHS_NUMBER}`)}&_count=200`)
      .reply(200, bundle([]));
    expect((await client.recordsOf([NHS_NUMBER, OTHER_NHS_NUMBER])).size).toBe(0);
  });

  test('no Patient found asks nothing more; what is not an NHS number is never sent; none at all calls nothing', async () => {
    const seen = knows({});
    expect((await client.recordsOf([NHS_NUMBER, '9990776688', 'x'])).size).toBe(0);
    expect(seen.map((call) => call.path)).toEqual([`/fhir/R4/Patient?identifier=${NHS_SYSTEM}|${NHS_NUMBER}&_count=200`]);
    expect((await client.recordsOf(['1234567890'])).size).toBe(0);
    expect(seen).toHaveLength(1);
  });

  test('a known person with no active episode is known with no involvement', async () => {
    nock(BASE).get('/Patient').query(true).reply(200, bundle([patient()]));
    nock(BASE).get('/EpisodeOfCare').query(true).reply(200, bundle([]));
    nock(BASE).get('/CareTeam').query(true).reply(200, bundle([]));
    expect((await client.recordsOf([NHS_NUMBER])).get(NHS_NUMBER)).toMatchObject({ patientId: 'p1', involvements: [] });
  });

  test('120 NHS numbers (five asked twice) go as three Patient searches of 50, 50 and 20, each number once', async () => {
    const numbers = nhsNumbers(120);
    const known = Object.fromEntries(numbers.map((n, i) => [n, `p${i}`]));
    const seen = knows(known);
    const records = await client.recordsOf([...numbers, ...numbers.slice(0, 5)]);
    expect(records.size).toBe(120);
    const patientSearches = seen.filter((call) => call.path.includes('/Patient?'));
    expect(patientSearches.map((call) => call.path.split(',').length)).toEqual([50, 50, 20]);
    expect(seen.filter((call) => call.path.includes('/EpisodeOfCare?'))).toHaveLength(3);
  });

  test('a next link under the base is followed; one elsewhere is not the contract', async () => {
    nock(BASE).get('/Patient').query(true).reply(200, bundle([patient()]));
    nock(BASE).get('/EpisodeOfCare').query((q) => q._offset === undefined).reply(200, bundle([], `${BASE}/EpisodeOfCare?patient=Patient/p1&status=active&_offset=1`));
    nock(BASE).get('/EpisodeOfCare').query((q) => q._offset === '1').reply(200, bundle([episode('eoc1', 'p1')]));
    nock(BASE).get('/CareTeam').query(true).reply(200, bundle([careTeam()]));
    expect((await client.recordsOf([NHS_NUMBER])).get(NHS_NUMBER)!.involvements).toEqual([INVOLVEMENT]);

    nock(BASE).get('/Patient').query(true).reply(200, bundle([patient()], 'https://elsewhere.example/fhir/R4/Patient?page=2'));
    expect((await unavailable(client.recordsOf([NHS_NUMBER]))).message).toMatch(/next link outside the FHIR base/);
  });

  test.each([
    ['503 with an OperationOutcome', 503, outcome('transient'), /HTTP 503 \(transient\)/],
    ['401', 401, outcome('login'), /HTTP 401 \(login\)/],
    ['a proxy\'s HTML page', 502, '<html><body>Bad Gateway</body></html>', /HTTP 502$/],
    ['a cut-off body', 200, bundle([patient()]).slice(0, 40), /not the contract \(body: is not JSON\)/],
    ['a Patient of a number not asked', 200, bundle([patient('p9', OTHER_NHS_NUMBER)]), /not the contract/],
  ])('%s is community health unavailable, naming no value', async (_what, status, body, message) => {
    nock(BASE).get('/Patient').query(true).reply(status, body);
    const error = await unavailable(client.recordsOf([NHS_NUMBER]));
    expect(error.message).toMatch(message);
    expect(error.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', system: 'COMMUNITY_HEALTH', operation: 'recordsOf' });
    expect(error.message).not.toContain(NHS_NUMBER);
  });

  test('an episode of a Patient not searched for is not the contract', async () => {
    nock(BASE).get('/Patient').query(true).reply(200, bundle([patient()]));
    nock(BASE).get('/EpisodeOfCare').query(true).reply(200, bundle([episode('x', 'p-stranger')]));
    nock(BASE).get('/CareTeam').query(true).reply(200, bundle([]));
    expect((await unavailable(client.recordsOf([NHS_NUMBER]))).message).toMatch(/Patient not searched for/);
  });

  test('no answer in time is unavailable, and the caller\'s signal stops the call', async () => {
    nock(BASE).get('/Patient').query(true).delay(2_000).reply(200, bundle([]));
    expect((await unavailable(client.recordsOf([NHS_NUMBER]))).message).toMatch(/no answer/);
    nock(BASE).get('/Patient').query(true).delay(2_000).reply(200, bundle([]));
    const caller = new AbortController();
    const call = client.recordsOf([NHS_NUMBER], caller.signal);
    caller.abort();
    expect((await unavailable(call)).message).toMatch(/ERR_CANCELED/);
  });
});

describe('createServiceRequest', () => {
  test('POSTs the ServiceRequest with If-None-Exist on the gateway\'s id; 201 and 200 both give its id as the reference', async () => {
    let sent: { body: any; headers: Record<string, string> } | null = null;
    nock(BASE)
      .post('/ServiceRequest')
      .reply(function (_uri, body) {
        sent = { body: JSON.parse(body as string), headers: this.req.headers };
        return [201, JSON.stringify(serviceRequest('sr-7'))];
      });
    expect(await client.createServiceRequest(REQUEST)).toEqual({ reference: 'sr-7', status: 'SENT' });
    expect(sent!.headers).toMatchObject({
      'if-none-exist': `identifier=urn:care-gateway:service-request|${REQUEST.requestId}`,
      'content-type': 'application/fhir+json; charset=utf-8',
      authorization: `Bearer ${API_KEY}`,
    });
    expect(sent!.body).toMatchObject({ resourceType: 'ServiceRequest', subject: { identifier: { value: NHS_NUMBER } }, reasonCode: [{ text: REQUEST.reason }] });
    nock(BASE).post('/ServiceRequest').reply(200, JSON.stringify(serviceRequest('sr-7')));
    expect(await client.createServiceRequest(REQUEST)).toEqual({ reference: 'sr-7', status: 'SENT' });
  });

  test.each([400, 404, 412, 422])('%i with an OperationOutcome is a refusal, for good', async (status) => {
    nock(BASE).post('/ServiceRequest').reply(status, outcome('not-found'));
    const error = await refused(client.createServiceRequest(REQUEST));
    expect(error.extensions).toMatchObject({ code: 'COMMUNITY_HEALTH_REFUSED', operation: 'createServiceRequest' });
    expect(error.message).toMatch(new RegExp(`HTTP ${status} \\(not-found\\)`));
  });

  test.each([
    ['503', 503, outcome('transient')],
    ['422 without an OperationOutcome', 422, '<html>Unprocessable</html>'],
    ['a request carrying another id', 201, JSON.stringify(serviceRequest('sr-7', 'active', 'someone-else'))],
    ['a garbled answer', 201, '{"resourceType":"Servi'],
  ])('%s is unavailable, to be tried again', async (_what, status, body) => {
    nock(BASE).post('/ServiceRequest').reply(status, body);
    await unavailable(client.createServiceRequest(REQUEST));
  });
});

describe('serviceRequestStatus', () => {
  test('reads the request with its Tasks in one search, the newest Task deciding', async () => {
    let path = '';
    nock(BASE)
      .get('/ServiceRequest')
      .query(true)
      .reply(function (uri) {
        path = decodeURIComponent(uri);
        return [200, bundle([serviceRequest('sr-1'), task('received', '2026-12-07T10:01:00Z'), task('rejected', '2026-12-07T10:09:00Z', 'Not on our caseload area')])];
      });
    expect(await client.serviceRequestStatus('sr-1')).toEqual({ status: 'DECLINED', reason: 'Not on our caseload area' });
    expect(path).toBe('/fhir/R4/ServiceRequest?_id=sr-1&_revinclude=Task:based-on');
  });

  test('an unknown request is a refusal; a reference that is no FHIR id is refused without a call', async () => {
    nock(BASE).get('/ServiceRequest').query(true).reply(200, bundle([]));
    expect((await refused(client.serviceRequestStatus('sr-404'))).message).toMatch(/no such ServiceRequest/);
    await refused(client.serviceRequestStatus('sr-1&_id=sr-2'));
  });

  test('a 500 is unavailable', async () => {
    nock(BASE).get('/ServiceRequest').query(true).reply(500, outcome('exception'));
    expect((await unavailable(client.serviceRequestStatus('sr-1'))).message).toMatch(/HTTP 500 \(exception\)/);
  });
});

/** `count` valid NHS numbers in the 999 range, in order (a nine-digit start whose check digit would be 10 has none). */
function nhsNumbers(count: number): string[] {
  const found: string[] = [];
  for (let n = 999_000_100; found.length < count; n += 1) {
    const digits = String(n).split('').map(Number);
    const check = 11 - (digits.reduce((sum, digit, i) => sum + digit * (10 - i), 0) % 11);
    if (check !== 10) found.push(`${n}${check === 11 ? 0 : check}`);
  }
  return found;
}
