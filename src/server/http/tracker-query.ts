import { REFERRAL_STATUSES } from '../../referrals/referral.js';
import type { TrackerFilter } from '../../referrals/discharge-tracker.js';
import type { ReferralStatus } from '../../generated/graphql.js';
import { readIsoDate } from '../../time/iso-8601.js';
import { HttpError } from './http-error.js';
import { checkQueryString } from './query-string.js';

const PARAMETERS = ['from', 'to', 'trust', 'status'] as const;
const ODS_CODE = /^[A-Z0-9]{3,10}$/;

function badParameter(name: string, problem: string): HttpError {
  return new HttpError(400, 'BAD_REQUEST', `The "${name}" parameter ${problem}`);
}

function day(params: URLSearchParams, name: 'from' | 'to'): string | null {
  const text = params.get(name);
  if (text === null) return null;
  const reading = readIsoDate(text);
  if (!reading.ok) throw badParameter(name, `is not a day (YYYY-MM-DD): ${reading.problem.reason}`);
  return reading.value;
}

/**
 * The tracker's filter from an export's query string, or a 400 naming the
 * parameter: an unknown, repeated or malformed one is refused rather than
 * ignored, so a typo never exports more than was meant.
 */
export function trackerFilterOf(url: URL): TrackerFilter {
  checkQueryString(url.search);
  const params = url.searchParams;
  for (const name of new Set(params.keys())) {
    if (!(PARAMETERS as readonly string[]).includes(name)) throw badParameter(name, `is not one the tracker takes (${PARAMETERS.join(', ')})`);
    if (params.getAll(name).length > 1) throw badParameter(name, 'is given more than once');
  }
  const from = day(params, 'from');
  const to = day(params, 'to');
  if (from && to && from > to) throw badParameter('to', `(${to}) is before "from" (${from})`);
  const trust = params.get('trust');
  if (trust !== null && !ODS_CODE.test(trust)) throw badParameter('trust', 'is not an ODS code (3 to 10 capital letters and digits)');
  const status = params.get('status');
  if (status !== null && !(REFERRAL_STATUSES as readonly string[]).includes(status)) {
    throw badParameter('status', `is not a referral status (${REFERRAL_STATUSES.join(', ')})`);
  }
  return { from, to, trust, status: status as ReferralStatus | null };
}
