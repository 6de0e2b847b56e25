/**
 * The simulated CareFirst's clients: the synthetic hub's people linked to
 * CAREFIRST, as CareFirst would summarise them. Who they are (name, date of
 * birth, NHS number) comes from the hub's customer; their case, worker, team,
 * alerts, package and carers are drawn from a generator seeded by the client
 * ref alone, so that a client reads the same on every run and whatever else
 * the hub holds. Every name is invented; phone numbers are from Ofcom's drama
 * ranges (07700 900xxx, 0113 496 0xxx), which are never given to anyone.
 */
import type { CustomerRecord } from '../../../src/customers/ports.js';
import { SeededRandom, type SyntheticHub } from '../../../src/seed/ports.js';
import { formatIsoInstant } from '../../../src/time/instants.js';
import type { ClientSummary } from './contract.js';
import type { CaseStatusCode } from './vocabulary.js';

const DAY = 86_400_000;
/** Dates count back from a fixed day, not today, so that a client's dates do not move between runs. */
const REFERENCE_DAY = Date.UTC(2026, 0, 1);

const TEAMS = [
  { code: 'NG-ACN', name: 'Northgate Adult Care North' },
  { code: 'NG-ACS', name: 'Northgate Adult Care South' },
  { code: 'NG-HDT', name: 'Hospital Social Work Team' },
  { code: 'NG-LD', name: 'Learning Disability Team' },
  { code: null, name: 'Sensory Impairment Team' },
];

const WORKERS = ['Fiona Ashworth', 'Kwame Mensah', 'Rachel Hirst', 'Imran Siddiqui', 'Lucy Brennan', 'Oliver Pryce', 'Sadia Rahman', 'Gareth Llewellyn'];
const ROLES = ['Social Worker', 'Senior Practitioner', 'Community Care Officer', 'Occupational Therapist', null];

/** CareFirst alert categories, including site-specific ones the gateway does not know (they read as OTHER). */
const ALERTS: readonly ClientSummary['alerts'][number][] = [
  { category: 'RSKWKR', priority: '1', description: 'Verbal aggression towards staff when distressed: visit in pairs', raisedDate: null },
  { category: 'LONEWKR', priority: '1', description: 'Lone worker: call the office before and after visiting', raisedDate: null },
  { category: 'KEYSAFE', priority: '2', description: 'Key safe by front door: code held by the duty team', raisedDate: null },
  { category: 'ACCESS', priority: '3', description: 'Dog on premises: call before visiting', raisedDate: null },
  { category: 'SAFEG', priority: '1', description: 'Open safeguarding enquiry: discuss with the team manager before any contact with family', raisedDate: null },
  { category: 'RSKSELF', priority: '1', description: 'History of self-neglect in cold weather', raisedDate: null },
  { category: 'RSKOTH', priority: '2', description: 'Smokes in bed: fire service home safety visit done', raisedDate: null },
  { category: 'MEDIC', priority: '2', description: 'Insulin-dependent diabetes: meals must not be missed', raisedDate: null },
  { category: 'DNACPR', priority: '1', description: 'DNACPR in place: form kept in the kitchen drawer', raisedDate: null },
  { category: 'INTERP', priority: '3', description: 'Interpreter needed for assessments', raisedDate: null },
  { category: 'FINAPP', priority: '3', description: 'Financial assessment outstanding', raisedDate: null },
];

const PROVIDERS = ['Brackley Home Care Ltd', 'Northgate Community Care', 'Holmfield Care at Home', 'Saltwell Support Services'];
const FEMALE_NAMES = ['Karen', 'Julie', 'Lisa', 'Nadia', 'Emma', 'Joanne'];
const MALE_NAMES = ['Mark', 'Paul', 'Andrew', 'Tariq', 'Stuart', 'Neil'];
/** Relationships with the given names that fit them. */
const RELATIONSHIPS: readonly [string, readonly string[]][] = [
  ['Daughter', FEMALE_NAMES],
  ['Son', MALE_NAMES],
  ['Wife', FEMALE_NAMES],
  ['Husband', MALE_NAMES],
  ['Niece', FEMALE_NAMES],
  ['Neighbour', [...FEMALE_NAMES, ...MALE_NAMES]],
  ['Friend', [...FEMALE_NAMES, ...MALE_NAMES]],
];
const OTHER_FAMILY_NAMES = ['Ogden', 'Sutcliffe', 'Haigh', 'Whiteley', 'Bashir', 'Crowther'];

/** Each CAREFIRST-linked person of `hub` by client ref. */
export function careFirstClients(hub: SyntheticHub): ReadonlyMap<string, ClientSummary> {
  const customers = new Map(hub.customers.map((customer) => [customer.id, customer]));
  const clients = new Map<string, ClientSummary>();
  for (const identity of hub.identities) {
    const customer = customers.get(identity.customerId);
    if (identity.system === 'CAREFIRST' && customer !== undefined) clients.set(identity.localId, clientSummary(identity.localId, customer));
  }
  return clients;
}

