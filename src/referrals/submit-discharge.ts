/**
 * A hospital team's form: checked here, then received through the inbox like
 * any feed message (kept, de-duplicated, folded into its spell), so a form
 * and a feed about the same spell make one referral.
 */
import { BadInputError, ForbiddenError } from '../errors.js';
import type { SubmitDischargeInput } from '../generated/graphql.js';
import { optionalText, requireText } from '../server/arguments.js';
import type { GatewayContext } from '../server/context.js';
import { ukDayOf } from '../time/uk-time.js';
import { DISCHARGE_FORM_CONTENT_TYPE, encodeDischargeForm, readDischargeForm } from './discharge-form.js';
import type { ReferralRecord } from './referral.js';

const SHORT = 200;

export async function submitDischarge(ctx: GatewayContext, input: SubmitDischargeInput): Promise<ReferralRecord> {
  const trust = ctx.viewer.trustOdsCode;
  if (trust === null) throw new ForbiddenError('A HOSPITAL_DISCHARGE token must carry a trust claim to submit referrals');
  const { person } = input;
  const checked: SubmitDischargeInput = {
    ...input,
    spellId: requireText(input.spellId, 'input.spellId', 100),
    ward: optionalText(input.ward, 'input.ward', SHORT),
    consultant: optionalText(input.consultant, 'input.consultant', SHORT),
    needsSummary: requireText(input.needsSummary, 'input.needsSummary'),
    person: {
      ...person,
      familyName: requireText(person.familyName, 'input.person.familyName', SHORT),
      givenName: optionalText(person.givenName, 'input.person.givenName', SHORT),
      title: optionalText(person.title, 'input.person.title', 50),
      town: optionalText(person.town, 'input.person.town', SHORT),
      phone: optionalText(person.phone, 'input.person.phone', 50),
      addressLines: person.addressLines?.map((line, i) => requireText(line, `input.person.addressLines[${i}]`, SHORT)) ?? null,
      gpPracticeOdsCode: optionalText(person.gpPracticeOdsCode, 'input.person.gpPracticeOdsCode', 10)?.toUpperCase() ?? null,
    },
  };
  if (checked.expectedDischargeOn && checked.admittedAt && checked.expectedDischargeOn < ukDayOf(checked.admittedAt)) {
    throw new BadInputError('input.expectedDischargeOn', 'is before the admission');
  }
  const body = encodeDischargeForm(trust, checked, ctx.now());
  const { record } = await ctx.inbox.receive(
    { transport: 'GRAPHQL', contentType: DISCHARGE_FORM_CONTENT_TYPE, body },
    readDischargeForm(body, { transport: 'GRAPHQL', trustOdsCode: trust }),
  );
  if (record.error) throw new BadInputError(`input.${record.error.path}`, record.error.reason);
  const referral = await ctx.repositories.referrals.findBySpell(trust, checked.spellId);
  // The form always opens its spell; a cancel from the trust's feed may have withdrawn it, but it exists.
  if (!referral) throw new Error(`submitted spell ${checked.spellId} of ${trust} made no referral`);
  return referral;
}
