/**
 * The messages of the contract README in adapters/care-records/las/ (one
 * synthetic person, NHS number from the 999 test range) and what the gateway
 * makes of them, shared by the translation, client and simulator tests.
 */
import type { LasContactRequest, LasPersonRecord } from '../../../../adapters/care-records/las/translate.js';
import type { CareRecord, CareRecordContact, TeamReferral } from '../../../../src/care-records/ports.js';

export const FETCHED_AT = '2026-11-24T10:15:00.000Z';

/** One person as the README's lookup answer gives them. */
export function personJson(personId = '4100001'): Record<string, any> {
  return {
    personId,
    nhsNumber: '9990776687',
    name: { family: 'Hill', given: 'Bogdan' },
    dateOfBirth: '1956-02-03',
    case: {
      status: 'Open - Allocated',
      openedOn: '2025-06-11',
      worker: { name: 'Aisha Rahman', role: 'Social Worker', phone: '0113 496 0417' },
      team: { name: 'Hospital Social Work Team', code: 'HSWT' },
    },
    alerts: [{ type: 'RSK-STAFF', text: 'Dog on premises: ring before visiting so it can be shut away', raisedOn: '2025-10-19', priority: 'Medium' }],
    carePackage: {
      status: 'Active',
      startDate: '2025-09-26',
      endDate: null,
      weeklyCost: 390.63,
      services: [
        { serviceType: 'Home care', provider: 'Northgate Homecare Co-operative', hoursPerWeek: 15.75 },
        { serviceType: 'Telecare', provider: 'Northgate Community Alarms', hoursPerWeek: null },
      ],
    },
    carers: [{ name: 'Joan Hill', relationship: 'Wife', phone: '07700 900312', livesWith: true, mainCarer: true }],
  };
}

export function peopleJson(people: Record<string, any>[] = [personJson()], notFound: string[] = ['4109999']): string {
  return JSON.stringify({ people, notFound });
}

/** The README's person as the gateway holds them. */
export function careRecord(localId = '4100001'): CareRecord {
  return { system: 'LAS', fetchedAt: FETCHED_AT, ...lasPerson(localId) };
}

/** The README's person as the simulator holds them. */
export function lasPerson(localId = '4100001'): LasPersonRecord {
  return {
    localId,
    person: { familyName: 'Hill', givenName: 'Bogdan', dateOfBirth: '1956-02-03', nhsNumber: '9990776687' },
    caseStatus: 'ALLOCATED',
    caseOpenedOn: '2025-06-11',
    allocatedWorker: { name: 'Aisha Rahman', role: 'Social Worker', phone: '0113 496 0417' },
    team: { name: 'Hospital Social Work Team', code: 'HSWT' },
    alerts: [{ category: 'RISK_TO_STAFF', description: 'Dog on premises: ring before visiting so it can be shut away', raisedOn: '2025-10-19', severity: 'MEDIUM' }],
    carePackage: {
      status: 'ACTIVE',
      startDate: '2025-09-26',
      endDate: null,
      weeklyCostPence: 39_063,
      services: [
        { type: 'Home care', provider: 'Northgate Homecare Co-operative', hoursPerWeek: 15.75 },
        { type: 'Telecare', provider: 'Northgate Community Alarms', hoursPerWeek: null },
      ],
    },
    carers: [{ name: 'Joan Hill', relationship: 'Wife', phone: '07700 900312', livesWithPerson: true, mainCarer: true }],
  };
}

export const CONTACT: CareRecordContact = {
  contactId: 'c0ffee00-1111-4222-8333-444455556666',
  referralId: '7d1c2b0e-5f7a-4c1e-9b8d-2a3f4e5d6c7b',
  occurredAt: '2026-11-24T10:15:00Z',
  summary: 'Hospital discharge referral from Northgate General accepted: pathway 1, Reablement South.',
  team: 'Reablement South',
  worker: 'Sam Okafor',
};

/** The contact as the simulator reads it from the body. */
export const CONTACT_REQUEST: LasContactRequest = {
  referralId: CONTACT.referralId,
  occurredAt: CONTACT.occurredAt,
  summary: CONTACT.summary,
  team: CONTACT.team,
  worker: CONTACT.worker,
};

/** The README's contact request body. */
export const CONTACT_JSON = {
  referralId: '7d1c2b0e-5f7a-4c1e-9b8d-2a3f4e5d6c7b',
  contactDate: '2026-11-24T10:15:00Z',
  summary: 'Hospital discharge referral from Northgate General accepted: pathway 1, Reablement South.',
  team: 'Reablement South',
  worker: 'Sam Okafor',
};

export const CONTACT_ACCEPTED_JSON = JSON.stringify({ contactId: CONTACT.contactId, reference: 'CNT-00000001' });

/** The README's team referral, as the port holds it. */
export const TEAM_REFERRAL: TeamReferral = {
  teamReferralId: '5b7f2c1e-0d3a-4e8b-9f1c-2a3b4c5d6e7f',
  referralId: '7d1c2b0e-5f7a-4c1e-9b8d-2a3f4e5d6c7b',
  team: 'CARERS-SUPPORT',
  service: "Carers' support",
  reason: 'Wife is main carer and struggling since the discharge',
  details: null,
  requestedBy: 'Sam Carter, Locality Hub',
  requestedAt: '2026-11-24T10:15:00.000Z',
};
