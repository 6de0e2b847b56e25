/**
 * Review 3 finding (wrong change): FHIR dateTimes and instants in the years
 * 0001-0099, which src/kept-dates.ts says are kept, are read 1900 years
 * late. adapters/hospital-discharge/fhir/fhir-dates.ts instantOf builds the
 * instant with Date.UTC(year, ...), and Date.UTC maps years 0-99 to
 * 1900-1999 (the HL7 reader, hl7-time.ts, avoids it with setUTCFullYear and
 * says why). So a trust's Encounter.period.start of 0050-06-20 (a typing
 * slip) is neither refused nor kept as sent: the referral is stored as
 * admitted on 1950-06-20, a plausible date nobody will question.
 */
import { instantOf } from '../../adapters/hospital-discharge/fhir/fhir-dates.js';
import { parseHl7Timestamp } from '../../adapters/hospital-discharge/hl7v2/hl7-time.js';

describe('FHIR instants in the first century', () => {
  test('HL7 keeps year 0050 as year 0050', () => {
    expect(parseHl7Timestamp('00500620093000+0000', { path: 'PV1-44' })).toBe('0050-06-20T09:30:00.000Z');
  });

  test.each([
    ['a dateTime with an offset', '0050-06-20T09:30:00Z', '0050-06-20T09:30:00.000Z'],
    ['a dateTime in London time', '0050-06-20T09:30:00', '0050-06-20T'],
    ['a date standing for a moment', '0050-06-20', '0050-06-20T'],
  ])('%s in year 0050 is kept as year 0050 (or refused), never read as 1950', (_, value, kept) => {
    let read: string | null = null;
    try {
      read = instantOf({ value, path: 'Encounter.period.start' });
    } catch {
      return; // refused at its element: acceptable
    }
    expect(read).not.toMatch(/^1950/);
    expect(read.startsWith(kept)).toBe(true);
  });
});
