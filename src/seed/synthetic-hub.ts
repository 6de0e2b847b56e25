/**
 * The synthetic Locality Hub: about 1,500 invented people with their
 * referrals and equipment orders, generated deterministically from a seed
 * and an anchor day. Pure: it returns records; seed-store.ts writes them.
 * Histories are built by running the real state machines, so the data obeys
 * the same rules as data made through the API.
 */
import type { CustomerIdentityRecord, CustomerRecord } from '../customers/customer.js';
import { nhsCheckDigit } from '../customers/nhs-number.js';
import type { EquipmentOrderEventRecord, EquipmentOrderRecord, OrderLineRecord } from '../equipment/equipment-order.js';
import { moveEquipmentOrder } from '../equipment/order-state-machine.js';
import { SUPPLIER_ACTOR } from '../equipment/ports.js';
import type { ActorRecord } from '../auth/viewer.js';
import type {
  DischargePathway,
  EquipmentOrderStatus,
  Organisation,
  Phone,
  ReferralPriority,
  ReferralSource,
  ReferralStatus,
  RelatedPerson,
  RiskFlag,
  Sex,
} from '../generated/graphql.js';
import type { OrganisationKind } from '../organisations/organisation-repository.js';
import type { PersonDetails } from '../referrals/discharge-message.js';
import type { ReferralEventRecord, ReferralRecord } from '../referrals/referral.js';
import { feedActor } from '../referrals/feed-actor.js';
import {
  applyReferralCommand,
  receiveReferral,
  type ReferralCommand,
  type ReferralTransition,
} from '../referrals/referral-state-machine.js';
import { UnreachableCaseError } from '../errors.js';
import { SeededRandom } from './random.js';
import * as words from './synthetic-vocabulary.js';

export interface SyntheticHub {
  organisations: (Organisation & { kind: OrganisationKind })[];
  customers: CustomerRecord[];
  identities: CustomerIdentityRecord[];
  referrals: ReferralRecord[];
  referralEvents: ReferralEventRecord[];
  equipmentOrders: EquipmentOrderRecord[];
  equipmentOrderEvents: EquipmentOrderEventRecord[];
}

export interface SyntheticHubOptions {
  seed?: number;
  customers?: number;
  /** Dates are laid out before this instant; the default is the start of today (UTC). */
  anchor?: Date;
}

export const DEFAULT_SEED = 20_261_123;
export const DEFAULT_CUSTOMERS = 1_500;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * Who people are does not depend on the day the hub is generated: dates of
 * birth count back from this fixed day, so the simulators of other systems,
 * regenerating the same people later, describe them identically.
 */
const BIRTH_REFERENCE_DAY = Date.UTC(2026, 0, 1);

const PREFERRED_NAMES: Readonly<Record<string, string>> = {
  Margaret: 'Peggy', Elizabeth: 'Betty', Patricia: 'Pat', Susan: 'Sue', Dorothy: 'Dot', Kathleen: 'Kath',
  William: 'Bill', Robert: 'Bob', Anthony: 'Tony', Kenneth: 'Ken', Michael: 'Mick', Terence: 'Terry',
};

export function generateSyntheticHub(options: SyntheticHubOptions = {}): SyntheticHub {
  const random = new SeededRandom(options.seed ?? DEFAULT_SEED);
  const anchor = options.anchor ?? startOfTodayUtc();
  const hub: SyntheticHub = {
    organisations: [
      ...words.TRUSTS.map((trust) => ({ ...trust, kind: 'TRUST' as const })),
      ...words.GP_PRACTICES.map((practice) => ({ ...practice, kind: 'GP_PRACTICE' as const })),
    ],
    customers: [],
    identities: [],
    referrals: [],
    referralEvents: [],
    equipmentOrders: [],
    equipmentOrderEvents: [],
  };
  const people = new PersonFactory(random, anchor);
  for (let i = 0; i < (options.customers ?? DEFAULT_CUSTOMERS); i++) {
    const customer = people.customer();
    hub.customers.push(customer);
    hub.identities.push(...people.identities(customer));
    const referrals = new ReferralFactory(random, anchor, customer);
    // A quarter of people have been with the hub before.
    if (random.chance(0.25)) keep(hub, referrals.previous());
    const current = referrals.current();
    keep(hub, current);
    const trust = current.referral.referringTrustOdsCode;
    if (trust) hub.identities.push(pasIdentity(random, customer, trust, current.referral.receivedAt));
    if (['ACCEPTED', 'CLOSED'].includes(current.referral.status) && random.chance(0.45)) {
      const { order, events } = equipmentOrderFor(random, anchor, customer, current.referral, current.events);
      hub.equipmentOrders.push(order);
      hub.equipmentOrderEvents.push(...events);
    }
  }
  return hub;
}

