/**
 * The hub's figures over a hand-made dataset inserted straight into a store
 * of its own: each expected figure is worked out by hand here, with its
 * arithmetic beside it. On both stores.
 *
 * The period is March and April 2026 in Europe/London dates. British Summer
 * Time starts on 29 March 2026, so an instant late on 31 March or 30 April
 * (UTC) is the next day in London: the dataset has one of each, and one
 * late on 28 February (GMT, still February).
 */
import { randomUUID } from 'node:crypto';
import type { PerformanceGrouping } from '../../src/generated/graphql.js';
import { HubFigures, type PerformanceGroupRecord, type PerformanceTargets } from '../../src/performance/ports.js';
import type { Database } from '../../src/store/database.js';
import { describeEachStore, openTestDatabase } from '../support/stores.js';

const HOUR = 3_600_000;
const PERIOD = { from: '2026-03-01', to: '2026-04-30' };
const SAME_DAY: PerformanceTargets = { triage: { kind: 'SAME_DAY' }, decision: { kind: 'SAME_DAY' } };

type Step = 'RECEIVED' | 'TRIAGED' | 'ACCEPTED' | 'DECLINED' | 'REOPENED' | 'WITHDRAWN' | 'REINSTATED' | 'CLOSED';

interface HandMadeReferral {
  name: string;
  receivedAt: string;
  source?: string;
  trust: string | null;
  pathway: string | null;
  team: string | null;
  worker?: string;
  /** Another referral of the same customer (by name), and this one's admission. */
  customerOf?: string;
  admittedAt?: string;
  /** The discharge ready date, and the instant of the actual discharge. */
  readyOn?: string;
  dischargedAt?: string;
  /** The history after RECEIVED, each step this many hours after receipt. */
  steps: [Step, number][];
}

/** The status a history leaves a referral in. */
const STATUS_AFTER: Record<Step, string> = {
  RECEIVED: 'RECEIVED', TRIAGED: 'TRIAGED', ACCEPTED: 'ACCEPTED', DECLINED: 'DECLINED',
  REOPENED: 'RECEIVED', WITHDRAWN: 'WITHDRAWN', REINSTATED: 'RECEIVED', CLOSED: 'CLOSED',
};

