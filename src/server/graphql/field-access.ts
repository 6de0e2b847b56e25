/**
 * Enforces the policy's field rules (auth/policy.ts FIELD_RULES) on the
 * schema itself, so that no resolver has to remember: every root field and
 * every field of a person's data checks the viewer before it resolves, and
 * a trust-scoped viewer reads nothing of an object another trust owns
 * (TRUST_OWNED), whatever path brought it there. A new field is covered by
 * adding its rule; the role matrix test fails a person's field without one.
 */
import { MapperKind, mapSchema } from '@graphql-tools/utils';
import { defaultFieldResolver, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import { can, FIELD_RULES, forbidden, isTrustScoped, TRUST_OWNED, type FieldRule } from '../../auth/policy.js';
import type { Viewer } from '../../auth/viewer.js';
import { ForbiddenError } from '../../errors.js';
import type { GatewayContext } from '../request/context.js';

type Resolver = GraphQLFieldResolver<unknown, GatewayContext>;
type TrustOf = (value: unknown) => string | null;

export function withFieldAccess(schema: GraphQLSchema): GraphQLSchema {
  return mapSchema(schema, {
    [MapperKind.OBJECT_FIELD]: (field, fieldName, typeName) => {
      const rule = FIELD_RULES[typeName]?.[fieldName];
      const owner = TRUST_OWNED[typeName] as TrustOf | undefined;
      if (rule === undefined && owner === undefined) return field;
      const resolve = guarded(field.resolve ?? defaultFieldResolver, typeName, rule, owner);
      // A subscription is checked when it starts (subscribe) and again on each event (resolve).
      return field.subscribe ? { ...field, resolve, subscribe: guarded(field.subscribe, typeName, rule, owner) } : { ...field, resolve };
    },
  });
}

function guarded(resolve: Resolver, typeName: string, rule: FieldRule | undefined, owner: TrustOf | undefined): Resolver {
  const check = ruleCheck(rule);
  return (parent, args, ctx, info) => {
    const { viewer } = ctx;
    if (owner !== undefined && isTrustScoped(viewer) && (viewer.trustOdsCode === null || owner(parent) !== viewer.trustOdsCode)) {
      // Every path to such an object is scoped already; this is the wall behind them. A trust-scoped token
      // naming no trust owns nothing: without that, it would match the referrals that belong to no trust.
      throw new ForbiddenError(`A ${viewer.role} token may read only its own trust's ${typeName} records`, { role: viewer.role });
    }
    return check(viewer, parent) ? resolve(parent, args, ctx, info) : null;
  };
}

/** Whether the viewer may read the field of this parent: true, false (read as null) or a FORBIDDEN error. */
function ruleCheck(rule: FieldRule | undefined): (viewer: Viewer, parent: unknown) => boolean {
  if (rule === undefined) return () => true;
  if (typeof rule === 'string') {
    return (viewer) => {
      if (!can(viewer, rule)) throw forbidden(viewer, rule);
      return true;
    };
  }
  const ownTrust = rule.ownTrust as TrustOf | undefined;
  return (viewer, parent) =>
    can(viewer, rule.nullUnless) ||
    (ownTrust !== undefined && isTrustScoped(viewer) && viewer.trustOdsCode !== null && ownTrust(parent) === viewer.trustOdsCode);
}
