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
