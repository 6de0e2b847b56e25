import { isKeptInstant, isKeptYear } from '../../src/time/kept-range.js';

describe('the dates the gateway keeps', () => {
  test('years 1 to 9999, whole', () => {
    expect([0, 1, 9999, 10_000, 2026.5, Number.NaN].map(isKeptYear)).toEqual([false, true, true, false, false, false]);
  });

  test('an instant by its UTC year', () => {
    expect(isKeptInstant(new Date('0001-01-01T00:00:00Z'))).toBe(true);
    expect(isKeptInstant(new Date('0001-01-01T00:00:00+01:00'))).toBe(false);
    expect(isKeptInstant(new Date('9999-12-31T23:59:59.999Z'))).toBe(true);
    expect(isKeptInstant(Date.UTC(9999, 11, 31, 23, 59, 59, 999) + 1)).toBe(false);
    expect(isKeptInstant(Number.NaN)).toBe(false);
  });
});