const REFERRALS: HandMadeReferral[] = [
  { name: 'R1', receivedAt: '2026-03-02T09:00:00Z', readyOn: '2026-03-03', dischargedAt: '2026-03-03T15:00:00Z', trust: 'RX1', pathway: 'PATHWAY_1', team: 'North', worker: 'worker-a', steps: [['TRIAGED', 2], ['ACCEPTED', 26]] },
  { name: 'R2', receivedAt: '2026-03-03T10:00:00Z', readyOn: '2026-03-02', dischargedAt: '2026-03-30T12:00:00Z', trust: 'RX1', pathway: 'PATHWAY_1', team: null, steps: [['DECLINED', 5]] },
  // 23:30 UTC on 31 March is 00:30 BST on 1 April: an April referral.
  { name: 'R3', receivedAt: '2026-03-31T23:30:00Z', readyOn: '2026-04-01', dischargedAt: '2026-04-04T10:00:00Z', trust: 'RX1', pathway: 'PATHWAY_2', team: 'North', steps: [['TRIAGED', 10], ['ACCEPTED', 30], ['CLOSED', 300]] },
  { name: 'R4', receivedAt: '2026-04-10T08:00:00Z', readyOn: '2026-04-10', trust: 'RX2', pathway: 'PATHWAY_1', team: null, steps: [['DECLINED', 3], ['REOPENED', 20]] },
  {
    name: 'R5', receivedAt: '2026-04-15T12:00:00Z', readyOn: '2026-04-16', dischargedAt: '2026-04-16T23:30:00Z', trust: 'RX2', pathway: 'PATHWAY_1', team: 'South',
    steps: [['TRIAGED', 1], ['DECLINED', 4], ['REOPENED', 24], ['TRIAGED', 25], ['ACCEPTED', 48]],
  },
  { name: 'R6', receivedAt: '2026-04-20T09:00:00Z', readyOn: '2026-04-23', dischargedAt: '2026-04-21T08:00:00Z', trust: 'RX2', pathway: null, team: null, steps: [['WITHDRAWN', 6]] },
  { name: 'R7', receivedAt: '2026-04-21T09:00:00Z', readyOn: '2026-04-25', dischargedAt: '2026-05-10T12:00:00Z', trust: 'RX1', pathway: 'PATHWAY_1', team: 'North', steps: [['TRIAGED', 3], ['ACCEPTED', 9], ['WITHDRAWN', 30]] },
  { name: 'R8', receivedAt: '2026-04-22T09:00:00Z', source: 'GP', trust: null, pathway: 'PATHWAY_0', team: null, steps: [['TRIAGED', 16]] },
  { name: 'R9', receivedAt: '2026-03-10T09:00:00Z', trust: 'RX1', pathway: null, team: null, steps: [['WITHDRAWN', 2], ['REINSTATED', 30], ['TRIAGED', 31]] },
  // Outside the period: late on 28 February is still February in London (GMT)...
  { name: 'OUT1', receivedAt: '2026-02-28T23:59:00Z', readyOn: '2026-03-01', dischargedAt: '2026-03-06T12:00:00Z', trust: 'RX1', pathway: 'PATHWAY_1', team: 'North', worker: 'worker-a', steps: [['TRIAGED', 1], ['ACCEPTED', 2]] },
  // ...and 23:30 UTC on 30 April is 1 May in London (BST).
  { name: 'OUT2', receivedAt: '2026-04-30T23:30:00Z', trust: 'RX2', pathway: 'PATHWAY_1', team: null, steps: [['DECLINED', 1]] },
  // Waiting for triage on 21 May (NOW): received 23:30 BST on 20 May, and 00:30 BST on 21 May.
  { name: 'W1', receivedAt: '2026-05-20T22:30:00Z', trust: 'RX1', pathway: null, team: null, steps: [] },
  { name: 'W2', receivedAt: '2026-05-20T23:30:00Z', trust: 'RX1', pathway: null, team: null, steps: [] },
  // Admissions after discharges, received outside the period (all triaged, so none waits for triage):
  // R7 out 10 May, back 9 June: 30 days, a readmission.
  { name: 'A1', customerOf: 'R7', admittedAt: '2026-06-09T10:00:00Z', receivedAt: '2026-06-09T12:00:00Z', trust: 'RX1', pathway: null, team: null, steps: [['TRIAGED', 1]] },
  // R3 out 4 April, back 5 May: 31 days, not one.
  { name: 'A2', customerOf: 'R3', admittedAt: '2026-05-05T09:00:00Z', receivedAt: '2026-05-05T12:00:00Z', trust: 'RX1', pathway: null, team: null, steps: [['TRIAGED', 1]] },
  // R5 out 17 April (London), back 23:30 BST 17 May: 30 days in London dates (31 in UTC dates), a readmission.
  { name: 'A3', customerOf: 'R5', admittedAt: '2026-05-17T22:30:00Z', receivedAt: '2026-05-18T09:00:00Z', trust: 'RX2', pathway: null, team: null, steps: [['TRIAGED', 1]] },
  // R2 (declined: not a hub-supported discharge) out 30 March, back 5 April.
  { name: 'A4', customerOf: 'R2', admittedAt: '2026-04-05T10:00:00Z', receivedAt: '2026-05-02T10:00:00Z', trust: 'RX1', pathway: null, team: null, steps: [['TRIAGED', 1]] },
  // R1 out 15:00 on 3 March; an admission earlier that day is not after the discharge.
  { name: 'A5', customerOf: 'R1', admittedAt: '2026-03-03T10:00:00Z', receivedAt: '2026-05-03T10:00:00Z', trust: 'RX1', pathway: null, team: null, steps: [['TRIAGED', 1]] },
];

/** 11:00 BST on 21 May 2026, for the figures that stand as of now. */
const NOW = new Date('2026-05-21T10:00:00Z');

