/** Checks on argument values that the schema's types cannot express; errors name the argument. */
import { BadInputError } from './errors.js';
import { isGatewayId } from './gateway-ids.js';

/** Every id the gateway issues is a UUID; anything else cannot name a record. */
export function requireId(value: string, argument: string): string {
  if (!isGatewayId(value)) throw new BadInputError(argument, `"${value}" is not an id issued by this gateway`);
  return value.toLowerCase();
}

export const MAX_TEXT_LENGTH = 4_000;

/** Free text that must say something: trimmed, not empty, bounded. */
export function requireText(value: string, argument: string, maxLength = MAX_TEXT_LENGTH): string {
  const text = value.trim();
  if (text.length === 0) throw new BadInputError(argument, 'must not be empty');
  if (text.length > maxLength) throw new BadInputError(argument, `must be at most ${maxLength} characters`);
  return text;
}

/** Optional free text: blank becomes null. */
export function optionalText(value: string | null | undefined, argument: string, maxLength = MAX_TEXT_LENGTH): string | null {
  return value == null || value.trim() === '' ? null : requireText(value, argument, maxLength);
}
