/**
 * Names a place in an HL7 v2 message the way the ERR segment (ERL) and
 * people do: `PID-3[2].1` is component 1 of the second repetition of PID-3;
 * `OBX(2)-5` is field 5 of the second OBX. Numbers are 1-based as in HL7.
 */
import type { MessageLocation } from '../../../src/inbox/ports.js';

export interface Hl7Place {
  segment: string;
  /** Which occurrence of the segment; 1 unless it repeats. */
  sequence?: number;
  field?: number;
  repetition?: number;
  component?: number;
}

export function hl7Location({ segment, sequence = 1, field, repetition, component }: Hl7Place): MessageLocation {
  let path = sequence > 1 ? `${segment}(${sequence})` : segment;
  if (field !== undefined) {
    path += `-${field}`;
    if (repetition !== undefined) path += `[${repetition}]`;
    if (component !== undefined) path += `.${component}`;
  }
  return { path, hl7: { segment, sequence, field, repetition, component } };
}
