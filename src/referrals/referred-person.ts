/**
 * The referral's view of the person: the latest value of each field the
 * trust sent about them in the spell's messages, not its latest message as a
 * whole, so a thin message (a cancel carrying only a name and a hospital
 * number) blanks nothing. A message recorded before the newest one the view
 * has taken (a stale message arriving late) only fills what the view lacks.
 *
 * What a message leaves out and what the PAS cleared look the same once
 * translated (null, no phones, sex UNKNOWN), so a cleared value stays until
 * a later message gives another.
 */
import type { PersonDetails, PersonIdentifier } from './discharge-message.js';

/** How each field that may be left out tells whether a message said it; a family name always comes. */
const SAID: Readonly<Partial<Record<keyof PersonDetails, (person: PersonDetails) => boolean>>> = {
  title: (person) => person.title !== null,
  givenName: (person) => person.givenName !== null,
  dateOfBirth: (person) => person.dateOfBirth !== null,
  sex: (person) => person.sex !== 'UNKNOWN',
  address: (person) => person.address !== null,
  phones: (person) => person.phones.length > 0,
  gpPracticeOdsCode: (person) => person.gpPracticeOdsCode !== null,
  // Left out where the message said nothing of them; a list said is taken whole, not merged contact by contact.
  preferredName: (person) => person.preferredName !== undefined,
  contacts: (person) => person.contacts !== undefined,
  death: (person) => person.death !== undefined,
};

export function referredPersonAfter(view: PersonDetails | null, message: PersonDetails, sentIsNewest: boolean): PersonDetails {
  const sent = withoutPlaces(message);
  if (view === null) return sent;
  const [newer, older] = sentIsNewest ? [sent, view] : [view, sent];
  const merged: PersonDetails = { ...newer, localIds: unionOf(newer.localIds, older.localIds) };
  for (const field of Object.keys(SAID) as (keyof PersonDetails)[]) {
    const said = SAID[field]!;
    if (!said(newer) && said(older)) Object.assign(merged, { [field]: older[field] });
  }
  // The number and whether it was traced are one fact.
  if (newer.nhsNumber === null && older.nhsNumber !== null) Object.assign(merged, { nhsNumber: older.nhsNumber, nhsNumberVerified: older.nhsNumberVerified });
  return merged;
}

/** Where the message placed identifiers it warned of is about the message, not the person: the inbox keeps it. */
function withoutPlaces(message: PersonDetails): PersonDetails {
  const sent = { ...message };
  delete sent.localIdsLikeNhsNumbers;
  delete sent.setAsideNhsNumbers;
  return sent;
}

function unionOf(first: readonly PersonIdentifier[], second: readonly PersonIdentifier[]): PersonIdentifier[] {
  const seen = new Set(first.map((id) => `${id.system}\u0000${id.value}`));
  return [...first, ...second.filter((id) => !seen.has(`${id.system}\u0000${id.value}`))];
}
