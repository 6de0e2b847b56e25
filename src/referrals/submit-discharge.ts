/**
 * A hospital team's form: checked here, then received through the inbox like
 * any feed message (kept, de-duplicated, folded into its spell), so a form
 * and a feed about the same spell make one referral.
 */
import { BadInputError, ForbiddenError } from '../errors.js';
import type { DischargePersonInput, SubmitDischargeInput } from '../generated/graphql.js';
import { optionalText, requireText } from '../arguments.js';
import type { Inbox } from '../inbox/inbox.js';
import { ukDayOf } from '../time/uk-time.js';
import { DISCHARGE_FORM_CONTENT_TYPE, encodeDischargeForm, readDischargeForm } from './discharge-form.js';
import type { ReferralRecord } from './referral.js';
import type { ReferralRepository } from './referral-repository.js';

const SHORT = 200;

/** What a submission needs of the request: the submitting trust (from the token), the clock, the inbox, the referrals. */
export interface DischargeSubmission {
  trustOdsCode: string | null;
  now: () => Date;
  inbox: Inbox;
  referrals: ReferralRepository;
}

/** A person as a form gives them, trimmed and bounded; errors name `argument`'s fields. The schema's scalars have checked the NHS number, date and postcode. */
export function checkFormPerson(person: DischargePersonInput, argument: string): DischargePersonInput {
  return {
    ...person,
    familyName: requireText(person.familyName, `${argument}.familyName`, SHORT),
    givenName: optionalText(person.givenName, `${argument}.givenName`, SHORT),
    title: optionalText(person.title, `${argument}.title`, 50),
    town: optionalText(person.town, `${argument}.town`, SHORT),
    phone: optionalText(person.phone, `${argument}.phone`, 50),
    addressLines: person.addressLines?.map((line, i) => requireText(line, `${argument}.addressLines[${i}]`, SHORT)) ?? null,
    gpPracticeOdsCode: optionalText(person.gpPracticeOdsCode, `${argument}.gpPracticeOdsCode`, 10)?.toUpperCase() ?? null,
  };
}

export async function submitDischarge(submission: DischargeSubmission, input: SubmitDischargeInput): Promise<ReferralRecord> {
  const trust = submission.trustOdsCode;
  if (trust === null) throw new ForbiddenError('A HOSPITAL_DISCHARGE token must carry a trust claim to submit referrals');
  const checked: SubmitDischargeInput = {
    ...input,
    spellId: requireText(input.spellId, 'input.spellId', 100),
    ward: optionalText(input.ward, 'input.ward', SHORT),
    consultant: optionalText(input.consultant, 'input.consultant', SHORT),
    needsSummary: requireText(input.needsSummary, 'input.needsSummary'),
    person: checkFormPerson(input.person, 'input.person'),
  };
  if (checked.expectedDischargeOn && checked.admittedAt && checked.expectedDischargeOn < ukDayOf(checked.admittedAt)) {
    throw new BadInputError('input.expectedDischargeOn', 'is before the admission');
  }
  const body = encodeDischargeForm(trust, checked, submission.now());
  const { record } = await submission.inbox.receive(
    { transport: 'GRAPHQL', contentType: DISCHARGE_FORM_CONTENT_TYPE, body },
    readDischargeForm(body, { transport: 'GRAPHQL', trustOdsCode: trust }),
  );
  if (record.error) throw new BadInputError(`input.${record.error.path}`, record.error.reason);
  const referral = await submission.referrals.findBySpell(trust, checked.spellId);
  // The form always opens its spell; a cancel from the trust's feed may have withdrawn it, but it exists.
  if (!referral) throw new Error(`submitted spell ${checked.spellId} of ${trust} made no referral`);
  return referral;
}
