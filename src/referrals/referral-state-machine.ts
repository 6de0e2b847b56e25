/**
 * The hub's referral workflow as a pure state machine: given a referral and a
 * command it returns the next referral and the history event, or throws
 * ReferralTransitionError naming the move. No I/O here; the repository applies
 * the result in one transaction.
 */
import type { DischargePathway, ReferralAction, ReferralPriority, ReferralStatus } from '../generated/graphql.js';
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
  | { kind: 'reinstate'; reason: string };

type CommandKind = ReferralCommand['kind'];

interface Move {
  from: readonly ReferralStatus[];
  to: ReferralStatus;
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
};

export class ReferralTransitionError extends GatewayError {
  readonly code = 'REFERRAL_TRANSITION_NOT_ALLOWED';
  constructor(referralId: string, command: CommandKind, from: ReferralStatus) {
    const move = REFERRAL_MOVES[command];
    super(
      `Cannot ${command} referral ${referralId}: it is ${from}, and ${from} -> ${move.to} is not allowed ` +
        `(${command} is allowed only from ${move.from.join(' or ')})`,
      { referralId, command, from, to: move.to, allowedFrom: move.from },
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

export function applyReferralCommand(
  referral: ReferralRecord,
  command: ReferralCommand,
  by: ActorRecord,
  at: Date,
): ReferralTransition {
  const move = REFERRAL_MOVES[command.kind];
  if (!move.from.includes(referral.status)) {
    throw new ReferralTransitionError(referral.id, command.kind, referral.status);
  }
  const next: ReferralRecord = { ...referral, status: move.to, updatedAt: at };
  let reason: string | null;
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
    event: { ...NOT_FROM_A_FEED, referralId: referral.id, action: move.action, fromStatus: referral.status, toStatus: move.to, at, by, reason },
  };
}
