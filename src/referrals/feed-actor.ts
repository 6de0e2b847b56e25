import type { Actor } from '../generated/graphql.js';

/** Who a feed message's changes are recorded as: the trust's integration engine. */
export function feedActor(trustOdsCode: string): Actor {
  return { subject: `feed:${trustOdsCode}`, name: `${trustOdsCode} integration engine`, role: 'SYSTEM' };
}
