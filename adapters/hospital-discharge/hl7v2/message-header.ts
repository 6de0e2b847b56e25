/**
 * What MSH says about a message, decoded: enough to find the sender's
 * profile, check the message type and version, and log it. Reading it never
 * fails, so it can serve a message that translation will reject.
 */
import type { Instant } from '../../../src/referrals/discharge-message.js';
import type { Hl7Message, Hl7Segment } from './er7.js';
import { parseHl7Timestamp } from './hl7-time.js';

export interface Hl7MessageHeader {
  sendingApplication: string;
  /** MSH-4: its namespace id, or its universal id (an OID or ODS code) when the namespace is empty. */
  sendingFacility: string;
  receivingApplication: string;
  receivingFacility: string;
  /** MSH-7; null when missing or not a valid time. */
  sentAt: Instant | null;
  /** MSH-9.1 (`ADT`). */
  messageType: string;
  /** MSH-9.2 (`A03`). */
  triggerEvent: string;
  /** MSH-9.3 (`ADT_A03`); '' where the sender leaves it out, as before v2.3.1. */
  structure: string;
  controlId: string;
  /** MSH-11.1: P, T or D. */
  processingId: string;
  /** MSH-12.1 (`2.4`). */
  version: string;
  /** MSH-18 as sent; '' means the sender's default. */
  charset: string;
}

export function readMessageHeader(message: Hl7Message): Hl7MessageHeader {
  const msh = message.msh;
  return {
    sendingApplication: hierarchicDesignator(msh, 3),
    sendingFacility: hierarchicDesignator(msh, 4),
    receivingApplication: hierarchicDesignator(msh, 5),
    receivingFacility: hierarchicDesignator(msh, 6),
    sentAt: sentAt(msh),
    messageType: msh.value(9, 1),
    triggerEvent: msh.value(9, 2),
    structure: msh.value(9, 3),
    controlId: msh.value(10),
    processingId: msh.value(11),
    version: msh.value(12),
    charset: msh.value(18),
  };
}

/** HD: the namespace id, else the universal id. */
function hierarchicDesignator(segment: Hl7Segment, field: number): string {
  return segment.value(field, 1) || segment.value(field, 2);
}

function sentAt(msh: Hl7Segment): Instant | null {
  const value = msh.value(7);
  if (value === '') return null;
  try {
    return parseHl7Timestamp(value, msh.location(7));
  } catch {
    return null;
  }
}
