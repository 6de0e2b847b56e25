/**
 * One calendar: a wall-clock time reads as the same instant through every
 * wire format (HL7 DTM and FHIR dateTime without an offset; the supplier's
 * XML, LAS's JSON and GraphQL's DateTime with the UK offset the rule gives),
 * and that instant is the documented rule's (uk-clock-oracle.ts), across the
 * clocks' changes and the years 0001 to 9999. Each format's writer and reader
 * round-trip.
 */
import fc from 'fast-check';
import { calendarDayOf, instantOf } from '../../adapters/hospital-discharge/fhir/fhir-dates.js';
import { formatHl7Timestamp, parseHl7Date, parseHl7Timestamp } from '../../adapters/hospital-discharge/hl7v2/hl7-time.js';
import { hl7Location } from '../../adapters/hospital-discharge/hl7v2/hl7-location.js';
import { contactFromJson, contactToJson } from '../../adapters/care-records/las/translate.js';
import { statusUpdateFromXml, statusUpdateToXml } from '../../adapters/equipment-supplier/translate.js';
import { DATE } from '../../adapters/wire-formats.js';
import { DateScalar, DateTimeScalar } from '../../src/server/graphql/scalars.js';
import { formatIsoDay, utcMillis } from '../../src/time/calendar.js';
import { formatIsoInstant } from '../../src/time/instants.js';
import { ukOffsetAt } from '../../src/time/uk-time.js';
import { CONTACT } from '../adapters/care-records/las/contract-messages.js';
import { STATUS_UPDATE } from '../adapters/equipment-supplier/contract-messages.js';
import { anyWall, clockChangeWall, hl7Local, instantByRule, isoLocal, isoOffsetByRule, isSkipped, type Wall, wallTimes } from './uk-clock-oracle.js';

const PV1_44 = hl7Location({ segment: 'PV1', field: 44 });
const PERIOD_START = 'Bundle.entry[2].resource.period.start';

/** What src/equipment and src/care-records make of the text the supplier's and LAS's readers keep as sent. */
const instantOfKeptText = (text: string) => new Date(text).toISOString();

/** The instant each format reads for a wall-clock time, by format. */
function readEverywhere(wall: Wall): Record<string, string> {
  const withOffset = `${isoLocal(wall)}${isoOffsetByRule(wall)}`;
  return {
    'HL7 DTM': parseHl7Timestamp(hl7Local(wall), PV1_44),
    'FHIR dateTime': instantOf({ value: isoLocal(wall), path: PERIOD_START }),
    "supplier's XML": instantOfKeptText(statusUpdateFromXml(statusUpdateToXml({ ...STATUS_UPDATE, occurredAt: withOffset, slot: { from: withOffset, to: withOffset } })).occurredAt),
    "LAS's JSON": instantOfKeptText(contactFromJson(contactToJson({ ...CONTACT, occurredAt: withOffset })).occurredAt),
    'GraphQL DateTime': DateTimeScalar.parseValue(withOffset).toISOString(),
  };
}

function everyFormatSays(instant: string): Record<string, string> {
  return Object.fromEntries(Object.keys(readEverywhere({ year: 2026, month: 1, day: 1, hour: 0, minute: 0, second: 0 })).map((format) => [format, instant]));
}

