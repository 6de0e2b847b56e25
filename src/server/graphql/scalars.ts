/**
 * The custom scalars. Each parses input strictly and says what is wrong.
 * graphql-js puts the variable or literal (and its location) in front of the
 * message and copies `extensions` (`scalar`, `reason`) onto the error it
 * reports; Apollo adds the code (BAD_USER_INPUT for variables,
 * GRAPHQL_VALIDATION_FAILED for literals) and use-argument-names.ts adds which
 * argument it was.
 */
import { GraphQLScalarType, Kind, type ValueNode } from 'graphql';
import { parseNhsNumber } from '../../customers/nhs-number.js';
import { normalisePostcode } from '../../customers/postcode.js';
import type { TimeProblem } from '../../time/calendar.js';
import { formatIsoInstant } from '../../time/instants.js';
import { readIsoDate, readIsoDateTime, WITH_OFFSET } from '../../time/iso-8601.js';

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

/** A reading's problem as the scalar's error: outside the years kept is a RANGE reason, anything else is not the FORMAT. */
function refuse(scalar: 'Date' | 'DateTime', input: unknown, problem: TimeProblem, expected: string): never {
  const quoted = JSON.stringify(input);
  if (problem.kind === 'kept-years') throw new InvalidScalarError(scalar, `${scalar.toUpperCase()}_RANGE`, `${quoted}: ${problem.reason}`);
  throw new InvalidScalarError(scalar, `${scalar.toUpperCase()}_FORMAT`, `${quoted} is not ${expected}: ${problem.reason}`);
}

const DATE_EXPECTED = 'a calendar date in the form YYYY-MM-DD';
const DATE_TIME_EXPECTED = 'an ISO 8601 date-time with a time zone (2026-11-23T09:30:00Z)';

export const DateScalar = stringScalar('Date', 'A calendar date, YYYY-MM-DD.', (input) => {
  const day = readIsoDate(input);
  if (!day.ok) refuse('Date', input, day.problem, DATE_EXPECTED);
  return input;
});

function parseDateTime(input: unknown): Date {
  if (input instanceof Date && !Number.isNaN(input.getTime())) return input;
  if (typeof input !== 'string') throw new InvalidScalarError('DateTime', 'DATETIME_FORMAT', `${JSON.stringify(input)} is not ${DATE_TIME_EXPECTED}`);
  // RFC 3339 §5.6 lets the T and Z be lower case; an offset is required, since a local time without one is ambiguous across the clocks going back.
  const at = readIsoDateTime(input.toUpperCase(), WITH_OFFSET);
  if (!at.ok) refuse('DateTime', input, at.problem, DATE_TIME_EXPECTED);
  return new Date(at.value);
}

export const DateTimeScalar = new GraphQLScalarType<Date, string>({
  name: 'DateTime',
  description: 'An instant, ISO 8601 with a time zone offset; output in UTC.',
  serialize: (value) => formatIsoInstant(parseDateTime(value)),
  parseValue: parseDateTime,
  parseLiteral: (ast) => parseDateTime(ast.kind === Kind.STRING ? ast.value : undefined),
});

export const scalarResolvers = {
  NHSNumber: NHSNumberScalar,
  Postcode: PostcodeScalar,
  Date: DateScalar,
  DateTime: DateTimeScalar,
};
