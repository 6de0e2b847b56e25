import { formatNhsNumber, nhsCheckDigit, parseNhsNumber } from '../../src/customers/nhs-number.js';

describe('parseNhsNumber', () => {
  test.each([
    ['9434765919', '9434765919'],
    ['943 476 5919', '9434765919'],
    ['  943476 5919 ', '9434765919'],
    // From the 999 test range the synthetic hub uses.
    ['9990000018', '9990000018'],
  ])('accepts %p as %p', (input, value) => {
    expect(parseNhsNumber(input)).toEqual({ ok: true, value });
  });

  test('names the expected check digit when the last digit is wrong', () => {
    expect(parseNhsNumber('9434765918')).toMatchObject({ ok: false, reason: 'NHS_NUMBER_CHECK_DIGIT', expected: 9 });
  });

  test.each(['943476591', '94347659190', '943-476-5919', 'ABCDEFGHIJ', '', '943476591O'])(
    'refuses %p as not ten digits',
    (input) => {
      expect(parseNhsNumber(input)).toMatchObject({ ok: false, reason: 'NHS_NUMBER_FORMAT' });
    },
  );

  test('refuses 0000000000 although it passes the Modulus 11 check', () => {
    expect(nhsCheckDigit('000000000')).toBe(0);
    expect(parseNhsNumber('0000000000')).toMatchObject({ ok: false, reason: 'NHS_NUMBER_REPEATED_DIGIT' });
  });

  test.each(['1111111111', '2222222222', '9999999999'])('refuses %p: one repeated digit', (input) => {
    expect(parseNhsNumber(input)).toMatchObject({ ok: false, reason: 'NHS_NUMBER_REPEATED_DIGIT' });
  });

  test('refuses a stem whose Modulus 11 remainder would need a check digit of 10', () => {
    // 1*10 + 0*9 + ... + 0*3 + 1*2 = 12; 12 mod 11 = 1; 11 - 1 = 10.
    expect(nhsCheckDigit('100000001')).toBeNull();
    for (let last = 0; last <= 9; last++) {
      expect(parseNhsNumber(`100000001${last}`)).toMatchObject({ ok: false, reason: 'NHS_NUMBER_NO_VALID_CHECK_DIGIT' });
    }
  });

  test('every stem with a check digit validates with exactly that digit', () => {
    for (let n = 0; n < 2_000; n++) {
      const stem = String(100_000_000 + n * 449_993).slice(0, 9);
      const check = nhsCheckDigit(stem);
      for (let last = 0; last <= 9; last++) {
        const result = parseNhsNumber(`${stem}${last}`);
        const repeated = /^(\d)\1{9}$/.test(`${stem}${last}`);
        expect(result.ok).toBe(!repeated && check === last);
      }
    }
  });

  test('formats with the NHS spacing', () => {
    expect(formatNhsNumber('9434765919')).toBe('943 476 5919');
  });
});
