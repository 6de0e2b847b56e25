/**
 * Every read of a person's data is audited. Rather than trusting each
 * resolver to remember, the schema itself is wrapped: any field of a type that
 * carries a person's data notes that person in the request's AuditTrail as it
 * resolves. A new query path to such a type is audited without anyone writing
 * audit code for it.
 */
import { MapperKind, mapSchema } from '@graphql-tools/utils';
import { defaultFieldResolver, type GraphQLSchema } from 'graphql';
import type { CustomerRecord } from '../customers/customer.js';
import type { EquipmentOrderRecord } from '../equipment/equipment-order.js';
import type { ReferralRecord } from '../referrals/referral.js';
import type { GatewayContext } from './context.js';

/** The schema types that are a person's data, and how to find whose. */
const PERSON_DATA_TYPES: Readonly<Record<string, (parent: never) => string>> = {
  Customer: (customer: CustomerRecord) => customer.id,
  Referral: (referral: ReferralRecord) => referral.customerId,
  EquipmentOrder: (order: EquipmentOrderRecord) => order.customerId,
};

export function withReadAuditing(schema: GraphQLSchema): GraphQLSchema {
  return mapSchema(schema, {
    [MapperKind.OBJECT_FIELD]: (field, _fieldName, typeName) => {
      const customerIdOf = PERSON_DATA_TYPES[typeName] as ((parent: unknown) => string) | undefined;
      if (!customerIdOf) return field;
      const resolve = field.resolve ?? defaultFieldResolver;
      return {
        ...field,
        resolve: (parent, args, ctx: GatewayContext, info) => {
          ctx.auditTrail.noteRead(customerIdOf(parent));
          return resolve(parent, args, ctx, info);
        },
      };
    },
  });
}
