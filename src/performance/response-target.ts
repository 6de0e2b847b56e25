/**
 * A response time target (PERFORMANCE_TRIAGE_TARGET, PERFORMANCE_DECISION_TARGET):
 * the same calendar day in Europe/London as the referral was received, or
 * within a duration of receiving it.
 */
import { parseDuration } from '../duration.js';

export type ResponseTarget = { kind: 'SAME_DAY' } | { kind: 'WITHIN'; seconds: number };

/**
 * What the settings accept: `SAME_DAY`, or a duration (`4h`, `2d`) short
 * enough that its seconds are a PostgreSQL integer, as the figures' SQL
 * takes them (999 days at most).
 */
export const RESPONSE_TARGET_PATTERN = {
  test: /^(SAME_DAY|\d{1,3}d|\d{1,4}h|\d{1,6}m|\d{1,8}s)$/,
  description: '`SAME_DAY` or a duration of up to 999 days (`4h`, `2d`)',
};

/** A target from a setting's text, which RESPONSE_TARGET_PATTERN has already checked. */
export function parseResponseTarget(text: string): ResponseTarget {
  const seconds = parseDuration(text);
  return seconds === null ? { kind: 'SAME_DAY' } : { kind: 'WITHIN', seconds };
}
