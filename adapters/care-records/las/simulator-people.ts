/**
 * The people the LAS simulator holds: the synthetic hub's customers linked to
 * LAS (`identities` with system LAS), with who they are taken from the hub
 * and their case made up here. The case is drawn from a generator seeded
 * with the LAS person id, and its dates count back from a fixed day, so a
 * person's case is the same on every start and every machine, whatever else
 * the hub holds.
 */
import type { CarePackage, Carer, CareRecordAlert, CaseStatus } from '../../../src/care-records/ports.js';
import { FAMILY_NAMES, FEMALE_NAMES, MALE_NAMES, SeededRandom, type SyntheticHub } from '../../../src/seed/ports.js';
import { formatIsoInstant } from '../../../src/time/instants.js';
import type { LasPersonRecord } from './translate.js';
import * as words from './simulator-vocabulary.js';

const DAY = 24 * 3_600_000;
/** Case dates count back from here, not from today, so that they do not move between starts. */
const CASE_REFERENCE_DAY = Date.UTC(2026, 0, 1);
/** Mixed into the person id so that cases do not follow the hub's own draws. */
const SALT = 0x1a5_cafe;

/** Every LAS person of the hub, by LAS person id. */
export function lasPeopleOf(hub: SyntheticHub): Map<string, LasPersonRecord> {
  const customers = new Map(hub.customers.map((customer) => [customer.id, customer]));
  const people = new Map<string, LasPersonRecord>();
  for (const identity of hub.identities) {
    const customer = identity.system === 'LAS' ? customers.get(identity.customerId) : undefined;
    if (customer === undefined) continue;
    const person = { familyName: customer.name.family, givenName: customer.name.given, dateOfBirth: customer.dateOfBirth, nhsNumber: customer.nhsNumber };
    people.set(identity.localId, { localId: identity.localId, person, ...new CaseFactory(identity.localId, person.familyName).case() });
  }
  return people;
}

type Case = Omit<LasPersonRecord, 'localId' | 'person'>;

class CaseFactory {
  private readonly random: SeededRandom;

  constructor(
    localId: string,
    private readonly familyName: string,
  ) {
    this.random = new SeededRandom(Number(localId) ^ SALT);
  }

  case(): Case {
    const { random } = this;
    const status = random.weighted<CaseStatus>([['ALLOCATED', 72], ['AWAITING_ALLOCATION', 18], ['CLOSED', 10]]);
    const openedDaysAgo = random.int(20, 6 * 365);
    const team = random.pick(words.TEAMS);
    return {
      caseStatus: status,
      caseOpenedOn: this.daysAgo(openedDaysAgo),
      allocatedWorker: status === 'ALLOCATED' ? this.worker() : null,
      // A closed case is no team's; one awaiting allocation sits in a team's queue.
      team: status === 'CLOSED' ? null : { ...team },
      alerts: this.alerts(openedDaysAgo),
      carePackage: this.carePackage(status, openedDaysAgo),
      carers: this.carers(),
    };
  }

  private worker(): NonNullable<Case['allocatedWorker']> {
    const { random } = this;
    return {
      name: random.pick(words.WORKERS),
      role: random.weighted(words.WORKER_ROLES),
      phone: random.chance(0.85) ? `0113 496 0${this.threeDigits()}` : null,
    };
  }

  private alerts(openedDaysAgo: number): CareRecordAlert[] {
    const { random } = this;
    const count = random.weighted([[0, 35], [1, 35], [2, 20], [3, 10]]);
    const chosen = new Set<(typeof words.ALERTS)[number]>();
    while (chosen.size < count) chosen.add(random.pick(words.ALERTS));
    return [...chosen].map(({ category, text, severity }) => ({
      category,
      description: text,
      // Some alerts came over from the system before LAS, without a date.
      raisedOn: random.chance(0.9) ? this.daysAgo(random.int(0, openedDaysAgo)) : null,
      severity,
    }));
  }

  /** Many open cases have home care; a closed one has an ended package, or none. */
  private carePackage(status: CaseStatus, openedDaysAgo: number): CarePackage | null {
    const { random } = this;
    if (!random.chance(status === 'CLOSED' ? 0.4 : 0.65)) return null;
    const packageStatus = status === 'CLOSED' ? 'ENDED' : random.weighted<CarePackage['status']>([['ACTIVE', 70], ['SUSPENDED', 18], ['PLANNED', 12]]);
    const startedDaysAgo = random.int(0, openedDaysAgo);
    // One to four calls a day, every day, of half an hour or three quarters.
    const homeCareHours = random.int(1, 4) * random.pick([0.5, 0.75]) * 7;
    const others = words.OTHER_SERVICES.filter(() => random.chance(0.3));
    const services = [
      { type: 'Home care', provider: random.pick(words.HOME_CARE_PROVIDERS), hoursPerWeek: homeCareHours },
      ...others.map(({ type, provider, hoursPerWeek }) => ({ type, provider, hoursPerWeek })),
    ];
    const weeklyPence = homeCareHours * words.HOME_CARE_PENCE_PER_HOUR + others.reduce((sum, service) => sum + service.weeklyPence, 0);
    return {
      status: packageStatus,
      // A planned package starts in the coming fortnight.
      startDate: packageStatus === 'PLANNED' ? this.daysAgo(-random.int(1, 14)) : this.daysAgo(startedDaysAgo),
      endDate: packageStatus === 'ENDED' ? this.daysAgo(random.int(0, startedDaysAgo)) : null,
      // Costs are not always on the record (a direct payment, a package still being costed).
      weeklyCostPence: random.chance(0.9) ? Math.round(weeklyPence) : null,
      services,
    };
  }

  private carers(): Carer[] {
    const { random } = this;
    const count = random.weighted([[0, 40], [1, 45], [2, 15]]);
    return Array.from({ length: count }, (_, index) => {
      const relationship = random.pick(words.CARER_RELATIONSHIPS);
      const male = /^(Son|Husband)$/.test(relationship);
      const family = ['Neighbour', 'Friend'].includes(relationship) || random.chance(0.3) ? random.pick(FAMILY_NAMES) : this.familyName;
      return {
        name: `${random.pick(male ? MALE_NAMES : FEMALE_NAMES)} ${family}`,
        relationship,
        phone: random.chance(0.9) ? `07700 900${this.threeDigits()}` : null,
        livesWithPerson: words.LIVE_IN_RELATIONSHIPS.has(relationship),
        mainCarer: index === 0,
      };
    });
  }

  private daysAgo(days: number): string {
    return formatIsoInstant(CASE_REFERENCE_DAY - days * DAY).slice(0, 10);
  }

  private threeDigits(): string {
    return String(this.random.int(0, 999)).padStart(3, '0');
  }
}
