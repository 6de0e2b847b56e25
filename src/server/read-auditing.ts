/**
 * Every read of a person's data is audited. Rather than trusting each
 * resolver to remember, the schema itself is wrapped:
 *
 * - every field that returns a person-bearing type (Customer, Referral,
 *   EquipmentOrder, or a list of them) notes whose data it returned, even if
 *   the query then asks for nothing but `__typename`: that a person is known
 *   at all is their data;
 * - every field of a list edge (`cursor` as much as `node`) notes the edge's
 *   person, since a cursor names a row.
 *
 * So a new query path to such a type is audited without anyone writing audit
 * code for it. A new type that carries a person's data goes in PERSON_TYPES.
 */
import { MapperKind, mapSchema } from '@graphql-tools/utils';
import { defaultFieldResolver, getNamedType, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import type { CustomerRecord } from '../customers/customer.js';
import type { EquipmentOrderRecord } from '../equipment/equipment-order.js';
import type { ReferralRecord } from '../referrals/referral.js';
import type { GatewayContext } from './context.js';

type CustomerIdOf = (value: never) => string;

/** The schema types that are a person's data, and how to find whose. */
const PERSON_TYPES: Readonly<Record<string, CustomerIdOf>> = {
  Customer: (customer: CustomerRecord) => customer.id,
  Referral: (referral: ReferralRecord) => referral.customerId,
  EquipmentOrder: (order: EquipmentOrderRecord) => order.customerId,
  // The key safe of an order: whoever reads it is on record for that person.
  KeySafe: (order: EquipmentOrderRecord) => order.customerId,
};

/** Connection edge types, by the person type of their node. */
const EDGE_TYPES: Readonly<Record<string, string>> = {
  CustomerEdge: 'Customer',
  ReferralEdge: 'Referral',
  EquipmentOrderEdge: 'EquipmentOrder',
};

type Resolver = GraphQLFieldResolver<unknown, GatewayContext>;

export function withReadAuditing(schema: GraphQLSchema): GraphQLSchema {
  return mapSchema(schema, {
    [MapperKind.OBJECT_FIELD]: (field, _fieldName, typeName) => {
      const resolve: Resolver = field.resolve ?? defaultFieldResolver;
      const edgeOf = EDGE_TYPES[typeName];
      if (edgeOf) {
        const customerIdOf = PERSON_TYPES[edgeOf] as (value: unknown) => string;
        return { ...field, resolve: noteBefore(resolve, (edge) => customerIdOf((edge as { node: unknown }).node)) };
      }
      const returned = PERSON_TYPES[getNamedType(field.type).name] as ((value: unknown) => string) | undefined;
      if (returned) return { ...field, resolve: noteResult(resolve, returned) };
      return field;
    },
  });
}

function noteBefore(resolve: Resolver, customerIdOf: (parent: unknown) => string): Resolver {
  return (parent, args, ctx, info) => {
    ctx.auditTrail.noteRead(customerIdOf(parent));
    return resolve(parent, args, ctx, info);
  };
}

function noteResult(resolve: Resolver, customerIdOf: (value: unknown) => string): Resolver {
  const note = (ctx: GatewayContext, result: unknown): unknown => {
    if (Array.isArray(result)) {
      for (const item of result) if (item != null) ctx.auditTrail.noteRead(customerIdOf(item));
    } else if (result != null) {
      ctx.auditTrail.noteRead(customerIdOf(result));
    }
    return result;
  };
  return (parent, args, ctx, info) => {
    const result = resolve(parent, args, ctx, info);
    return result instanceof Promise ? result.then((value: unknown) => note(ctx, value)) : note(ctx, result);
  };
}
