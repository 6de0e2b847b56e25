/**
 * `npm run token -- --role HUB_COORDINATOR [--trust R1A] [--subject s] [--name n] [--hours 12]`
 * prints a dev token signed with the key in DATA_DIR, for the embedded default.
 * It lives as long as the gateway takes for the role (AUTH_MAX_TOKEN_LIFETIME,
 * or AUTH_MAX_MACHINE_TOKEN_LIFETIME for SYSTEM), or less with --hours.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CommandError, runCommand } from '../command-line.js';
import { loadConfig, SETTINGS } from '../config.js';
import { formatDuration } from '../duration.js';
import { DEV_KEY_FILE, loadOrCreateDevSigningKey, mintDevToken } from './dev-signing-key.js';
import { maxTokenLifetime } from './token-times.js';
import { isRole, ODS_CODE, ROLES } from './viewer.js';

const USAGE = `Usage: npm run token -- --role <${ROLES.join('|')}> [--trust <ODS code>] [--subject <id>] [--name <name>] [--hours <n>]
Signs with the dev key in DATA_DIR (now ${process.env.DATA_DIR ?? SETTINGS.DATA_DIR.default}): run it with the same DATA_DIR as the gateway.
The token lives as long as the gateway takes for the role (AUTH_MAX_TOKEN_LIFETIME, ${formatDuration(SETTINGS.AUTH_MAX_TOKEN_LIFETIME.default)} unless set;
AUTH_MAX_MACHINE_TOKEN_LIFETIME, ${formatDuration(SETTINGS.AUTH_MAX_MACHINE_TOKEN_LIFETIME.default)}, for SYSTEM), or less with --hours.`;

await runCommand(
  USAGE,
  {
    role: { type: 'string' },
    trust: { type: 'string' },
    subject: { type: 'string' },
    name: { type: 'string' },
    hours: { type: 'string' },
  },
  async (values) => {
    const config = loadConfig();
    if (config.auth.mode !== 'dev') throw new CommandError('Tokens come from AUTH_ISSUER here, not from this command.');
    const role = values.role?.toUpperCase();
    if (!isRole(role)) throw new CommandError(`--role must be one of ${ROLES.join(', ')}`);
    const trust = values.trust?.toUpperCase();
    if (trust !== undefined && !ODS_CODE.test(trust)) throw new CommandError('--trust must be an ODS code such as R1A');
    if (role === 'HOSPITAL_DISCHARGE' && trust === undefined) {
      throw new CommandError('--trust is required for HOSPITAL_DISCHARGE (the trust ODS code)');
    }
    // A token the gateway would refuse is no use to anyone: never longer than its role may live.
    const maxSeconds = maxTokenLifetime(role, config.auth.tokenLimits);
    const hours = values.hours === undefined ? maxSeconds / 3_600 : Number(values.hours);
    if (!Number.isFinite(hours) || hours <= 0) throw new CommandError('--hours must be a number of hours above 0');
    if (hours * 3_600 > maxSeconds) {
      const variable = role === 'SYSTEM' ? 'AUTH_MAX_MACHINE_TOKEN_LIFETIME' : 'AUTH_MAX_TOKEN_LIFETIME';
      throw new CommandError(
        `--hours ${values.hours} is longer than the gateway takes for a ${role} token: ${formatDuration(maxSeconds)} (${variable}). Ask for ${maxSeconds / 3_600} or fewer, or raise ${variable} for the gateway and this command alike.`,
      );
    }
    if (role === 'SYSTEM' && trust === undefined) {
      process.stderr.write('Note: a SYSTEM token without --trust can read no referrals; feeds speak for a trust.\n');
    }
    if (!existsSync(join(config.dataDir, DEV_KEY_FILE))) {
      process.stderr.write(
        `Note: no dev key in ${config.dataDir} yet, so one is made now; a gateway with another DATA_DIR will refuse this token.\n`,
      );
    }
    const key = await loadOrCreateDevSigningKey(config.dataDir);
    const token = await mintDevToken(key, config.auth.audience, {
      role,
      subject: values.subject ?? `dev-${role.toLowerCase()}`,
      ...(values.name ? { name: values.name } : {}),
      ...(trust ? { trustOdsCode: trust } : {}),
      hours,
    });
    process.stdout.write(`${token}\n`);
  },
);
