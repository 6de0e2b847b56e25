import { ApolloServer } from '@apollo/server';
import { makeExecutableSchema } from '@graphql-tools/schema';
import { GraphQLError } from 'graphql';
import { maskUnexpectedErrors } from '../../../src/server/graphql/plugins/mask-unexpected-errors.js';
import { useRequestErrorCodes } from '../../../src/server/graphql/plugins/use-request-error-codes.js';

const schema = makeExecutableSchema({
  typeDefs: 'type Query { ok: Int, uncoded: Int }',
  resolvers: { Query: { ok: () => 1, uncoded: () => Promise.reject(new GraphQLError('a field error without a code')) } },
});

describe('useRequestErrorCodes', () => {
  const apollo = new ApolloServer({
    schema,
    formatError: maskUnexpectedErrors,
    plugins: [
      useRequestErrorCodes(),
      {
        async requestDidStart({ request }) {
          return {
            async didResolveOperation() {
              if (request.operationName === 'HookFails') throw new TypeError('a bug');
            },
          };
        },
      },
    ],
  });
  beforeAll(() => apollo.start());
  afterAll(() => apollo.stop());

  const run = async (request: Parameters<typeof apollo.executeOperation>[0]) => {
    const response = await apollo.executeOperation(request);
    const errors = response.body.kind === 'single' ? response.body.singleResult.errors : undefined;
    return { status: response.http.status ?? 200, codes: errors?.map((error) => error.extensions?.code) };
  };

  test('a request error Apollo raises without a code is BAD_REQUEST, keeping its 400', async () => {
    const mismatch = await run({ query: '{ ok }', extensions: { persistedQuery: { version: 1, sha256Hash: 'not-the-hash' } } });
    expect(mismatch).toEqual({ status: 400, codes: ['BAD_REQUEST'] });
  });

  test('one graphql-js raises during execution without a status gets a 400 too', async () => {
    expect(await run({ query: 'subscription { ok }' })).toEqual({ status: 400, codes: ['BAD_REQUEST'] });
  });

  test('field errors and bugs are not the client\'s request errors', async () => {
    expect(await run({ query: '{ ok uncoded }' })).toEqual({ status: 200, codes: ['INTERNAL_SERVER_ERROR'] });
    expect(await run({ query: 'query HookFails { ok }', operationName: 'HookFails' })).toEqual({ status: 500, codes: ['INTERNAL_SERVER_ERROR'] });
  });
});
