/**
 * Case notes: what a coordinator or therapist wrote on a referral, checked
 * before it is stored. Pure: no I/O.
 */
import type { ActorRecord } from '../auth/viewer.js';
import type { AddCaseNoteInput, CaseNoteCategory } from '../generated/graphql.js';
import { requireId, requireText } from '../arguments.js';
import type { Connection } from '../store/pagination.js';

/** A note's longest text: a visit or MDT write-up, not a document. */
export const CASE_NOTE_MAX_LENGTH = 10_000;

export interface CaseNoteRecord {
  id: string;
  referralId: string;
  /** Whose referral it is now (a merge may move the referral): whose data a look at the note shows. */
  customerId: string;
  category: CaseNoteCategory;
  text: string;
  author: ActorRecord;
  writtenAt: Date;
  corrects: string | null;
  correctedBy: string | null;
}

export type CaseNoteConnectionRecord = Connection<CaseNoteRecord>;

/** A note as asked for, checked: errors name the argument. */
export interface NewCaseNote {
  referralId: string;
  category: CaseNoteCategory;
  text: string;
  corrects: string | null;
}

export function readNewCaseNote(input: AddCaseNoteInput): NewCaseNote {
  return {
    referralId: requireId(input.referralId, 'input.referralId'),
    category: input.category,
    text: requireText(input.text, 'input.text', CASE_NOTE_MAX_LENGTH),
    corrects: input.corrects == null ? null : requireId(input.corrects, 'input.corrects'),
  };
}
