import { ConfigError } from '../../src/errors.js';
import { DEFAULT_DELIVERY_SPEEDS, parseDeliverySpeeds } from '../../src/equipment/delivery-speeds.js';

const VARIABLE = 'SUPPLIER_DELIVERY_SPEEDS';

function configError(json: string): ConfigError {
  try {
    parseDeliverySpeeds(json, VARIABLE);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error(`expected a ConfigError for ${json}`);
}

const good = { code: 'NEXT_DAY', description: 'Next working day', workingHours: 24 };

describe('parseDeliverySpeeds', () => {
  test('reads a JSON array of tiers, in order', () => {
    const json = JSON.stringify([
      { code: 'SAME_DAY', description: 'Today', workingHours: 8 },
      { code: 'SPECIAL', description: 'By agreement', workingHours: null },
      { code: 'T2', description: 'Two days', workingHours: 48 },
    ]);
    expect(parseDeliverySpeeds(json, VARIABLE)).toEqual([
      { code: 'SAME_DAY', description: 'Today', workingHours: 8 },
      { code: 'SPECIAL', description: 'By agreement', workingHours: null },
      { code: 'T2', description: 'Two days', workingHours: 48 },
    ]);
  });

  test('keeps only the fields of a tier', () => {
    const [tier] = parseDeliverySpeeds(JSON.stringify([{ ...good, price: 5 }]), VARIABLE);
    expect(tier).toEqual(good);
  });

  test('the default contract is itself valid configuration', () => {
    expect(parseDeliverySpeeds(JSON.stringify(DEFAULT_DELIVERY_SPEEDS), VARIABLE)).toEqual(DEFAULT_DELIVERY_SPEEDS);
    expect(DEFAULT_DELIVERY_SPEEDS.map((tier) => tier.code)).toEqual(['SAME_DAY', 'NEXT_DAY', 'TWO_TO_THREE_DAYS', 'STANDARD', 'SPECIAL']);
    expect(DEFAULT_DELIVERY_SPEEDS.find((tier) => tier.code === 'SPECIAL')?.workingHours).toBeNull();
  });

  test.each([
    ['not JSON', '[{code:'],
    ['empty', ''],
    ['an empty array', '[]'],
    ['an object, not an array', JSON.stringify(good)],
    ['a string', '"NEXT_DAY"'],
    ['null', 'null'],
    ['a null tier', '[null]'],
    ['a number for a tier', '[5]'],
    ['no code', JSON.stringify([{ description: 'x', workingHours: 1 }])],
    ['a lower-case code', JSON.stringify([{ ...good, code: 'next_day' }])],
    ['a code starting with a digit', JSON.stringify([{ ...good, code: '2DAY' }])],
    ['a code with a hyphen', JSON.stringify([{ ...good, code: 'NEXT-DAY' }])],
    ['an empty code', JSON.stringify([{ ...good, code: '' }])],
    ['a code of 41 characters', JSON.stringify([{ ...good, code: 'A'.repeat(41) }])],
    ['a numeric code', JSON.stringify([{ ...good, code: 24 }])],
    ['no description', JSON.stringify([{ code: 'NEXT_DAY', workingHours: 24 }])],
    ['a blank description', JSON.stringify([{ ...good, description: '   ' }])],
    ['a numeric description', JSON.stringify([{ ...good, description: 7 }])],
    ['no workingHours', JSON.stringify([{ code: 'NEXT_DAY', description: 'Next working day' }])],
    ['zero workingHours', JSON.stringify([{ ...good, workingHours: 0 }])],
    ['negative workingHours', JSON.stringify([{ ...good, workingHours: -8 }])],
    ['fractional workingHours', JSON.stringify([{ ...good, workingHours: 1.5 }])],
    ['workingHours as a string', JSON.stringify([{ ...good, workingHours: '24' }])],
    ['duplicate codes', JSON.stringify([good, { ...good, description: 'Again' }])],
    ['a bad tier after a good one', JSON.stringify([good, { code: 'X', description: '', workingHours: 1 }])],
  ])('refuses %s with a ConfigError naming the variable', (_what, json) => {
    const error = configError(json);
    expect(error.details).toEqual({ variable: VARIABLE });
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message.startsWith(`${VARIABLE}: `)).toBe(true);
  });

  test('names the tier at fault', () => {
    expect(configError(JSON.stringify([good, { ...good, code: 'bad' }])).message).toContain('tier 1');
    expect(configError(JSON.stringify([good, { ...good, code: 'SLOW', workingHours: 0 }])).message).toContain('tier SLOW');
  });

  test('accepts a code of 40 characters, the longest allowed', () => {
    expect(parseDeliverySpeeds(JSON.stringify([{ ...good, code: 'A'.repeat(40) }]), VARIABLE)[0]!.code).toHaveLength(40);
  });
});
