/**
 * The targets are thin wrappers: the same call in the other area's words,
 * its refusal as the target's.
 */
import { RecordSystemRefusalError, type CareRecordSystem, type TeamReferral } from '../../src/care-records/ports.js';
import { CommunityHealthRefusalError, type CommunityHealthSystem, type NewServiceRequest } from '../../src/community-health/ports.js';
import { communityHealthTarget, recordSystemTarget } from '../../src/onward/onward-targets.js';
import { OnwardTargetRefusalError, type OnwardRequest } from '../../src/onward/ports.js';

const REQUEST: OnwardRequest = {
  onwardReferralId: '5b7f2c1e-0d3a-4e8b-9f1c-2a3b4c5d6e7f',
  referralId: '7d1c2b0e-5f7a-4c1e-9b8d-2a3f4e5d6c7b',
  personRef: '9990776687',
  destination: 'DISTRICT_NURSING',
  serviceName: 'District nursing',
  reason: 'Leg ulcer dressings twice a week',
  details: 'Key safe by the back door',
  requestedBy: 'Sam Carter, Locality Hub',
  requestedAt: '2026-11-24T10:15:00.000Z',
};

function communityHealth(overrides: Partial<CommunityHealthSystem> = {}): CommunityHealthSystem & { sent: NewServiceRequest[] } {
  const sent: NewServiceRequest[] = [];
  return {
    sent,
    recordsOf: () => Promise.resolve(new Map()),
    createServiceRequest: (request) => {
      sent.push(request);
      return Promise.resolve({ reference: 'SR-1', status: 'SENT' });
    },
    serviceRequestStatus: () => Promise.resolve({ status: 'ACCEPTED', reason: null }),
    ...overrides,
  };
}

describe('the community health target', () => {
  test('sends a ServiceRequest by NHS number, the reason with the details, and keeps its reference', async () => {
    const system = communityHealth();
    await expect(communityHealthTarget(system).send(REQUEST)).resolves.toEqual({ reference: 'SR-1', status: 'SENT', reason: null });
    expect(system.sent).toEqual([
      {
        requestId: REQUEST.onwardReferralId,
        nhsNumber: '9990776687',
        service: 'DISTRICT_NURSING',
        reason: 'Leg ulcer dressings twice a week\n\nKey safe by the back door',
        requester: 'Sam Carter, Locality Hub',
        occurredAt: REQUEST.requestedAt,
      },
    ]);
  });

  test('reads the status by reference', async () => {
    await expect(communityHealthTarget(communityHealth()).statusOf('SR-1')).resolves.toEqual({ reference: 'SR-1', status: 'ACCEPTED', reason: null });
  });

  test("community health's refusal is the target's; anything else passes through to be retried", async () => {
    const refusing = communityHealth({ createServiceRequest: () => Promise.reject(new CommunityHealthRefusalError('createServiceRequest', 'unknown patient')) });
    await expect(communityHealthTarget(refusing).send(REQUEST)).rejects.toBeInstanceOf(OnwardTargetRefusalError);
    const down = communityHealth({ createServiceRequest: () => Promise.reject(new Error('socket hang up')) });
    await expect(communityHealthTarget(down).send(REQUEST)).rejects.toThrow('socket hang up');
  });
});

describe('a record system target', () => {
  test("refers to the kind's team on the person's record, and maps a refusal", async () => {
    const made: { localId: string; referral: TeamReferral }[] = [];
    const las = {
      system: 'LAS',
      referToTeam: (localId: string, referral: TeamReferral) => {
        made.push({ localId, referral });
        return referral.team === 'NO-SUCH' ? Promise.reject(new RecordSystemRefusalError('LAS', 'referToTeam', 'HTTP 404 (PERSON_NOT_FOUND)')) : Promise.resolve({ reference: 'TRF-1', status: 'SENT' as const, reason: null });
      },
    } as unknown as CareRecordSystem;
    const target = recordSystemTarget(las);
    expect(target.system).toBe('LAS');
    await expect(target.send({ ...REQUEST, personRef: '4100001', destination: 'CARERS-SUPPORT' })).resolves.toEqual({ reference: 'TRF-1', status: 'SENT', reason: null });
    expect(made[0]).toEqual({
      localId: '4100001',
      referral: {
        teamReferralId: REQUEST.onwardReferralId,
        referralId: REQUEST.referralId,
        team: 'CARERS-SUPPORT',
        service: 'District nursing',
        reason: REQUEST.reason,
        details: REQUEST.details,
        requestedBy: REQUEST.requestedBy,
        requestedAt: REQUEST.requestedAt,
      },
    });
    await expect(target.send({ ...REQUEST, destination: 'NO-SUCH' })).rejects.toBeInstanceOf(OnwardTargetRefusalError);
  });
});
