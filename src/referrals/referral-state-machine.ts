/**
 * The hub's referral workflow as a pure state machine: given a referral and a
 * command it returns the next referral and the history event, or throws
 * ReferralTransitionError naming the move. No I/O here; the repository applies
 * the result in one transaction.
 */
import type { DischargePathway, ReferralAction, ReferralPriority, ReferralStatus, Risks } from '../generated/graphql.js';
import type { ActorRecord } from '../auth/viewer.js';
import { GatewayError, UnreachableCaseError } from '../errors.js';
import type { ReferralEventRecord, ReferralRecord } from './referral.js';

export type ReferralCommand =
  | { kind: 'triage'; pathway: DischargePathway; priority: ReferralPriority; reason: string }
  | { kind: 'accept'; assignedTeam: string; assignedWorker: string | null; note: string | null }
  | { kind: 'decline'; reason: string }
  | { kind: 'close'; reason: string }
  // The referrer takes the referral back (a cancelled admission or discharge notice).
  | { kind: 'withdraw'; reason: string }
  // The referrer undoes a withdrawal (a re-admission after a cancelled one); the hub triages afresh.
  | { kind: 'reinstate'; reason: string }
  | { kind: 'reassign'; assignedTeam: string; assignedWorker: string | null; reason: string | null }
  // Only within a window of the decline or close: later, the person's needs are a new referral's.
  | { kind: 'reopen'; reason: string; windowSeconds: number }
  | { kind: 'updateRisks'; risks: Risks; reason: string | null };

type CommandKind = ReferralCommand['kind'];

interface Move {
  from: readonly ReferralStatus[];
  /** Null: the status stays (a change within it). */
  to: ReferralStatus | null;
  action: ReferralAction;
}

/** Every legal move. A status missing from `from` cannot take the command. */
export const REFERRAL_MOVES: Readonly<Record<CommandKind, Move>> = {
  // Re-triage is allowed: pathways change as the person's condition does.
  triage: { from: ['RECEIVED', 'TRIAGED'], to: 'TRIAGED', action: 'TRIAGED' },
  accept: { from: ['TRIAGED'], to: 'ACCEPTED', action: 'ACCEPTED' },
  decline: { from: ['RECEIVED', 'TRIAGED'], to: 'DECLINED', action: 'DECLINED' },
  close: { from: ['ACCEPTED'], to: 'CLOSED', action: 'CLOSED' },
  withdraw: { from: ['RECEIVED', 'TRIAGED', 'ACCEPTED'], to: 'WITHDRAWN', action: 'WITHDRAWN' },
  reinstate: { from: ['WITHDRAWN'], to: 'RECEIVED', action: 'REINSTATED' },
  // Allocation is made on acceptance; before it there is nothing to move.
  reassign: { from: ['ACCEPTED'], to: 'ACCEPTED', action: 'REASSIGNED' },
  // Triaged afresh: what was decided before was decided on the person as they were then.
  reopen: { from: ['DECLINED', 'CLOSED'], to: 'RECEIVED', action: 'REOPENED' },
  updateRisks: { from: ['RECEIVED', 'TRIAGED', 'ACCEPTED'], to: null, action: 'RISKS_UPDATED' },
};

export class ReferralTransitionError extends GatewayError {
  readonly code = 'REFERRAL_TRANSITION_NOT_ALLOWED';
  constructor(referralId: string, command: CommandKind, from: ReferralStatus) {
    const move = REFERRAL_MOVES[command];
    const to = move.to ?? from;
    super(
      `Cannot ${command} referral ${referralId}: it is ${from}, and ${from} -> ${to} is not allowed ` +
        `(${command} is allowed only from ${move.from.join(' or ')})`,
      { referralId, command, from, to, allowedFrom: move.from },
    );
  }
}

