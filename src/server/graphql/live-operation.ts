/**
 * Prepares a subscription sent over graphql-ws or SSE with the checks Apollo
 * gives a request over HTTP, in Apollo's order: the token limit while
 * parsing, validation (depth, aliases, directives, NUL), then the variables
 * and the cost (the plugins' own functions), each refused with the code
 * and message HTTP would give. The transports run graphql-js without Apollo, so without
 * this a document too big, too costly or with poisoned variables would run.
 */
import { getOperationAST, GraphQLError, parse, type DocumentNode, type GraphQLSchema, type OperationDefinitionNode, type validate } from 'graphql';
import type { RequestLimits } from '../../config.js';
import { nameArgument } from './plugins/use-argument-names.js';
import { variablesError } from './plugins/use-check-variables.js';
import { queryCostError } from './plugins/use-query-cost-limit.js';

export interface LiveOperationRequest {
  query: string;
  operationName?: string | null;
  variables?: Readonly<Record<string, unknown>> | null;
}

export type PreparedLiveOperation =
  | { document: DocumentNode; operation: OperationDefinitionNode | undefined; errors?: undefined }
  | { errors: GraphQLError[] };

export type LiveOperationPreparer = (request: LiveOperationRequest) => PreparedLiveOperation;

/** Apollo's codes for what graphql-js raises without one. */
const coded = (errors: readonly GraphQLError[], code: string) =>
  errors.map((error) => (error.extensions.code ? error : new GraphQLError(error.message, { nodes: error.nodes, source: error.source, positions: error.positions, extensions: { ...error.extensions, code } })));

/** The error as the client should see it: `http` steers Apollo's status and means nothing on a socket or a stream. */
function withoutHttp(error: GraphQLError): GraphQLError {
  const extensions = { ...error.extensions };
  delete extensions.http;
  return new GraphQLError(error.message, { nodes: error.nodes, source: error.source, positions: error.positions, extensions });
}

export function liveOperationPreparer(schema: GraphQLSchema, validateDocument: typeof validate, limits: RequestLimits): LiveOperationPreparer {
  return ({ query, operationName, variables }) => {
    let document: DocumentNode;
    try {
      document = parse(query, { maxLexicalTokens: limits.maxTokens });
    } catch (error) {
      if (!(error instanceof GraphQLError)) throw error;
      return { errors: coded([error], 'GRAPHQL_PARSE_FAILED') };
    }
    const invalid = validateDocument(schema, document);
    if (invalid.length > 0) return { errors: coded(invalid, 'GRAPHQL_VALIDATION_FAILED') };
    const operation = getOperationAST(document, operationName ?? undefined) ?? undefined;
    const refused = variablesError(variables ?? {}, operation) ?? queryCostError(schema, limits.maxCost, { document, operationName, variables });
    if (!refused) return { document, operation };
    nameArgument(document, refused);
    return { errors: [withoutHttp(refused)] };
  };
}
