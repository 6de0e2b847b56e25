/**
 * Which customer a hospital's person is (pure). A verified NHS number is
 * proof; anything less links to a likely customer but marks the link for a
 * person to review, because merging two people's records is worse than
 * having one person twice for a while.
 */
import type { PersonDetails } from '../referrals/discharge-message.js';
import { firstGivenName } from './given-names.js';

/** Why a link waits for review. */
export type ReviewBasis =
  /** The sender's NHS number was not verified, but a customer already has it. */
  | 'UNVERIFIED_NHS_NUMBER_MATCH'
  /** No usable NHS number: family name, first given name, date of birth and postcode all match one customer. */
  | 'DEMOGRAPHIC_MATCH'
  /** A new customer made from an unverified NHS number. */
  | 'NEW_WITH_UNVERIFIED_NHS_NUMBER'
  /** A local id the sender sent is shaped and checked like an NHS number: which is it? */
  | 'NHS_NUMBER_AS_LOCAL_ID';

export interface KnownLink {
  customerId: string;
  needsReview: boolean;
  /** The linked customer's NHS number, if they have one. */
  nhsNumber: string | null;
}

export interface MatchCandidates {
  /** The customer holding the person's NHS number, if any. */
  byNhsNumber: { id: string } | null;
  /** The customer the person's identity link already points at. */
  byLink: KnownLink | null;
  /** Customers whose family name, first given name, date of birth and postcode equal the person's. */
  byDemographics: readonly { id: string }[];
}

export type CustomerMatch =
  | { kind: 'EXISTING'; customerId: string; needsReview: boolean; basis: ReviewBasis | null }
  | { kind: 'NEW'; needsReview: boolean; basis: ReviewBasis | null };

/**
 * A local id that looks like an NHS number may be the person's NHS number in
 * the wrong slot, or another person's: the link it makes is no proof however
 * the person was found, until a coordinator has confirmed it.
 */
export function matchCustomer(person: PersonDetails, candidates: MatchCandidates): CustomerMatch {
  const match = matchOnIdentifiers(person, candidates);
  if (match.needsReview || (person.localIdsLikeNhsNumbers ?? []).length === 0) return match;
  const { byLink } = candidates;
  const judged = match.kind === 'EXISTING' && byLink !== null && !byLink.needsReview && byLink.customerId === match.customerId;
  return judged ? match : { ...match, needsReview: true, basis: 'NHS_NUMBER_AS_LOCAL_ID' };
}

function matchOnIdentifiers(person: PersonDetails, candidates: MatchCandidates): CustomerMatch {
  const { byLink } = candidates;
  if (person.nhsNumber !== null && person.nhsNumberVerified) {
    if (candidates.byNhsNumber) return { kind: 'EXISTING', customerId: candidates.byNhsNumber.id, needsReview: false, basis: null };
    // A number nobody holds, traced for a patient the trust has sent before: the same person, now traced.
    if (byLink && !byLink.needsReview && byLink.nhsNumber === null) return { kind: 'EXISTING', customerId: byLink.customerId, needsReview: false, basis: null };
    // A link still waiting for review: the number says nothing of whether it is that customer, so the question stays.
    if (byLink && byLink.needsReview) return { kind: 'EXISTING', customerId: byLink.customerId, needsReview: true, basis: null };
    return { kind: 'NEW', needsReview: false, basis: null };
  }
  if (candidates.byLink) {
    // The link was judged before: keep that judgement rather than re-open it on every message.
    return { kind: 'EXISTING', customerId: candidates.byLink.customerId, needsReview: candidates.byLink.needsReview, basis: null };
  }
  if (candidates.byNhsNumber) {
    return { kind: 'EXISTING', customerId: candidates.byNhsNumber.id, needsReview: true, basis: 'UNVERIFIED_NHS_NUMBER_MATCH' };
  }
  const [only, ...others] = candidates.byDemographics;
  if (only && others.length === 0 && demographicKeysOf(person) !== null) {
    return { kind: 'EXISTING', customerId: only.id, needsReview: true, basis: 'DEMOGRAPHIC_MATCH' };
  }
  return person.nhsNumber !== null
    ? { kind: 'NEW', needsReview: true, basis: 'NEW_WITH_UNVERIFIED_NHS_NUMBER' }
    : { kind: 'NEW', needsReview: false, basis: null };
}

export interface DemographicKeys {
  family: string;
  given: string;
  dateOfBirth: string;
  postcode: string;
}

/**
 * The four keys of a demographic match, or null when one is missing: two
 * people share a name and birthday more often than one thinks.
 */
export function demographicKeysOf(person: PersonDetails): DemographicKeys | null {
  const { givenName, familyName, dateOfBirth } = person;
  const postcode = person.address?.postcode;
  if (!givenName || !familyName || !dateOfBirth || !postcode) return null;
  return { family: familyName, given: firstGivenName(givenName), dateOfBirth, postcode };
}

/** The keys as one text, names case-folded as the match compares them. */
export function demographicKey(keys: DemographicKeys): string {
  return [keys.family.toLowerCase(), keys.given.toLowerCase(), keys.dateOfBirth, keys.postcode].join('\u0000');
}
