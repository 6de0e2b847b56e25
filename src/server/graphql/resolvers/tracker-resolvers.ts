import { BadInputError } from '../../../errors.js';
import type { Resolvers } from '../../../generated/graphql.js';
import type { TrackerFilter } from '../../../referrals/discharge-tracker.js';
import { trackerCount, trackerPage } from '../../../referrals/discharge-tracker-reader.js';
import { checkCursorRow, readPage, toConnection } from '../../../store/pagination.js';
import { ukDayOf } from '../../../time/uk-time.js';

/** The discharge tracker for frontends: who may read it is the policy's (hub staff only), enforced on the schema; its rows are audited as people's. */
export const trackerResolvers: Resolvers = {
  Query: {
    dischargeTracker: async (_, { filter, first, after }, ctx) => {
      const page = readPage({ first, after }, 'uuid', ctx.limits.maxPageSize);
      const wanted: TrackerFilter = { from: filter?.from ?? null, to: filter?.to ?? null, trust: filter?.trustOdsCode ?? null, status: filter?.status ?? null };
      if (wanted.from && wanted.to && wanted.from > wanted.to) throw new BadInputError('filter.to', `${wanted.to} is before filter.from, ${wanted.from}`);
      const rows = await trackerPage(ctx.db, wanted, ukDayOf(ctx.now()), page.after as string | null, page.first + 1);
      await checkCursorRow(ctx.db, 'referrals', page, rows.length);
      return toConnection(rows, page, () => trackerCount(ctx.db, wanted));
    },
  },
};
