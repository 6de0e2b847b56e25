import { deathNews, isAfterDeath, mergedReports, recordedDeath, type DeathReport, type DeathStatement } from '../../src/customers/deaths.js';

const AT = new Date('2026-12-04T10:00:00Z');
const THROUGH = { system: 'PAS:RXX:RXX', value: 'RXX7654321' };

function statement(overrides: Partial<DeathStatement>): DeathStatement {
  return { trust: 'RXX', death: undefined, aliveAt: null, sentAt: '2026-12-03T15:10:00.000Z', messageId: 'm1', through: THROUGH, ...overrides };
}

const DIED = { died: true as const, diedOn: '2026-12-03', diedAt: null, source: 'HL7_PATIENT_DEATH' as const };

function report(overrides: Partial<DeathReport> = {}): DeathReport {
  return {
    trust: 'RXX',
    diedOn: '2026-12-03',
    diedAt: null,
    source: 'HL7_PATIENT_DEATH',
    reportedAt: '2026-12-03T15:10:00.000Z',
    recordedAt: '2026-12-03T15:10:01.000Z',
    messageId: 'm1',
    through: THROUGH,
    ...overrides,
  };
}

describe('deathNews', () => {
  test("a trust's first report is recorded, and is the customer's first death", () => {
    const news = deathNews([], statement({ death: DIED }), AT);
    expect(news).toEqual({ kind: 'RECORDED', first: true, reports: [{ ...report(), recordedAt: AT.toISOString() }] });
  });

  test("a second trust's report is kept beside the first, which stays the customer's death", () => {
    const first = report();
    const news = deathNews([first], statement({ trust: 'RYY', death: { ...DIED, diedOn: '2026-12-02' } }), AT);
    expect(news).toMatchObject({ kind: 'RECORDED', first: false });
    expect(news.kind === 'RECORDED' && recordedDeath(news.reports)).toBe(first);
  });

  test('the same report again changes nothing; the trust\'s later one with another date replaces its own, keeping when it was first recorded', () => {
    expect(deathNews([report()], statement({ death: DIED }), AT)).toEqual({ kind: 'NONE' });
    const corrected = deathNews([report()], statement({ death: { ...DIED, diedOn: '2026-12-02' }, sentAt: '2026-12-03T16:00:00.000Z', messageId: 'm2' }), AT);
    expect(corrected).toEqual({
      kind: 'RECORDED',
      first: false,
      reports: [report({ diedOn: '2026-12-02', reportedAt: '2026-12-03T16:00:00.000Z', messageId: 'm2' })],
    });
    // An older message of the trust's, arriving late, does not undo its newer report.
    expect(deathNews([report()], statement({ death: { ...DIED, diedOn: '2026-11-30' }, sentAt: '2026-12-01T09:00:00.000Z' }), AT)).toEqual({ kind: 'NONE' });
  });

  test('the reporting trust saying not dead afterwards contradicts its report; before it, or another trust saying so, does not', () => {
    const notDead = { died: false as const, source: 'HL7_PATIENT_DEATH' as const };
    expect(deathNews([report()], statement({ death: notDead, sentAt: '2026-12-04T09:00:00.000Z' }), AT)).toEqual({ kind: 'CONTRADICTED', report: report(), basis: 'DEATH_WITHDRAWN' });
    expect(deathNews([report()], statement({ death: notDead, sentAt: '2026-12-03T09:00:00.000Z' }), AT)).toEqual({ kind: 'NONE' });
    expect(deathNews([report()], statement({ trust: 'RYY', death: notDead, sentAt: '2026-12-04T09:00:00.000Z' }), AT)).toEqual({ kind: 'NONE' });
    expect(deathNews([], statement({ death: notDead }), AT)).toEqual({ kind: 'NONE' });
  });

  test('the reporting trust showing the person alive after the death (an admission) contradicts it', () => {
    expect(deathNews([report()], statement({ aliveAt: '2026-12-05T10:00:00.000Z' }), AT)).toMatchObject({ kind: 'CONTRADICTED', basis: 'SEEN_AFTER_DEATH' });
    expect(deathNews([report()], statement({ aliveAt: '2026-12-03T10:00:00.000Z' }), AT)).toEqual({ kind: 'NONE' });
    expect(deathNews([report()], statement({ trust: 'RYY', aliveAt: '2026-12-05T10:00:00.000Z' }), AT)).toEqual({ kind: 'NONE' });
    // With an N beside it (as SystmOne sends on every message), the stay names the review.
    const withN = statement({ aliveAt: '2026-12-05T10:00:00.000Z', death: { died: false, source: 'HL7_PATIENT_DEATH' }, sentAt: '2026-12-05T10:00:00.000Z' });
    expect(deathNews([report()], withN, AT)).toMatchObject({ kind: 'CONTRADICTED', basis: 'SEEN_AFTER_DEATH' });
  });
});

describe('isAfterDeath', () => {
  test('after the moment where one was given; on a later UK day where only the day was; after the report where neither was', () => {
    expect(isAfterDeath('2026-12-03T14:31:00.000Z', report({ diedAt: '2026-12-03T14:30:00.000Z' }))).toBe(true);
    expect(isAfterDeath('2026-12-03T14:29:00.000Z', report({ diedAt: '2026-12-03T14:30:00.000Z' }))).toBe(false);
    // 23:30 UTC on 2 June is 00:30 on 3 June on the ward's clock (BST): the day after the death; 22:30 UTC is still the 2nd.
    expect(isAfterDeath('2026-06-02T23:30:00.000Z', report({ diedOn: '2026-06-02' }))).toBe(true);
    expect(isAfterDeath('2026-06-02T22:30:00.000Z', report({ diedOn: '2026-06-02' }))).toBe(false);
    expect(isAfterDeath('2026-12-03T15:11:00.000Z', report({ diedOn: null }))).toBe(true);
    expect(isAfterDeath('2026-12-03T15:09:00.000Z', report({ diedOn: null }))).toBe(false);
  });
});

describe('mergedReports', () => {
  test("one report per trust, the first recorded of each, in the order recorded", () => {
    const a = report({ recordedAt: '2026-12-03T15:10:01.000Z' });
    const b = report({ trust: 'RYY', recordedAt: '2026-12-02T09:00:00.000Z' });
    const laterA = report({ recordedAt: '2026-12-05T09:00:00.000Z', diedOn: '2026-12-01' });
    expect(mergedReports([a], [b, laterA])).toEqual([b, a]);
  });
});
