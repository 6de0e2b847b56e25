/**
 * The people the community health simulator holds: every synthetic hub
 * customer with an NHS number is a Patient there, and about two in five are
 * on a district nursing or community therapy caseload (a few on both, some
 * with an episode since finished). The episodes are drawn from a generator
 * seeded with the NHS number, with dates counting back from a fixed day, so
 * a person's involvement is the same on every start and every machine.
 */
import type { CommunityService } from '../../src/community-health/ports.js';
import { FAMILY_NAMES, FEMALE_NAMES, MALE_NAMES, SeededRandom, type SyntheticHub } from '../../src/seed/ports.js';
import { formatIsoInstant } from '../../src/time/instants.js';
import type { SimulatedEpisode, SimulatedPatient } from './translate.js';

const DAY = 24 * 3_600_000;
/** Episode dates count back from here, not from today, so that they do not move between starts. */
const REFERENCE_DAY = Date.UTC(2026, 0, 1);
/** Mixed into the NHS number so that involvements do not follow the hub's own draws. */
const SALT = 0x5_1a7e;
const ORGANISATION = 'Northgate Community Health Services';

const TEAMS: Readonly<Record<Exclude<CommunityService, 'OTHER'>, readonly string[]>> = {
  DISTRICT_NURSING: ['District Nursing North', 'District Nursing South', 'District Nursing East', 'Evening and Night District Nursing'],
  COMMUNITY_THERAPY: ['Community Therapy North', 'Community Therapy South', 'Intermediate Care Therapy'],
};
const ROLES: Readonly<Record<Exclude<CommunityService, 'OTHER'>, readonly string[]>> = {
  DISTRICT_NURSING: ['District Nurse', 'Community Staff Nurse', 'Healthcare Assistant'],
  COMMUNITY_THERAPY: ['Physiotherapist', 'Occupational Therapist', 'Therapy Assistant'],
};

/** Every Patient of the hub, by NHS number. */
export function communityPatientsOf(hub: SyntheticHub): Map<string, SimulatedPatient> {
  const patients = new Map<string, SimulatedPatient>();
  for (const customer of hub.customers) {
    if (customer.nhsNumber === null || patients.has(customer.nhsNumber)) continue;
    const patientId = `pat-${customer.nhsNumber}`;
    patients.set(customer.nhsNumber, { patientId, nhsNumber: customer.nhsNumber, episodes: episodesOf(customer.nhsNumber) });
  }
  return patients;
}

function episodesOf(nhsNumber: string): SimulatedEpisode[] {
  const random = new SeededRandom(Number(nhsNumber.slice(-9)) ^ SALT);
  const services = random.weighted<Exclude<CommunityService, 'OTHER'>[]>([
    [[], 58],
    [['DISTRICT_NURSING'], 24],
    [['COMMUNITY_THERAPY'], 12],
    [['DISTRICT_NURSING', 'COMMUNITY_THERAPY'], 6],
  ]);
  const active = services.map((service, index) => episode(random, `${nhsNumber}-${index + 1}`, service, 'active'));
  // A finished episode is on the record but never in an active search.
  const finished = random.chance(0.15) ? [episode(random, `${nhsNumber}-9`, random.pick(['DISTRICT_NURSING', 'COMMUNITY_THERAPY'] as const), 'finished')] : [];
  return [...active, ...finished];
}

function episode(random: SeededRandom, id: string, service: Exclude<CommunityService, 'OTHER'>, status: SimulatedEpisode['status']): SimulatedEpisode {
  const members = Array.from({ length: random.int(1, 3) }, (_, index) => {
    const female = random.chance(0.7);
    return {
      practitionerId: `prac-${id}-${index + 1}`,
      name: `${random.pick(female ? FEMALE_NAMES : MALE_NAMES)} ${random.pick(FAMILY_NAMES)}`,
      // The first is a registered professional, who leads.
      role: index === 0 ? ROLES[service][random.int(0, 1)]! : random.pick(ROLES[service]),
    };
  });
  return {
    id: `eoc-${id}`,
    status,
    service,
    since: formatIsoInstant(REFERENCE_DAY - random.int(7, 3 * 365) * DAY).slice(0, 10),
    organisation: ORGANISATION,
    team: {
      id: `ct-${id}`,
      name: random.pick(TEAMS[service]),
      // Phone numbers from the Ofcom drama range.
      phone: random.chance(0.9) ? `0113 496 1${String(random.int(0, 999)).padStart(3, '0')}` : null,
      members,
    },
    careManager: random.chance(0.8) ? 0 : null,
  };
}
