/**
 * Whether a delivery may speak for the trust a message claims. Over HTTP the
 * token names the trust; MLLP carries no token, so only facilities whose
 * profile allows MLLP are taken, as that profile's trust. A replay checks the
 * stored sender against today's profiles the same way.
 */
import { WrongSenderError, type DeliveryCredentials, type MessageLocation } from '../../src/inbox/ports.js';
import { profileForFacility, type SenderProfile } from './sender-profile.js';

export function senderCheck(
  profiles: readonly SenderProfile[],
  facility: string,
  credentials: DeliveryCredentials,
  location: MessageLocation,
): SenderProfile {
  const profile = profileForFacility(profiles, facility);
  if (profile === null) {
    throw new WrongSenderError(location, `the sending facility "${facility}" is not a known trust (no sender profile names it, and it is not an ODS code)`);
  }
  if (credentials.transport === 'MLLP' && !profile.mllp) {
    throw new WrongSenderError(location, `${profile.trustOdsCode} may not send over MLLP (its sender profile does not allow it)`);
  }
  if (credentials.transport !== 'MLLP' || credentials.trustOdsCode !== null) {
    if (credentials.trustOdsCode !== profile.trustOdsCode) {
      throw new WrongSenderError(
        location,
        `the message is from ${profile.trustOdsCode}, but the caller speaks for ${credentials.trustOdsCode ?? 'no trust'}`,
      );
    }
  }
  return profile;
}

/**
 * Who a message refused for its sender is kept under: the caller who sent it
 * (a token's trust), or the transport and facility for MLLP. Never the trust
 * it claims, so it can never pass for that trust's own resend of the same bytes.
 */
export function refusedSender(credentials: DeliveryCredentials, facility: string): string {
  return credentials.trustOdsCode ?? `${credentials.transport}:${facility || 'no facility'}`;
}
