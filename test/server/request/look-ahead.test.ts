import { selectsAnyOf } from '../../../src/server/request/look-ahead.js';
import { selectionOf } from '../../support/selection.js';

const CASE = new Set(['careRecord', 'careRecords']);

describe('selectsAnyOf', () => {
  test('sees a field asked for directly under the field, aliased or not', () => {
    expect(selectsAnyOf(selectionOf('{ referral { customer { id careRecord { caseStatus } } } }', 'customer'), CASE)).toBe(true);
    expect(selectsAnyOf(selectionOf('{ referral { customer { case: careRecords { caseStatus } } } }', 'customer'), CASE)).toBe(true);
  });

  test('does not see a field asked for only further down, or not at all', () => {
    expect(selectsAnyOf(selectionOf('{ referral { customer { id name { family } } } }', 'customer'), CASE)).toBe(false);
    expect(selectsAnyOf(selectionOf('{ referral { customer { id } } }', 'referral'), CASE)).toBe(false);
  });

  test('sees through inline fragments and named fragments, however nested', () => {
    expect(selectsAnyOf(selectionOf('{ referral { customer { ... on Customer { careRecord { caseStatus } } } } }', 'customer'), CASE)).toBe(true);
    const named = `
      { referral { customer { ...Row } } }
      fragment Row on Customer { id ...Case }
      fragment Case on Customer { careRecord { caseStatus } }`;
    expect(selectsAnyOf(selectionOf(named, 'customer'), CASE)).toBe(true);
  });

  test('counts every place the field is asked for, as GraphQL merges them', () => {
    const twice = '{ referral { customer { id } customer { careRecord { caseStatus } } } }';
    expect(selectsAnyOf(selectionOf(twice, 'customer'), CASE)).toBe(true);
  });
});
