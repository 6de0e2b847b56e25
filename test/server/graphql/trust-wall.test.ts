/**
 * The wall behind every path to a trust's referral (field-access.ts): a
 * trust-scoped token reads a Referral only when it names that referral's
 * trust. A token naming no trust owns nothing, not even the referrals that
 * belong to no trust (those from a GP, community health, the person).
 */
import { makeExecutableSchema } from '@graphql-tools/schema';
import { graphql } from 'graphql';
import type { Viewer } from '../../../src/auth/viewer.js';
import { withFieldAccess } from '../../../src/server/graphql/field-access.js';

const schema = withFieldAccess(
  makeExecutableSchema({
    typeDefs: 'type Query { referral: Referral } type Referral { status: String }',
    resolvers: { Query: { referral: (_: unknown, __: unknown, ctx: { found: unknown }) => ctx.found } },
  }),
);

async function statusAs(viewer: Viewer, referringTrustOdsCode: string | null) {
  const result = await graphql({ schema, source: '{ referral { status } }', contextValue: { viewer, found: { status: 'RECEIVED', referringTrustOdsCode } } });
  return result.errors ? result.errors[0]!.extensions.code : (result.data as { referral: { status: string } }).referral.status;
}

const system = (trustOdsCode: string | null): Viewer => ({ subject: 'feed', name: null, role: 'SYSTEM', trustOdsCode });

describe('the trust wall on Referral', () => {
  test("a trust's token reads its own trust's referral and no other", async () => {
    expect(await statusAs(system('R1A'), 'R1A')).toBe('RECEIVED');
    expect(await statusAs(system('R1A'), 'R1B')).toBe('FORBIDDEN');
    expect(await statusAs(system('R1A'), null)).toBe('FORBIDDEN');
  });

  test('a trust-scoped token that names no trust reads no referral, not even one that belongs to no trust', async () => {
    expect(await statusAs(system(null), null)).toBe('FORBIDDEN');
    expect(await statusAs({ subject: 'ward', name: null, role: 'HOSPITAL_DISCHARGE', trustOdsCode: null }, null)).toBe('FORBIDDEN');
  });

  test('hub staff read any referral', async () => {
    expect(await statusAs({ subject: 'c', name: null, role: 'HUB_COORDINATOR', trustOdsCode: null }, null)).toBe('RECEIVED');
  });
});
