/**
 * The custom scalars. Each parses input strictly and says what is wrong.
 * graphql-js puts the variable or literal (and its location) in front of the
 * message and copies `extensions` (`scalar`, `reason`) onto the error it
 * reports; Apollo adds the code (BAD_USER_INPUT for variables,
 * GRAPHQL_VALIDATION_FAILED for literals) and use-argument-names.ts adds which
 * argument it was.
 */
import { GraphQLScalarType, Kind, type ValueNode } from 'graphql';
import { isKeptInstant, isKeptYear, utcMillis } from '../kept-dates.js';
import { parseNhsNumber } from '../customers/nhs-number.js';
import { normalisePostcode } from '../customers/postcode.js';

/**
 * Deliberately not a GraphQLError: graphql-js reports a GraphQLError from a
 * scalar as it is, without the location of the offending value, but wraps any
 * other error with it.
 */
export class InvalidScalarError extends Error {
  readonly extensions: { scalar: string; reason: string };

  constructor(scalar: string, reason: string, message: string) {
    super(`Invalid ${scalar}: ${message}`);
    this.name = 'InvalidScalarError';
    this.extensions = { scalar, reason };
  }
}

/** A scalar whose wire form is a string in both directions. */
function stringScalar(
  name: string,
  description: string,
  parse: (input: string) => string,
): GraphQLScalarType<string, string> {
  const parseString = (value: unknown): string => {
    if (typeof value !== 'string') throw new InvalidScalarError(name, 'NOT_A_STRING', `expected a string, got ${typeof value}`);
    return parse(value);
  };
  return new GraphQLScalarType<string, string>({
    name,
    description,
    serialize: (value) => parseString(value),
    parseValue: parseString,
    parseLiteral: (ast: ValueNode) => {
      if (ast.kind !== Kind.STRING) throw new InvalidScalarError(name, 'NOT_A_STRING', `expected a string literal`);
      return parse(ast.value);
    },
  });
}

export const NHSNumberScalar = stringScalar('NHSNumber', 'A 10-digit NHS number with a valid Modulus 11 check digit.', (input) => {
  const result = parseNhsNumber(input);
  if (!result.ok) throw new InvalidScalarError('NHSNumber', result.reason, `"${input}": ${result.message}`);
  return result.value;
});

export const PostcodeScalar = stringScalar('Postcode', 'A UK postcode, normalised to upper case with one space.', (input) => {
  const postcode = normalisePostcode(input);
  if (postcode === null) throw new InvalidScalarError('Postcode', 'POSTCODE_FORMAT', `"${input}" is not a UK postcode`);
  return postcode;
});

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A day that exists, in a year the gateway keeps: Date would roll 30 February into March. */
function isCalendarDay(year: number, month: number, day: number): boolean {
  if (!isKeptYear(year)) return false;
  const date = new Date(utcMillis(year, month, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

export const DateScalar = stringScalar('Date', 'A calendar date, YYYY-MM-DD.', (input) => {
  const match = ISO_DATE.exec(input);
  if (!match || !isCalendarDay(+match[1]!, +match[2]!, +match[3]!)) {
    throw new InvalidScalarError('Date', 'DATE_FORMAT', `"${input}" is not a calendar date in the form YYYY-MM-DD`);
  }
  return input;
});

// RFC 3339 date-time: an offset is required, since a local time without one is
// ambiguous across the clocks going back. No leap seconds: PostgreSQL has none.
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T([01]\d|2[0-3]):([0-5]\d):([0-5]\d)(\.\d{1,9})?(Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/i;

function parseDateTime(input: unknown): Date {
  if (input instanceof Date && !Number.isNaN(input.getTime())) return input;
  const match = typeof input === 'string' ? RFC3339.exec(input) : null;
  if (!match || !isCalendarDay(+match[1]!, +match[2]!, +match[3]!)) {
    throw new InvalidScalarError(
      'DateTime',
      'DATETIME_FORMAT',
      `${JSON.stringify(input)} is not an ISO 8601 date-time with a time zone (2026-11-23T09:30:00Z)`,
    );
  }
  const at = new Date(input as string);
  // The day as written may be kept while the instant, its offset applied, is not (0001-01-01T00:00+01:00).
  if (!isKeptInstant(at)) throw new InvalidScalarError('DateTime', 'DATETIME_RANGE', `${JSON.stringify(input)} falls outside the years 0001 to 9999 in UTC`);
  return at;
}

export const DateTimeScalar = new GraphQLScalarType<Date, string>({
  name: 'DateTime',
  description: 'An instant, ISO 8601 with a time zone offset; output in UTC.',
  serialize: (value) => parseDateTime(value).toISOString(),
  parseValue: parseDateTime,
  parseLiteral: (ast) => parseDateTime(ast.kind === Kind.STRING ? ast.value : undefined),
});

export const scalarResolvers = {
  NHSNumber: NHSNumberScalar,
  Postcode: PostcodeScalar,
  Date: DateScalar,
  DateTime: DateTimeScalar,
};
