import type { ActorRecord } from '../auth/viewer.js';

const FEED_SUBJECT_PREFIX = 'feed:';

/** Who a feed message's changes are recorded as: the trust's integration engine. */
export function feedActor(trustOdsCode: string): ActorRecord {
  return { subject: `${FEED_SUBJECT_PREFIX}${trustOdsCode}`, name: `${trustOdsCode} integration engine`, role: 'SYSTEM' };
}

/** The trust whose feed an actor is; null for anyone else (hub staff, the supplier). */
export function trustOfFeedActor(actor: ActorRecord): string | null {
  return actor.role === 'SYSTEM' && actor.subject?.startsWith(FEED_SUBJECT_PREFIX) ? actor.subject.slice(FEED_SUBJECT_PREFIX.length) : null;
}
