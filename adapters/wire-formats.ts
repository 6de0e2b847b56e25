/**
 * Value formats shared by the adapters' readers (the supplier's XML, LAS's
 * JSON, CareFirst's namespaced XML): how a text value is checked and
 * converted. Each reader says where a value is and throws its own error
 * naming the place; a format says only what the text must be.
 */
import { parseNhsNumber } from '../src/customers/ports.js';
import { isGatewayId } from '../src/equipment/ports.js';
import { readIsoDate, readIsoDateTime, WITH_OFFSET } from '../src/time/iso-8601.js';

/** How a text value is checked and converted: `read` gives undefined for text that is not `expected`. */
export interface Format<T> {
  expected: string;
  read(text: string): T | undefined;
}

export const TEXT_VALUE: Format<string> = { expected: 'text', read: (text) => text };

export const BOOLEAN: Format<boolean> = {
  expected: 'true or false',
  read: (text) => (text === 'true' ? true : text === 'false' ? false : undefined),
};

export const WHOLE_NUMBER = integer(0, 'a whole number');
export const POSITIVE_INTEGER = integer(1, 'a whole number of at least 1');

function integer(min: number, expected: string): Format<number> {
  return {
    expected,
    read: (text) => {
      const value = /^[0-9]+$/.test(text) ? Number(text) : NaN;
      return Number.isSafeInteger(value) && value >= min ? value : undefined;
    },
  };
}

/** Text of at most `maxLength` characters: a key must fit a btree index entry, and any text a bound. */
export function boundedText(maxLength: number): Format<string> {
  return { expected: `text of at most ${maxLength} characters`, read: (text) => (text.length <= maxLength ? text : undefined) };
}

/** A UUID (`3f0c6a52-8d0e-4c55-9a4e-1d2b3c4d5e6f`): every id the gateway issues is one. */
export const UUID: Format<string> = { expected: "a UUID, as the gateway's own ids are", read: (text) => (isGatewayId(text) ? text : undefined) };

/** A format that takes exactly these codes. */
export function oneOf<T extends string>(values: readonly T[]): Format<T> {
  return { expected: `one of ${values.join(', ')}`, read: (text) => values.find((value) => value === text) };
}

/** Ten digits with a valid check digit, written without spaces. */
export const NHS_NUMBER: Format<string> = {
  expected: 'an NHS number (ten digits, no spaces, with a valid check digit)',
  read: (text) => {
    const result = parseNhsNumber(text);
    return result.ok && result.value === text ? text : undefined;
  },
};

/** A calendar date, `1938-04-12`, read by src/time as every format's. */
export const DATE: Format<string> = {
  expected: 'a date (YYYY-MM-DD) in the years 0001 to 9999',
  read: (text) => {
    const day = readIsoDate(text);
    return day.ok ? day.value : undefined;
  },
};

/** An ISO 8601 instant with an offset, `2026-11-24T09:30:00Z`, as sent and as milliseconds since 1970 UTC, for putting two in order. */
export const TIMED_INSTANT: Format<{ text: string; utc: number }> = {
  expected: 'an ISO 8601 date and time with an offset (2026-11-24T09:30:00Z) in the years 0001 to 9999',
  read: (text) => {
    const at = readIsoDateTime(text, WITH_OFFSET);
    return at.ok ? { text, utc: at.value } : undefined;
  },
};

/** An ISO 8601 instant with an offset, kept as sent, so that it reads back the same. */
export const INSTANT: Format<string> = { expected: TIMED_INSTANT.expected, read: (text) => TIMED_INSTANT.read(text)?.text };
