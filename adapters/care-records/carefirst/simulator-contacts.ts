/**
 * The simulated CareFirst's contacts, in memory: RecordContact's checks and
 * its idempotency (the same ContactRef is the same contact, and gets the same
 * ContactId however often it is sent).
 */
import type { ContactRequest, FaultDetailCode } from './contract.js';
import { isContactDate } from './translate.js';

export type ContactOutcome =
  | { ok: true; contactId: string; repeat: boolean }
  | { ok: false; code: Extract<FaultDetailCode, 'UnknownClient' | 'InvalidContact'>; message: string };

/** CareFirst's case note summary field is this long. */
const MAX_SUMMARY_LENGTH = 4_000;

export class ContactBook {
  private readonly byContactRef = new Map<string, { clientRef: string; contactId: string }>();

  constructor(private readonly knownClient: (clientRef: string) => boolean) {}

  /** New contacts recorded so far (repeats not counted). */
  get size(): number {
    return this.byContactRef.size;
  }

  record(contact: ContactRequest): ContactOutcome {
    const earlier = this.byContactRef.get(contact.contactRef);
    if (earlier !== undefined) {
      return earlier.clientRef === contact.clientRef
        ? { ok: true, contactId: earlier.contactId, repeat: true }
        : { ok: false, code: 'InvalidContact', message: 'This ContactRef was used for another client' };
    }
    if (!this.knownClient(contact.clientRef)) return { ok: false, code: 'UnknownClient', message: 'No client has this ClientRef' };
    const problem =
      !isContactDate(contact.date) ? 'Date is not an ISO 8601 date and time with an offset'
      : contact.summary === '' ? 'Summary is empty'
      : contact.summary.length > MAX_SUMMARY_LENGTH ? `Summary is over ${MAX_SUMMARY_LENGTH} characters`
      : null;
    if (problem !== null) return { ok: false, code: 'InvalidContact', message: problem };
    const contactId = `CON${String(this.byContactRef.size + 1).padStart(8, '0')}`;
    this.byContactRef.set(contact.contactRef, { clientRef: contact.clientRef, contactId });
    return { ok: true, contactId, repeat: false };
  }
}
