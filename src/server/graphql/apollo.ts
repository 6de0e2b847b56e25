import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { specifiedRules, validate, type GraphQLSchema } from 'graphql';
import type { Logger } from 'pino';
import type { RequestLimits } from '../../config.js';
import type { GatewayContext } from '../request/context.js';
import { maskUnexpectedErrors } from './plugins/mask-unexpected-errors.js';
import { useArgumentNames } from './plugins/use-argument-names.js';
import { useCheckVariables } from './plugins/use-check-variables.js';
import { useHideSchemaHints } from './plugins/use-hide-schema-hints.js';
import { useRefuseSubscriptionsOverHttp } from './plugins/refuse-subscriptions-over-http.js';
import { useQueryCostLimit } from './plugins/use-query-cost-limit.js';
import { refuseNulInLiterals } from './plugins/refuse-nul-in-literals.js';
import { useReadAudit } from './plugins/use-read-audit.js';
import { useRequestErrorCodes } from './plugins/use-request-error-codes.js';
import { useRequestLogging } from './plugins/use-request-logging.js';

const MAX_DIRECTIVES = 50;

export interface ApolloOptions {
  limits: RequestLimits;
  /** NODE_ENV=production: no introspection, and no schema hints in errors. */
  production: boolean;
  /** The explorer needs introspection for its docs and completion: on, it allows it even in production. */
  explorer: boolean;
}

/** graphql-armor's checks at these limits: its plugins for Apollo, its validation rules for any transport. */
function armorFor(limits: RequestLimits) {
  return new ApolloArmor({
    costLimit: { enabled: false },
    maxDepth: { n: limits.maxDepth },
    maxAliases: { n: limits.maxAliases },
    maxTokens: { enabled: false },
    maxDirectives: { n: MAX_DIRECTIVES },
    // use-hide-schema-hints does this in production, for every kind of suggestion (armor's covers fields only).
    blockFieldSuggestion: { enabled: false },
  }).protect();
}

/**
 * Validation as Apollo runs it (depth, aliases, directives, NUL in literals),
 * for the subscription transports, which run graphql-js without Apollo.
 */
export function validateLikeApollo(limits: RequestLimits): typeof validate {
  const rules = [...armorFor(limits).validationRules, refuseNulInLiterals];
  return (schema, document, specified = specifiedRules, options, typeInfo) => validate(schema, document, [...specified, ...rules], options, typeInfo);
}

export function createApolloServer(schema: GraphQLSchema, { limits, production, explorer }: ApolloOptions, logger: Logger): ApolloServer<GatewayContext> {
  // Only callers with a valid token reach GraphQL at all (authentication comes first, in the HTTP route).
  const schemaShown = !production || explorer;
  // Depth, aliases and directives are checked by graphql-armor while validating;
  // cost is ours (use-query-cost-limit) because it must count list sizes.
  // Tokens are counted by graphql-js's own parser (parseOptions below): armor's
  // token plugin parses the document a second time in a hook, where any error
  // it throws, a syntax error included, reaches the client as a 500.
  const armor = armorFor(limits);
  // graphql-armor's typings name Apollo's CommonJS build and ours its ES module build:
  // the same classes to the runtime, different declarations to TypeScript.
  const armorPlugins = armor.plugins as unknown as ApolloServerPlugin<GatewayContext>[];
  return new ApolloServer<GatewayContext>({
    schema,
    plugins: [
      ...armorPlugins,
      // Before the cost limit, which reads variables too: Apollo calls the hooks in order and reports the first refusal.
      useCheckVariables(),
      useQueryCostLimit(schema, limits.maxCost),
      // After the limits, so a subscription sent here is refused for them as over the live transports.
      useRefuseSubscriptionsOverHttp(),
      useArgumentNames(),
      useRequestErrorCodes(),
      // Where introspection is allowed the hints stay: it shows the same schema.
      ...(schemaShown ? [] : [useHideSchemaHints()]),
      useReadAudit(logger),
      useRequestLogging(logger),
      // The hosted Sandbox page loads from a CDN the gateway's users may not reach, and callers need a token anyway.
      ApolloServerPluginLandingPageDisabled(),
      // Responses hold personal data and are never cached (the HTTP layer says no-store), so the
      // cache-control plugin's per-field hook would cost every field of every query for nothing.
      ApolloServerPluginCacheControlDisabled(),
    ],
    // A document over the limit is a syntax error: 400 GRAPHQL_PARSE_FAILED.
    parseOptions: { maxLexicalTokens: limits.maxTokens },
    validationRules: [...armor.validationRules, refuseNulInLiterals],
    // Frontends build against schema/*.graphql; in production the schema is not handed out unless the explorer is on.
    introspection: schemaShown,
    formatError: maskUnexpectedErrors,
    includeStacktraceInErrorResponses: false,
    allowBatchedHttpRequests: false,
    // Apollo's CSRF check guards cookie-authenticated servers. Every request
    // here must carry an Authorization header, which a browser never sends on
    // a cross-site "simple" request, so the check would only refuse plain
    // GraphQL-over-HTTP GETs from legitimate clients.
    csrfPrevention: false,
    // main.ts owns SIGTERM: it drains HTTP first, then stops Apollo, then closes the store.
    stopOnTerminationSignals: false,
    logger: logger.child({ component: 'apollo' }),
  });
}