describeEachStore('the hub figures over a hand-made dataset', (kind) => {
  let db: Database;
  let figures: HubFigures;

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    figures = new HubFigures(db);
    const customers = new Map<string, string>();
    for (const referral of REFERRALS) {
      const customerId = referral.customerOf ? customers.get(referral.customerOf)! : randomUUID();
      customers.set(referral.name, customerId);
      await insert(db, referral, customerId);
    }
  });
  afterAll(() => db.close());

  const groupsBy = async (groupBy: PerformanceGrouping[], targets = SAME_DAY) => (await figures.of(PERIOD, groupBy, targets)).groups;
  const counts = ({ received, accepted, declined, decided, withdrawn }: PerformanceGroupRecord) => ({ received, accepted, declined, decided, withdrawn });

  test('ungrouped, the whole period is one group', async () => {
    const [all, ...more] = await groupsBy([]);
    expect(more).toEqual([]);
    expect(all).toMatchObject({ trust: null, pathway: null, source: null, team: null, week: null, month: null });
    expect(counts(all!)).toEqual({
      // R1..R9: the two OUT referrals are received on 28 February and 1 May in London.
      received: 9,
      // R1, R3 (closed after), R5 (declined, reopened, then accepted), R7 (withdrawn after).
      accepted: 4,
      // R2 only: R4 was declined and reopened, so undecided again; R5's decline gave way to its acceptance.
      declined: 1,
      // 4 + 1
      decided: 5,
      // R6 and R7; R9 was withdrawn and reinstated.
      withdrawn: 2,
    });
  });

  test('by trust: a referral from outside a hospital is a group of no trust, last', async () => {
    const groups = await groupsBy(['TRUST']);
    expect(groups.map((group) => [group.trust, counts(group)])).toEqual([
      // RX1: R1, R2, R3, R7, R9 = 5; accepted R1, R3, R7 = 3; declined R2 = 1; decided 3 + 1 = 4; withdrawn R7 = 1.
      ['RX1', { received: 5, accepted: 3, declined: 1, decided: 4, withdrawn: 1 }],
      // RX2: R4, R5, R6 = 3; accepted R5 = 1; none declined (R4 reopened); decided 1; withdrawn R6 = 1.
      ['RX2', { received: 3, accepted: 1, declined: 0, decided: 1, withdrawn: 1 }],
      // R8, from a GP.
      [null, { received: 1, accepted: 0, declined: 0, decided: 0, withdrawn: 0 }],
    ]);
  });

  test('by month, in London dates: 23:30 UTC on 31 March is April', async () => {
    const groups = await groupsBy(['MONTH']);
    expect(groups.map((group) => [group.month, counts(group)])).toEqual([
      // March: R1, R2, R9 = 3; accepted R1; declined R2; decided 2; none withdrawn (R9 reinstated).
      ['2026-03-01', { received: 3, accepted: 1, declined: 1, decided: 2, withdrawn: 0 }],
      // April: R3..R8 = 6; accepted R3, R5, R7 = 3; declined none; decided 3; withdrawn R6, R7 = 2.
      ['2026-04-01', { received: 6, accepted: 3, declined: 0, decided: 3, withdrawn: 2 }],
    ]);
  });

  test('by week, named by its Monday in London dates', async () => {
    const groups = await groupsBy(['WEEK']);
    expect(groups.map((group) => [group.week, group.received])).toEqual([
      ['2026-03-02', 2], // R1 (Monday 2 March), R2 (Tuesday 3 March)
      ['2026-03-09', 1], // R9 (Tuesday 10 March)
      ['2026-03-30', 1], // R3 (Wednesday 1 April in London)
      ['2026-04-06', 1], // R4 (Friday 10 April)
      ['2026-04-13', 1], // R5 (Wednesday 15 April)
      ['2026-04-20', 3], // R6 (Monday 20 April), R7, R8
    ]);
  });

  test('by several groupings at once: one group per combination met, in the order asked', async () => {
    const groups = await groupsBy(['SOURCE', 'PATHWAY', 'TEAM']);
    expect(groups.map((group) => [group.source, group.pathway, group.team, group.received, group.accepted])).toEqual([
      ['GP', 'PATHWAY_0', null, 1, 0], // R8
      ['HOSPITAL_DISCHARGE', 'PATHWAY_1', 'North', 2, 2], // R1, R7
      ['HOSPITAL_DISCHARGE', 'PATHWAY_1', 'South', 1, 1], // R5
      ['HOSPITAL_DISCHARGE', 'PATHWAY_1', null, 2, 0], // R2, R4
      ['HOSPITAL_DISCHARGE', 'PATHWAY_2', 'North', 1, 1], // R3
      ['HOSPITAL_DISCHARGE', null, null, 2, 0], // R6, R9
    ]);
    expect(groups.every((group) => group.trust === null && group.week === null && group.month === null)).toBe(true);
  });

  test('time to triage: received to the first TRIAGED step, median and 90th percentile interpolated, and the share triaged the same London day', async () => {
    const [all] = await groupsBy([]);
    // Measured: R1 2h, R3 10h, R5 1h (its first triage), R7 3h, R8 16h, R9 31h; R2, R4 and R6 were never triaged.
    // Sorted: 1, 2, 3, 10, 16, 31 (n = 6).
    // Median: rank (6 - 1) x 0.5 = 2.5, halfway between 3 and 10: 3 + 0.5 x 7 = 6.5.
    // 90th percentile: rank 5 x 0.9 = 4.5, halfway between 16 and 31: 16 + 0.5 x 15 = 23.5.
    // The same day in London: R1 (09:00 to 11:00), R3 (00:30 to 10:30 BST on 1 April, though 31 March to 1 April in UTC),
    // R5, R7; not R8 (09:00 to 01:00 the next day, UTC 02:00 BST) nor R9 (the next day). 4 of 6.
    expect(all!.timeToTriage).toEqual({ measured: 6, medianHours: 6.5, p90Hours: 23.5, withinTarget: 4, shareWithinTarget: 4 / 6 });
  });

  test('time to decision: received to the first ACCEPTED or DECLINED step, even one reopened later', async () => {
    const [all] = await groupsBy([]);
    // Measured: R1 26h, R2 5h, R3 30h, R4 3h (declined, then reopened), R5 4h (its first answer, a decline), R7 9h.
    // Sorted: 3, 4, 5, 9, 26, 30. Median: rank 2.5, 5 + 0.5 x (9 - 5) = 7. 90th percentile: rank 4.5, 26 + 0.5 x (30 - 26) = 28.
    // The same day: R2, R4, R5, R7 (10:00 to 19:00 BST); not R1 (26h) nor R3 (30h). 4 of 6.
    expect(all!.timeToDecision).toEqual({ measured: 6, medianHours: 7, p90Hours: 28, withinTarget: 4, shareWithinTarget: 4 / 6 });
  });

  test('a duration target counts the steps at most that long after receipt, the end included', async () => {
    const [all] = await groupsBy([], { triage: { kind: 'WITHIN', seconds: 3 * 3600 }, decision: { kind: 'WITHIN', seconds: 5 * 3600 } });
    // Triage within 3h: 1, 2 and 3 (R7, exactly 3h) of 1, 2, 3, 10, 16, 31: 3 of 6.
    expect([all!.timeToTriage.withinTarget, all!.timeToTriage.shareWithinTarget]).toEqual([3, 0.5]);
    // Decision within 5h: 3, 4 and 5 (R2, exactly 5h) of 3, 4, 5, 9, 26, 30: 3 of 6.
    expect([all!.timeToDecision.withinTarget, all!.timeToDecision.shareWithinTarget]).toEqual([3, 0.5]);
  });

  test('response times by trust, and none measured in a group that took no step', async () => {
    const groups = await groupsBy(['TRUST']);
    const byTrust = new Map(groups.map((group) => [group.trust, group]));
    // RX1's triages: R1 2h, R3 10h, R7 3h, R9 31h; sorted 2, 3, 10, 31. Median: rank 1.5, 3 + 0.5 x 7 = 6.5.
    // 90th percentile: rank 3 x 0.9 = 2.7, 10 + 0.7 x (31 - 10) = 24.7. Same day: R1, R3, R7: 3 of 4.
    const rx1 = byTrust.get('RX1')!.timeToTriage;
    expect({ ...rx1, p90Hours: rx1.p90Hours!.toFixed(6) }).toEqual({ measured: 4, medianHours: 6.5, p90Hours: '24.700000', withinTarget: 3, shareWithinTarget: 0.75 });
    // No trust (R8, from a GP): only triaged, never decided, so its time to decision measures nothing.
    expect(byTrust.get(null)!.timeToDecision).toEqual({ measured: 0, medianHours: null, p90Hours: null, withinTarget: 0, shareWithinTarget: null });
  });

  test('discharge delay: ready date to the London date of discharge, delayed from one day, in NHS England\'s bands', async () => {
    const [all] = await groupsBy([]);
    // Discharges with both dates (R4 is not discharged; R8, R9 have neither):
    //   R1 ready 3 Mar, out 3 Mar: 0.   R2 ready 2 Mar, out 30 Mar: 28.   R3 ready 1 Apr, out 4 Apr: 3.
    //   R5 ready 16 Apr, out 23:30 UTC 16 Apr = 00:30 BST 17 Apr: 1.   R6 out 21 Apr before its ready date 23 Apr: 0.
    //   R7 ready 25 Apr, out 10 May: 15.
    // 6 discharges; delayed (1 day or more): R2, R3, R5, R7 = 4; share 4 / 6; mean among them (28 + 3 + 1 + 15) / 4 = 11.75.
    expect(all!.dischargeDelay).toEqual({
      discharges: 6,
      delayed: 4,
      shareDelayed: 4 / 6,
      meanDaysDelayed: 11.75,
      bands: [
        { fromDays: 0, toDays: 0, count: 2 }, // R1, R6
        { fromDays: 1, toDays: 1, count: 1 }, // R5
        { fromDays: 2, toDays: 3, count: 1 }, // R3
        { fromDays: 4, toDays: 6, count: 0 },
        { fromDays: 7, toDays: 13, count: 0 },
        { fromDays: 14, toDays: 20, count: 1 }, // R7
        { fromDays: 21, toDays: null, count: 1 }, // R2
      ],
    });
  });

  test('discharge delay by pathway', async () => {
    const groups = await groupsBy(['PATHWAY']);
    const delays = groups.map((group) => [group.pathway, group.dischargeDelay.discharges, group.dischargeDelay.delayed, group.dischargeDelay.meanDaysDelayed]);
    expect(delays).toEqual([
      ['PATHWAY_0', 0, 0, null], // R8: no dates
      // R1 0, R2 28, R5 1, R7 15: 4 discharges, 3 delayed, mean (28 + 1 + 15) / 3 = 44 / 3.
      ['PATHWAY_1', 4, 3, 44 / 3],
      ['PATHWAY_2', 1, 1, 3], // R3
      [null, 1, 0, null], // R6 (0), R9 (no dates)
    ]);
  });

  test('ready to support: ready date to the London date of the first acceptance, negative when accepted before', async () => {
    const [all] = await groupsBy([]);
    // Accepted with a ready date: R1 accepted 3 Mar (ready 3 Mar): 0. R3 accepted 05:30 UTC 2 Apr (ready 1 Apr): 1.
    // R5 first accepted 17 Apr (ready 16 Apr): 1. R7 accepted 21 Apr (ready 25 Apr): -4. R2, R4 never accepted.
    // Sorted -4, 0, 1, 1. Median: rank 1.5, 0 + 0.5 x 1 = 0.5. 90th percentile: rank 3 x 0.9 = 2.7, 1 + 0.7 x 0 = 1.
    expect(all!.readyToSupport).toEqual({ measured: 4, medianDays: 0.5, p90Days: 1 });
  });

  test('open caseload: the referrals accepted and still open, by team and worker, whenever received', async () => {
    // Status ACCEPTED now: R1 (North, worker-a), OUT1 (North, worker-a: outside the period, but open now), R5 (South, no worker).
    // Not R3 (closed), R7 (withdrawn after acceptance).
    expect(await figures.openCaseload()).toEqual([
      { team: 'North', worker: 'worker-a', open: 2 },
      { team: 'South', worker: null, open: 1 },
    ]);
  });

  test('waiting for triage: status RECEIVED now, by whole London days since receipt', async () => {
    // On 21 May (London): W2 received 00:30 BST on 21 May: 0 days. W1 received 23:30 BST on 20 May: 1 day.
    // R4, declined and reopened, received 10 April: 20 days to 30 April, then 21 of May: 41 days, 21+.
    expect(await figures.waitingForTriage(NOW)).toEqual([
      { fromDays: 0, toDays: 0, count: 1 },
      { fromDays: 1, toDays: 1, count: 1 },
      { fromDays: 2, toDays: 3, count: 0 },
      { fromDays: 4, toDays: 6, count: 0 },
      { fromDays: 7, toDays: 13, count: 0 },
      { fromDays: 14, toDays: 20, count: 0 },
      { fromDays: 21, toDays: null, count: 1 },
    ]);
  });

  test('readmissions within 30 days (London dates) of a discharge of a referral the hub accepted', async () => {
    const [all] = await groupsBy([]);
    // Hub-supported discharges: accepted and discharged: R1, R3, R5, R7 (accepted, then withdrawn, but discharged) = 4.
    // Readmitted within 30 days: R7 (A1, 30 days), R5 (A3, 30 London days); not R3 (A2, 31 days), nor R1 (A5, before
    // the discharge). R2's readmission (A4) follows a declined referral. 2 of 4.
    expect(all!.readmissions).toEqual({ supportedDischarges: 4, readmitted: 2, share: 0.5 });
    const byTrust = new Map((await groupsBy(['TRUST'])).map((group) => [group.trust, group.readmissions]));
    // RX1: R1, R3, R7 supported; R7 readmitted. RX2: R5 supported and readmitted.
    expect([byTrust.get('RX1'), byTrust.get('RX2')]).toEqual([
      { supportedDischarges: 3, readmitted: 1, share: 1 / 3 },
      { supportedDischarges: 1, readmitted: 1, share: 1 },
    ]);
  });

  test('a period with no referral: no groups when grouped, one empty group when not', async () => {
    const empty = { from: '2025-01-01', to: '2025-01-31' };
    expect((await figures.of(empty, ['TRUST'], SAME_DAY)).groups).toEqual([]);
    expect((await figures.of(empty, [], SAME_DAY)).groups.map(counts)).toEqual([{ received: 0, accepted: 0, declined: 0, decided: 0, withdrawn: 0 }]);
  });
});

