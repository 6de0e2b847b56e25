import { readPeriod } from '../../../../adapters/hospital-discharge/fhir/period.js';
import { translateFhirMessage } from '../../../../adapters/hospital-discharge/fhir/translate.js';
import { ADW_DISCHARGE, adwNotice, entryOf, r4EncounterMessage } from './fixtures.js';
import { feedError } from './support.js';

const at = (period: Record<string, string>) => ({ value: period, path: 'Encounter.period' });

describe('FHIR periods (invariant per-1: no period ends before it starts)', () => {
  test.each([
    ['two instants, the end an hour before', '2026-12-02T10:00:00Z', '2026-12-02T09:00:00Z'],
    ['offsets that put the end first though its clock reads later', '2026-12-02T10:00:00+00:00', '2026-12-02T10:30:00+01:00'],
    ['a day after the day that ends it', '2026-12-03', '2026-12-02'],
    ['a time on a later day than the end day', '2026-12-03T08:00:00Z', '2026-12-02'],
    ['a month after the end', '2026-12', '2026-11-30'],
  ])('%s fails at period.end', (_, start, end) => {
    expect(feedError(() => readPeriod(at({ start, end })))).toMatchObject({ disposition: 'FAIL', location: { path: 'Encounter.period.end' }, reason: expect.stringContaining('per-1') });
  });

  test.each([
    ['a stay of an hour', '2026-12-02T09:00:00Z', '2026-12-02T10:00:00Z'],
    ['one instant', '2026-12-02T09:00:00Z', '2026-12-02T09:00:00Z'],
    ['a time on the day the end names as a date', '2026-12-02T10:00:00Z', '2026-12-02'],
    ['a day and a later time', '2026-12-02', '2026-12-02T08:00:00Z'],
    ['a month and a day in it', '2026-12', '2026-12-01'],
  ])('%s is a period', (_, start, end) => {
    expect(readPeriod(at({ start, end }))).toMatchObject({ start: { value: start }, end: { value: end } });
  });

  test('an open period, or none, is read as sent', () => {
    expect(readPeriod(at({ start: '2026-12-02T09:00:00Z' }))).toEqual({ start: { value: '2026-12-02T09:00:00Z', path: 'Encounter.period.start' } });
    expect(readPeriod(undefined)).toEqual({});
  });

  test('an R4 Encounter discharged before it was admitted fails the message at its period', () => {
    const message = r4EncounterMessage('finished', { start: '2026-12-02T09:30:00+00:00', end: '2026-12-01T11:00:00+00:00' });
    expect(feedError(() => translateFhirMessage(message))).toMatchObject({ disposition: 'FAIL', location: { path: expect.stringMatching(/^Bundle\.entry\[\d+\]\.resource\.period\.end$/) } });
  });

  test('an ADW discharge notice proposing a day before the admission fails the message at its period', () => {
    const notice = adwNotice(ADW_DISCHARGE);
    entryOf(notice, 'Encounter').period = { start: '2026-12-02T09:30:00+00:00', end: '2026-11-30' };
    expect(feedError(() => translateFhirMessage(notice))).toMatchObject({ disposition: 'FAIL', location: { path: expect.stringMatching(/\.period\.end$/) } });
  });
});
