/**
 * The FHIR translation alone (pure): what each resource becomes, how the
 * parts are put together, the Task status mapping, and that a body off the
 * contract is a CommunityHealthFhirError naming where, never a crash.
 */
import {
  CommunityHealthFhirError,
  createdServiceRequestFromFhir,
  involvementsFromFhir,
  newServiceRequestFromFhir,
  patientsFromFhir,
  searchPageFromFhir,
  serviceRequestProgressFromFhir,
  serviceRequestToFhir,
} from '../../../adapters/community-health/translate.js';
import { bundle, careTeam, episode, INVOLVEMENT, NHS_NUMBER, OTHER_NHS_NUMBER, patient, REQUEST, serviceRequest, task } from './contract-messages.js';

const resources = (items: Record<string, any>[]) => searchPageFromFhir(bundle(items)).resources;
const involvements = (episodes: Record<string, any>[], teams: Record<string, any>[] = []) => involvementsFromFhir(resources(episodes), resources(teams));

function fhirError(read: () => unknown): CommunityHealthFhirError {
  try {
    read();
  } catch (error) {
    if (error instanceof CommunityHealthFhirError) return error;
    throw error;
  }
  throw new Error('expected a CommunityHealthFhirError');
}

describe('searches', () => {
  test('a searchset gives its resources and its next link', () => {
    const page = searchPageFromFhir(bundle([patient()], 'https://ch.example/fhir/R4/Patient?page=2'));
    expect(page.resources).toHaveLength(1);
    expect(page.next).toBe('https://ch.example/fhir/R4/Patient?page=2');
    expect(searchPageFromFhir(JSON.stringify({ resourceType: 'Bundle', type: 'searchset' }))).toEqual({ resources: [], next: null });
  });

  test('Patients by the NHS number searched for; an OperationOutcome among them is passed over', () => {
    const found = patientsFromFhir(resources([patient('p1'), { resourceType: 'OperationOutcome', issue: [] }, patient('p2', OTHER_NHS_NUMBER)]), new Set([NHS_NUMBER, OTHER_NHS_NUMBER]));
    expect([...found]).toEqual([[NHS_NUMBER, 'p1'], [OTHER_NHS_NUMBER, 'p2']]);
  });

  test('a Patient holding none of the numbers searched for is not the contract', () => {
    expect(fhirError(() => patientsFromFhir(resources([patient('p1', OTHER_NHS_NUMBER)]), new Set([NHS_NUMBER]))).path).toBe('entry[0].resource');
  });

  test.each([
    ['not JSON', '{"resourceType": "Bundle",', 'body'],
    ['not a Bundle', JSON.stringify({ resourceType: 'Patient' }), 'resourceType'],
    ['not a searchset', JSON.stringify({ resourceType: 'Bundle', type: 'transaction' }), 'type'],
    ['entry not a list', JSON.stringify({ resourceType: 'Bundle', type: 'searchset', entry: {} }), 'entry'],
    ['a link without a url', JSON.stringify({ resourceType: 'Bundle', type: 'searchset', link: [{ relation: 'next' }] }), 'link[0].url'],
  ])('a Bundle %s is a typed error naming where', (_what, json, path) => {
    const error = fhirError(() => searchPageFromFhir(json));
    expect(error.code).toBe('COMMUNITY_HEALTH_FHIR_INVALID');
    expect(error.path).toBe(path);
  });

  test('an error names the place, never the value found', () => {
    const error = fhirError(() => patientsFromFhir(resources([{ ...patient(), id: 'Bogdan Hill 1956' }]), new Set([NHS_NUMBER])));
    expect(error.message).toMatch(/^entry\[0\]\.resource\.id: is not a FHIR id/);
    expect(error.message).not.toContain('Bogdan');
  });
});

