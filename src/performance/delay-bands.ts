/** NHS England's bands of discharge delay, in days (the last open-ended): 0, 1, 2-3, 4-6, 7-13, 14-20, 21+. */
export const DELAY_BANDS: readonly { fromDays: number; toDays: number | null }[] = [
  { fromDays: 0, toDays: 0 },
  { fromDays: 1, toDays: 1 },
  { fromDays: 2, toDays: 3 },
  { fromDays: 4, toDays: 6 },
  { fromDays: 7, toDays: 13 },
  { fromDays: 14, toDays: 20 },
  { fromDays: 21, toDays: null },
];