function keep(hub: SyntheticHub, made: { referral: ReferralRecord; events: ReferralEventRecord[] }): void {
  hub.referrals.push(made.referral);
  hub.referralEvents.push(...made.events);
}

function startOfTodayUtc(): Date {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}

class PersonFactory {
  private readonly nhsNumbers = new Set<string>();
  private localIds = 0;

  constructor(
    private readonly random: SeededRandom,
    private readonly anchor: Date,
  ) {}

  customer(): CustomerRecord {
    const { random } = this;
    const sex = random.weighted<Sex>([['FEMALE', 58], ['MALE', 41], ['UNKNOWN', 1]]);
    const given = random.pick(sex === 'MALE' ? words.MALE_NAMES : words.FEMALE_NAMES);
    const family = random.pick(words.FAMILY_NAMES);
    const created = new Date(this.anchor.getTime() - random.int(30, 900) * DAY);
    return {
      id: random.uuid(),
      // Not every referral carries an NHS number.
      nhsNumber: random.chance(0.95) ? this.nhsNumber() : null,
      name: {
        title: random.chance(0.01) ? 'Dr' : sex === 'MALE' ? 'Mr' : sex === 'FEMALE' ? random.pick(['Mrs', 'Mrs', 'Miss', 'Ms']) : null,
        given,
        family,
        preferred: random.chance(0.5) ? (PREFERRED_NAMES[given] ?? null) : null,
      },
      dateOfBirth: this.dateOfBirth(),
      sex,
      address: random.chance(0.98) ? this.address() : null,
      phones: this.phones(),
      gpPracticeOdsCode: random.pick(words.GP_PRACTICES).odsCode,
      // The council's own records: no trust's message changes them.
      demographicsTrust: null,
      deathReports: [],
      communication: this.communication(),
      contacts: this.contacts(family),
      createdAt: created,
      updatedAt: created,
    };
  }

  identities(customer: CustomerRecord): CustomerIdentityRecord[] {
    const { random } = this;
    const linkedAt = customer.createdAt;
    const systems = random.weighted([[['LAS'], 65], [['CAREFIRST'], 30], [['LAS', 'CAREFIRST'], 5]]);
    return systems.map((system) => ({
      customerId: customer.id,
      system,
      localId: system === 'LAS' ? String(4_100_000 + ++this.localIds) : `CF${String(200_000 + ++this.localIds).padStart(7, '0')}`,
      needsReview: false,
      linkedAt,
    }));
  }

  /** Unique numbers from the 999 range, which the NHS keeps for testing and never issues. */
  private nhsNumber(): string {
    for (;;) {
      const stem = `999${String(this.random.int(0, 999_999)).padStart(6, '0')}`;
      const check = nhsCheckDigit(stem);
      const nhsNumber = `${stem}${check}`;
      if (check !== null && !this.nhsNumbers.has(nhsNumber)) {
        this.nhsNumbers.add(nhsNumber);
        return nhsNumber;
      }
    }
  }

  private dateOfBirth(): string {
    const age = this.random.weighted<[number, number]>([[[18, 64], 10], [[65, 79], 35], [[80, 94], 48], [[95, 102], 7]]);
    const days = this.random.int(age[0] * 365, age[1] * 365 + 364);
    return new Date(BIRTH_REFERENCE_DAY - days * DAY).toISOString().slice(0, 10);
  }

  private address(): NonNullable<CustomerRecord['address']> {
    const { random } = this;
    const flat = random.chance(0.15) ? `Flat ${random.int(1, 24)}, ` : '';
    const locality = random.pick(words.LOCALITIES);
    const letters = words.POSTCODE_LETTERS;
    return {
      lines: [`${flat}${random.int(1, 180)} ${random.pick(words.STREETS)}`, ...(locality ? [locality] : [])],
      town: words.TOWN,
      postcode: `NX${random.int(1, 9)} ${random.int(1, 9)}${random.pick([...letters])}${random.pick([...letters])}`,
    };
  }

  private phones(): Phone[] {
    const { random } = this;
    const phones: Phone[] = [];
    if (random.chance(0.85)) phones.push({ number: `01632 960${String(random.int(0, 999)).padStart(3, '0')}`, use: 'HOME' });
    if (random.chance(0.5)) phones.push({ number: `07700 900${String(random.int(0, 999)).padStart(3, '0')}`, use: 'MOBILE' });
    return phones;
  }

