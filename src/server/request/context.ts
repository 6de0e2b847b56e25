import { AuditBatch } from '../../audit/audit-batch.js';
import { AuditTrail } from '../../audit/audit-trail.js';
import type { Viewer } from '../../auth/viewer.js';
import type { ReferralRules, RequestLimits } from '../../config.js';
import type { CareRecordSystem } from '../../care-records/ports.js';
import type { CommunityHealthSystem } from '../../community-health/ports.js';
import type { EquipmentOrdering } from '../../equipment/equipment-ordering.js';
import type { Inbox } from '../../inbox/inbox.js';
import type { Database } from '../../store/database.js';
import type { LiveEvents } from '../../live/ports.js';
import type { OnwardReferrals } from '../../onward/make-onward-referral.js';
import { createLoaders, type Loaders } from './loaders.js';
import { createRepositories, type Repositories } from './repositories.js';

/** Everything a resolver may use, built once per request. */
export interface GatewayContext {
  requestId: string;
  viewer: Viewer;
  /** For changes that need a transaction; reads go through repositories and loaders. */
  db: Database;
  repositories: Repositories;
  loaders: Loaders;
  auditTrail: AuditTrail;
  limits: RequestLimits;
  now: () => Date;
  /** Where feed messages and form submissions are received, and replayed. */
  inbox: Inbox;
  /** The supplier's catalogue, the contract's speeds and limits, the key safe cipher. */
  ordering: EquipmentOrdering;
  /** The social care record systems, in CARE_RECORDS order, each behind its timeout and breaker. */
  careRecordSystems: readonly CareRecordSystem[];
  /** Community health, behind the same timeout and breaker. */
  communityHealth: CommunityHealthSystem;
  /** The kinds of onward referral, and the targets wired in. */
  onward: OnwardReferrals;
  /** Live events, for subscriptions. */
  live: LiveEvents;
  /** The hub's rules for its referral decisions (the reopen window). */
  referralRules: ReferralRules;
  /** Where subscriptions' looks are written, with those of the other subscribers hearing the same event. */
  eventAudit: AuditBatch;
}

/** What every request's context shares: all of it but who asks, and what is kept per request. */
export type ContextDependencies = Omit<GatewayContext, 'requestId' | 'viewer' | 'loaders' | 'auditTrail'>;

export function createContext(deps: ContextDependencies, viewer: Viewer, requestId: string): GatewayContext {
  return { ...deps, requestId, viewer, loaders: createLoaders(deps.repositories, deps.careRecordSystems, deps.communityHealth), auditTrail: new AuditTrail() };
}

/** One event's loaders, shared by every subscription of this replica that hears it; gone with the event. */
const loadersOfEvent = new WeakMap<object, Loaders>();

/**
 * A subscription's context lives as long as it does, but each event is read
 * as a request of its own: loaders that cache nothing from the last event,
 * and an audit trail of this event's looks only. Given the event, the
 * loaders are those of every subscriber hearing it, so 200 boards read a
 * changed referral once, not 200 times.
 */
export function renewForEvent(ctx: GatewayContext, event?: object): void {
  let loaders = event && loadersOfEvent.get(event);
  if (!loaders) {
    loaders = createLoaders(ctx.repositories, ctx.careRecordSystems, ctx.communityHealth);
    if (event) loadersOfEvent.set(event, loaders);
  }
  ctx.loaders = loaders;
  ctx.auditTrail = new AuditTrail();
}

/** What a request's context shares, from the parts the gateway made; the store's repositories are made here. */
export function createContextDependencies(parts: Omit<ContextDependencies, 'repositories' | 'eventAudit' | 'now'> & { now?: () => Date }): ContextDependencies {
  const repositories = createRepositories(parts.db);
  const eventAudit = new AuditBatch((looks) => repositories.auditLog.record(looks));
  return { now: () => new Date(), ...parts, repositories, eventAudit };
}
