import { BadInputError } from '../errors.js';
import type { PerformancePeriod } from './ports.js';

/** Three years and a leap day: longer periods are reports of another kind, and costly to compute. */
export const MAX_PERFORMANCE_PERIOD_DAYS = 3 * 365 + 1;

const DAY_MS = 86_400_000;

/** The period as asked, refused (naming the argument) where `to` comes before `from` or it is longer than the figures allow. */
export function checkPerformancePeriod(period: PerformancePeriod): PerformancePeriod {
  const days = (Date.parse(period.to) - Date.parse(period.from)) / DAY_MS + 1;
  if (days < 1) throw new BadInputError('to', `${period.to} is before from (${period.from})`);
  if (days > MAX_PERFORMANCE_PERIOD_DAYS) {
    throw new BadInputError('to', `the period is ${days} days long; it may be at most ${MAX_PERFORMANCE_PERIOD_DAYS} (3 years)`);
  }
  return period;
}
