import { authorize } from '../auth/policy.js';
import type { QueryResolvers, Resolvers } from '../generated/graphql.js';
import { requireId } from '../server/arguments.js';
import { owningCustomer } from '../server/lookups.js';
import { readPage } from '../store/pagination.js';
import { orderTotalPence } from './equipment-order.js';

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

const POUNDS = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP' });

export const equipmentOrderResolvers: Resolvers = {
  Query: {
    equipmentOrder: resolveById,
    equipmentOrders: resolveByFilter,
  },
  EquipmentOrder: {
    customer: (order, _, ctx) => owningCustomer(ctx, order.customerId, `Equipment order ${order.id}`),
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
