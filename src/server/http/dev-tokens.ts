import { mintDevToken, type DevSigningKey } from '../../auth/dev-signing-key.js';
import { maxTokenLifetime } from '../../auth/token-times.js';
import type { AuthConfig } from '../../config.js';
import { ROLES } from '../../auth/viewer.js';
import type { Role } from '../../generated/graphql.js';
import { TRUSTS } from '../../seed/synthetic-vocabulary.js';

/** The trust the dev tokens of HOSPITAL_DISCHARGE and SYSTEM speak for. */
export const DEV_TOKEN_TRUST = TRUSTS[0].odsCode;

/**
 * A dev token per role, each as long-lived as the gateway takes for it: what
 * the start-up welcome prints and the explorer offers.
 */
export async function mintDevTokensPerRole(key: DevSigningKey, auth: AuthConfig): Promise<Map<Role, string>> {
  const tokens = new Map<Role, string>();
  for (const role of ROLES) {
    const trustOdsCode = role === 'HOSPITAL_DISCHARGE' || role === 'SYSTEM' ? DEV_TOKEN_TRUST : undefined;
    const hours = maxTokenLifetime(role, auth.tokenLimits) / 3_600;
    tokens.set(role, await mintDevToken(key, auth.audience, { role, subject: `dev-${role.toLowerCase()}`, trustOdsCode, hours }));
  }
  return tokens;
}
