/**
 * What the gateway tells the page, in a JSON data block of the HTML (a
 * script of type application/json is never run, so the strict CSP allows it).
 * The server writes it (explorer-page.ts) and the page (explorer/)
 * reads it: one type for both.
 */
export interface ExplorerConfig {
  /** Where GraphQL is, on the page's own origin. */
  graphqlPath: string;
  /** A token per role, offered only where the gateway prints its dev tokens; null elsewhere. */
  devTokens: { role: string; token: string }[] | null;
}

export const EXPLORER_CONFIG_ELEMENT_ID = 'explorer-config';