describe('one instant from every format', () => {
  test('2026-10-25 01:30, in the hour that happens twice, is its first (BST) occurrence, 00:30Z, in every format', () => {
    expect(readEverywhere({ year: 2026, month: 10, day: 25, hour: 1, minute: 30, second: 0 })).toEqual(everyFormatSays('2026-10-25T00:30:00.000Z'));
  });

  test('2026-03-29 01:30, in the hour the clocks skip, is read as GMT, 01:30Z (02:30 BST), in every format', () => {
    expect(readEverywhere({ year: 2026, month: 3, day: 29, hour: 1, minute: 30, second: 0 })).toEqual(everyFormatSays('2026-03-29T01:30:00.000Z'));
  });

  test('0050-06-20 09:30 stays in the year 50 in every format', () => {
    expect(readEverywhere({ year: 50, month: 6, day: 20, hour: 9, minute: 30, second: 0 })).toEqual(everyFormatSays('0050-06-20T09:30:00.000Z'));
  });

  test('any wall-clock time, around the clocks changing or anywhere in the years 0001-9999, is the one instant the rule gives', () => {
    fc.assert(
      fc.property(wallTimes, (wall) => {
        expect(readEverywhere(wall)).toEqual(everyFormatSays(new Date(instantByRule(wall)).toISOString()));
      }),
      { numRuns: 600 },
    );
  });

  test('around the clocks changing in 2026 and after, every format agrees (a denser look)', () => {
    fc.assert(
      fc.property(clockChangeWall, (wall) => {
        expect(readEverywhere(wall)).toEqual(everyFormatSays(new Date(instantByRule(wall)).toISOString()));
      }),
      { numRuns: 600 },
    );
  });

  test('a time in the years 0001-0099 never moves to 19xx', () => {
    fc.assert(
      fc.property(anyWall.filter((wall) => wall.year < 100), (wall) => {
        for (const instant of Object.values(readEverywhere(wall))) expect(instant.slice(0, 4)).toBe(String(wall.year).padStart(4, '0'));
      }),
    );
  });
});

const KEPT_SECONDS = fc.integer({ min: utcMillis(1, 1, 1) / 1000, max: utcMillis(9999, 12, 31, 23, 59, 59) / 1000 }).map((seconds) => seconds * 1000);
const KEPT_MILLISECONDS = fc.integer({ min: utcMillis(1, 1, 1), max: utcMillis(9999, 12, 31, 23, 59, 59, 999) });

describe('each format reads back what it writes', () => {
  test('HL7 DTM, to the second', () => {
    fc.assert(
      fc.property(KEPT_SECONDS, (utc) => {
        expect(parseHl7Timestamp(formatHl7Timestamp(new Date(utc)), PV1_44)).toBe(formatIsoInstant(utc));
      }),
    );
  });

  test('ISO 8601 instants, to the millisecond: FHIR, the supplier, LAS and GraphQL', () => {
    fc.assert(
      fc.property(KEPT_MILLISECONDS, (utc) => {
        const written = formatIsoInstant(utc);
        expect(instantOf({ value: written, path: PERIOD_START })).toBe(written);
        expect(statusUpdateFromXml(statusUpdateToXml({ ...STATUS_UPDATE, occurredAt: written, slot: { from: written, to: written } })).occurredAt).toBe(written);
        expect(contactFromJson(contactToJson({ ...CONTACT, occurredAt: written })).occurredAt).toBe(written);
        expect(DateTimeScalar.parseValue(DateTimeScalar.serialize(new Date(utc)))).toEqual(new Date(utc));
      }),
    );
  });

  test('days, in every format that has them', () => {
    fc.assert(
      fc.property(anyWall, ({ year, month, day }) => {
        const written = formatIsoDay(year, month, day);
        expect(parseHl7Date(written.replace(/-/g, ''), PV1_44)).toBe(written);
        expect(calendarDayOf({ value: written, path: 'Patient.birthDate' })).toBe(written);
        expect(DATE.read(written)).toBe(written);
        expect(DateScalar.parseValue(written)).toBe(written);
      }),
    );
  });

  test('a wall-clock time read through HL7 and FHIR and written back as UK time is the time sent, but for the skipped hour', () => {
    fc.assert(
      fc.property(wallTimes, (wall) => {
        const utc = Date.parse(parseHl7Timestamp(hl7Local(wall), PV1_44));
        expect(Date.parse(instantOf({ value: isoLocal(wall), path: PERIOD_START }))).toBe(utc);
        // The skipped hour moves on by the gap; every other time comes back as sent.
        const shown = isSkipped(wall) ? { ...wall, hour: wall.hour + 1 } : wall;
        expect(formatIsoInstant(utc + ukOffsetAt(utc)).slice(0, 19)).toBe(isoLocal(shown));
      }),
    );
  });
});
