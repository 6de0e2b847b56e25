/**
 * UK time: the one rule by which every wire format's local time (a time
 * written without an offset: HL7 DTM, a FHIR dateTime, a FHIR or HL7 day
 * standing for a moment) becomes an instant. Every English trust runs on UK
 * time, so a local time is Europe/London time as the IANA tz database has it
 * (GMT, BST, the wartime double summer time), with two exceptions decided
 * here once for every format:
 *
 * - The clocks go back (since 1996, 02:00 BST on the last Sunday of October
 *   becomes 01:00 GMT): a time from 01:00 to 01:59:59 happens twice. It is
 *   read as the FIRST occurrence, in BST (+01:00): `2026-10-25 01:30` is
 *   2026-10-25T00:30Z.
 * - The clocks go forward (01:00 GMT on the last Sunday of March becomes
 *   02:00 BST): a time from 01:00 to 01:59:59 never happens. It is read with
 *   the offset from before the change, GMT, and so lands an hour later on
 *   the clock: `2026-03-29 01:30` is 2026-03-29T01:30Z, which is 02:30 BST.
 *
 * This is Temporal's `disambiguation: 'compatible'` and RFC 5545 §3.3.5's
 * rule for iCalendar local times, so a sender's scheduling software most
 * likely meant the same. Before 1 December 1847, when tz's London mean time
 * (-00:01:15) ends, UK time is GMT: no wire format can write a mean-time
 * offset, and no one means one.
 *
 * Intl (ICU's tz data, shipped with Node) answers the offsets; it is asked
 * once per UTC hour, since UK clocks have only ever changed on the hour.
 */
import { formatIsoDay, utcMillis } from './calendar.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** tz's first GMT instant in Europe/London; before it, London mean time. */
const GMT_FROM = utcMillis(1847, 12, 1, 0, 1, 15);
const OFFSET_CACHE_LIMIT = 100_000;

const LONDON = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  hourCycle: 'h23',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  second: 'numeric',
});

/** Offsets by UTC hour: asking Intl costs more than parsing a whole HL7 message. */
const offsetsByHour = new Map<number, number>();

/** How far UK clocks are ahead of UTC at an instant, in milliseconds: 0 (GMT), one hour (BST) or two (1941-1947 summers). */
export function ukOffsetAt(utc: number): number {
  if (utc < GMT_FROM) return 0;
  const hour = Math.floor(utc / HOUR_MS);
  let offset = offsetsByHour.get(hour);
  if (offset === undefined) {
    if (offsetsByHour.size >= OFFSET_CACHE_LIMIT) offsetsByHour.clear();
    offset = askIntlForOffset(hour * HOUR_MS);
    offsetsByHour.set(hour, offset);
  }
  return offset;
}

/** `utc` is a whole hour, so the wall clock Intl gives (to the second) differs from it by exactly the offset. */
function askIntlForOffset(utc: number): number {
  const parts = LONDON.formatToParts(utc);
  const field = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((part) => part.type === type)?.value);
  return utcMillis(field('year'), field('month'), field('day'), field('hour'), field('minute'), field('second')) - utc;
}

/**
 * The instant of a UK wall-clock time, given as milliseconds as if it were
 * UTC, by the rule in this module's header.
 */
export function ukWallClockToUtc(wallClock: number): number {
  // UK clocks change at most once in any two days, so the offsets a day either side are the only candidates.
  const before = ukOffsetAt(wallClock - DAY_MS);
  const after = ukOffsetAt(wallClock + DAY_MS);
  // The offsets under which this wall clock happens; with two (the clocks went back), the larger is the earlier instant.
  const happening = [before, after].filter((offset) => ukOffsetAt(wallClock - offset) === offset);
  return wallClock - (happening.length === 0 ? before : Math.max(...happening));
}

/** The UK calendar day an instant falls on, `YYYY-MM-DD`: the day a ward's clock showed. */
export function ukDayOf(at: Date | number): string {
  const utc = new Date(at).getTime();
  const wallClock = new Date(utc + ukOffsetAt(utc));
  return formatIsoDay(wallClock.getUTCFullYear(), wallClock.getUTCMonth() + 1, wallClock.getUTCDate());
}
