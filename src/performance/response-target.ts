/**
 * A response time target (PERFORMANCE_TRIAGE_TARGET, PERFORMANCE_DECISION_TARGET):
 * the same calendar day in Europe/London as the referral was received, or
 * within a duration of receiving it.
 */
import { parseDuration } from '../duration.js';

export type ResponseTarget = { kind: 'SAME_DAY' } | { kind: 'WITHIN'; seconds: number };

/** What the settings accept: `SAME_DAY`, or a duration (`4h`, `2d`). */
export const RESPONSE_TARGET_PATTERN = { test: /^(SAME_DAY|\d{1,9}[dhms])$/, description: '`SAME_DAY` or a duration (`4h`, `2d`)' };

/** A target from a setting's text, which RESPONSE_TARGET_PATTERN has already checked. */
export function parseResponseTarget(text: string): ResponseTarget {
  const seconds = parseDuration(text);
  return seconds === null ? { kind: 'SAME_DAY' } : { kind: 'WITHIN', seconds };
}
