/**
 * Subscriptions. Each hears the bus, keeps the events its viewer may hear
 * (a trust-scoped viewer, its own trust's only), and re-reads what changed
 * as a query would, with fresh loaders and a fresh audit trail per event
 * (renewForEvent): the transport writes each event's looks before sending it.
 */
import { isTrustScoped } from '../../../auth/policy.js';
import { requireId } from '../../../arguments.js';
import type { ReferralAction, Resolvers } from '../../../generated/graphql.js';
import { coalescedTicks, eventStream, mapEvents } from '../../../live/event-stream.js';
import type { LiveEvent, ReferralChanged } from '../../../live/ports.js';
import type { ReferralRecord } from '../../../referrals/referral.js';
import { renewForEvent, type GatewayContext } from '../../request/context.js';
import { historySeenBy, referralListFilter } from './referral-resolvers.js';

/** Events a subscriber may fall behind by before it is dropped (the socket's own buffer is bounded too). */
export const MAX_QUEUED_EVENTS = 100;
/** The hub board is sent at most once per this. */
export const HUB_BOARD_INTERVAL_MS = 1_000;

interface ReferralChangeRecord {
  referral: ReferralRecord;
  changes: ReferralAction[];
}

/** The steps of a change this viewer is shown: a hospital team never hears of a move between customer records, of another trust's report of a death, or of the hub's risk assessment changing. */
async function changesSeenBy(ctx: GatewayContext, referral: ReferralRecord, changes: readonly ReferralAction[]): Promise<ReferralAction[]> {
  if (!isTrustScoped(ctx.viewer)) return [...changes];
  const history = await ctx.loaders.referralHistory.load(referral.id);
  const shown = new Set(await historySeenBy(ctx, referral));
  // Each change is the latest step of its action: told if that step is shown.
  return changes.filter((action) => {
    const step = history.findLast((each) => each.action === action);
    return step !== undefined && shown.has(step);
  });
}

const referralEvent = (trust: string | null) => (event: LiveEvent): ReferralChanged | null =>
  event.kind === 'referral.changed' && (trust === null || event.trust === trust) ? event : null;

export const liveResolvers: Resolvers = {
  Subscription: {
    referralChanged: {
      subscribe: (_, { filter }, ctx) => {
        const listFilter = referralListFilter(ctx.viewer, filter);
        const events = eventStream(ctx.live, referralEvent(listFilter.trustOdsCode ?? null), MAX_QUEUED_EVENTS);
        return mapEvents(events, async (event): Promise<ReferralChangeRecord | null> => {
          renewForEvent(ctx, event);
          const referral = await ctx.loaders.listedReferral(listFilter).load(event.referralId);
          if (!referral) return null;
          const changes = await changesSeenBy(ctx, referral, event.changes);
          // A change the viewer is shown nothing of is not heard at all: that something happened is news too.
          return changes.length > 0 ? { referral, changes } : null;
        });
      },
      resolve: (change: ReferralChangeRecord) => change,
    },
    hubBoardChanged: {
      subscribe: (_, __, ctx) =>
        mapEvents(coalescedTicks(ctx.live, (event) => event.kind === 'referral.changed', HUB_BOARD_INTERVAL_MS), async () => {
          renewForEvent(ctx);
          return ctx.repositories.referrals.hubBoard();
        }),
      resolve: (board: Awaited<ReturnType<GatewayContext['repositories']['referrals']['hubBoard']>>) => board,
    },
    equipmentOrderChanged: {
      subscribe: (_, { customerId, referralId }, ctx) => {
        const customer = customerId == null ? null : requireId(customerId, 'customerId');
        const referral = referralId == null ? null : requireId(referralId, 'referralId');
        const matches = (event: LiveEvent) =>
          event.kind === 'order.changed' && (customer === null || event.customerId === customer) && (referral === null || event.referralId === referral) ? event : null;
        return mapEvents(eventStream(ctx.live, matches, MAX_QUEUED_EVENTS), async (event) => {
          renewForEvent(ctx, event);
          return (await ctx.loaders.equipmentOrder.load(event.orderId)) ?? null;
        });
      },
      resolve: (order: NonNullable<Awaited<ReturnType<GatewayContext['loaders']['equipmentOrder']['load']>>>) => order,
    },
  },
};
