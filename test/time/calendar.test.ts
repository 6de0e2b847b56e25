import { daysInMonth, formatIsoDay, utcMillis, wallClockProblem } from '../../src/time/calendar.js';

const wall = (year: number, month: number, day: number, hour = 0, minute = 0, second = 0) => ({ year, month, day, hour, minute, second, millisecond: 0 });

describe('the calendar', () => {
  test('utcMillis reads the years before 100 as written, where Date.UTC reads 1900-1999', () => {
    expect(new Date(utcMillis(50, 6, 20, 9, 30)).toISOString()).toBe('0050-06-20T09:30:00.000Z');
    expect(new Date(utcMillis(2026, 12, 7, 23, 59, 59, 999)).toISOString()).toBe('2026-12-07T23:59:59.999Z');
    expect(new Date(utcMillis(2026, 3, 0)).toISOString()).toBe('2026-02-28T00:00:00.000Z');
  });

  test('days in a month, leap years by the Gregorian rule in every century', () => {
    expect([daysInMonth(2024, 2), daysInMonth(1900, 2), daysInMonth(2000, 2), daysInMonth(48, 2), daysInMonth(2026, 4)]).toEqual([29, 28, 29, 29, 30]);
  });

  test.each([
    [wall(0, 1, 1), 'kept-years', 'the year 0000 is outside the years 0001 to 9999'],
    [wall(2026, 13, 1), 'calendar', 'there is no month 13'],
    [wall(2026, 2, 29), 'calendar', 'month 2 of 2026 has 28 days'],
    [wall(2026, 2, 1, 24), 'calendar', 'the time of day is out of range'],
    [wall(2026, 2, 1, 23, 59, 60), 'calendar', 'the time of day is out of range'],
  ])('%p is no time: %s, %s', (value, kind, reason) => {
    expect(wallClockProblem(value)).toEqual({ kind, reason });
  });

  test('a time that exists has no problem, in the first year as in the last', () => {
    expect(wallClockProblem(wall(1, 1, 1))).toBeNull();
    expect(wallClockProblem(wall(9999, 12, 31, 23, 59, 59))).toBeNull();
  });

  test('a day is written with four-digit years', () => {
    expect(formatIsoDay(50, 6, 20)).toBe('0050-06-20');
  });
});
