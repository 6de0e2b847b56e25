/**
 * CORS_ORIGINS: the origins of browser pages allowed to call /graphql. Each
 * is written exactly as a browser sends it in `Origin` (scheme://host[:port],
 * lower case, no default port, no path), so matching is comparing text. The
 * one pattern, a loopback host with any port (`http://localhost:*`), is for a
 * developer's page, whose dev server picks its own port.
 */
import { ConfigError } from '../errors.js';

/** The entries as written (validated). */
export type AllowedOrigins = readonly string[];

/** What the embedded dev start allows when CORS_ORIGINS is unset. */
export const DEV_ALLOWED_ORIGINS: AllowedOrigins = ['http://localhost:*', 'http://127.0.0.1:*'];

const ANY_PORT = ':*';
// A port wildcard on a named host would let any service on that host in; on loopback that is the developer's own machine.
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

export function parseAllowedOrigins(raw: string): AllowedOrigins {
  const entries = raw
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  return [...new Set(entries.map(checkOrigin))];
}

function checkOrigin(entry: string): string {
  const anyPort = entry.endsWith(ANY_PORT);
  const origin = anyPort ? entry.slice(0, -ANY_PORT.length) : entry;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    throw new ConfigError('CORS_ORIGINS', `"${entry}" is not an origin: write scheme://host[:port], as https://hub.example.gov.uk`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ConfigError('CORS_ORIGINS', `"${entry}" is not an http or https origin`);
  if (url.origin !== origin) {
    throw new ConfigError('CORS_ORIGINS', `"${entry}" is not an origin as a browser sends it (no path, lower case, no default port): "${url.origin}${anyPort ? ANY_PORT : ''}"?`);
  }
  if (anyPort && url.port !== '') throw new ConfigError('CORS_ORIGINS', `"${entry}" names a port and any port (:*): one or the other`);
  if (anyPort && !LOOPBACK_HOSTS.has(url.hostname)) {
    throw new ConfigError('CORS_ORIGINS', `"${entry}": any port (:*) is allowed only on localhost, 127.0.0.1 or [::1]`);
  }
  return entry;
}

export function isAllowedOrigin(origin: string, allowed: AllowedOrigins): boolean {
  return allowed.some((entry) => entry === origin || (entry.endsWith(ANY_PORT) && onAnyPort(origin, entry.slice(0, -ANY_PORT.length))));
}

function onAnyPort(origin: string, base: string): boolean {
  if (origin === base) return true;
  return origin.startsWith(`${base}:`) && /^[1-9][0-9]{0,4}$/.test(origin.slice(base.length + 1));
}
