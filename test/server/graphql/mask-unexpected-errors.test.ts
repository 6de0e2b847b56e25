import { ApolloServer } from '@apollo/server';
import { makeExecutableSchema } from '@graphql-tools/schema';
import { GraphQLError } from 'graphql';
import { NotFoundError } from '../../../src/errors.js';
import { INTERNAL_ERROR_MESSAGE, maskUnexpectedErrors } from '../../../src/server/graphql/plugins/mask-unexpected-errors.js';
import { PostcodeScalar } from '../../../src/server/graphql/scalars.js';

const schema = makeExecutableSchema({
  typeDefs: 'scalar Postcode type Query { missing: String, broken: String, refused: String, n(x: Int): Int, near(postcode: Postcode): Int }',
  resolvers: {
    Postcode: PostcodeScalar,
    Query: {
      missing: () => Promise.reject(new NotFoundError('Referral', 'r1')),
      broken: () => Promise.reject(new Error('duplicate key value violates unique constraint "customers_nhs_number_key"')),
      refused: () => Promise.reject(new GraphQLError('not now', { extensions: { code: 'SOMETHING_DELIBERATE' } })),
    },
  },
});

describe('maskUnexpectedErrors', () => {
  const apollo = new ApolloServer({
    schema,
    formatError: maskUnexpectedErrors,
    plugins: [
      {
        async requestDidStart({ request }) {
          return {
            async didResolveOperation() {
              if (request.operationName === 'HookFails') throw new TypeError('Cannot read properties of undefined (reading "nhsNumber")');
            },
          };
        },
      },
    ],
  });
  beforeAll(() => apollo.start());
  afterAll(() => apollo.stop());

  const run = async (query: string, operationName?: string) => {
    const response = await apollo.executeOperation({ query, ...(operationName ? { operationName } : {}) });
    return { status: response.http.status ?? 200, errors: response.body.kind === 'single' ? response.body.singleResult.errors : undefined };
  };

  test('errors raised on purpose, in resolvers or by graphql-js, reach the client as they are', async () => {
    const { errors } = await run('{ missing refused }');
    expect(errors?.map((error) => [error.message, error.extensions?.code])).toEqual([
      ['Referral r1 was not found', 'NOT_FOUND'],
      ['not now', 'SOMETHING_DELIBERATE'],
    ]);
    const invalid = await run('{ n(x: "one") }');
    expect(invalid.errors?.[0]).toMatchObject({ message: 'Int cannot represent non-integer value: "one"', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } });
  });

  test('our scalars\' refusals, which graphql-js wraps, reach the client as they are', async () => {
    const { errors } = await run('{ near(postcode: "nowhere") }');
    expect(errors?.[0]?.message).toContain('"nowhere" is not a UK postcode');
    expect(errors?.[0]?.extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED', scalar: 'Postcode', reason: 'POSTCODE_FORMAT' });
  });

  test('a bug in a resolver is masked: a fixed message and INTERNAL_SERVER_ERROR, with its path', async () => {
    const { errors } = await run('{ broken }');
    expect(errors).toEqual([{ message: INTERNAL_ERROR_MESSAGE, locations: [{ line: 1, column: 3 }], path: ['broken'], extensions: { code: 'INTERNAL_SERVER_ERROR' } }]);
  });

  test('a bug in a plugin hook is masked too, though Apollo wraps it in a GraphQLError', async () => {
    const { status, errors } = await run('query HookFails { n }', 'HookFails');
    expect(status).toBe(500);
    expect(errors).toEqual([{ message: INTERNAL_ERROR_MESSAGE, extensions: { code: 'INTERNAL_SERVER_ERROR' } }]);
  });

  test('a document too deeply nested for the parser is the client\'s fault: 400 GRAPHQL_PARSE_FAILED, not masked', async () => {
    const { status, errors } = await run(`{ n(x: ${'['.repeat(100_000)}1${']'.repeat(100_000)}) }`);
    expect(status).toBe(400);
    expect(errors?.[0]).toMatchObject({ message: 'Maximum call stack size exceeded', extensions: { code: 'GRAPHQL_PARSE_FAILED' } });
  });
});
