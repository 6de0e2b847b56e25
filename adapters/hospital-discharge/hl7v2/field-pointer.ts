/**
 * Reads the value a sender profile points at (`ZU1-3`, or the OBX whose
 * OBX-3.1 is a code): where trusts put the pathway and the medically ready
 * day differs, so the place is configuration.
 */
import type { MessageLocation } from '../../../src/inbox/ports.js';
import type { FieldPointer } from '../sender-profile.js';
import type { Hl7Message } from './er7.js';

export interface PointedValue {
  /** Decoded; '' where the segment is there but the field is empty. */
  value: string;
  location: MessageLocation;
}

/** The value, or undefined when the message has no such segment or OBX. */
export function readPointedField(message: Hl7Message, pointer: FieldPointer): PointedValue | undefined {
  if ('obx' in pointer) {
    const obx = message.segments('OBX').find((segment) => segment.value(3, 1) === pointer.obx);
    return obx && { value: obx.value(5), location: obx.location(5) };
  }
  const segment = message.segment(pointer.segment);
  return segment && { value: segment.value(pointer.field, pointer.component ?? 1), location: segment.location(pointer.field, undefined, pointer.component) };
}
