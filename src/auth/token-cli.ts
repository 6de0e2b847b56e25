/**
 * `npm run token -- --role HUB_COORDINATOR [--trust R1A] [--subject s] [--name n] [--hours 12]`
 * prints a dev token signed with the key in DATA_DIR, for the embedded default.
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { loadOrCreateDevSigningKey, mintDevToken } from './dev-signing-key.js';
import { isRole, ODS_CODE, ROLES } from './viewer.js';

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

const { values } = parseArgs({
  options: {
    role: { type: 'string' },
    trust: { type: 'string' },
    subject: { type: 'string' },
    name: { type: 'string' },
    hours: { type: 'string', default: '12' },
  },
});

const config = loadConfig();
if (config.auth.mode !== 'dev') fail('AUTH_ISSUER is set: tokens come from that issuer, not from this command.');
const role = values.role?.toUpperCase();
if (!isRole(role)) fail(`--role must be one of ${ROLES.join(', ')}`);
const trust = values.trust?.toUpperCase();
if (trust !== undefined && !ODS_CODE.test(trust)) fail('--trust must be an ODS code such as R1A');
if (role === 'HOSPITAL_DISCHARGE' && trust === undefined) fail('--trust is required for HOSPITAL_DISCHARGE (the trust ODS code)');
const hours = Number(values.hours);
if (!Number.isFinite(hours) || hours <= 0 || hours > 24 * 30) fail('--hours must be between 0 and 720');

const key = await loadOrCreateDevSigningKey(config.dataDir);
const token = await mintDevToken(key, config.auth.audience, {
  role,
  subject: values.subject ?? `dev-${role.toLowerCase()}`,
  ...(values.name ? { name: values.name } : {}),
  ...(trust ? { trustOdsCode: trust } : {}),
  hours,
});
process.stdout.write(`${token}\n`);
