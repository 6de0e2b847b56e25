import { normalisePostcode } from '../../src/customers/postcode.js';

describe('normalisePostcode', () => {
  test.each([
    ['SW1A 1AA', 'SW1A 1AA'],
    ['sw1a1aa', 'SW1A 1AA'],
    ['  m1   1ae ', 'M1 1AE'],
    ['B33 8TH', 'B33 8TH'],
    ['CR2 6XH', 'CR2 6XH'],
    ['DN55 1PT', 'DN55 1PT'],
    ['W1A 0AX', 'W1A 0AX'],
    ['EC1A 1BB', 'EC1A 1BB'],
    ['GIR 0AA', 'GIR 0AA'],
    ['NX4 2AB', 'NX4 2AB'],
    // NHS pseudo-postcodes: no fixed abode, not known.
    ['ZZ99 3VZ', 'ZZ99 3VZ'],
    ['zz993wz', 'ZZ99 3WZ'],
  ])('accepts %p as %p', (input, expected) => {
    expect(normalisePostcode(input)).toBe(expected);
  });

  test.each([
    '',
    'SW1A',
    '1AA SW1',
    'SW1A 1A',
    // Q, V and X never start a postcode; I, J and Z are never second.
    'QA1 1AA',
    'AI1 1AA',
    // C, I, K, M, O and V never appear in the inward code's letters.
    'SW1A 1AC',
    'SW1A 1IA',
    'SW1A1AAA',
    'SW1A-1AA',
  ])('refuses %p', (input) => {
    expect(normalisePostcode(input)).toBeNull();
  });
});
