/**
 * The targets of onward referrals over the areas that reach them: a record
 * system's team referrals (src/care-records/ports.ts) and community health's
 * ServiceRequests (src/community-health/ports.ts). Each is a thin wrapper:
 * the same call in the other area's words, its refusal as the target's.
 */
import { RecordSystemRefusalError, type CareRecordSystem } from '../care-records/ports.js';
import { CommunityHealthRefusalError, type CommunityHealthSystem, type CommunityService } from '../community-health/ports.js';
import { OnwardTargetRefusalError, type OnwardTarget, type OnwardTargetSystem } from './ports.js';

/** `call`, with the area's refusal made the target's. */
async function refusalsAsTarget<T>(system: OnwardTargetSystem, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof RecordSystemRefusalError || error instanceof CommunityHealthRefusalError) throw new OnwardTargetRefusalError(system, error.message);
    throw error;
  }
}

export function recordSystemTarget(records: CareRecordSystem): OnwardTarget {
  return {
    system: records.system,
    send: (request, signal) =>
      refusalsAsTarget(records.system, () =>
        records.referToTeam(
          request.personRef,
          {
            teamReferralId: request.onwardReferralId,
            referralId: request.referralId,
            team: request.destination,
            service: request.serviceName,
            reason: request.reason,
            details: request.details,
            requestedBy: request.requestedBy,
            requestedAt: request.requestedAt,
          },
          signal,
        ),
      ),
    statusOf: (reference, signal) => records.teamReferralStatus(reference, signal),
  };
}

export function communityHealthTarget(community: CommunityHealthSystem): OnwardTarget {
  return {
    system: 'COMMUNITY_HEALTH',
    send: (request, signal) =>
      refusalsAsTarget('COMMUNITY_HEALTH', async () => {
        const created = await community.createServiceRequest(
          {
            requestId: request.onwardReferralId,
            nhsNumber: request.personRef,
            // The kinds file allows only the port's services here (onward-services.ts).
            service: request.destination as CommunityService,
            reason: request.details === null ? request.reason : `${request.reason}\n\n${request.details}`,
            requester: request.requestedBy,
            occurredAt: request.requestedAt,
          },
          signal,
        );
        return { ...created, reason: null };
      }),
    statusOf: async (reference, signal) => ({ reference, ...(await community.serviceRequestStatus(reference, signal)) }),
  };
}
