/**
 * The contacts written to the LAS simulator, kept in memory. The
 * Idempotency-Key is the contact's id: the same key with the same person and
 * content is the same contact (the first reference again), while the same
 * key with anything else is refused, as treating it as a repeat would lose
 * the second contact without a word.
 */
import type { LasContactRequest } from './translate.js';

export type ContactOutcome = { kind: 'written' | 'repeat'; reference: string } | { kind: 'reused' };

interface StoredContact {
  /** The person and the request, as one string to compare a repeat against. */
  content: string;
  reference: string;
}

export class ContactBook {
  private readonly contacts = new Map<string, StoredContact>();
  private repeats = 0;

  write(personId: string, contactId: string, request: LasContactRequest): ContactOutcome {
    const content = JSON.stringify({ personId, request });
    const stored = this.contacts.get(contactId);
    if (stored === undefined) {
      const reference = `CNT-${String(this.contacts.size + 1).padStart(8, '0')}`;
      this.contacts.set(contactId, { content, reference });
      return { kind: 'written', reference };
    }
    if (stored.content !== content) return { kind: 'reused' };
    this.repeats += 1;
    return { kind: 'repeat', reference: stored.reference };
  }

  counts(): { contactsWritten: number; contactsRepeated: number } {
    return { contactsWritten: this.contacts.size, contactsRepeated: this.repeats };
  }
}
