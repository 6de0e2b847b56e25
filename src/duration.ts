/**
 * Durations as configuration and messages write them: a whole number and a
 * unit, `s`, `m`, `h` or `d` (`90s`, `30m`, `12h`, `7d`). The unit is never
 * left out, so `12` cannot be read as hours by one person and seconds by another.
 */
const SECONDS_PER_UNIT = { d: 86_400, h: 3_600, m: 60, s: 1 } as const;
const DURATION = /^(\d{1,9})(d|h|m|s)$/;

/** Seconds, or null when the text is not a duration. */
export function parseDuration(text: string): number | null {
  const match = DURATION.exec(text);
  if (!match) return null;
  return Number(match[1]) * SECONDS_PER_UNIT[match[2] as keyof typeof SECONDS_PER_UNIT];
}

/** In the largest unit that divides it: 43200 -> `12h`, 5400 -> `90m`; parts of a second are rounded. */
export function formatDuration(seconds: number): string {
  const whole = Math.round(seconds);
  for (const [unit, size] of Object.entries(SECONDS_PER_UNIT)) {
    if (whole !== 0 && whole % size === 0) return `${whole / size}${unit}`;
  }
  return `${whole}s`;
}
