import { authorize, referralTrustScope, showsDeathReportedBy, showsHistoryStep, type Permission } from '../../src/auth/policy.js';
import { feedActor } from '../../src/referrals/feed-actor.js';
import type { Viewer } from '../../src/auth/viewer.js';
import { ForbiddenError } from '../../src/errors.js';
import type { Role } from '../../src/generated/graphql.js';

const viewer = (role: Role, trustOdsCode: string | null = null): Viewer => ({ subject: 's', name: null, role, trustOdsCode });

describe('policy', () => {
  const expected: Record<Permission, Role[]> = {
    'self:read': ['HUB_COORDINATOR', 'OCCUPATIONAL_THERAPIST', 'VIEWER', 'ADMIN', 'HOSPITAL_DISCHARGE', 'SYSTEM'],
    'referral:hubDetails': ['HUB_COORDINATOR', 'OCCUPATIONAL_THERAPIST', 'VIEWER', 'ADMIN'],
    'staff:identify': ['HUB_COORDINATOR', 'OCCUPATIONAL_THERAPIST', 'VIEWER', 'ADMIN'],
    'customer:read': ['HUB_COORDINATOR', 'OCCUPATIONAL_THERAPIST', 'VIEWER', 'ADMIN'],
    'customer:identities': ['HUB_COORDINATOR', 'OCCUPATIONAL_THERAPIST', 'VIEWER', 'ADMIN'],
    'careRecord:read': ['HUB_COORDINATOR', 'OCCUPATIONAL_THERAPIST', 'VIEWER', 'ADMIN'],
    'communityHealth:read': ['HUB_COORDINATOR', 'OCCUPATIONAL_THERAPIST', 'VIEWER', 'ADMIN'],
    'referral:read': ['HUB_COORDINATOR', 'OCCUPATIONAL_THERAPIST', 'VIEWER', 'ADMIN', 'HOSPITAL_DISCHARGE', 'SYSTEM'],
    'referral:decide': ['HUB_COORDINATOR', 'ADMIN'],
    'referral:create': ['HUB_COORDINATOR', 'OCCUPATIONAL_THERAPIST', 'ADMIN'],
    'equipment:read': ['HUB_COORDINATOR', 'OCCUPATIONAL_THERAPIST', 'VIEWER', 'ADMIN'],
    'equipment:order': ['HUB_COORDINATOR', 'OCCUPATIONAL_THERAPIST'],
    'equipment:authorise': ['OCCUPATIONAL_THERAPIST'],
    'equipment:keySafe': ['HUB_COORDINATOR', 'OCCUPATIONAL_THERAPIST'],
    'hubBoard:read': ['HUB_COORDINATOR', 'OCCUPATIONAL_THERAPIST', 'VIEWER', 'ADMIN'],
    'tracker:read': ['HUB_COORDINATOR', 'OCCUPATIONAL_THERAPIST', 'VIEWER', 'ADMIN'],
    'audit:read': ['ADMIN'],
    'inbox:admin': ['ADMIN'],
    'outbox:admin': ['ADMIN'],
    'identity:review': ['HUB_COORDINATOR', 'ADMIN'],
    'discharge:submit': ['HOSPITAL_DISCHARGE'],
    'casework:read': ['HUB_COORDINATOR', 'OCCUPATIONAL_THERAPIST', 'VIEWER', 'ADMIN'],
    'casework:note': ['HUB_COORDINATOR', 'OCCUPATIONAL_THERAPIST'],
    'casework:task': ['HUB_COORDINATOR', 'OCCUPATIONAL_THERAPIST', 'ADMIN'],
    'onward:read': ['HUB_COORDINATOR', 'OCCUPATIONAL_THERAPIST', 'VIEWER', 'ADMIN'],
    'onward:make': ['HUB_COORDINATOR', 'OCCUPATIONAL_THERAPIST'],
    'performance:read': ['HUB_COORDINATOR', 'OCCUPATIONAL_THERAPIST', 'VIEWER', 'ADMIN'],
  };
  const roles: Role[] = ['HOSPITAL_DISCHARGE', 'HUB_COORDINATOR', 'OCCUPATIONAL_THERAPIST', 'VIEWER', 'ADMIN', 'SYSTEM'];

  test.each(Object.entries(expected))('%s is granted to exactly %p', (permission, allowed) => {
    for (const role of roles) {
      const check = () => authorize(viewer(role, 'R1A'), permission as Permission);
      if (allowed.includes(role)) expect(check).not.toThrow();
      else expect(check).toThrow(ForbiddenError);
    }
  });

  test('hospital teams and trust feeds are held to their own trust; hub staff see every trust', () => {
    expect(referralTrustScope(viewer('HOSPITAL_DISCHARGE', 'R1B'))).toBe('R1B');
    expect(referralTrustScope(viewer('SYSTEM', 'R1C'))).toBe('R1C');
    expect(referralTrustScope(viewer('HUB_COORDINATOR'))).toBeNull();
    expect(() => referralTrustScope(viewer('SYSTEM'))).toThrow('must carry a trust claim');
  });
});

