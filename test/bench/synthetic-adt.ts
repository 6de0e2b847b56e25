/**
 * Synthetic HL7 v2 ADT for the ingestion benchmarks: invented people with NHS
 * numbers from the 999 test range (valid Modulus 11 check digits), a spell
 * of four events (A01 admit, A08 ward move, A16 pending discharge, A03
 * discharge) per person visit, an occasional re-admission of someone already
 * seen, and a unique MSH-10 per message so nothing is taken as a resend.
 */
import { defaultSenderProfile, type SenderProfile } from '../../adapters/hospital-discharge/sender-profile.js';
import { nhsCheckDigit } from '../../src/customers/nhs-number.js';

/** The trust every bench message comes from; its profile allows MLLP. */
export const BENCH_TRUST = 'RXX';

export function benchSenderProfiles(): SenderProfile[] {
  return [{ ...defaultSenderProfile(BENCH_TRUST), mllp: true }];
}

const FAMILY = ['SMITH', 'JONES', 'TAYLOR', 'BROWN', 'WILLIAMS', 'WILSON', 'JOHNSON', 'DAVIES', 'PATEL', 'ROBINSON', 'WRIGHT', 'THOMPSON', 'EVANS', 'WALKER', 'WHITE', 'ROBERTS', 'GREEN', 'HALL', 'KHAN', 'OKAFOR'];
const GIVEN_F = ['Margaret', 'Joan', 'Dorothy', 'Patricia', 'Irene', 'Sheila', 'Brenda', 'Eileen', 'Jean', 'Aisha'];
const GIVEN_M = ['George', 'Arthur', 'Harold', 'Kenneth', 'Ronald', 'Dennis', 'Brian', 'Derek', 'Roy', 'Tariq'];
const STREETS = ['Church Lane', 'Station Road', 'Victoria Street', 'Mill Lane', 'Park Avenue', 'Queens Road', 'Green Lane', 'Manor Close'];
const TOWNS: [string, string][] = [['Leeds', 'LS'], ['Bradford', 'BD'], ['Wakefield', 'WF'], ['Harrogate', 'HG'], ['Halifax', 'HX']];
/** Letters a postcode's inward code may use. */
const INWARD = [...'ABDEFGHJLNPQRSTUWXYZ'];
const WARDS = ['WARD7', 'WARD9', 'AMU', 'ELDERLY1', 'ORTHO2', 'STROKE', 'CARDIO', 'RESP3'];
const CONSULTANTS = ['C1234567^Consultant^Carol^^^Dr', 'C7654321^Surgeon^Samuel^^^Mr', 'C2468101^Physician^Priya^^^Dr'];
/** Discharge method and destination (NHS Data Dictionary codes, as ITK senders give them). */
const DISCHARGES: [string, string][] = [['1', '19'], ['1', '54'], ['1', '65'], ['2', '19'], ['1', '29']];

/** Spells per run start here; a run's own people and spells never meet the seed's or another run's. */
const RUN_BASE = Date.now() % 1_000_000;
let nextPerson = 0;
let nextSpell = 0;

interface Person {
  serial: number;
  nhsNumber: string;
  mrn: string;
}

function newPerson(): Person {
  for (;;) {
    const serial = nextPerson++;
    const stem = `999${String((RUN_BASE + serial * 7_919) % 1_000_000).padStart(6, '0')}`;
    const check = nhsCheckDigit(stem);
    if (check === null) continue;
    return { serial, nhsNumber: `${stem}${check}`, mrn: `${BENCH_TRUST}${String(RUN_BASE + serial).padStart(7, '0')}` };
  }
}

function pick<T>(list: readonly T[], n: number): T {
  return list[n % list.length]!;
}

