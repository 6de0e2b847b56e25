import type { GraphQLResolveInfo } from 'graphql';
import type { ChangeMaker } from '../audit/audit-log.js';
import { describeOperation } from '../audit/operation-name.js';
import { authorize, can, type Permission } from '../auth/policy.js';
import type { MutationResolvers, QueryResolvers, Resolvers } from '../generated/graphql.js';
import { optionalText, requireId, requireText } from '../server/arguments.js';
import type { GatewayContext } from '../server/context.js';
import { owningCustomer } from '../server/lookups.js';
import { readPage } from '../store/pagination.js';
import { authoriseEquipmentOrder, cancelEquipmentOrder, requestEquipmentCollection } from './change-equipment-order.js';
import { catalogueConnection, searchCatalogue } from './equipment-catalogue.js';
import { orderTotalPence } from './equipment-order.js';
import { placeEquipmentOrder } from './place-equipment-order.js';

const resolveById: QueryResolvers['equipmentOrder'] = (_, { id }, ctx) => {
  authorize(ctx.viewer, 'equipment:read');
  return ctx.loaders.equipmentOrder.load(requireId(id, 'id'));
};

const resolveByFilter: QueryResolvers['equipmentOrders'] = (_, { filter, first, after }, ctx) => {
  authorize(ctx.viewer, 'equipment:read');
  const page = readPage({ first, after }, 'uuid', ctx.limits.maxPageSize);
  return ctx.repositories.equipmentOrders.list(
    {
      ...filter,
      customerId: filter?.customerId ? requireId(filter.customerId, 'filter.customerId') : null,
      referralId: filter?.referralId ? requireId(filter.referralId, 'filter.referralId') : null,
    },
    page,
  );
};

const resolveCatalogue: QueryResolvers['equipmentCatalogue'] = async (_, { search, category, first, after }, ctx) => {
  authorize(ctx.viewer, 'equipment:read');
  const page = readPage({ first, after }, 'code', ctx.limits.maxPageSize);
  const { items } = await ctx.ordering.catalogue.items();
  return catalogueConnection(searchCatalogue(items, search ?? null, category ?? null), page);
};

/** The caller as the maker of a change, once the role is checked. */
function changeMaker(ctx: GatewayContext, info: GraphQLResolveInfo, permission: Permission): ChangeMaker {
  authorize(ctx.viewer, permission);
  return { db: ctx.db, viewer: ctx.viewer, requestId: ctx.requestId, operation: describeOperation(info.operation), at: ctx.now() };
}

const mutations: MutationResolvers = {
  placeEquipmentOrder: (_, { input, idempotencyKey }, ctx, info) =>
    placeEquipmentOrder(changeMaker(ctx, info, 'equipment:order'), ctx.ordering, input, idempotencyKey),
  authoriseEquipmentOrder: (_, { id, note }, ctx, info) =>
    authoriseEquipmentOrder(changeMaker(ctx, info, 'equipment:authorise'), requireId(id, 'id'), optionalText(note, 'note')),
  cancelEquipmentOrder: (_, { id, reason }, ctx, info) =>
    cancelEquipmentOrder(changeMaker(ctx, info, 'equipment:order'), requireId(id, 'id'), requireText(reason, 'reason')),
  requestEquipmentCollection: (_, { orderId, lines }, ctx, info) =>
    requestEquipmentCollection(changeMaker(ctx, info, 'equipment:order'), requireId(orderId, 'orderId'), lines),
};

const POUNDS = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP' });

export const equipmentOrderResolvers: Resolvers = {
  Query: {
    equipmentOrder: resolveById,
    equipmentOrders: resolveByFilter,
    equipmentCatalogue: resolveCatalogue,
    deliverySpeeds: (_, __, ctx) => {
      authorize(ctx.viewer, 'equipment:read');
      return [...ctx.ordering.deliverySpeeds];
    },
  },
  Mutation: mutations,
  CatalogueItem: {
    unitCost: (item) => item.unitPence,
  },
  KeySafe: {
    present: (order) => order.keySafeSealed !== null,
    code: (order, _, ctx) => (order.keySafeSealed && can(ctx.viewer, 'equipment:keySafe') ? ctx.ordering.cipher.unseal(order.keySafeSealed, order.id) : null),
  },
  EquipmentOrder: {
    keySafe: (order) => order, 
    customer: (order, _, ctx, info) => owningCustomer(ctx, info, order.customerId, `Equipment order ${order.id}`),
    referral: (order, _, ctx) => (order.referralId ? ctx.loaders.referral.load(order.referralId) : null),
    totalCost: (order) => orderTotalPence(order.lines),
    history: (order, _, ctx) => ctx.loaders.equipmentOrderHistory.load(order.id),
  },
  OrderLine: {
    unitCost: (line) => line.unitPence,
    lineCost: (line) => line.unitPence * line.quantity,
  },
  Money: {
    pence: (pence) => pence,
    formatted: (pence) => POUNDS.format(pence / 100),
  },
};
