/**
 * GraphiQL's fetcher with the pasted token on every request: as
 * `Authorization: Bearer …` over HTTP, and as `authorization` in graphql-ws's
 * connection_init payload for subscriptions (same server, same path).
 */
import { createGraphiQLFetcher, type Fetcher } from '@graphiql/toolkit';

export function gatewayFetcher(location: Location, graphqlPath: string, token: string): Fetcher {
  const authorization: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  const socketScheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return createGraphiQLFetcher({
    url: new URL(graphqlPath, location.origin).href,
    subscriptionUrl: `${socketScheme}//${location.host}${graphqlPath}`,
    headers: authorization,
    wsConnectionParams: authorization,
    // The gateway sends no incremental (@defer) answers: one JSON response per request.
    enableIncrementalDelivery: false,
  });
}