describe('deaths: a hospital team is shown only what its own trust reported', () => {
  const hubStep = { action: 'PERSON_DEATH_REMOVED' as const, by: { subject: 'coordinator-1', name: 'A Coordinator', role: 'HUB_COORDINATOR' as const } };
  const diedStep = (trust: string) => ({ action: 'PERSON_DIED' as const, by: feedActor(trust) });

  test('a death reported by the team\'s own trust is shown; another trust\'s is not; hub staff see every report', () => {
    expect(showsDeathReportedBy(viewer('HOSPITAL_DISCHARGE', 'R1A'), 'R1A')).toBe(true);
    expect(showsDeathReportedBy(viewer('HOSPITAL_DISCHARGE', 'R1A'), 'R1B')).toBe(false);
    expect(showsDeathReportedBy(viewer('SYSTEM', 'R1A'), 'R1B')).toBe(false);
    expect(showsDeathReportedBy(viewer('VIEWER'), 'R1B')).toBe(true);
  });

  test('PERSON_DIED steps by the reporting trust only; the hub\'s removal of a death never; other steps as before', () => {
    expect(showsHistoryStep(viewer('HOSPITAL_DISCHARGE', 'R1A'), diedStep('R1A'))).toBe(true);
    expect(showsHistoryStep(viewer('HOSPITAL_DISCHARGE', 'R1A'), diedStep('R1B'))).toBe(false);
    expect(showsHistoryStep(viewer('HOSPITAL_DISCHARGE', 'R1A'), hubStep)).toBe(false);
    expect(showsHistoryStep(viewer('HUB_COORDINATOR'), diedStep('R1B'))).toBe(true);
    expect(showsHistoryStep(viewer('HUB_COORDINATOR'), hubStep)).toBe(true);
    expect(showsHistoryStep(viewer('HOSPITAL_DISCHARGE', 'R1A'), { action: 'TRIAGED', by: hubStep.by })).toBe(true);
  });

  test("the hub changing its risk assessment is not shown to a hospital team or feed: the risks are the hub's", () => {
    const risksStep = { action: 'RISKS_UPDATED' as const, by: { subject: 'c1', name: 'Alex', role: 'HUB_COORDINATOR' as const } };
    expect(showsHistoryStep(viewer('HOSPITAL_DISCHARGE', 'R1A'), risksStep)).toBe(false);
    expect(showsHistoryStep(viewer('SYSTEM', 'R1A'), risksStep)).toBe(false);
    expect(showsHistoryStep(viewer('VIEWER'), risksStep)).toBe(true);
    expect(showsHistoryStep(viewer('HOSPITAL_DISCHARGE', 'R1A'), { ...risksStep, action: 'REASSIGNED' })).toBe(true);
  });
});