describe('involvements', () => {
  test('an episode with its team: service, team, since, the care manager as lead with their role in the team, the team phone', () => {
    expect([...involvements([episode()], [careTeam()])]).toEqual([['p1', [INVOLVEMENT]]]);
  });

  test('without a care manager the team\'s first participant leads; without a team found, the organisation names it', () => {
    const unmanaged = episode('eoc1', 'p1', { careManager: undefined });
    expect(involvements([unmanaged], [careTeam()]).get('p1')![0]!.leadProfessional).toEqual({ name: 'Tom Price', role: 'Healthcare Assistant' });
    const alone = involvements([episode()]).get('p1')![0]!;
    expect(alone).toMatchObject({ teamName: 'Northgate Community Health Services', contactPhone: null, leadProfessional: { name: 'Grace Okafor', role: null } });
  });

  test('a service of another code reads as OTHER with its own name; a day of a dateTime as written; a month alone no day', () => {
    const physio = episode('eoc2', 'p1', {
      type: [{ text: 'Podiatry', coding: [{ system: 'http://snomed.info/sct', code: '310093001' }] }],
      period: { start: '2025-06-30T23:30:00+01:00' },
    });
    expect(involvements([physio]).get('p1')![0]).toMatchObject({ service: 'OTHER', serviceName: 'Podiatry', since: '2025-06-30' });
    expect(involvements([episode('eoc3', 'p1', { period: { start: '2025-06' } })]).get('p1')![0]!.since).toBeNull();
    expect(involvements([episode('eoc4', 'p1', { type: undefined, period: undefined })]).get('p1')![0]).toMatchObject({ service: 'OTHER', since: null });
  });

  test('a Patient\'s several episodes in order; another Patient\'s apart', () => {
    const found = involvements([episode('a'), episode('b', 'p2'), episode('c')]);
    expect(found.get('p1')!.map((involvement) => involvement.episodeId)).toEqual(['a', 'c']);
    expect(found.get('p2')!.map((involvement) => involvement.episodeId)).toEqual(['b']);
  });

  test.each([
    ['a patient reference to something else', episode('e', 'p1', { patient: { reference: 'Group/g1' } }), 'entry[0].resource.patient.reference'],
    ['a start that is no date', episode('e', 'p1', { period: { start: 'last spring' } }), 'entry[0].resource.period.start'],
    ['a care manager without a name', episode('e', 'p1', { careManager: { reference: 'Practitioner/n1' } }), 'entry[0].resource.careManager.display'],
  ])('%s is not the contract', (_what, resource, path) => {
    expect(fhirError(() => involvements([resource])).path).toBe(path);
  });
});

describe('ServiceRequests', () => {
  test('what the gateway sends is what the simulator reads back', () => {
    expect(newServiceRequestFromFhir(serviceRequestToFhir(REQUEST))).toEqual(REQUEST);
    expect(JSON.parse(serviceRequestToFhir(REQUEST))).toMatchObject({
      identifier: [{ system: 'urn:care-gateway:service-request', value: REQUEST.requestId }],
      subject: { identifier: { system: 'https://fhir.nhs.uk/Id/nhs-number', value: NHS_NUMBER } },
      category: [{ coding: [{ code: 'district-nursing' }] }],
    });
  });

  test('a created request: its id, the gateway\'s id it carries, and SENT (DECLINED if withdrawn)', () => {
    expect(createdServiceRequestFromFhir(JSON.stringify(serviceRequest()))).toEqual({ id: 'sr-1', requestId: REQUEST.requestId, status: 'SENT' });
    expect(createdServiceRequestFromFhir(JSON.stringify(serviceRequest('sr-1', 'revoked'))).status).toBe('DECLINED');
    expect(fhirError(() => createdServiceRequestFromFhir(JSON.stringify({ ...serviceRequest(), identifier: [] }))).path).toBe('identifier');
  });

  test.each([
    ['requested', 'SENT'],
    ['received', 'ACKNOWLEDGED'],
    ['on-hold', 'ACKNOWLEDGED'],
    ['accepted', 'ACCEPTED'],
    ['in-progress', 'ACCEPTED'],
    ['completed', 'ACCEPTED'],
    ['rejected', 'DECLINED'],
    ['cancelled', 'DECLINED'],
    ['failed', 'DECLINED'],
  ])('a Task %s is %s', (taskStatus, status) => {
    expect(serviceRequestProgressFromFhir(resources([serviceRequest(), task(taskStatus)]), 'sr-1')?.status).toBe(status);
  });

  test('no Task yet is SENT; the newest Task decides; a declined one says why; a withdrawn request is DECLINED whatever its Tasks', () => {
    expect(serviceRequestProgressFromFhir(resources([serviceRequest()]), 'sr-1')).toEqual({ status: 'SENT', reason: null });
    const tasks = [task('accepted', '2026-12-07T10:05:00Z'), task('received', '2026-12-07T10:01:00Z')];
    expect(serviceRequestProgressFromFhir(resources([serviceRequest(), ...tasks]), 'sr-1')?.status).toBe('ACCEPTED');
    expect(serviceRequestProgressFromFhir(resources([serviceRequest(), task('rejected', undefined, 'Not registered with this service')]), 'sr-1')).toEqual({
      status: 'DECLINED',
      reason: 'Not registered with this service',
    });
    expect(serviceRequestProgressFromFhir(resources([serviceRequest('sr-1', 'revoked'), task('accepted')]), 'sr-1')?.status).toBe('DECLINED');
    expect(serviceRequestProgressFromFhir(resources([serviceRequest(), task('accepted', undefined, undefined, 'sr-2')]), 'sr-1')?.status).toBe('SENT');
  });

  test('an unknown request is null; a Task status off the list is not the contract', () => {
    expect(serviceRequestProgressFromFhir(resources([]), 'sr-1')).toBeNull();
    expect(fhirError(() => serviceRequestProgressFromFhir(resources([serviceRequest(), task('maybe')]), 'sr-1')).path).toBe('entry[1].resource.status');
  });
});