function hl7Time(date: Date): string {
  return date.toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

function segment(id: string, fields: Record<number, string>): string {
  const parts: string[] = [id];
  const offset = id === 'MSH' ? 1 : 0;
  for (const [position, value] of Object.entries(fields)) parts[Number(position) - offset] = value;
  return Array.from(parts, (part) => part ?? '').join('|');
}

function pidSegment(person: Person): string {
  const n = person.serial;
  const female = n % 3 !== 0;
  const [town, area] = pick(TOWNS, n >> 2);
  const postcode = `${area}${(n % 17) + 1} ${n % 9}${pick(INWARD, n >> 1)}${pick(INWARD, n >> 3)}`;
  const born = new Date(Date.UTC(1925 + (n % 60), (n >> 2) % 12, (n % 28) + 1));
  return segment('PID', {
    1: '1',
    3: `${person.mrn}^^^${BENCH_TRUST}^MR~${person.nhsNumber}^^^NHS^NH`,
    5: `${pick(FAMILY, n)}^${pick(female ? GIVEN_F : GIVEN_M, n >> 1)}^^^${female ? 'Mrs' : 'Mr'}^^L`,
    7: hl7Time(born).slice(0, 8),
    8: female ? 'F' : 'M',
    11: `${(n % 180) + 1} ${pick(STREETS, n >> 3)}^^${town}^^${postcode}^GBR^H`,
    13: `07700900${String(n % 1000).padStart(3, '0')}^PRN^CP`,
    32: n % 10 === 9 ? '' : 'NSTS01',
  });
}

interface SpellPlan {
  id: string;
  person: Person;
  admittedAt: Date;
  ward: string;
  consultant: string;
  discharge: [string, string];
}

const EVENTS: { trigger: string; structure: string; afterHours: number }[] = [
  { trigger: 'A01', structure: 'ADT_A01', afterHours: 0 },
  { trigger: 'A08', structure: 'ADT_A01', afterHours: 6 },
  { trigger: 'A16', structure: 'ADT_A16', afterHours: 30 },
  { trigger: 'A03', structure: 'ADT_A03', afterHours: 52 },
];

/**
 * One connection's messages: spell after spell, each A01, A08, A16, A03 in
 * order; one spell in five re-admits a person this stream saw before.
 */
export class AdtStream {
  private spell: SpellPlan | null = null;
  private step = 0;
  private sent = 0;
  private readonly people: Person[] = [];

  constructor(private readonly tag: string) {}

  next(): { controlId: string; body: Buffer } {
    if (this.spell === null || this.step === EVENTS.length) {
      this.spell = this.newSpell();
      this.step = 0;
    }
    const spell = this.spell;
    const event = EVENTS[this.step++]!;
    const controlId = `${this.tag}${String(this.sent++).padStart(7, '0')}`;
    const occurred = hl7Time(new Date(spell.admittedAt.getTime() + event.afterHours * 3_600_000));
    const ward = event.trigger === 'A01' ? spell.ward : pick(WARDS, WARDS.indexOf(spell.ward) + 3);
    const pv1: Record<number, string> = {
      1: '1',
      2: 'I',
      3: `${ward}^BAY${(spell.person.serial % 6) + 1}^BED${(spell.person.serial % 4) + 1}^${BENCH_TRUST}01`,
      7: spell.consultant,
      19: spell.id,
      44: hl7Time(spell.admittedAt),
    };
    if (event.trigger === 'A03') {
      pv1[36] = spell.discharge[0];
      pv1[37] = spell.discharge[1];
      pv1[45] = occurred;
    }
    const segments = [
      segment('MSH', {
        2: '^~\\&',
        3: 'PAS',
        4: BENCH_TRUST,
        5: 'GATEWAY',
        6: 'COUNCIL',
        7: occurred,
        9: `ADT^${event.trigger}^${event.structure}`,
        10: controlId,
        11: 'P',
        12: '2.4',
      }),
      segment('EVN', { 1: event.trigger, 2: occurred, 6: occurred }),
      pidSegment(spell.person),
      segment('PD1', { 3: `Test Surgery^^B8${String(2000 + (spell.person.serial % 50)).padStart(4, '0')}` }),
      segment('PV1', pv1),
    ];
    if (event.trigger === 'A16' || event.trigger === 'A03') {
      const expected = new Date(spell.admittedAt.getTime() + 60 * 3_600_000);
      segments.push(segment('PV2', { 9: hl7Time(expected).slice(0, 8) }));
    }
    return { controlId, body: Buffer.from(segments.map((s) => `${s}\r`).join(''), 'utf8') };
  }

  private newSpell(): SpellPlan {
    const serial = nextSpell++;
    const readmission = this.people.length > 3 && serial % 5 === 4;
    const person = readmission ? this.people[this.people.length - 3]! : newPerson();
    if (!readmission) this.people.push(person);
    return {
      id: `${this.tag}S${String(serial).padStart(6, '0')}`,
      person,
      admittedAt: new Date(Date.UTC(2026, 0, 1) + (serial % 8_760) * 3_600_000),
      ward: pick(WARDS, serial),
      consultant: pick(CONSULTANTS, serial >> 1),
      discharge: pick(DISCHARGES, serial >> 2),
    };
  }
}
