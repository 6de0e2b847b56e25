import fc from 'fast-check';
import { utcMillis } from '../../src/time/calendar.js';
import { ukDayOf, ukOffsetAt, ukWallClockToUtc } from '../../src/time/uk-time.js';
import { asUtc, HOUR_MS, instantByRule, isRepeated, isSkipped, wallTimes } from './uk-clock-oracle.js';

const at = (iso: string) => new Date(ukWallClockToUtc(Date.parse(`${iso}Z`))).toISOString();

describe('UK wall-clock time to UTC', () => {
  test.each([
    ['2026-10-25T00:59:59', '2026-10-24T23:59:59.000Z', 'the last BST second before the repeated hour'],
    ['2026-10-25T01:30:00', '2026-10-25T00:30:00.000Z', 'the repeated hour: its first, BST, occurrence'],
    ['2026-10-25T02:00:00', '2026-10-25T02:00:00.000Z', 'GMT again'],
    ['2026-03-29T00:59:59', '2026-03-29T00:59:59.000Z', 'the last GMT second'],
    ['2026-03-29T01:30:00', '2026-03-29T01:30:00.000Z', 'the skipped hour, read as GMT: 02:30 BST'],
    ['2026-03-29T02:00:00', '2026-03-29T01:00:00.000Z', 'the first BST hour'],
    ['1944-06-06T12:00:00', '1944-06-06T10:00:00.000Z', 'British double summer time'],
    ['1970-01-01T12:00:00', '1970-01-01T11:00:00.000Z', 'British Standard Time, BST all year 1968-1971'],
    ['1800-01-01T12:00:00', '1800-01-01T12:00:00.000Z', "before railway time: GMT, not tz's mean time (-00:01:15)"],
    ['9999-07-01T12:00:00', '9999-07-01T11:00:00.000Z', 'the EU rule carried on'],
  ])('%s is %s (%s)', (wall, utc) => {
    expect(at(wall)).toBe(utc);
  });

  test('years before 100 stay as written', () => {
    expect(new Date(ukWallClockToUtc(utcMillis(50, 6, 20, 9, 30))).toISOString()).toBe('0050-06-20T09:30:00.000Z');
    expect(new Date(ukWallClockToUtc(utcMillis(1, 1, 1))).toISOString()).toBe('0001-01-01T00:00:00.000Z');
  });

  test('the offset is a whole number of hours at every instant of the kept years', () => {
    fc.assert(
      fc.property(fc.integer({ min: utcMillis(1, 1, 1), max: utcMillis(9999, 12, 31, 23, 59, 59) }), (utc) => {
        expect([0, HOUR_MS, 2 * HOUR_MS]).toContain(ukOffsetAt(utc));
      }),
    );
  });

  test('every wall-clock time resolves by the documented rule', () => {
    fc.assert(
      fc.property(wallTimes, (wall) => {
        expect(ukWallClockToUtc(asUtc(wall))).toBe(instantByRule(wall));
      }),
      { numRuns: 2000 },
    );
  });

  test('UTC to the wall clock and back is the identity, but for the skipped hour (an hour on) and the repeated hour (its first occurrence)', () => {
    fc.assert(
      fc.property(wallTimes, (wall) => {
        const utc = ukWallClockToUtc(asUtc(wall));
        const wallAgain = utc + ukOffsetAt(utc);
        expect(wallAgain).toBe(asUtc(wall) + (isSkipped(wall) ? HOUR_MS : 0));
        // The second occurrence of a repeated time reads back as the first.
        if (isRepeated(wall)) expect(ukWallClockToUtc(utc + HOUR_MS + ukOffsetAt(utc + HOUR_MS))).toBe(utc);
      }),
      { numRuns: 2000 },
    );
  });

  test("an instant's UK day is the day the clock showed: 23:30Z in June is already the next day in BST", () => {
    expect(ukDayOf(new Date('2026-06-01T23:30:00Z'))).toBe('2026-06-02');
    expect(ukDayOf(new Date('2026-12-01T23:30:00Z'))).toBe('2026-12-01');
    expect(ukDayOf(Date.parse('0050-06-20T23:30:00Z'))).toBe('0050-06-20');
  });
});