  private communication(): CustomerRecord['communication'] {
    const { random } = this;
    const interpreterRequired = random.chance(0.07);
    return {
      preferredLanguage: interpreterRequired ? random.pick(words.LANGUAGES) : 'English',
      interpreterRequired,
      notes: random.chance(0.15) ? random.pick(words.COMMUNICATION_NOTES) : null,
    };
  }

  private contacts(family: string): RelatedPerson[] {
    const { random } = this;
    if (!random.chance(0.8)) return [];
    const relationship = random.pick(words.RELATIONSHIPS);
    const given = random.pick(relationship.match(/Son|Husband|Grandson/) ? words.MALE_NAMES : words.FEMALE_NAMES);
    const sameFamily = !['Neighbour', 'Friend'].includes(relationship) && random.chance(0.7);
    return [
      {
        name: `${given} ${sameFamily ? family : random.pick(words.FAMILY_NAMES)}`,
        relationship,
        phone: `07700 900${String(random.int(0, 999)).padStart(3, '0')}`,
        address: null,
        isNextOfKin: relationship !== 'Neighbour' && relationship !== 'Friend',
        isMainCarer: random.chance(0.4),
      },
    ];
  }
}

/** A customer as a trust's referral described them: its feeds trace NHS numbers against the national register. */
function personAsSent(customer: CustomerRecord): PersonDetails {
  return {
    nhsNumber: customer.nhsNumber,
    nhsNumberVerified: customer.nhsNumber !== null,
    localIds: [],
    title: customer.name.title,
    givenName: customer.name.given,
    familyName: customer.name.family,
    dateOfBirth: customer.dateOfBirth,
    sex: customer.sex,
    address: customer.address,
    phones: customer.phones,
    gpPracticeOdsCode: customer.gpPracticeOdsCode,
  };
}

function pasIdentity(random: SeededRandom, customer: CustomerRecord, trust: string, at: Date): CustomerIdentityRecord {
  return {
    customerId: customer.id,
    system: `PAS:${trust}`,
    localId: `${trust}${String(random.int(0, 9_999_999)).padStart(7, '0')}`,
    needsReview: false,
    linkedAt: at,
  };
}

class ReferralFactory {
  constructor(
    private readonly random: SeededRandom,
    private readonly anchor: Date,
    private readonly customer: CustomerRecord,
  ) {}

  /** An earlier episode, finished months ago. */
  previous(): { referral: ReferralRecord; events: ReferralEventRecord[] } {
    const received = this.before(this.random.int(120, 360) * DAY);
    return this.through(received, this.random.weighted<ReferralStatus>([['CLOSED', 85], ['DECLINED', 10], ['WITHDRAWN', 5]]));
  }

  /** The referral the hub is working on now, or finished recently. */
  current(): { referral: ReferralRecord; events: ReferralEventRecord[] } {
    const { random } = this;
    const status = random.weighted<ReferralStatus>([
      ['RECEIVED', 10], ['TRIAGED', 14], ['ACCEPTED', 62], ['DECLINED', 5], ['WITHDRAWN', 3], ['CLOSED', 6],
    ]);
    const ageDays: Record<ReferralStatus, [number, number]> = {
      RECEIVED: [0, 3], TRIAGED: [1, 7], ACCEPTED: [3, 42], DECLINED: [5, 60], WITHDRAWN: [5, 60], CLOSED: [43, 110],
    };
    const [min, max] = ageDays[status];
    return this.through(this.before(random.int(min * 24, max * 24) * HOUR + random.int(0, HOUR)), status);
  }

  private before(ms: number): Date {
    return new Date(this.anchor.getTime() - ms);
  }

