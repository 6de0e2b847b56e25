/**
 * Adds a note to a referral: checked, written with its CHANGE look in one
 * transaction. A correction names a note of the same referral that no other
 * note corrects yet; the note it corrects is never touched.
 */
import { randomUUID } from 'node:crypto';
import { recordChange, type ChangeMaker } from '../audit/audit-log.js';
import { actorOf } from '../auth/viewer.js';
import { BadInputError, NotFoundError } from '../errors.js';
import type { AddCaseNoteInput } from '../generated/graphql.js';
import { ReferralRepository } from '../referrals/referral-repository.js';
import { readNewCaseNote, type CaseNoteRecord } from './case-note.js';
import { CaseNoteRepository } from './case-note-repository.js';
import { sameRequest } from '../store/idempotent-request.js';
import { readIdempotentRequest } from './idempotent-request.js';

export async function addCaseNote(by: ChangeMaker, input: AddCaseNoteInput, idempotencyKey: string): Promise<CaseNoteRecord> {
  const request = readIdempotentRequest(idempotencyKey, by.viewer, input);
  const notes = new CaseNoteRepository(by.db);
  const earlier = await notes.findByIdempotencyKey(request.key);
  if (earlier) return sameRequest({ made: earlier.note, fingerprint: earlier.fingerprint }, request.fingerprint, 'note');

  const asked = readNewCaseNote(input);
  const [referral] = await new ReferralRepository(by.db).findByIds([asked.referralId]);
  if (!referral) throw new NotFoundError('Referral', asked.referralId);
  if (asked.corrects !== null) await checkCorrectable(notes, asked.corrects, referral.id);
  const note: CaseNoteRecord = {
    id: randomUUID(),
    referralId: referral.id,
    customerId: referral.customerId,
    category: asked.category,
    text: asked.text,
    author: actorOf(by.viewer),
    writtenAt: by.at,
    corrects: asked.corrects,
    correctedBy: null,
  };
  try {
    await by.db.transaction(async (tx) => {
      await new CaseNoteRepository(tx).insert(note, request);
      await recordChange(tx, by, [referral.customerId]);
    });
  } catch (error) {
    // The same key from a request running at the same time, or a correction that lost the race to another.
    const raced = await notes.findByIdempotencyKey(request.key);
    if (raced) return sameRequest({ made: raced.note, fingerprint: raced.fingerprint }, request.fingerprint, 'note');
    if (asked.corrects !== null) await checkCorrectable(notes, asked.corrects, referral.id);
    throw error;
  }
  return note;
}

async function checkCorrectable(notes: CaseNoteRepository, id: string, referralId: string): Promise<void> {
  const [corrected] = await notes.findByIds([id]);
  if (!corrected || corrected.referralId !== referralId) throw new BadInputError('input.corrects', `note ${id} is not a note of referral ${referralId}`);
  if (corrected.correctedBy !== null) {
    throw new BadInputError('input.corrects', `note ${id} is already corrected by note ${corrected.correctedBy}: correct that one`);
  }
}
