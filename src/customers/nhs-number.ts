/**
 * NHS number validation (NHS Data Dictionary, "NHS Number"): ten digits, the
 * last a Modulus 11 check digit over the first nine weighted 10 down to 2.
 * Pure functions; the GraphQL scalar and the feeds both use them.
 */

export type NhsNumberProblem =
  | { reason: 'NHS_NUMBER_FORMAT'; message: string }
  | { reason: 'NHS_NUMBER_CHECK_DIGIT'; message: string; expected: number }
  | { reason: 'NHS_NUMBER_NO_VALID_CHECK_DIGIT'; message: string }
  | { reason: 'NHS_NUMBER_REPEATED_DIGIT'; message: string };

export type NhsNumberResult = { ok: true; value: string } | ({ ok: false } & NhsNumberProblem);

const TEN_DIGITS = /^\d{10}$/;

/**
 * The check digit for the first nine digits, or null where the remainder
 * makes it 10: no NHS number is ever issued with such a stem.
 */
export function nhsCheckDigit(firstNine: string): number | null {
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(firstNine[i]) * (10 - i);
  const check = 11 - (sum % 11);
  if (check === 11) return 0;
  if (check === 10) return null;
  return check;
}

/** Validates an NHS number as typed by a person: spaces are allowed and removed. */
export function parseNhsNumber(input: string): NhsNumberResult {
  const value = input.replace(/ /g, '');
  if (!TEN_DIGITS.test(value)) {
    return {
      ok: false,
      reason: 'NHS_NUMBER_FORMAT',
      message: 'an NHS number is 10 digits (spaces allowed)',
    };
  }
  // 0000000000 passes the Modulus 11 check, but numbers of one repeated
  // digit are never issued and are a common placeholder in source systems.
  if (/^(\d)\1{9}$/.test(value)) {
    return {
      ok: false,
      reason: 'NHS_NUMBER_REPEATED_DIGIT',
      message: 'an NHS number of one repeated digit is a placeholder, not a number',
    };
  }
  const expected = nhsCheckDigit(value.slice(0, 9));
  if (expected === null) {
    return {
      ok: false,
      reason: 'NHS_NUMBER_NO_VALID_CHECK_DIGIT',
      message: 'no valid NHS number starts with these nine digits (Modulus 11 remainder gives 10)',
    };
  }
  if (expected !== Number(value[9])) {
    return {
      ok: false,
      reason: 'NHS_NUMBER_CHECK_DIGIT',
      message: `the check digit is ${value[9]} but the Modulus 11 check gives ${expected}`,
      expected,
    };
  }
  return { ok: true, value };
}

/** `9434765919` -> `943 476 5919`, the way the NHS prints it. */
export function formatNhsNumber(nhsNumber: string): string {
  return `${nhsNumber.slice(0, 3)} ${nhsNumber.slice(3, 6)} ${nhsNumber.slice(6)}`;
}
