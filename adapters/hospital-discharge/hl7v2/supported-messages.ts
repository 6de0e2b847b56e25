/**
 * Which messages the gateway takes at all, decided from MSH before anything
 * is read: ADT events of HL7 v2.1 to v2.8, in production, training or debug
 * processing. Everything else is refused (AR), naming the field.
 */
import { FeedMessageError } from '../../../src/inbox/ports.js';
import type { Hl7Message } from './er7.js';

const SUPPORTED_VERSION = /^2\.[1-8](?:\.\d+)?$/;
/** HL7 table 0103: production, training, debugging. */
const PROCESSING_IDS = new Set(['P', 'T', 'D']);

/**
 * Every ADT trigger event HL7 v2 defines (A19 is a query, QRY/ADR, and
 * A56-A59 were never assigned), with the message structures (MSH-9.3, table
 * 0354) each may arrive as. Where a structure changed between versions both
 * are accepted (A12 was ADT_A09 in v2.3.1).
 */
const ADT_STRUCTURES: Readonly<Record<string, readonly string[]>> = {
  A01: ['ADT_A01'],
  A02: ['ADT_A02'],
  A03: ['ADT_A03'],
  A04: ['ADT_A01'],
  A05: ['ADT_A05'],
  A06: ['ADT_A06'],
  A07: ['ADT_A06'],
  A08: ['ADT_A01'],
  A09: ['ADT_A09'],
  A10: ['ADT_A09'],
  A11: ['ADT_A09'],
  A12: ['ADT_A12', 'ADT_A09'],
  A13: ['ADT_A01'],
  A14: ['ADT_A05'],
  A15: ['ADT_A15'],
  A16: ['ADT_A16'],
  A17: ['ADT_A17'],
  A18: ['ADT_A18'],
  A20: ['ADT_A20'],
  A21: ['ADT_A21'],
  A22: ['ADT_A21'],
  A23: ['ADT_A21'],
  A24: ['ADT_A24'],
  A25: ['ADT_A21'],
  A26: ['ADT_A21'],
  A27: ['ADT_A21'],
  A28: ['ADT_A05'],
  A29: ['ADT_A21'],
  A30: ['ADT_A30'],
  A31: ['ADT_A05'],
  A32: ['ADT_A21'],
  A33: ['ADT_A21'],
  A34: ['ADT_A30'],
  A35: ['ADT_A30'],
  A36: ['ADT_A30'],
  A37: ['ADT_A37'],
  A38: ['ADT_A38'],
  A39: ['ADT_A39'],
  A40: ['ADT_A39'],
  A41: ['ADT_A39'],
  A42: ['ADT_A39'],
  A43: ['ADT_A43'],
  A44: ['ADT_A43'],
  A45: ['ADT_A45'],
  A46: ['ADT_A30'],
  A47: ['ADT_A30'],
  A48: ['ADT_A30'],
  A49: ['ADT_A30'],
  A50: ['ADT_A50'],
  A51: ['ADT_A50'],
  A52: ['ADT_A52'],
  A53: ['ADT_A52'],
  A54: ['ADT_A54'],
  A55: ['ADT_A54'],
  A60: ['ADT_A60'],
  A61: ['ADT_A61'],
  A62: ['ADT_A61'],
};

/** The ADT trigger event (`A03`) of a message the gateway takes; REFUSE otherwise. */
export function checkSupportedMessage(message: Hl7Message): string {
  const msh = message.msh;
  const version = msh.value(12);
  if (!SUPPORTED_VERSION.test(version)) {
    throw new FeedMessageError('REFUSE', msh.location(12), `HL7 version \`${version}\` is not supported (2.1 to 2.8.x are)`, '203');
  }
  const processingId = msh.value(11);
  if (!PROCESSING_IDS.has(processingId)) {
    throw new FeedMessageError('REFUSE', msh.location(11), `processing id \`${processingId}\` is not P, T or D (HL7 table 0103)`, '202');
  }
  const type = msh.value(9, 1);
  if (type !== 'ADT') {
    throw new FeedMessageError('REFUSE', msh.location(9, undefined, 1), `message type \`${type}\` is not supported: only ADT is`, '200');
  }
  const trigger = msh.value(9, 2);
  const structures = ADT_STRUCTURES[trigger];
  if (structures === undefined) {
    throw new FeedMessageError('REFUSE', msh.location(9, undefined, 2), `\`${trigger}\` is not an HL7 v2 ADT trigger event`, '201');
  }
  // Before v2.3.1 MSH-9.3 did not exist, and many senders still leave it out.
  const structure = msh.value(9, 3);
  if (structure !== '' && !structures.includes(structure)) {
    throw new FeedMessageError(
      'REFUSE',
      msh.location(9, undefined, 3),
      `ADT^${trigger} has the message structure ${structures.join(' or ')}, not \`${structure}\``,
      '200',
    );
  }
  return trigger;
}
