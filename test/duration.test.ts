import { formatDuration, parseDuration } from '../src/duration.js';

describe('durations', () => {
  test.each([
    ['90s', 90],
    ['30m', 1_800],
    ['12h', 43_200],
    ['7d', 604_800],
    ['0s', 0],
  ])('%s is %d seconds', (text, seconds) => {
    expect(parseDuration(text)).toBe(seconds);
  });

  test.each([['12'], ['12 h'], ['1.5h'], ['-1h'], ['12H'], ['h'], ['12hours'], ['']])('%p is not a duration', (text) => {
    expect(parseDuration(text)).toBeNull();
  });

  test.each([
    [43_200, '12h'],
    [5_400, '90m'],
    [90, '90s'],
    [3_155_760_000, '36525d'],
    [29.6, '30s'],
    [0, '0s'],
    [-3_600, '-1h'],
  ])('%d seconds is written %s', (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });
});
