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
  /** The history after RECEIVED, each step this many hours after receipt. */
  steps: [Step, number][];
}

/** The status a history leaves a referral in. */
const STATUS_AFTER: Record<Step, string> = {
  RECEIVED: 'RECEIVED', TRIAGED: 'TRIAGED', ACCEPTED: 'ACCEPTED', DECLINED: 'DECLINED',
  REOPENED: 'RECEIVED', WITHDRAWN: 'WITHDRAWN', REINSTATED: 'RECEIVED', CLOSED: 'CLOSED',
};

const REFERRALS: HandMadeReferral[] = [
  { name: 'R1', receivedAt: '2026-03-02T09:00:00Z', trust: 'RX1', pathway: 'PATHWAY_1', team: 'North', steps: [['TRIAGED', 2], ['ACCEPTED', 26]] },
  { name: 'R2', receivedAt: '2026-03-03T10:00:00Z', trust: 'RX1', pathway: 'PATHWAY_1', team: null, steps: [['DECLINED', 5]] },
  // 23:30 UTC on 31 March is 00:30 BST on 1 April: an April referral.
  { name: 'R3', receivedAt: '2026-03-31T23:30:00Z', trust: 'RX1', pathway: 'PATHWAY_2', team: 'North', steps: [['TRIAGED', 10], ['ACCEPTED', 30], ['CLOSED', 300]] },
  { name: 'R4', receivedAt: '2026-04-10T08:00:00Z', trust: 'RX2', pathway: 'PATHWAY_1', team: null, steps: [['DECLINED', 3], ['REOPENED', 20]] },
  {
    name: 'R5', receivedAt: '2026-04-15T12:00:00Z', trust: 'RX2', pathway: 'PATHWAY_1', team: 'South',
    steps: [['TRIAGED', 1], ['DECLINED', 4], ['REOPENED', 24], ['TRIAGED', 25], ['ACCEPTED', 48]],
  },
  { name: 'R6', receivedAt: '2026-04-20T09:00:00Z', trust: 'RX2', pathway: null, team: null, steps: [['WITHDRAWN', 6]] },
  { name: 'R7', receivedAt: '2026-04-21T09:00:00Z', trust: 'RX1', pathway: 'PATHWAY_1', team: 'North', steps: [['TRIAGED', 3], ['ACCEPTED', 9], ['WITHDRAWN', 30]] },
  { name: 'R8', receivedAt: '2026-04-22T09:00:00Z', source: 'GP', trust: null, pathway: 'PATHWAY_0', team: null, steps: [['TRIAGED', 16]] },
  { name: 'R9', receivedAt: '2026-03-10T09:00:00Z', trust: 'RX1', pathway: null, team: null, steps: [['WITHDRAWN', 2], ['REINSTATED', 30], ['TRIAGED', 31]] },
  // Outside the period: late on 28 February is still February in London (GMT)...
  { name: 'OUT1', receivedAt: '2026-02-28T23:59:00Z', trust: 'RX1', pathway: 'PATHWAY_1', team: 'North', steps: [['TRIAGED', 1], ['ACCEPTED', 2]] },
  // ...and 23:30 UTC on 30 April is 1 May in London (BST).
  { name: 'OUT2', receivedAt: '2026-04-30T23:30:00Z', trust: 'RX2', pathway: 'PATHWAY_1', team: null, steps: [['DECLINED', 1]] },
];

describeEachStore('the hub figures over a hand-made dataset', (kind) => {
  let db: Database;
  let figures: HubFigures;

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    figures = new HubFigures(db);
    for (const referral of REFERRALS) await insert(db, referral);
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

  test('a period with no referral: no groups when grouped, one empty group when not', async () => {
    const empty = { from: '2025-01-01', to: '2025-01-31' };
    expect((await figures.of(empty, ['TRUST'], SAME_DAY)).groups).toEqual([]);
    expect((await figures.of(empty, [], SAME_DAY)).groups.map(counts)).toEqual([{ received: 0, accepted: 0, declined: 0, decided: 0, withdrawn: 0 }]);
  });
});

/** One hand-made referral: its customer, its row (status from its history) and its history. */
async function insert(db: Database, referral: HandMadeReferral): Promise<void> {
  const customerId = randomUUID();
  const id = randomUUID();
  const received = new Date(referral.receivedAt);
  const at = (hours: number) => new Date(received.getTime() + hours * HOUR);
  const steps: [Step, number][] = [['RECEIVED', 0], ...referral.steps];
  const status = STATUS_AFTER[steps.at(-1)![0]];
  await db.query("INSERT INTO customers (id, family_name, sex, created_at, updated_at) VALUES ($1, $2, 'UNKNOWN', $3, $3)", [customerId, referral.name, received]);
  await db.query(
    `INSERT INTO referrals (id, customer_id, source, referring_trust_ods_code, pathway, status, assigned_team, received_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [id, customerId, referral.source ?? 'HOSPITAL_DISCHARGE', referral.trust, referral.pathway, status, referral.team, received, at(steps.at(-1)![1])],
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
