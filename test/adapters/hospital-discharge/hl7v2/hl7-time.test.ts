import { formatHl7Timestamp, parseHl7Date, parseHl7Timestamp } from '../../../../adapters/hospital-discharge/hl7v2/hl7-time.js';
import { hl7Location } from '../../../../adapters/hospital-discharge/hl7v2/hl7-location.js';
import { feedErrorOf } from './synthetic-messages.js';

const EVN_6 = hl7Location({ segment: 'EVN', field: 6 });

describe('parseHl7Timestamp', () => {
  test.each([
    ['20130211100052', '2013-02-11T10:00:52.000Z', 'GMT in winter'],
    ['20130711100052', '2013-07-11T09:00:52.000Z', 'BST in summer'],
    ['201307111000', '2013-07-11T09:00:00.000Z', 'minute precision'],
    ['2013071110', '2013-07-11T09:00:00.000Z', 'hour precision'],
    ['20130711', '2013-07-10T23:00:00.000Z', 'a day, from its London midnight'],
    ['2013', '2013-01-01T00:00:00.000Z', 'a year'],
    ['20140529080238.241+0100', '2014-05-29T07:02:38.241Z', 'an offset and milliseconds'],
    ['20140529080238.2', '2014-05-29T07:02:38.200Z', 'one fraction digit'],
    ['20140529080238.123456-0500', '2014-05-29T13:02:38.123Z', 'microseconds, cut to milliseconds'],
    ['20240331005959', '2024-03-31T00:59:59.000Z', 'the last GMT second before the clocks go forward'],
    ['20240331013000', '2024-03-31T01:30:00.000Z', 'a time the clocks skip, read as GMT (02:30 BST)'],
    ['20240331020000', '2024-03-31T01:00:00.000Z', 'the first BST hour'],
    ['20241027013000', '2024-10-27T00:30:00.000Z', 'a time that happens twice, the earlier (BST)'],
    ['20241027020000', '2024-10-27T02:00:00.000Z', 'GMT again'],
    ['19650101120000', '1965-01-01T12:00:00.000Z', 'before 1970'],
    ['20261025013000', '2026-10-25T00:30:00.000Z', 'the hour repeated in 2026, its first (BST) occurrence, as through FHIR'],
    ['20260329013000', '2026-03-29T01:30:00.000Z', 'the hour skipped in 2026, read as GMT (02:30 BST)'],
    ['18000101120000', '1800-01-01T12:00:00.000Z', "before railway time, GMT, not tz's London mean time"],
    ['00500620093000', '0050-06-20T09:30:00.000Z', 'the year 50, never 1950'],
    ['20261124090000+1800', '2026-11-23T15:00:00.000Z', 'any offset ISO 8601 can write'],
  ])('%p is %p (%s)', (value, instant) => {
    expect(parseHl7Timestamp(value, EVN_6)).toBe(instant);
  });

  test.each([
    ['20131301', /there is no month 13/],
    ['20130230', /month 2 of 2013 has 28 days/],
    ['20120230', /month 2 of 2012 has 29 days/],
    ['20130211250000', /time of day/],
    ['2013021110005', /expected YYYY/],
    ['tomorrow', /expected YYYY/],
    ['2013-02-11', /expected YYYY/],
    ['20130211100052+2500', /offset/],
    ['20130211100052+0160', /offset/],
    ['00000101', /the year 0000 is outside the years 0001 to 9999/],
    ['99991231235959-1200', /outside the years 0001 to 9999/],
    ['00010101000000+0100', /outside the years 0001 to 9999/],
  ])('fails %p with a data type error at the field', (value, reason) => {
    const error = feedErrorOf(() => parseHl7Timestamp(value, EVN_6));
    expect(error).toMatchObject({ disposition: 'FAIL', hl7ErrorCode: '102', location: { path: 'EVN-6' } });
    expect(error.reason).toMatch(reason);
  });
});

describe('parseHl7Date', () => {
  test('keeps the day of a date with a time, whatever the offset', () => {
    expect(parseHl7Date('196512131515', EVN_6)).toBe('1965-12-13');
    expect(parseHl7Date('20240101003000+1400', EVN_6)).toBe('2024-01-01');
  });

  test('fails a day in year 0000, which no store keeps', () => {
    expect(feedErrorOf(() => parseHl7Date('00000101', EVN_6))).toMatchObject({ hl7ErrorCode: '102', location: { path: 'EVN-6' } });
    expect(parseHl7Date('00010101', EVN_6)).toBe('0001-01-01');
  });

  test('fails a value that names no day', () => {
    expect(feedErrorOf(() => parseHl7Date('196512', EVN_6)).reason).toMatch(/names no day/);
    expect(feedErrorOf(() => parseHl7Date('19650230', EVN_6)).hl7ErrorCode).toBe('102');
  });
});

test('formatHl7Timestamp writes UTC with an explicit offset', () => {
  expect(formatHl7Timestamp(new Date('2024-07-04T09:05:03.999Z'))).toBe('20240704090503+0000');
});
