import { firstGivenName, givenNamesAlike } from '../../src/customers/given-names.js';

describe('given names as feeds send them', () => {
  test('the first given name is what a match keys on, case and spacing aside', () => {
    expect(firstGivenName('  Ada   Mary ')).toBe('ada');
    expect(firstGivenName('ADA')).toBe('ada');
    expect(firstGivenName('')).toBe('');
  });

  test('the fewer names alike the first of the more, in order', () => {
    expect(givenNamesAlike('Ada', 'Ada Mary')).toBe(true);
    expect(givenNamesAlike('ada mary', 'ADA  MARY')).toBe(true);
    expect(givenNamesAlike('Ada Mary Jane', 'Ada Mary')).toBe(true);
    expect(givenNamesAlike('Ada Jane', 'Ada Mary')).toBe(false);
    expect(givenNamesAlike('Mary', 'Ada Mary')).toBe(false);
    expect(givenNamesAlike(null, 'Ada')).toBe(true);
  });
});
