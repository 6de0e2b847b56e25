import type { Resolvers } from '../../../generated/graphql.js';
import { makeOnwardReferral } from '../../../onward/make-onward-referral.js';
import { changeMakerOf } from '../change-maker.js';

/** Onward referrals: who may make and read them is the policy's (hub staff only), enforced on the schema. */
export const onwardResolvers: Resolvers = {
  Query: {
    onwardServices: (_, __, ctx) => [...ctx.onward.services],
  },
  Mutation: {
    makeOnwardReferral: (_, { referralId, input, idempotencyKey }, ctx, info) =>
      makeOnwardReferral(changeMakerOf(ctx, info), ctx.onward, referralId, input, idempotencyKey),
  },
  Referral: {
    onwardReferrals: (referral, _, ctx) => ctx.loaders.onwardReferrals.load(referral.id),
  },
  OnwardService: {
    targetSystem: (service) => service.system,
    requires: (service) => [...service.requires],
  },
  OnwardReferral: {
    history: (onward, _, ctx) => ctx.loaders.onwardReferralHistory.load(onward.id),
  },
};
