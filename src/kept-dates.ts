/**
 * The dates the gateway keeps: years 1 to 9999. PostgreSQL has no year 0,
 * and an instant past 9999 has no four-digit ISO 8601 form. A date outside
 * them is a sender's or caller's mistake, refused where it is read (a feed
 * message's field, a GraphQL argument), never met as a store error.
 */

export function isKeptYear(year: number): boolean {
  return Number.isInteger(year) && year >= 1 && year <= 9999;
}

/**
 * Milliseconds since 1970 of a UTC calendar time, for any kept year:
 * Date.UTC takes the years 0-99 for 1900-1999, so year 0050 would be read as
 * 1950. Months and days roll over as Date.UTC's do.
 */
export function utcMillis(year: number, month: number, day: number, hour = 0, minute = 0, second = 0, millisecond = 0): number {
  return new Date(0).setUTCFullYear(year, month - 1, day) + ((hour * 60 + minute) * 60 + second) * 1000 + millisecond;
}

/** Whether an instant's UTC year is kept: a day's wall clock in year 1 or 9999 with an offset may fall outside. */
export function isKeptInstant(at: Date | number): boolean {
  const time = new Date(at).getTime();
  return !Number.isNaN(time) && isKeptYear(new Date(time).getUTCFullYear());
}
