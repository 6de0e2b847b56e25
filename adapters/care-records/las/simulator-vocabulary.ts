/**
 * Word lists for the LAS simulator's cases. Every worker, carer and provider
 * is invented; phone numbers are drawn from the ranges Ofcom keeps for drama
 * (0113 496 0xxx, 07700 900xxx), which are never given to anyone.
 */
import type { AlertCategory, CareRecordAlert } from '../../../src/care-records/ports.js';

export const TEAMS = [
  { name: 'Northgate Locality Team North', code: 'NLT-N' },
  { name: 'Northgate Locality Team South', code: 'NLT-S' },
  { name: 'Hospital Social Work Team', code: 'HSWT' },
  { name: 'Reablement South', code: 'REAB-S' },
  { name: 'Community OT Team', code: 'COT' },
  { name: 'Older People Mental Health Team', code: 'OPMH' },
] as const;

export const WORKERS = [
  'Aisha Rahman', 'Gareth Pullen', 'Nadia Kowalczyk', 'Owen Brightside', 'Shona McAllister', 'Femi Adebayo',
  'Rachel Thornbury', 'Imran Qureshi', 'Kirsty Haworth', 'Declan Foyle', 'Mei Lin Carter', 'Stuart Oakes',
] as const;

export const WORKER_ROLES = [
  ['Social Worker', 50],
  ['Senior Practitioner', 15],
  ['Community Care Assessor', 15],
  ['Occupational Therapist', 12],
  ['Reablement Officer', 8],
] as const;

/** Alerts as workers record them: the kind (written as LAS's code), the text, and how much it matters. */
export const ALERTS: readonly { category: AlertCategory; text: string; severity: CareRecordAlert['severity'] }[] = [
  { category: 'RISK_TO_SELF', text: 'Two falls at home in the last six months; uses a pendant alarm', severity: 'MEDIUM' },
  { category: 'RISK_TO_SELF', text: 'Self-neglect: has refused meals and heating in the past', severity: 'HIGH' },
  { category: 'RISK_TO_OTHERS', text: 'Can be verbally aggressive to neighbours when unwell', severity: 'MEDIUM' },
  { category: 'RISK_TO_STAFF', text: 'Dog on premises: ring before visiting so it can be shut away', severity: 'MEDIUM' },
  { category: 'RISK_TO_STAFF', text: 'Son has been hostile to visiting staff: visit in pairs', severity: 'HIGH' },
  { category: 'SAFEGUARDING', text: 'Section 42 enquiry open: concern about financial abuse', severity: 'HIGH' },
  { category: 'ACCESS', text: 'Key safe by the back door; code held by the duty team', severity: 'LOW' },
  { category: 'ACCESS', text: 'Second-floor flat, lift often out of order', severity: 'LOW' },
  { category: 'HEALTH', text: 'Insulin-dependent diabetic: hypo risk if meals are missed', severity: 'MEDIUM' },
  { category: 'HEALTH', text: 'Home oxygen in use: no smoking or naked flames', severity: 'HIGH' },
  { category: 'OTHER', text: 'DNACPR decision in place: see the health record', severity: 'HIGH' },
  { category: 'OTHER', text: 'Prefers female carers for personal care', severity: 'LOW' },
] as const;

export const HOME_CARE_PROVIDERS = ['Brightwater Home Care Ltd', 'Castleton Care Services', 'Northgate Homecare Co-operative', 'Holmfield Helping Hands'] as const;

/** Services beside home care, with who provides them and their weekly cost in pence. */
export const OTHER_SERVICES = [
  { type: 'Telecare', provider: 'Northgate Community Alarms', hoursPerWeek: null, weeklyPence: 475 },
  { type: 'Day centre', provider: 'Saltwell Day Centre', hoursPerWeek: 6, weeklyPence: 5_200 },
  { type: 'Meals', provider: 'Northgate Meals at Home', hoursPerWeek: null, weeklyPence: 3_150 },
] as const;

/** The council's usual rate for an hour of home care, in pence. */
export const HOME_CARE_PENCE_PER_HOUR = 2_450;

export const CARER_RELATIONSHIPS = ['Daughter', 'Son', 'Wife', 'Husband', 'Niece', 'Neighbour', 'Friend', 'Daughter-in-law'] as const;

/** Relationships in which the carer usually shares the person's home. */
export const LIVE_IN_RELATIONSHIPS: ReadonlySet<string> = new Set(['Wife', 'Husband']);
