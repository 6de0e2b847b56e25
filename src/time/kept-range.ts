/**
 * The dates the gateway keeps: years 1 to 9999. PostgreSQL has no year 0,
 * and an instant past 9999 has no four-digit ISO 8601 form. A date outside
 * them is a sender's or caller's mistake, refused where it is read (a feed
 * message's field, a GraphQL argument, an outside system's element), never
 * met as a store error.
 */

export function isKeptYear(year: number): boolean {
  return Number.isInteger(year) && year >= 1 && year <= 9999;
}

/** Whether an instant's UTC year is kept: a day's wall clock in year 1 or 9999 with an offset may fall outside. */
export function isKeptInstant(at: Date | number): boolean {
  const time = new Date(at).getTime();
  return !Number.isNaN(time) && isKeptYear(new Date(time).getUTCFullYear());
}
