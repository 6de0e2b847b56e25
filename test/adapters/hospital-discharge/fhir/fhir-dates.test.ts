import { calendarDayOf, instantOf } from '../../../../adapters/hospital-discharge/fhir/fhir-dates.js';
import { feedError } from './support.js';

const PATH = 'Encounter.period.start';

describe('FHIR dates in the years kept', () => {
  test.each([
    ['0050-06-20T09:30:00Z', '0050-06-20T09:30:00.000Z'],
    ['0050-06-20T09:30:00+01:00', '0050-06-20T08:30:00.000Z'],
    ['0001-01-01T00:00:00Z', '0001-01-01T00:00:00.000Z'],
    ['9999-12-31T23:59:59Z', '9999-12-31T23:59:59.000Z'],
  ])('%s is the instant %s: years before 100 are never read as 19xx', (value, instant) => {
    expect(instantOf({ value, path: PATH })).toBe(instant);
  });

  test('a first-century date standing for a moment keeps its year', () => {
    expect(instantOf({ value: '0050-06-20', path: PATH }).startsWith('0050-06-')).toBe(true);
    expect(calendarDayOf({ value: '0048-02-29', path: PATH })).toBe('0048-02-29');
  });

  test.each([
    ['0000-06-20T09:30:00Z', /outside the years 0001 to 9999/],
    ['0001-01-01T00:30:00+01:00', /outside the years 0001 to 9999 in UTC/],
    ['9999-12-31T23:30:00-01:00', /outside the years 0001 to 9999 in UTC/],
  ])('%s is refused at its element', (value, reason) => {
    const error = feedError(() => instantOf({ value, path: PATH }));
    expect(error).toMatchObject({ disposition: 'FAIL', location: { path: PATH } });
    expect(error.reason).toMatch(reason);
  });
});

describe('FHIR local times (src/time/uk-time.ts)', () => {
  test.each([
    ['2026-10-25T01:30:00', '2026-10-25T00:30:00.000Z', 'the repeated hour: its first (BST) occurrence, as through HL7'],
    ['2026-10-25T01:30', '2026-10-25T00:30:00.000Z', 'the repeated hour, without seconds'],
    ['2026-03-29T01:30:00', '2026-03-29T01:30:00.000Z', 'the skipped hour, read as GMT (02:30 BST)'],
    ['2026-10-25', '2026-10-24T23:00:00.000Z', 'a day standing for a moment: its UK midnight'],
    ['1800-01-01T12:00:00', '1800-01-01T12:00:00.000Z', "before railway time, GMT, not tz's London mean time"],
  ])('%s is %s (%s)', (value, instant) => {
    expect(instantOf({ value, path: PATH })).toBe(instant);
  });
});

describe('FHIR days', () => {
  test("a dateTime's day is the day as written, whatever its offset", () => {
    expect(calendarDayOf({ value: '1965-12-13T23:30:00-05:00', path: 'Patient.birthDate' })).toBe('1965-12-13');
    expect(calendarDayOf({ value: '0001-01-01T00:30:00+01:00', path: 'Patient.birthDate' })).toBe('0001-01-01');
  });

  test.each([
    ['1950-13', /there is no month 13/],
    ['0000', /the year 0000 is outside the years 0001 to 9999/],
    ['1950-06-20T25:00:00', /time of day/],
  ])('a partial date or dateTime that is none, %s, is refused at its element', (value, reason) => {
    const error = feedError(() => calendarDayOf({ value, path: 'Patient.birthDate' }));
    expect(error).toMatchObject({ disposition: 'FAIL', location: { path: 'Patient.birthDate' } });
    expect(error.reason).toMatch(reason);
  });
});
