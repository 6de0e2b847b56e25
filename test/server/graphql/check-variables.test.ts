import { ApolloServer } from '@apollo/server';
import { getNamedType, isInputObjectType, type GraphQLInputObjectType } from 'graphql';
import { DEFAULT_LIMITS } from '../../../src/config.js';
import { DEFAULT_VARIABLE_LIMITS, findVariableFault, useCheckVariables } from '../../../src/server/graphql/plugins/use-check-variables.js';
import { useQueryCostLimit } from '../../../src/server/graphql/plugins/use-query-cost-limit.js';
import { buildSchema } from '../../../src/server/graphql/schema.js';

/** `[[[...0...]]]` or `{ a: { a: ... 0 } }`, built without recursion. */
function nested(levels: number, wrap: (inner: unknown) => unknown): unknown {
  let value: unknown = 0;
  for (let level = 0; level < levels; level++) value = wrap(value);
  return value;
}

const SMALL = { maxDepth: 2, maxValues: 6 };

describe('findVariableFault', () => {
  test('takes what the schema asks for', () => {
    const input = { referralId: 'r1', lines: [{ itemCode: 'A1', quantity: 2 }], address: { lines: ['1 High St', 'Northgate'] } };
    expect(findVariableFault({ input, first: 10, after: null }, DEFAULT_VARIABLE_LIMITS)).toBeNull();
  });

  test.each([
    ['lists', (inner: unknown) => [inner], 'x[0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0]'],
    ['objects', (inner: unknown) => ({ a: inner }), 'x.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a'],
  ])('a value nested 100,000 deep in %s is refused at the first level too deep, without overflowing the stack', (_kind, wrap, path) => {
    const fault = findVariableFault({ x: nested(100_000, wrap) }, DEFAULT_VARIABLE_LIMITS);
    expect(fault).toEqual({ variable: 'x', path, reason: 'VARIABLE_TOO_DEEP', problem: 'nested more than 16 deep' });
  });

  test('depth counts the containers around a value: the limit itself is taken', () => {
    expect(findVariableFault({ x: [[0]] }, SMALL)).toBeNull();
    expect(findVariableFault({ x: [[[0]]] }, SMALL)).toMatchObject({ path: 'x[0][0][0]', reason: 'VARIABLE_TOO_DEEP' });
  });

  test('width counts every value of every variable, containers included, and is refused at the container that overflows', () => {
    expect(findVariableFault({ x: [1, 2], y: { a: 1, b: 2 } }, SMALL)).toBeNull();
    expect(findVariableFault({ x: [1, 2], y: { a: 1, b: 2, c: 3 } }, SMALL)).toMatchObject({ path: 'y', reason: 'TOO_MANY_VARIABLE_VALUES' });
    const wide = findVariableFault({ x: Array.from({ length: 1_000_000 }, () => 'a') }, DEFAULT_VARIABLE_LIMITS);
    expect(wide).toEqual({ variable: 'x', path: 'x', reason: 'TOO_MANY_VARIABLE_VALUES', problem: 'the variables hold more than 10000 values in all' });
  });

  test('so many variables that their names alone are over: the first beyond the limit is named', () => {
    const names = Object.fromEntries(Array.from({ length: 8 }, (_, index) => [`v${index}`, index]));
    expect(findVariableFault(names, SMALL)).toMatchObject({ variable: 'v6', path: 'v6', reason: 'TOO_MANY_VARIABLE_VALUES' });
  });

  test('a NUL character anywhere, declared variable or not, is refused with its path', () => {
    expect(findVariableFault({ input: { lines: [{ note: 'fine' }, { note: 'no\u0000' }] } }, DEFAULT_VARIABLE_LIMITS)).toEqual({
      variable: 'input',
      path: 'input.lines[1].note',
      reason: 'NUL_CHARACTER',
      problem: 'text may not contain the NUL character (U+0000)',
    });
    expect(findVariableFault({ x: { 'a b': ['\u0000'] } }, DEFAULT_VARIABLE_LIMITS)).toMatchObject({ path: 'x["a b"][0]' });
  });

  test('half of a surrogate pair is refused; a whole pair (an emoji) is text like any other', () => {
    expect(findVariableFault({ reason: 'needs carers \ud800 daily' }, DEFAULT_VARIABLE_LIMITS)).toMatchObject({ path: 'reason', reason: 'LONE_SURROGATE' });
    expect(findVariableFault({ reason: ['ok', 'trailing \udc00'] }, DEFAULT_VARIABLE_LIMITS)).toMatchObject({ path: 'reason[1]', reason: 'LONE_SURROGATE' });
    expect(findVariableFault({ reason: 'likes the garden \u{1F33B}' }, DEFAULT_VARIABLE_LIMITS)).toBeNull();
  });

  test('the first fault in the order sent is the one reported', () => {
    expect(findVariableFault({ a: ['ok', '\u0000'], b: [[[[0]]]] }, SMALL)).toMatchObject({ path: 'a[1]', reason: 'NUL_CHARACTER' });
    expect(findVariableFault({ b: [[[[0]]]], a: ['ok', '\u0000'] }, SMALL)).toMatchObject({ path: 'b[0][0][0]', reason: 'VARIABLE_TOO_DEEP' });
  });
});

describe('the variable check in Apollo', () => {
  const schema = buildSchema();
  const apollo = new ApolloServer({ schema, plugins: [useCheckVariables(), useQueryCostLimit(schema, DEFAULT_LIMITS.maxCost)] });
  beforeAll(() => apollo.start());
  afterAll(() => apollo.stop());

  test('a declared variable nested 100,000 deep is a 400 BAD_USER_INPUT naming it, before the cost limit reads it', async () => {
    const response = await apollo.executeOperation({
      query: 'mutation($input: DeclineReferralInput!) { declineReferral(input: $input) { id } }',
      variables: { input: { referralId: 'r1', reason: nested(100_000, (inner) => ({ reason: inner })) } },
    });
    expect(response.http.status).toBe(400);
    const error = response.body.kind === 'single' ? response.body.singleResult.errors?.[0] : undefined;
    expect(error?.message).toBe(`Variable "$input" at "input${'.reason'.repeat(17)}": nested more than 16 deep`);
    expect(error?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'VARIABLE_TOO_DEEP', variable: `input${'.reason'.repeat(17)}` });
    expect(error?.locations).toEqual([{ line: 1, column: 10 }]);
  });

  test('no input type of the schema refers to itself, so coercion along a declared type is as shallow as the type', () => {
    const inputTypes = Object.values(schema.getTypeMap()).filter(isInputObjectType);
    const reaches = (from: GraphQLInputObjectType, seen = new Set<string>()): Set<string> => {
      for (const field of Object.values(from.getFields())) {
        const type = getNamedType(field.type);
        if (isInputObjectType(type) && !seen.has(type.name)) {
          seen.add(type.name);
          reaches(type, seen);
        }
      }
      return seen;
    };
    expect(inputTypes.length).toBeGreaterThan(5);
    expect(inputTypes.filter((type) => reaches(type).has(type.name)).map((type) => type.name)).toEqual([]);
  });
});
