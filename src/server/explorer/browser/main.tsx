/**
 * The explorer page: GraphiQL under a token box. Bundled with everything it
 * needs by src/server/explorer/build-explorer.ts; it fetches nothing but the
 * gateway's own origin.
 */
import { GraphiQL } from 'graphiql';
import 'graphiql/graphiql.css';
import { StrictMode, useEffect, useMemo, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { EXPLORER_CONFIG_ELEMENT_ID, type ExplorerConfig } from '../explorer-config.js';
import { gatewayFetcher } from './fetcher.js';
import { TokenBox } from './token-box.js';
import { saveToken, savedToken } from './token-store.js';
import './explorer.css';

const DEFAULT_QUERY = `# Paste a token above (or choose a dev token), then run this with the ▶ button.
query Start {
  viewer { subject role trustOdsCode }
  hubBoard { byStatus { status count } }
}
`;

function readConfig(): ExplorerConfig {
  const element = document.getElementById(EXPLORER_CONFIG_ELEMENT_ID);
  return JSON.parse(element?.textContent ?? '{}') as ExplorerConfig;
}

function Explorer({ config }: { config: ExplorerConfig }) {
  const [token, setToken] = useState(() => savedToken(sessionStorage));
  useEffect(() => saveToken(sessionStorage, token), [token]);
  // A new token, a new fetcher: GraphiQL then fetches the schema again as the new caller.
  const fetcher = useMemo(() => gatewayFetcher(window.location, config.graphqlPath, token), [config.graphqlPath, token]);
  return (
    <div className="explorer">
      <TokenBox token={token} devTokens={config.devTokens} onToken={setToken} />
      <div className="explorer-graphiql">
        {/* Queries, variables and tabs stay in this tab's sessionStorage: they may hold NHS numbers. */}
        <GraphiQL fetcher={fetcher} storage={sessionStorage} defaultQuery={DEFAULT_QUERY} shouldPersistHeaders={false} />
      </div>
    </div>
  );
}

const root = document.getElementById('explorer');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <Explorer config={readConfig()} />
    </StrictMode>,
  );
}
