import { Kind } from 'graphql';
import { DateScalar, DateTimeScalar, InvalidScalarError, NHSNumberScalar, PostcodeScalar } from '../../../src/server/graphql/scalars.js';

describe('scalars', () => {
  test('NHSNumber takes spaces on input and gives ten digits', () => {
    expect(NHSNumberScalar.parseValue('943 476 5919')).toBe('9434765919');
    expect(NHSNumberScalar.parseLiteral({ kind: Kind.STRING, value: '943 476 5919' })).toBe('9434765919');
    expect(NHSNumberScalar.serialize('9434765919')).toBe('9434765919');
  });

  test('NHSNumber errors carry the reason', () => {
    expect(() => NHSNumberScalar.parseValue('9434765918')).toThrow(InvalidScalarError);
    try {
      NHSNumberScalar.parseValue('9434765918');
    } catch (error) {
      expect((error as InvalidScalarError).extensions).toEqual({ scalar: 'NHSNumber', reason: 'NHS_NUMBER_CHECK_DIGIT' });
      expect((error as Error).message).toContain('Modulus 11 check gives 9');
    }
    expect(() => NHSNumberScalar.parseValue(9434765919)).toThrow('expected a string');
    expect(() => NHSNumberScalar.parseLiteral({ kind: Kind.INT, value: '9434765919' })).toThrow('string literal');
  });

  test('Postcode normalises', () => {
    expect(PostcodeScalar.parseValue('nx12ab')).toBe('NX1 2AB');
    expect(() => PostcodeScalar.parseValue('NOT A POSTCODE')).toThrow('is not a UK postcode');
  });

  test.each(['2026-02-29', '2026-13-01', '2026-00-10', '0000-01-01', '26-01-01', '2026-1-1', '2026-01-01T00:00:00Z', ''])('Date refuses %p', (value) => {
    expect(() => DateScalar.parseValue(value)).toThrow(InvalidScalarError);
  });

  test.each(['2024-02-29', '1930-12-31', '0001-01-01', '9999-12-31'])('Date accepts %p', (value) => {
    expect(DateScalar.parseValue(value)).toBe(value);
  });

  test('DateTime needs a time zone and outputs UTC', () => {
    expect(DateTimeScalar.parseValue('2026-11-23T09:30:00+01:00')).toEqual(new Date('2026-11-23T08:30:00Z'));
    expect(DateTimeScalar.parseValue('2026-11-23T09:30:00.123456Z')).toEqual(new Date('2026-11-23T09:30:00.123Z'));
    expect(() => DateTimeScalar.parseValue('2026-11-23T09:30:00')).toThrow('with a time zone');
    expect(() => DateTimeScalar.parseValue('yesterday')).toThrow(InvalidScalarError);
    for (const impossible of [
      '2026-02-30T00:00:00Z',
      '0000-01-01T00:00:00Z',
      '2026-11-23T24:00:00Z',
      '2026-11-23T10:60:00Z',
      '2026-12-31T23:59:60Z',
      '2026-11-23T10:00:00+25:00',
      // Days that exist as written, at instants outside the years kept.
      '0001-01-01T00:00:00+23:59',
      '9999-12-31T23:59:59-23:59',
    ]) {
      expect(() => DateTimeScalar.parseValue(impossible)).toThrow(InvalidScalarError);
    }
    expect(DateTimeScalar.serialize(new Date('2026-11-23T08:30:00Z'))).toBe('2026-11-23T08:30:00.000Z');
  });

  test('DateTime in the repeated hour is the occurrence its offset names, as every feed reads it (src/time)', () => {
    expect(DateTimeScalar.parseValue('2026-10-25T01:30:00+01:00')).toEqual(new Date('2026-10-25T00:30:00Z'));
    expect(DateTimeScalar.parseValue('2026-10-25T01:30:00+00:00')).toEqual(new Date('2026-10-25T01:30:00Z'));
    expect(DateTimeScalar.parseValue('2026-03-29t01:30:00z')).toEqual(new Date('2026-03-29T01:30:00Z'));
    expect(() => DateTimeScalar.parseValue('2026-10-25T01:30:00')).toThrow('with a time zone');
  });

  test('the years before 100 are read as written, never as 19xx', () => {
    expect(DateScalar.parseValue('0050-06-20')).toBe('0050-06-20');
    expect(DateTimeScalar.parseValue('0050-06-20T09:30:00Z').toISOString()).toBe('0050-06-20T09:30:00.000Z');
  });

  test.each([
    [() => DateScalar.parseValue('0000-01-01'), 'Date', 'DATE_RANGE'],
    [() => DateScalar.parseValue('2026-02-29'), 'Date', 'DATE_FORMAT'],
    [() => DateTimeScalar.parseValue('0000-01-01T00:00:00Z'), 'DateTime', 'DATETIME_RANGE'],
    [() => DateTimeScalar.parseValue('0001-01-01T00:00:00+23:59'), 'DateTime', 'DATETIME_RANGE'],
    [() => DateTimeScalar.parseValue('2026-02-29T00:00:00Z'), 'DateTime', 'DATETIME_FORMAT'],
  ])('a value outside the years 0001 to 9999 is a RANGE reason, one off the calendar a FORMAT one (%#)', (parse, scalar, reason) => {
    expect(parse).toThrow(expect.objectContaining({ extensions: { scalar, reason } }));
  });
});