  /** Runs a referral from RECEIVED through the state machine to `status`, each step some hours after the last. */
  private through(received: Date, status: ReferralStatus): { referral: ReferralRecord; events: ReferralEventRecord[] } {
    const { random } = this;
    const source = random.weighted<ReferralSource>([
      ['HOSPITAL_DISCHARGE', 70], ['COMMUNITY_HEALTH', 12], ['GP', 10], ['SELF', 5], ['OTHER', 3],
    ]);
    const trust = source === 'HOSPITAL_DISCHARGE' ? random.pick(words.TRUSTS).odsCode : null;
    const needs = random.pick(words.NEEDS);
    const fromHospital = trust !== null;
    const admitted = fromHospital ? new Date(received.getTime() - random.int(2, 20) * DAY) : null;
    const expectedDischarge = fromHospital ? new Date(received.getTime() + random.int(0, 5) * DAY) : null;
    const proposedPathway = fromHospital && random.chance(0.4) ? this.pathway() : null;
    const start = receiveReferral(
      {
        id: random.uuid(),
        customerId: this.customer.id,
        source,
        referringTrustOdsCode: trust,
        // The synthetic hub's older referrals predate the gateway recording referrers.
        referrer: null,
        ward: fromHospital ? random.pick(words.WARDS) : null,
        admittedAt: admitted,
        expectedDischargeOn: expectedDischarge?.toISOString().slice(0, 10) ?? null,
        dischargeReadyOn: fromHospital && random.chance(0.6) ? expectedDischarge!.toISOString().slice(0, 10) : null,
        dischargedAt: null,
        pathway: proposedPathway,
        priority: null,
        needsSummary: needs.summary,
        risks: { flags: [...needs.flags] as RiskFlag[], notes: needs.flags.length ? null : 'No specific risks identified by ward.' },
        assignedTeam: null,
        assignedWorker: null,
        hospitalSpell: null,
        // What the trust's referral said of the person: hospital teams see this, never the council's record.
        referredPerson: fromHospital ? personAsSent(this.customer) : null,
        identityLink: null,
        businessResponseTo: null,
      },
      trust ? feedActor(trust) : this.coordinator(),
      received,
    );
    const commands = this.commandsTo(status, proposedPathway);
    const timeline = new Timeline(random, received, this.anchor, commands.length);
    const steps: ReferralTransition[] = [start];
    for (const [command, gapHours] of commands) {
      steps.push(applyReferralCommand(steps.at(-1)!.referral, command, this.coordinator(), timeline.next(gapHours)));
    }
    const referral = { ...steps.at(-1)!.referral };
    if (fromHospital && ['ACCEPTED', 'CLOSED'].includes(status)) {
      const discharged = new Date(Math.min(expectedDischarge!.getTime() + random.int(8, 18) * HOUR, this.anchor.getTime() - HOUR));
      referral.dischargedAt = discharged;
    }
    return { referral, events: steps.map((step) => step.event) };
  }

  /** The hub's decisions that take a new referral to `status`, each with its usual delay in hours. */
  private commandsTo(status: ReferralStatus, proposedPathway: DischargePathway | null): [ReferralCommand, [number, number]][] {
    const { random } = this;
    const triage: [ReferralCommand, [number, number]] = [
      {
        kind: 'triage',
        pathway: proposedPathway ?? this.pathway(),
        priority: random.weighted<ReferralPriority>([['URGENT', 15], ['HIGH', 35], ['ROUTINE', 50]]),
        reason: random.pick([
          'Medically optimised; needs short-term reablement at home.',
          'Ward therapy assessment supports discharge home with care.',
          'Needs bed-based rehabilitation before going home.',
          'Family support in place; equipment only.',
        ]),
      },
      [1, 20],
    ];
    const accept: [ReferralCommand, [number, number]] = [
      {
        kind: 'accept',
        assignedTeam: random.pick(words.HUB_TEAMS),
        assignedWorker: random.chance(0.9) ? random.pick(words.HUB_WORKERS) : null,
        note: null,
      },
      [1, 30],
    ];
    switch (status) {
      case 'RECEIVED':
        return [];
      case 'TRIAGED':
        return [triage];
      case 'ACCEPTED':
        return [triage, accept];
      case 'CLOSED':
        return [
          triage,
          accept,
          [
            { kind: 'close', reason: random.pick(['Reablement goals met; independent.', 'Moved to long-term care package.', 'Readmitted to hospital.']) },
            [10 * 24, 42 * 24],
          ],
        ];
      case 'DECLINED': {
        const decline: [ReferralCommand, [number, number]] = [
          { kind: 'decline', reason: random.pick(['Needs met by existing care package.', 'Out of area: lives in a neighbouring council.', 'Declined support when contacted.']) },
          [1, 48],
        ];
        return random.chance(0.5) ? [triage, decline] : [decline];
      }
      case 'WITHDRAWN':
        return [[{ kind: 'withdraw', reason: 'Discharge cancelled by ward: condition deteriorated.' }, [1, 48]]];
      default:
        throw new UnreachableCaseError(status);
    }
  }

  private pathway(): DischargePathway {
    return this.random.weighted<DischargePathway>([['PATHWAY_0', 10], ['PATHWAY_1', 60], ['PATHWAY_2', 20], ['PATHWAY_3', 10]]);
  }