export class ReopenWindowPassedError extends GatewayError {
  readonly code = 'REFERRAL_REOPEN_WINDOW_PASSED';
  constructor(referralId: string, status: ReferralStatus, since: Date, windowSeconds: number, at: Date) {
    const days = windowSeconds / 86_400;
    super(
      `Cannot reopen referral ${referralId}: it has been ${status} since ${since.toISOString()}, longer than the ` +
        `${Number.isInteger(days) ? `${days} days` : `${windowSeconds} seconds`} a referral may be reopened within ` +
        '(REFERRAL_REOPEN_WINDOW): make a new referral',
      { referralId, status, since: since.toISOString(), windowSeconds, at: at.toISOString() },
    );
  }
}

/** Open referrals are the hub's live work; the rest are finished one way or another. */
export function isOpen(status: ReferralStatus): boolean {
  switch (status) {
    case 'RECEIVED':
    case 'TRIAGED':
    case 'ACCEPTED':
      return true;
    case 'DECLINED':
    case 'WITHDRAWN':
    case 'CLOSED':
      return false;
    default:
      throw new UnreachableCaseError(status);
  }
}

/** History steps are tied to a feed message by intake, which sets these. */
const NOT_FROM_A_FEED = { hospitalEvent: null, inboxMessageId: null } as const;

export interface ReferralTransition {
  referral: ReferralRecord;
  event: ReferralEventRecord;
}

/** A new referral enters the workflow as RECEIVED; its first history event says who sent it. */
export function receiveReferral(
  fields: Omit<ReferralRecord, 'status' | 'triage' | 'updatedAt' | 'receivedAt'>,
  by: ActorRecord,
  at: Date,
): ReferralTransition {
  return {
    referral: { ...fields, status: 'RECEIVED', triage: null, receivedAt: at, updatedAt: at },
    event: { ...NOT_FROM_A_FEED, referralId: fields.id, action: 'RECEIVED', fromStatus: null, toStatus: 'RECEIVED', at, by, reason: null },
  };
}

/**
 * The referral after a command. `statusSince` is when it came to its
 * present status (the history knows; a reopen is judged by it).
 */
export function applyReferralCommand(
  referral: ReferralRecord,
  command: ReferralCommand,
  by: ActorRecord,
  at: Date,
  statusSince: Date | null = null,
): ReferralTransition {
  const move = REFERRAL_MOVES[command.kind];
  if (!move.from.includes(referral.status)) {
    throw new ReferralTransitionError(referral.id, command.kind, referral.status);
  }
  const to = move.to ?? referral.status;
  const next: ReferralRecord = { ...referral, status: to, updatedAt: at };
  let reason: string | null;
  let action = move.action;
  switch (command.kind) {
    case 'triage':
      next.pathway = command.pathway;
      next.priority = command.priority;
      next.triage = {
        pathway: command.pathway,
        priority: command.priority,
        reason: command.reason,
        decidedBy: by,
        decidedAt: at,
      };
      reason = command.reason;
      break;
    case 'accept':
      next.assignedTeam = command.assignedTeam;
      next.assignedWorker = command.assignedWorker;
      reason = command.note;
      break;
    case 'reassign':
      // The team is part of what a hospital team sees of the workflow; the worker alone is the hub's business.
      if (command.assignedTeam === referral.assignedTeam) action = 'WORKER_REASSIGNED';
      next.assignedTeam = command.assignedTeam;
      next.assignedWorker = command.assignedWorker;
      reason = command.reason;
      break;
    case 'reopen': {
      // A history that never recorded the finish (none of the gateway's) leaves the last change as its time.
      const since = statusSince ?? referral.updatedAt;
      if (at.getTime() - since.getTime() > command.windowSeconds * 1_000) {
        throw new ReopenWindowPassedError(referral.id, referral.status, since, command.windowSeconds, at);
      }
      reason = command.reason;
      break;
    }
    case 'updateRisks':
      next.risks = command.risks;
      reason = command.reason;
      break;
    case 'decline':
    case 'close':
    case 'withdraw':
    case 'reinstate':
      reason = command.reason;
      break;
    default:
      throw new UnreachableCaseError(command);
  }
  return {
    referral: next,
    event: { ...NOT_FROM_A_FEED, referralId: referral.id, action, fromStatus: referral.status, toStatus: to, at, by, reason },
  };
}