/** One hand-made referral: its customer, its row (status from its history) and its history. */
async function insert(db: Database, referral: HandMadeReferral, customerId: string): Promise<void> {
  const id = randomUUID();
  const received = new Date(referral.receivedAt);
  const at = (hours: number) => new Date(received.getTime() + hours * HOUR);
  const steps: [Step, number][] = [['RECEIVED', 0], ...referral.steps];
  const status = STATUS_AFTER[steps.at(-1)![0]];
  if (!referral.customerOf) {
    await db.query("INSERT INTO customers (id, family_name, sex, created_at, updated_at) VALUES ($1, $2, 'UNKNOWN', $3, $3)", [customerId, referral.name, received]);
  }
  await db.query(
    `INSERT INTO referrals (id, customer_id, source, referring_trust_ods_code, pathway, status, assigned_team, received_at, updated_at,
       discharge_ready_on, discharged_at, assigned_worker, admitted_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
    [
      id, customerId, referral.source ?? 'HOSPITAL_DISCHARGE', referral.trust, referral.pathway, status, referral.team, received,
      at(steps.at(-1)![1]), referral.readyOn ?? null, referral.dischargedAt ? new Date(referral.dischargedAt) : null,
      referral.worker ?? null, referral.admittedAt ? new Date(referral.admittedAt) : null,
    ],
  );
  let from: string | null = null;
  for (const [sequence, [action, hours]] of steps.entries()) {
    const to = STATUS_AFTER[action];
    await db.query(
      `INSERT INTO referral_events (referral_id, sequence, action, from_status, to_status, at, actor_subject, actor_role)
       VALUES ($1, $2, $3, $4, $5, $6, 'hand-made', 'HUB_COORDINATOR')`,
      [id, sequence + 1, action, from, to, at(hours)],
    );
    from = to;
  }
}