  private coordinator(): ActorRecord {
    return { ...this.random.pick(words.HUB_STAFF) };
  }
}

/** Where orders of open and closed referrals have got to, by weight. */
const OPEN_REFERRAL_ORDER_STATUSES: readonly (readonly [EquipmentOrderStatus, number])[] = [
  ['DELIVERED', 52], ['SCHEDULED', 12], ['ACCEPTED', 6], ['SUBMITTED', 5], ['AWAITING_AUTHORISATION', 5],
  ['DELIVERY_FAILED', 5], ['CANCELLED', 4], ['OUT_FOR_DELIVERY', 3], ['REJECTED', 2],
];
const CLOSED_REFERRAL_ORDER_STATUSES: readonly (readonly [EquipmentOrderStatus, number])[] = [
  ['COLLECTED', 50], ['COLLECTION_REQUESTED', 20], ['DELIVERED', 30],
];

/** For orders still in flight, how many hours before the anchor they were placed; others follow acceptance. */
const IN_FLIGHT_AGE_HOURS: Partial<Record<EquipmentOrderStatus, [number, number]>> = {
  AWAITING_AUTHORISATION: [1, 20],
  SUBMITTED: [1, 6],
  ACCEPTED: [3, 20],
  REJECTED: [2, 48],
  SCHEDULED: [12, 60],
  OUT_FOR_DELIVERY: [20, 60],
  DELIVERY_FAILED: [24, 72],
  CANCELLED: [5, 100],
};

/** The statuses an order passes through on its way to `final`, after DRAFT. */
function orderPath(final: EquipmentOrderStatus, special: boolean, failedOnce: boolean): EquipmentOrderStatus[] {
  const submitted: EquipmentOrderStatus[] = special ? ['AWAITING_AUTHORISATION', 'SUBMITTED'] : ['SUBMITTED'];
  const scheduled: EquipmentOrderStatus[] = [...submitted, 'ACCEPTED', 'SCHEDULED'];
  const delivered: EquipmentOrderStatus[] = [...scheduled, ...(failedOnce ? ['DELIVERY_FAILED', 'SCHEDULED'] as const : []), 'DELIVERED'];
  switch (final) {
    case 'DRAFT':
      return [];
    case 'AWAITING_AUTHORISATION':
      return ['AWAITING_AUTHORISATION'];
    case 'SUBMITTED':
      return submitted;
    case 'ACCEPTED':
    case 'REJECTED':
      return [...submitted, final];
    case 'CANCELLED':
      return [...submitted, 'CANCELLED'];
    case 'SCHEDULED':
      return scheduled;
    case 'OUT_FOR_DELIVERY':
    case 'DELIVERY_FAILED':
      return [...scheduled, final];
    case 'DELIVERED':
      return delivered;
    case 'COLLECTION_REQUESTED':
      return [...delivered, 'COLLECTION_REQUESTED'];
    case 'COLLECTED':
      return [...delivered, 'COLLECTION_REQUESTED', 'COLLECTED'];
    default:
      throw new UnreachableCaseError(final);
  }
}

