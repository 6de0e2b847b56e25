/**
 * Every read of a person's data is audited. Rather than trusting each
 * resolver to remember, the schema itself is wrapped:
 *
 * - every field that returns a person-bearing type (Customer, Referral, an
 *   equipment order, a review, an audit event, or a list of them) notes whose
 *   data it returned, even if the query then asks for nothing but
 *   `__typename`: that a person is known at all is their data;
 * - every field of a list edge (`cursor` as much as `node`) notes the edge's
 *   person, since a cursor names a row, and so does a list's `pageInfo`,
 *   whose start and end cursors name its first and last rows.
 *
 * So a new query path to such a type is audited without anyone writing audit
 * code for it. A new type that carries a person's data goes in PERSON_TYPES.
 * What the schema cannot see is noted where it happens: a search's criteria
 * and matches (customer resolvers), a count filtered by a person (the list
 * resolvers), an inbox message's body, note and error (inbox resolvers).
 */
import { MapperKind, mapSchema } from '@graphql-tools/utils';
import { defaultFieldResolver, getNamedType, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import type { AuditEventRecord } from '../../audit/audit-log.js';
import type { CaseNoteRecord } from '../../casework/case-note.js';
import type { TaskRecord } from '../../casework/task.js';
import type { CustomerRecord } from '../../customers/customer.js';
import type { IdentityReviewRecord } from '../../customers/identity-review.js';
import type { PersonUpdateReviewRecord } from '../../customers/person-update-review.js';
import type { EquipmentOrderRecord } from '../../equipment/equipment-order.js';
import type { OnwardReferralRecord } from '../../onward/onward-referral.js';
import type { TrackerRow } from '../../referrals/discharge-tracker.js';
import type { ReferralRecord } from '../../referrals/referral.js';
import type { Connection } from '../../store/pagination.js';
import type { GatewayContext } from '../request/context.js';

type CustomersOf = (value: never) => readonly (string | null)[];

/** The schema types that are a person's data, and whose. */
const PERSON_TYPES: Readonly<Record<string, CustomersOf>> = {
  Customer: (customer: CustomerRecord) => [customer.id],
  Referral: (referral: ReferralRecord) => [referral.customerId],
  EquipmentOrder: (order: EquipmentOrderRecord) => [order.customerId],
  // The key safe of an order: whoever reads it is on record for that person.
  KeySafe: (order: EquipmentOrderRecord) => [order.customerId],
  IdentityReview: (review: IdentityReviewRecord) => [review.customerId, review.mergeFromCustomerId],
  PersonUpdateReview: (review: PersonUpdateReviewRecord) => [review.customerId],
  // Reading the audit trail tells who was looked at: it is a look at them too.
  AuditEvent: (event: AuditEventRecord) => [event.customerId],
  CaseNote: (note: CaseNoteRecord) => [note.customerId],
  Task: (task: TaskRecord) => [task.customerId],
  OnwardReferral: (onward: OnwardReferralRecord) => [onward.customerId],
  DischargeTrackerRow: (row: TrackerRow) => [row.customerId],
};

/** List types, by the person type of their nodes. */
const CONNECTION_TYPES: Readonly<Record<string, string>> = {
  CustomerConnection: 'Customer',
  ReferralConnection: 'Referral',
  EquipmentOrderConnection: 'EquipmentOrder',
  AuditEventConnection: 'AuditEvent',
  CaseNoteConnection: 'CaseNote',
  TaskConnection: 'Task',
  DischargeTrackerConnection: 'DischargeTrackerRow',
};

/** Edge types, by the person type of their node. */
const EDGE_TYPES: Readonly<Record<string, string>> = {
  CustomerEdge: 'Customer',
  ReferralEdge: 'Referral',
  EquipmentOrderEdge: 'EquipmentOrder',
  AuditEventEdge: 'AuditEvent',
  CaseNoteEdge: 'CaseNote',
  TaskEdge: 'Task',
  DischargeTrackerEdge: 'DischargeTrackerRow',
};

/** The types read auditing treats as a person's, for the role matrix to hold against the policy's. */
export const AUDITED_PERSON_TYPES: readonly string[] = Object.keys(PERSON_TYPES);

type Resolver = GraphQLFieldResolver<unknown, GatewayContext>;
type Edge = { node: unknown };

export function withReadAuditing(schema: GraphQLSchema): GraphQLSchema {
  return mapSchema(schema, {
    [MapperKind.OBJECT_FIELD]: (field, fieldName, typeName) => {
      const resolve: Resolver = field.resolve ?? defaultFieldResolver;
      const edgeOf = EDGE_TYPES[typeName];
      if (edgeOf) {
        const customersOf = PERSON_TYPES[edgeOf] as (value: unknown) => readonly (string | null)[];
        return { ...field, resolve: noteBefore(resolve, (edge) => customersOf((edge as Edge).node)) };
      }
      const listOf = CONNECTION_TYPES[typeName];
      if (listOf && fieldName === 'pageInfo') {
        const customersOf = PERSON_TYPES[listOf] as (value: unknown) => readonly (string | null)[];
        const ends = (list: Connection<never>) => [list.edges[0], list.edges.at(-1)].flatMap((edge) => (edge ? customersOf(edge.node) : []));
        return { ...field, resolve: noteBefore(resolve, (list) => ends(list as Connection<never>)) };
      }
      const returned = PERSON_TYPES[getNamedType(field.type).name] as ((value: unknown) => readonly (string | null)[]) | undefined;
      if (returned) return { ...field, resolve: noteResult(resolve, returned) };
      return field;
    },
  });
}

function noteAll(ctx: GatewayContext, customerIds: readonly (string | null)[]): void {
  for (const customerId of customerIds) if (customerId !== null) ctx.auditTrail.noteRead(customerId);
}

function noteBefore(resolve: Resolver, customersOf: (parent: unknown) => readonly (string | null)[]): Resolver {
  return (parent, args, ctx, info) => {
    noteAll(ctx, customersOf(parent));
    return resolve(parent, args, ctx, info);
  };
}

function noteResult(resolve: Resolver, customersOf: (value: unknown) => readonly (string | null)[]): Resolver {
  const note = (ctx: GatewayContext, result: unknown): unknown => {
    if (Array.isArray(result)) {
      for (const item of result) if (item != null) noteAll(ctx, customersOf(item));
    } else if (result != null) {
      noteAll(ctx, customersOf(result));
    }
    return result;
  };
  return (parent, args, ctx, info) => {
    const result = resolve(parent, args, ctx, info);
    return result instanceof Promise ? result.then((value: unknown) => note(ctx, value)) : note(ctx, result);
  };
}
