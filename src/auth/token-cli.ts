/**
 * `npm run token -- --role HUB_COORDINATOR [--trust R1A] [--subject s] [--name n] [--hours 12]`
 * prints a dev token signed with the key in DATA_DIR, for the embedded default.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CommandError, runCommand } from '../command-line.js';
import { loadConfig } from '../config.js';
import { DEV_KEY_FILE, loadOrCreateDevSigningKey, mintDevToken } from './dev-signing-key.js';
import { isRole, ODS_CODE, ROLES } from './viewer.js';

const USAGE = `Usage: npm run token -- --role <${ROLES.join('|')}> [--trust <ODS code>] [--subject <id>] [--name <name>] [--hours <n>]
Signs with the dev key in DATA_DIR (now ${process.env.DATA_DIR ?? './data'}): run it with the same DATA_DIR as the gateway.`;

await runCommand(
  USAGE,
  {
    role: { type: 'string' },
    trust: { type: 'string' },
    subject: { type: 'string' },
    name: { type: 'string' },
    hours: { type: 'string', default: '12' },
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
    const hours = Number(values.hours);
    if (!Number.isFinite(hours) || hours <= 0 || hours > 24 * 30) throw new CommandError('--hours must be between 0 and 720');
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
