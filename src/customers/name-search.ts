/**
 * Finding people by what a user types: name words or an NHS number. The
 * same rules for every list that searches people (customers, referrals), over
 * whichever columns hold the person there.
 */
import { BadInputError } from '../errors.js';
import { sql, type SqlFragment } from '../store/sql-fragment.js';
import { parseNhsNumber } from './nhs-number.js';

const MIN_SEARCH_TEXT = 2;
// A person's names and an NHS number fit easily; more is not a search.
const MAX_SEARCH_TEXT = 100;
const MAX_SEARCH_WORDS = 6;

/** The name words of search text: "Smith, Margaret" is two. */
export function searchWords(text: string): string[] {
  return text.split(/[\s,]+/).filter(Boolean);
}

/** Search text as given to a list, trimmed and within bounds, or null when there is none; errors name the argument. */
export function readSearchText(text: string | null | undefined, argument: string): string | null {
  const trimmed = text?.trim() ?? '';
  if (!trimmed) return null;
  if (trimmed.length < MIN_SEARCH_TEXT) throw new BadInputError(argument, `must be at least ${MIN_SEARCH_TEXT} characters`);
  if (trimmed.length > MAX_SEARCH_TEXT || searchWords(trimmed).length > MAX_SEARCH_WORDS) {
    throw new BadInputError(argument, `must be at most ${MAX_SEARCH_TEXT} characters and ${MAX_SEARCH_WORDS} words`);
  }
  return trimmed;
}

/** Where a person's NHS number and names are, as SQL the code chose. */
export interface PersonColumns {
  nhsNumber: SqlFragment;
  /** Each name column, lower-cased (so an index on the lower-cased name serves the prefix). */
  lowerNames: readonly SqlFragment[];
}

/**
 * The condition for search text: a valid NHS number (spaces allowed)
 * matches that number exactly; otherwise every word must begin one of the
 * names, case ignored.
 */
export function personTextCondition(text: string, columns: PersonColumns): SqlFragment {
  const nhsNumber = parseNhsNumber(text);
  if (nhsNumber.ok) return sql`${columns.nhsNumber} = ${nhsNumber.value}`;
  const words = searchWords(text);
  // Text with no name in it (", ,") matches nobody rather than everybody.
  if (words.length === 0) return sql`false`;
  return words
    .map((word) => {
      const prefix = likePrefix(word);
      const anyName = columns.lowerNames.map((name) => sql`${name} LIKE ${prefix}`).reduce((a, b) => sql`${a} OR ${b}`);
      return sql`(${anyName})`;
    })
    .reduce((a, b) => sql`${a} AND ${b}`);
}

/** LIKE treats % and _ as wildcards: a name typed by a user must match literally. */
function likePrefix(word: string): string {
  return `${word.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
