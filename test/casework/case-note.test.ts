/** A case note's checks: pure. */
import { CASE_NOTE_MAX_LENGTH, readNewCaseNote } from '../../src/casework/case-note.js';
import type { AddCaseNoteInput } from '../../src/generated/graphql.js';

const REFERRAL = '0b9f1a52-5a3c-4d6e-9b1f-2c3d4e5f6a7b';
const NOTE = '1c9f1a52-5a3c-4d6e-9b1f-2c3d4e5f6a7b';
const input = (changes: Partial<AddCaseNoteInput> = {}): AddCaseNoteInput => ({ referralId: REFERRAL, category: 'VISIT', text: 'Visited at home.', ...changes });

describe('a new case note', () => {
  test('is trimmed, and names the note it corrects as the gateway writes ids', () => {
    expect(readNewCaseNote(input({ text: '  Visited at home. \n', corrects: NOTE.toUpperCase() }))).toEqual({
      referralId: REFERRAL,
      category: 'VISIT',
      text: 'Visited at home.',
      corrects: NOTE,
    });
    expect(readNewCaseNote(input()).corrects).toBeNull();
  });

  test('takes up to its longest text, and no more', () => {
    expect(readNewCaseNote(input({ text: 'x'.repeat(CASE_NOTE_MAX_LENGTH) })).text).toHaveLength(CASE_NOTE_MAX_LENGTH);
    expect(() => readNewCaseNote(input({ text: 'x'.repeat(CASE_NOTE_MAX_LENGTH + 1) }))).toThrow(`input.text: must be at most ${CASE_NOTE_MAX_LENGTH} characters`);
  });

  test.each([
    [{ text: ' \n ' }, 'input.text: must not be empty'],
    [{ referralId: 'REF-1' }, 'input.referralId: "REF-1" is not an id issued by this gateway'],
    [{ corrects: 'note 3' }, 'input.corrects: "note 3" is not an id issued by this gateway'],
  ] as [Partial<AddCaseNoteInput>, string][])('%p is refused: %s', (changes, message) => {
    expect(() => readNewCaseNote(input(changes))).toThrow(message);
  });
});
