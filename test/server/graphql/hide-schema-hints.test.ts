import pino from 'pino';
import { AuditTrail } from '../../../src/audit/audit-trail.js';
import { DEFAULT_LIMITS } from '../../../src/config.js';
import { createApolloServer } from '../../../src/server/graphql/apollo.js';
import type { GatewayContext } from '../../../src/server/request/context.js';
import { withoutSchemaHints } from '../../../src/server/graphql/plugins/use-hide-schema-hints.js';
import { buildSchema } from '../../../src/server/graphql/schema.js';

/** Enough of a context for requests refused before any resolver runs. */
const contextValue = { requestId: 'r1', viewer: { role: 'VIEWER' }, auditTrail: new AuditTrail() } as unknown as GatewayContext;

/** What is misspelt, the name graphql-js suggests for it, the request. */
const HINTED: [string, string, string, Record<string, unknown>][] = [
  ['a field', '"role"', '{ viewer { rol } }', {}],
  ['an argument', '"first"', '{ referrals(frist: 1) { totalCount } }', {}],
  ['a type', '"ReferralStatus"', 'query($s: [ReferalStatus!]) { referrals(filter: { statuses: $s }) { totalCount } }', {}],
  ['an enum value in the query', '"RECEIVED"', '{ referrals(filter: { statuses: [RECIEVED] }) { totalCount } }', {}],
  ['an enum value in a variable', '"RECEIVED"', 'query($s: [ReferralStatus!]) { referrals(filter: { statuses: $s }) { totalCount } }', { s: ['RECIEVED'] }],
  ['an input field in the query', '"statuses"', '{ referrals(filter: { statusses: [RECEIVED] }) { totalCount } }', {}],
  ['an input field in a variable', '"statuses"', 'query($f: ReferralFilter) { referrals(filter: $f) { totalCount } }', { f: { statusses: ['RECEIVED'] } }],
];

describe('schema hints in errors', () => {
  const schema = buildSchema();
  const servers = {
    production: createApolloServer(schema, { limits: DEFAULT_LIMITS, production: true, explorer: false }, pino({ level: 'silent' })),
    development: createApolloServer(schema, { limits: DEFAULT_LIMITS, production: false, explorer: false }, pino({ level: 'silent' })),
    productionWithExplorer: createApolloServer(schema, { limits: DEFAULT_LIMITS, production: true, explorer: true }, pino({ level: 'silent' })),
  };
  beforeAll(() => Promise.all(Object.values(servers).map((server) => server.start())));
  afterAll(() => Promise.all(Object.values(servers).map((server) => server.stop())));

  const messages = async (mode: keyof typeof servers, query: string, variables: Record<string, unknown> = {}) => {
    const response = await servers[mode].executeOperation({ query, variables }, { contextValue });
    return response.body.kind === 'single' ? (response.body.singleResult.errors ?? []).map((error) => error.message) : [];
  };

  test.each(HINTED)('a misspelt %s: %s suggested in development, not in production, where the rest of the message stays', async (_what, suggested, query, variables) => {
    const development = await messages('development', query, variables);
    expect(development.join('\n')).toMatch(new RegExp(`Did you mean (the enum value )?${suggested}`));
    const production = await messages('production', query, variables);
    expect(production).toEqual(development.map(withoutSchemaHints));
    expect(production.join('\n')).not.toMatch(/Did you mean/);
    expect(production.join('\n')).not.toContain(suggested);
  });

  test('production answers no introspection; development does', async () => {
    expect(await messages('production', '{ __schema { types { name } } }')).toEqual([expect.stringContaining('introspection')]);
    expect(await messages('development', '{ __schema { types { name } } }')).toEqual([]);
  });

  test('production with the explorer on (EXPLORER=on) answers introspection, which the explorer needs, and keeps the hints it would show anyway', async () => {
    expect(await messages('productionWithExplorer', '{ __schema { types { name } } }')).toEqual([]);
    expect((await messages('productionWithExplorer', '{ viewer { rol } }')).join('\n')).toMatch(/Did you mean "role"/);
  });

  test('only the suggestion goes', () => {
    expect(withoutSchemaHints('Cannot query field "rol" on type "Viewer". Did you mean "role" or "roles"?')).toBe('Cannot query field "rol" on type "Viewer".');
    expect(withoutSchemaHints('Variable "$s" got invalid value "X"; Value "X" does not exist in "ReferralStatus" enum.')).toBe(
      'Variable "$s" got invalid value "X"; Value "X" does not exist in "ReferralStatus" enum.',
    );
  });
});