/** An order placed after the referral was accepted, moved through the state machine as far as its chosen status. */
function equipmentOrderFor(
  random: SeededRandom,
  anchor: Date,
  customer: CustomerRecord,
  referral: ReferralRecord,
  referralEvents: ReferralEventRecord[],
): { order: EquipmentOrderRecord; events: EquipmentOrderEventRecord[] } {
  const final = random.weighted(referral.status === 'CLOSED' ? CLOSED_REFERRAL_ORDER_STATUSES : OPEN_REFERRAL_ORDER_STATUSES);
  const accepted = referralEvents.find((event) => event.action === 'ACCEPTED')!;
  const soonAfterAccepting = accepted.at.getTime() + Math.min(random.int(10, 240) * 60_000, (anchor.getTime() - accepted.at.getTime()) / 2);
  const inFlight = IN_FLIGHT_AGE_HOURS[final];
  const placedAt = new Date(
    inFlight ? Math.max(soonAfterAccepting, anchor.getTime() - random.int(inFlight[0] * 60, inFlight[1] * 60) * 60_000) : soonAfterAccepting,
  );

  const items = new Set<(typeof words.CATALOGUE)[number]>();
  const lineCount = random.int(1, 3);
  while (items.size < lineCount) items.add(random.pick(words.CATALOGUE.filter((item) => !item.special)));
  // An order waiting for an OT is waiting because of a special item.
  if (final === 'AWAITING_AUTHORISATION' || random.chance(0.1)) items.add(random.pick(words.CATALOGUE.filter((item) => item.special)));
  const special = [...items].some((item) => item.special);
  const lines: OrderLineRecord[] = [...items].map((item) => ({
    itemCode: item.itemCode,
    name: item.name,
    quantity: item.itemCode === 'GR010' ? random.int(1, 3) : 1,
    unitPence: item.unitPence,
    fittingRequired: item.itemCode === 'GR010' || item.itemCode === 'HB100',
  }));
  const placedBy = random.chance(0.8) ? { ...random.pick(words.HUB_STAFF) } : { ...random.pick(words.OCCUPATIONAL_THERAPISTS) };
  let order: EquipmentOrderRecord = {
    id: random.uuid(),
    customerId: customer.id,
    referralId: referral.id,
    lines,
    deliverySpeed: random.weighted(words.DELIVERY_SPEEDS),
    deliveryAddress: customer.address ?? { lines: ['Address to be confirmed'], town: words.TOWN, postcode: null },
    accessNotes: random.pick(words.ACCESS_NOTES),
    keySafeSealed: null,
    contactPhone: customer.phones[0]?.number ?? null,
    serviceType: 'DELIVERY',
    clinicalReason: null,
    status: 'DRAFT',
    supplierReference: null,
    deliverySlot: null,
    supplierUpdatedAt: null,
    collectionReference: null,
    placedBy,
    placedAt,
    authorisation: null,
    updatedAt: placedAt,
  };
  const supplier = SUPPLIER_ACTOR;
  const path = orderPath(final, special, random.chance(0.08));
  const events: EquipmentOrderEventRecord[] = [];
  const timeline = new Timeline(random, placedAt, anchor, path.length);
  for (const to of path) {
    const at = timeline.next(ORDER_STEP_HOURS[to]);
    const authorising = to === 'SUBMITTED' && special;
    const by = authorising ? { ...random.pick(words.OCCUPATIONAL_THERAPISTS) }
      : ['AWAITING_AUTHORISATION', 'SUBMITTED', 'CANCELLED', 'COLLECTION_REQUESTED'].includes(to) ? placedBy
      : supplier;
    const reason = to === 'DELIVERY_FAILED' ? 'No answer at the door; card left.'
      : to === 'REJECTED' ? 'Address outside the contract area.'
      : to === 'CANCELLED' ? 'No longer needed: family bought one.'
      : null;
    const moved = moveEquipmentOrder(order, to, by, at, reason);
    order = moved.order;
    events.push(moved.event);
    if (authorising) order.authorisation = { by, at, note: 'Clinically justified: high pressure-ulcer risk.' };
    if (to === 'ACCEPTED') order.supplierReference = `MQ${String(random.int(0, 99_999_999)).padStart(8, '0')}`;
  }
  return { order, events };
}

/** Usual hours from the previous step to each order status. */
const ORDER_STEP_HOURS: Readonly<Record<EquipmentOrderStatus, [number, number]>> = {
  DRAFT: [0, 0],
  AWAITING_AUTHORISATION: [0, 0],
  SUBMITTED: [0, 20],
  ACCEPTED: [1, 4],
  REJECTED: [1, 4],
  SCHEDULED: [2, 20],
  OUT_FOR_DELIVERY: [12, 40],
  DELIVERED: [20, 60],
  DELIVERY_FAILED: [20, 48],
  CANCELLED: [1, 24],
  COLLECTION_REQUESTED: [24, 240],
  COLLECTED: [24, 120],
};

/**
 * Hands out increasing instants from `start`, each its step's usual delay
 * later, but squeezed so that every step still fits before `end`: a record
 * made an hour ago cannot have a week of history.
 */
class Timeline {
  private at: number;
  private stepsLeft: number;

  constructor(
    private readonly random: SeededRandom,
    start: Date,
    private readonly end: Date,
    steps: number,
  ) {
    this.at = start.getTime();
    this.stepsLeft = steps;
  }

  next([minHours, maxHours]: [number, number]): Date {
    const room = Math.max(0, (this.end.getTime() - 60_000 - this.at) / this.stepsLeft);
    const gap = Math.min(this.random.int(minHours * 60, maxHours * 60) * 60_000, room * (0.5 + this.random.next() / 2));
    this.at += Math.max(gap, 1_000);
    this.stepsLeft--;
    return new Date(this.at);
  }
}
