/**
 * The query cost limit on its own, in an Apollo server with a small schema
 * whose costs are easy to work out: a field costs 1 plus its children, and
 * a list marked `@complexity(value: 1, multipliers: ["first"])` costs
 * (1 + its children) for each item asked for.
 */
import { ApolloServer, type GraphQLResponse } from '@apollo/server';
import { makeExecutableSchema } from '@graphql-tools/schema';
import { useQueryCostLimit } from '../../../src/server/graphql/plugins/use-query-cost-limit.js';

const MAX_COST = 100;

const typeDefs = /* GraphQL */ `
  directive @complexity(value: Int!, multipliers: [String!]) on FIELD_DEFINITION
  type Query {
    person(id: ID!): Person
    people(first: Int! = 10): [Person!]! @complexity(value: 1, multipliers: ["first"])
  }
  type Person {
    id: ID!
    name: String
    friends(first: Int! = 5): [Person!]! @complexity(value: 1, multipliers: ["first"])
  }
`;

/** How many times the root fields ran: a refused query runs none. */
let resolved = 0;
const person = (id: string) => ({ id, name: `Person ${id}`, friends: [] });
const schema = makeExecutableSchema({
  typeDefs,
  resolvers: {
    Query: {
      person: (_: unknown, { id }: { id: string }) => {
        resolved++;
        return person(id);
      },
      people: (_: unknown, { first }: { first: number }) => {
        resolved++;
        return Array.from({ length: Math.min(first, 3) }, (_, i) => person(`p${i}`));
      },
    },
  },
});

const apollo = new ApolloServer({ schema, plugins: [useQueryCostLimit(schema, MAX_COST)] });
beforeAll(() => apollo.start());
afterAll(() => apollo.stop());
beforeEach(() => (resolved = 0));

function run(query: string, variables?: Record<string, unknown>, operationName?: string): Promise<GraphQLResponse> {
  return apollo.executeOperation({ query, variables, operationName });
}

function errorsOf(response: GraphQLResponse) {
  return response.body.kind === 'single' ? (response.body.singleResult.errors ?? []) : [];
}

/** A query over the limit: refused with a 400 naming its cost and the limit, and nothing ran. */
function expectRefused(response: GraphQLResponse, cost: number): void {
  expect(response.http.status).toBe(400);
  expect(errorsOf(response)).toEqual([
    {
      message: `The query's estimated cost is ${cost}, over the limit of ${MAX_COST}: ask for fewer items (first) or fewer fields`,
      extensions: { code: 'QUERY_TOO_COSTLY', cost, maxCost: MAX_COST },
    },
  ]);
  expect(resolved).toBe(0);
}

/** A query within the limit: run, without errors. */
function expectRun(response: GraphQLResponse): void {
  expect(errorsOf(response)).toEqual([]);
  expect(resolved).toBeGreaterThan(0);
}

describe('the query cost limit', () => {
  test('a cheap query runs', async () => {
    const response = await run('{ person(id: "1") { id name } }');
    expectRun(response);
    expect(response.body).toMatchObject({ singleResult: { data: { person: { id: '1', name: 'Person 1' } } } });
  });

  test('a cost equal to the limit runs; one over it is refused before anything runs', async () => {
    // (1 + id) x 50 = 100, (1 + id) x 51 = 102.
    expectRun(await run('{ people(first: 50) { id } }'));
    resolved = 0;
    expectRefused(await run('{ people(first: 51) { id } }'), 102);
  });

  test('nested lists multiply: each friend list is priced once per person', async () => {
    // (1 + id + (1 + id) x 5) x 10 = 120
    expectRefused(await run('{ people(first: 10) { id friends(first: 5) { id } } }'), 120);
    // (1 + id + (1 + id) x 4) x 10 = 100
    expectRun(await run('{ people(first: 10) { id friends(first: 4) { id } } }'));
  });

  test('the argument default is the size when first is left out', async () => {
    // (1 + id + (1 + id) x 5) x 10 = 120 with both defaults.
    expectRefused(await run('{ people { id friends { id } } }'), 120);
  });

  test('a size given in a variable is priced at the variable value', async () => {
    const query = 'query ($n: Int!) { people(first: $n) { id name } }';
    expectRun(await run(query, { n: 33 }));
    resolved = 0;
    // (1 + id + name) x 34 = 102
    expectRefused(await run(query, { n: 34 }), 102);
  });

  test('each alias of a field is priced', async () => {
    // (1 + id) x 30, three times = 180; any one alone is 60.
    expectRun(await run('{ a: people(first: 30) { id } }'));
    resolved = 0;
    expectRefused(await run('{ a: people(first: 30) { id } b: people(first: 30) { id } c: people(first: 30) { id } }'), 180);
  });

  test("a fragment's fields are priced wherever it is spread", async () => {
    const fragment = 'fragment Card on Person { id name friends(first: 2) { id } }';
    // Card = id + name + (1 + id) x 2 = 6; (1 + 6) x 10 = 70.
    expectRun(await run(`{ people(first: 10) { ...Card } } ${fragment}`));
    resolved = 0;
    // Spread in the list and in a second root field: 70 + (1 + 6) x 5 = 105.
    expectRefused(await run(`{ people(first: 10) { ...Card } more: people(first: 5) { ...Card } } ${fragment}`), 105);
    resolved = 0;
    // An inline fragment costs the same as its fields written out: (1 + id + name) x 34 = 102.
    expectRefused(await run('{ people(first: 34) { ... on Person { id name } } }'), 102);
  });

  test('only the operation asked for is priced', async () => {
    const document = 'query Cheap { person(id: "1") { id } } query Costly { people(first: 500) { id } }';
    expectRun(await run(document, undefined, 'Cheap'));
    resolved = 0;
    expectRefused(await run(document, undefined, 'Costly'), 1000);
  });

  test('depth alone is not priced: a deep chain of single items runs (depth is limited elsewhere, by graphql-armor)', async () => {
    const depth = 30;
    const query = `{ person(id: "1") { ${'friends(first: 1) { '.repeat(depth)}id${' }'.repeat(depth)} } }`;
    expectRun(await run(query));
  });

  test('variables that do not fit their types are left for execution to refuse as BAD_USER_INPUT', async () => {
    const response = await run('query ($n: Int!) { people(first: $n) { id } }', { n: 'many' });
    expect(errorsOf(response)).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }) })]);
    expect(resolved).toBe(0);
  });
});
