import type { MutationResolvers, QueryResolvers, Resolvers } from '../../../generated/graphql.js';
import { optionalText, requireId, requireText } from '../../../arguments.js';
import { changeMakerOf } from '../change-maker.js';
import { owningCustomer } from '../lookups.js';
import { readPage } from '../../../store/pagination.js';
import { authoriseEquipmentOrder, cancelEquipmentOrder, requestEquipmentCollection } from '../../../equipment/change-equipment-order.js';
import { catalogueConnection, searchCatalogue } from '../../../equipment/equipment-catalogue.js';
import { orderTotalPence } from '../../../equipment/equipment-order.js';
import { placeEquipmentOrder } from '../../../equipment/place-equipment-order.js';

// Who may call each field is the policy's (auth/policy.ts FIELD_RULES), enforced on the schema.

const resolveById: QueryResolvers['equipmentOrder'] = (_, { id }, ctx) => ctx.loaders.equipmentOrder.load(requireId(id, 'id'));

const resolveByFilter: QueryResolvers['equipmentOrders'] = async (_, { filter, first, after }, ctx) => {
  const page = readPage({ first, after }, 'uuid', ctx.limits.maxPageSize);
  const customerId = filter?.customerId ? requireId(filter.customerId, 'filter.customerId') : null;
  const referralId = filter?.referralId ? requireId(filter.referralId, 'filter.referralId') : null;
  // Orders filtered by a person, or by one of their referrals, tell of that person even as a bare count.
  if (customerId !== null) ctx.auditTrail.noteRead(customerId);
  const referral = referralId === null ? null : await ctx.loaders.referral.load(referralId);
  if (referral) ctx.auditTrail.noteRead(referral.customerId);
  return ctx.repositories.equipmentOrders.list({ ...filter, customerId, referralId }, page);
};

const resolveCatalogue: QueryResolvers['equipmentCatalogue'] = async (_, { search, category, first, after }, ctx) => {
  const page = readPage({ first, after }, 'code', ctx.limits.maxPageSize);
  const { items } = await ctx.ordering.catalogue.items();
  return catalogueConnection(searchCatalogue(items, search ?? null, category ?? null), page);
};

const mutations: MutationResolvers = {
  placeEquipmentOrder: (_, { input, idempotencyKey }, ctx, info) =>
    placeEquipmentOrder(changeMakerOf(ctx, info), ctx.ordering, input, idempotencyKey),
  authoriseEquipmentOrder: (_, { id, note }, ctx, info) =>
    authoriseEquipmentOrder(changeMakerOf(ctx, info), requireId(id, 'id'), optionalText(note, 'note')),
  cancelEquipmentOrder: (_, { id, reason }, ctx, info) =>
    cancelEquipmentOrder(changeMakerOf(ctx, info), requireId(id, 'id'), requireText(reason, 'reason')),
  requestEquipmentCollection: (_, { orderId, lines }, ctx, info) =>
    requestEquipmentCollection(changeMakerOf(ctx, info), requireId(orderId, 'orderId'), lines),
};

const POUNDS = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP' });

export const equipmentOrderResolvers: Resolvers = {
  Query: {
    equipmentOrder: resolveById,
    equipmentOrders: resolveByFilter,
    equipmentCatalogue: resolveCatalogue,
    deliverySpeeds: (_, __, ctx) => [...ctx.ordering.deliverySpeeds],
  },
  Mutation: mutations,
  CatalogueItem: {
    unitCost: (item) => item.unitPence,
  },
  KeySafe: {
    present: (order) => order.keySafeSealed !== null,
    // Read as null by anyone the policy does not let see it (FIELD_RULES, KeySafe.code).
    code: (order, _, ctx) => (order.keySafeSealed ? ctx.ordering.cipher.unseal(order.keySafeSealed, order.id) : null),
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
