import { authorize, referralTrustScope, type Permission } from '../../src/auth/policy.js';
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
    'referral:read': ['HUB_COORDINATOR', 'OCCUPATIONAL_THERAPIST', 'VIEWER', 'ADMIN', 'HOSPITAL_DISCHARGE', 'SYSTEM'],
    'referral:decide': ['HUB_COORDINATOR', 'ADMIN'],
    'equipment:read': ['HUB_COORDINATOR', 'OCCUPATIONAL_THERAPIST', 'VIEWER', 'ADMIN'],
    'equipment:order': ['HUB_COORDINATOR', 'OCCUPATIONAL_THERAPIST'],
    'equipment:authorise': ['OCCUPATIONAL_THERAPIST'],
    'equipment:keySafe': ['HUB_COORDINATOR', 'OCCUPATIONAL_THERAPIST'],
    'hubBoard:read': ['HUB_COORDINATOR', 'OCCUPATIONAL_THERAPIST', 'VIEWER', 'ADMIN'],
    'audit:read': ['ADMIN'],
    'inbox:admin': ['ADMIN'],
    'outbox:admin': ['ADMIN'],
    'identity:review': ['HUB_COORDINATOR', 'ADMIN'],
    'discharge:submit': ['HOSPITAL_DISCHARGE'],
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
