/**
 * A customer's death as hospitals report it (pure). A death is safety-critical
 * both ways: missed, a family is called and a dead person's visits go on;
 * wrongly recorded (a trust's patient matched to the wrong customer, a death
 * entered on the wrong record), a living person's support stops. So:
 *
 * - A report is recorded straight away, whoever owns the demographics, but
 *   only from a trust whose link to the customer is proof (a verified NHS
 *   number, a confirmed link); through a link waiting for review it waits
 *   with that review (resolve-customer.ts, resolve-identity-review.ts).
 * - Each trust's report is kept apart, in the order the hub recorded them:
 *   the customer's death is the first, and a hospital team sees only its own.
 * - Nothing clears a report but a coordinator. A trust that says otherwise
 *   after reporting a death (the person as not dead, or alive in a stay after
 *   the date) raises a DEATH review; another trust's `N` is not its to say.
 */
import type { DeathSource } from '../generated/graphql.js';
import type { CalendarDay, Instant, PersonIdentifier, ReportedDeath } from '../referrals/discharge-message.js';
import { ukDayOf } from '../time/uk-time.js';

/** One trust's report of a customer's death, as recorded. */
export interface DeathReport {
  trust: string;
  diedOn: CalendarDay | null;
  diedAt: Instant | null;
  source: DeathSource;
  /** When the trust's message was made: a later one from the trust may contradict it. */
  reportedAt: Instant;
  /** When the hub recorded it. */
  recordedAt: Instant;
  /** The inbox message that reported it. */
  messageId: string | null;
  /** The trust's identifier the report came through: a DEATH review is keyed by it. */
  through: PersonIdentifier;
}

/** What contradicts a trust's report of a death. */
export type DeathContradiction =
  /** The trust now sends the person as not dead. */
  | 'DEATH_WITHDRAWN'
  /** The trust sent an event of a stay (an admission, a transfer, a plan) dated after the death. */
  | 'SEEN_AFTER_DEATH';

/** What one trust's message says bearing on a death. */
export interface DeathStatement {
  trust: string;
  death: ReportedDeath | undefined;
  /** When the message's event shows the person alive (an admission, a transfer); null where it shows nothing. */
  aliveAt: Instant | null;
  sentAt: Instant;
  messageId: string | null;
  through: PersonIdentifier;
}

export type DeathNews =
  /** A report taken onto the customer; `first` where the customer had none: their open referrals are told. */
  | { kind: 'RECORDED'; reports: DeathReport[]; first: boolean }
  | { kind: 'CONTRADICTED'; report: DeathReport; basis: DeathContradiction }
  | { kind: 'NONE' };

/** The customer's death: the first report recorded, or null. */
export function recordedDeath(reports: readonly DeathReport[]): DeathReport | null {
  return reports[0] ?? null;
}

/** The death a viewer of one trust is shown: that trust's own report only. */
export function reportOf(reports: readonly DeathReport[], trust: string): DeathReport | null {
  return reports.find((report) => report.trust === trust) ?? null;
}

/**
 * What a message from a trust whose link is proof does to the customer's
 * reports. A trust's later report replaces its own earlier one (its own
 * correction of the date), keeping when the hub first recorded it; an
 * earlier one arriving late changes nothing.
 */
export function deathNews(reports: readonly DeathReport[], statement: DeathStatement, at: Date): DeathNews {
  const own = reportOf(reports, statement.trust);
  const { death } = statement;
  if (death?.died) {
    if (own !== null && own.reportedAt > statement.sentAt) return { kind: 'NONE' };
    const report: DeathReport = {
      trust: statement.trust,
      diedOn: death.diedOn,
      diedAt: death.diedAt,
      source: death.source,
      reportedAt: statement.sentAt,
      recordedAt: own?.recordedAt ?? at.toISOString(),
      messageId: statement.messageId,
      through: own?.through ?? statement.through,
    };
    if (own !== null && sameDeath(own, report)) return { kind: 'NONE' };
    const next = own === null ? [...reports, report] : reports.map((each) => (each === own ? report : each));
    return { kind: 'RECORDED', reports: next, first: reports.length === 0 };
  }
  if (own === null) return { kind: 'NONE' };
  // A stay dated after the death says more than an N (which many systems send on every message), so it names the review.
  if (statement.aliveAt !== null && isAfterDeath(statement.aliveAt, own)) return { kind: 'CONTRADICTED', report: own, basis: 'SEEN_AFTER_DEATH' };
  // Only what the trust said after its report can contradict it: an older message arriving late says nothing new.
  if (death && statement.sentAt > own.reportedAt) return { kind: 'CONTRADICTED', report: own, basis: 'DEATH_WITHDRAWN' };
  return { kind: 'NONE' };
}

function sameDeath(a: DeathReport, b: DeathReport): boolean {
  return a.diedOn === b.diedOn && a.diedAt === b.diedAt && a.source === b.source;
}

/**
 * Whether the person was alive after the reported death: after its moment
 * where one was given, on a later UK day where only the day was, and after
 * the report itself where the trust gave no date.
 */
export function isAfterDeath(aliveAt: Instant, report: DeathReport): boolean {
  if (report.diedAt !== null) return aliveAt > report.diedAt;
  if (report.diedOn !== null) return ukDayOf(new Date(aliveAt)) > report.diedOn;
  return aliveAt > report.reportedAt;
}

/** The reports without one trust's (a coordinator found its report was not this customer's death). */
export function withoutReportOf(reports: readonly DeathReport[], trust: string): DeathReport[] {
  return reports.filter((report) => report.trust !== trust);
}

/** Two customers' reports as one (a confirmed merge): the first recorded of each trust's, in the order recorded. */
export function mergedReports(a: readonly DeathReport[], b: readonly DeathReport[]): DeathReport[] {
  const byTrust = new Map<string, DeathReport>();
  for (const report of [...a, ...b].sort((x, y) => x.recordedAt.localeCompare(y.recordedAt))) {
    if (!byTrust.has(report.trust)) byTrust.set(report.trust, report);
  }
  return [...byTrust.values()];
}