function clientSummary(clientRef: string, customer: CustomerRecord): ClientSummary {
  const random = new SeededRandom(hashOf(clientRef));
  const status = random.weighted<CaseStatusCode>([['ALLOC', 45], ['UNALLOC', 15], ['OPEN', 10], ['REVW', 10], ['CLOSED', 20]]);
  const openedDaysAgo = random.int(30, 2_500);
  const withWorker = status === 'ALLOC' || status === 'REVW';
  return {
    clientRef,
    forename: customer.name.given,
    surname: customer.name.family,
    dateOfBirth: customer.dateOfBirth,
    nhsNumber: customer.nhsNumber,
    case: {
      status,
      openDate: daysAgo(openedDaysAgo),
      worker: withWorker ? { name: random.pick(WORKERS), role: random.pick(ROLES), phone: `0113 496 0${digits(random, 3)}` } : null,
      team: status === 'CLOSED' && random.chance(0.5) ? null : random.pick(TEAMS),
    },
    alerts: distinct(random, ALERTS, random.weighted([[0, 45], [1, 30], [2, 18], [3, 7]])).map((alert) => ({ ...alert, raisedDate: daysAgo(random.int(0, openedDaysAgo)) })),
    package: status === 'UNALLOC' || random.chance(0.3) ? null : carePackage(random, status, openedDaysAgo),
    carers: carers(random, customer.name.family),
  };
}

function carePackage(random: SeededRandom, status: CaseStatusCode, openedDaysAgo: number): NonNullable<ClientSummary['package']> {
  const packageStatus = status === 'CLOSED' ? 'ENDED' : random.weighted([['LIVE', 80], ['PROPOSED', 10], ['ONHOLD', 10]] as const);
  const homeCareHours = random.pick([3.5, 5.25, 7, 10.5, 14, 21]);
  const services: NonNullable<ClientSummary['package']>['services'] = [{ serviceType: 'Home care', provider: random.pick(PROVIDERS), hoursPerWeek: homeCareHours }];
  // Weekly costs at plausible council rates: home care by the hour, the rest by the week.
  let weeklyCostPence = Math.round(homeCareHours * 2_340);
  if (random.chance(0.3)) {
    services.push({ serviceType: 'Day centre', provider: 'Mill Lane Day Centre', hoursPerWeek: 6 });
    weeklyCostPence += 4_500;
  }
  if (random.chance(0.3)) {
    services.push({ serviceType: 'Meals', provider: null, hoursPerWeek: null });
    weeklyCostPence += 2_800;
  }
  if (random.chance(0.4)) {
    services.push({ serviceType: 'Telecare', provider: 'Northgate Careline', hoursPerWeek: null });
    weeklyCostPence += 450;
  }
  const startedDaysAgo = random.int(0, openedDaysAgo);
  return {
    status: packageStatus,
    startDate: packageStatus === 'PROPOSED' ? null : daysAgo(startedDaysAgo),
    endDate: packageStatus === 'ENDED' ? daysAgo(random.int(0, startedDaysAgo)) : null,
    weeklyCostPence: random.chance(0.9) ? weeklyCostPence : null,
    services,
  };
}

function carers(random: SeededRandom, familyName: string): ClientSummary['carers'] {
  return Array.from({ length: random.weighted([[0, 40], [1, 45], [2, 15]]) }, (_, index) => {
    const [relationship, givenNames] = random.pick(RELATIONSHIPS);
    const family = relationship === 'Neighbour' || relationship === 'Friend' ? random.pick(OTHER_FAMILY_NAMES) : familyName;
    return {
      name: `${random.pick(givenNames)} ${family}`,
      relationship,
      phone: random.chance(0.9) ? `07700 900${digits(random, 3)}` : null,
      livesWithClient: relationship === 'Wife' || relationship === 'Husband',
      mainCarer: index === 0,
    };
  });
}

/** `count` different items of `items`, in a random order. */
function distinct<T>(random: SeededRandom, items: readonly T[], count: number): T[] {
  const left = [...items];
  return Array.from({ length: Math.min(count, left.length) }, () => left.splice(random.int(0, left.length - 1), 1)[0]!);
}

function digits(random: SeededRandom, length: number): string {
  return String(random.int(0, 10 ** length - 1)).padStart(length, '0');
}

function daysAgo(days: number): string {
  return formatIsoInstant(REFERENCE_DAY - days * DAY).slice(0, 10);
}

/** FNV-1a: a stable 32-bit seed from the client ref. */
function hashOf(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}
