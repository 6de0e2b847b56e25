import type { Logger } from 'pino';
import type { Database } from '../store/database.js';
import { InboxRepository } from './inbox-repository.js';

const PRUNE_EVERY_MS = 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

/** Drops old bodies of applied and refused messages now and hourly; failed and parked ones are kept. */
export function startInboxPruning(db: Database, retentionDays: number, logger: Logger): NodeJS.Timeout {
  const prune = async () => {
    const now = new Date();
    const pruned = await new InboxRepository(db).pruneBodies(new Date(now.getTime() - retentionDays * DAY_MS), now);
    if (pruned > 0) logger.info({ pruned, retentionDays }, 'pruned the bodies of old inbox messages');
  };
  const run = () => void prune().catch((error: unknown) => logger.warn({ err: error }, 'pruning the inbox failed; will try again'));
  run();
  const timer = setInterval(run, PRUNE_EVERY_MS);
  timer.unref();
  return timer;
}
