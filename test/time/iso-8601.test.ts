import { FHIR_DATE_TIME, readIsoDate, readIsoDateOfAnyPrecision, readIsoDateTime, readIsoDayOfDateTime, WITH_OFFSET } from '../../src/time/iso-8601.js';

const instant = (text: string, form = WITH_OFFSET) => {
  const reading = readIsoDateTime(text, form);
  return reading.ok ? new Date(reading.value).toISOString() : reading.problem;
};

describe('ISO 8601 date-times', () => {
  test.each([
    ['2026-10-25T01:30:00+01:00', '2026-10-25T00:30:00.000Z'],
    ['2026-10-25T01:30:00+00:00', '2026-10-25T01:30:00.000Z'],
    ['2026-03-29T01:30:00Z', '2026-03-29T01:30:00.000Z'],
    ['2026-11-24T10:02:11.2599+01:00', '2026-11-24T09:02:11.259Z'],
    ['0050-06-20T09:30:00-05:30', '0050-06-20T15:00:00.000Z'],
    ['2026-11-23T10:00:00+23:59', '2026-11-22T10:01:00.000Z'],
  ])('%s with an offset is %s', (text, utc) => {
    expect(instant(text)).toBe(utc);
  });

  test.each([
    ['2026-10-25T01:30:00', '2026-10-25T00:30:00.000Z', 'the repeated hour: the first (BST) occurrence'],
    ['2026-03-29T01:30:00', '2026-03-29T01:30:00.000Z', 'the skipped hour: read as GMT, 02:30 BST'],
    ['2026-10-25T01:30', '2026-10-25T00:30:00.000Z', 'minutes without seconds'],
    ['2026-10-25', '2026-10-24T23:00:00.000Z', 'a day alone: its UK midnight'],
    ['0050-06-20T09:30:00', '0050-06-20T09:30:00.000Z', 'years before 100 as written'],
  ])('FHIR dateTime %s is %s (%s)', (text, utc) => {
    expect(instant(text, FHIR_DATE_TIME)).toBe(utc);
  });

  test.each([
    ['2026-10-25T01:30:00', 'form'],
    ['2026-10-25T01:30Z', 'form'],
    ['2026-10-25', 'form'],
    ['2026-10-25t01:30:00z', 'form'],
    ['2026-10-25 01:30:00Z', 'form'],
    ['2026-02-29T00:00:00Z', 'calendar'],
    ['2026-11-23T10:00:00+24:00', 'calendar'],
    ['0000-01-01T00:00:00Z', 'kept-years'],
    ['0001-01-01T00:30:00+01:00', 'kept-years'],
    ['9999-12-31T23:30:00-01:00', 'kept-years'],
  ])('with an offset required, %s is refused (%s)', (text, kind) => {
    expect(instant(text)).toMatchObject({ kind });
  });

  test('the reasons are the same for every format', () => {
    expect(instant('2026-02-29T00:00:00Z')).toEqual({ kind: 'calendar', reason: 'month 2 of 2026 has 28 days' });
    expect(instant('0001-01-01T00:30:00+01:00')).toEqual({ kind: 'kept-years', reason: 'it falls outside the years 0001 to 9999 in UTC' });
    expect(instant('2026-10-25T01:30:00')).toEqual({ kind: 'form', reason: `expected ${WITH_OFFSET.expected}` });
  });
});

describe('ISO 8601 dates', () => {
  test('a whole day, in every kept year', () => {
    expect(['0001-01-01', '0050-06-20', '0048-02-29', '9999-12-31'].map((text) => readIsoDate(text))).toEqual([
      { ok: true, value: '0001-01-01' },
      { ok: true, value: '0050-06-20' },
      { ok: true, value: '0048-02-29' },
      { ok: true, value: '9999-12-31' },
    ]);
  });

  test.each([
    ['0000-01-01', 'kept-years'],
    ['1900-02-29', 'calendar'],
    ['1950-06', 'form'],
    ['20/06/1950', 'form'],
  ])('%s is no whole day (%s)', (text, kind) => {
    expect(readIsoDate(text)).toMatchObject({ ok: false, problem: { kind } });
  });

  test('a date of year or month precision names no day, but must still be on the calendar', () => {
    expect(readIsoDateOfAnyPrecision('1950')).toEqual({ ok: true, value: null });
    expect(readIsoDateOfAnyPrecision('1950-06')).toEqual({ ok: true, value: null });
    expect(readIsoDateOfAnyPrecision('1950-13')).toMatchObject({ ok: false, problem: { kind: 'calendar' } });
    expect(readIsoDateOfAnyPrecision('0000')).toMatchObject({ ok: false, problem: { kind: 'kept-years' } });
  });

  test("a date-time's day is the day as written, whatever its offset", () => {
    expect(readIsoDayOfDateTime('1965-12-13T23:30:00-05:00', FHIR_DATE_TIME)).toEqual({ ok: true, value: '1965-12-13' });
    expect(readIsoDayOfDateTime('0001-01-01T00:30:00+01:00', FHIR_DATE_TIME)).toEqual({ ok: true, value: '0001-01-01' });
    expect(readIsoDayOfDateTime('1965-12-13T25:00:00Z', FHIR_DATE_TIME)).toMatchObject({ ok: false, problem: { kind: 'calendar' } });
  });
});
