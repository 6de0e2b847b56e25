/**
 * Every id the gateway issues is a UUID (RFC 9562, `crypto.randomUUID`):
 * anything else cannot name one of its records, and is refused before it
 * reaches SQL, where it would be an error of the store's rather than of the
 * caller's.
 */

/** The pattern of a UUID, in either case, for use inside larger patterns. */
export const UUID_PATTERN = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';

const UUID = new RegExp(`^${UUID_PATTERN}$`);

export function isGatewayId(value: unknown): boolean {
  return typeof value === 'string' && UUID.test(value);
}
