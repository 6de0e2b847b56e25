/**
 * FHIR resources as adapters/community-health/README.md describes them (one
 * synthetic person, NHS number from the 999 test range), shared by the
 * translation and client tests.
 */
import type { CommunityHealthInvolvement, NewServiceRequest } from '../../../src/community-health/ports.js';

export const NHS_NUMBER = '9990776687';
export const OTHER_NHS_NUMBER = '9994528378';
export const NHS_SYSTEM = 'https://fhir.nhs.uk/Id/nhs-number';
export const SERVICE_SYSTEM = 'urn:care-gateway:community-service';

export function patient(id = 'p1', nhsNumber = NHS_NUMBER): Record<string, any> {
  return { resourceType: 'Patient', id, identifier: [{ system: 'https://fhir.nhs.uk/Id/local-id', value: 'X1' }, { system: NHS_SYSTEM, value: nhsNumber }] };
}

export function episode(id = 'eoc1', patientId = 'p1', changes: Record<string, any> = {}): Record<string, any> {
  return {
    resourceType: 'EpisodeOfCare',
    id,
    status: 'active',
    type: [{ coding: [{ system: SERVICE_SYSTEM, code: 'district-nursing', display: 'District nursing' }] }],
    patient: { reference: `Patient/${patientId}` },
    managingOrganization: { display: 'Northgate Community Health Services' },
    period: { start: '2025-03-14' },
    careManager: { reference: 'Practitioner/n1', display: 'Grace Okafor' },
    team: [{ reference: `CareTeam/ct-${id}` }],
    ...changes,
  };
}

export function careTeam(id = 'ct-eoc1', patientId = 'p1', changes: Record<string, any> = {}): Record<string, any> {
  return {
    resourceType: 'CareTeam',
    id,
    status: 'active',
    name: 'District Nursing North',
    subject: { reference: `Patient/${patientId}` },
    participant: [
      { role: [{ text: 'Healthcare Assistant' }], member: { reference: 'Practitioner/n2', display: 'Tom Price' } },
      { role: [{ coding: [{ display: 'District Nurse' }] }], member: { reference: 'Practitioner/n1', display: 'Grace Okafor' } },
    ],
    telecom: [{ system: 'email', value: 'dn.north@nhs.example' }, { system: 'phone', value: '0113 496 1234' }],
    ...changes,
  };
}

/** The README's person's involvement, as the gateway holds it. */
export const INVOLVEMENT: CommunityHealthInvolvement = {
  service: 'DISTRICT_NURSING',
  serviceName: 'District nursing',
  teamName: 'District Nursing North',
  since: '2025-03-14',
  leadProfessional: { name: 'Grace Okafor', role: 'District Nurse' },
  contactPhone: '0113 496 1234',
  episodeId: 'eoc1',
};

export function bundle(resources: Record<string, any>[], next?: string): string {
  return JSON.stringify({
    resourceType: 'Bundle',
    type: 'searchset',
    link: [{ relation: 'self', url: 'https://ch.example/fhir/R4/x' }, ...(next ? [{ relation: 'next', url: next }] : [])],
    entry: resources.map((resource) => ({ resource, search: { mode: 'match' } })),
  });
}

export function outcome(code: string): string {
  return JSON.stringify({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code, diagnostics: 'Patient 9990776687 not found' }] });
}

export const REQUEST: NewServiceRequest = {
  requestId: '3f0c6a52-8d0e-4c55-9a4e-1d2b3c4d5e6f',
  nhsNumber: NHS_NUMBER,
  service: 'DISTRICT_NURSING',
  reason: 'Leg ulcer dressings after discharge',
  requester: 'Sam Carter, Hub North',
  occurredAt: '2026-12-07T10:00:00Z',
};

export function serviceRequest(id = 'sr-1', status = 'active', requestId = REQUEST.requestId): Record<string, any> {
  return { resourceType: 'ServiceRequest', id, status, intent: 'order', identifier: [{ system: 'urn:care-gateway:service-request', value: requestId }], subject: { reference: 'Patient/p1' } };
}

export function task(status: string, lastModified?: string, reason?: string, basedOn = 'sr-1'): Record<string, any> {
  return {
    resourceType: 'Task',
    id: `t-${status}`,
    status,
    intent: 'order',
    basedOn: [{ reference: `ServiceRequest/${basedOn}` }],
    ...(lastModified ? { lastModified } : {}),
    ...(reason ? { statusReason: { text: reason } } : {}),
  };
}
