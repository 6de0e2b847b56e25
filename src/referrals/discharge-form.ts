/**
 * The GraphQL form for hospital teams without a feed. A submission goes
 * through the inbox like any feed message, stored as this JSON, so that it
 * is kept, de-duplicated and folded into its spell the same way.
 */
import type { DischargePersonInput, SubmitDischargeInput } from '../generated/graphql.js';
import { FeedMessageError } from '../inbox/feed-message-error.js';
import type { DeliveryCredentials, FeedReading } from '../inbox/feed-reading.js';
import type { DischargeMessage, PersonDetails } from './discharge-message.js';

export const DISCHARGE_FORM_CONTENT_TYPE = 'application/vnd.care-gateway.discharge-form+json';

export interface DischargeFormSubmission {
  trustOdsCode: string;
  submittedAt: string;
  /** The input with its DateTime values as ISO strings. */
  input: Omit<SubmitDischargeInput, 'admittedAt'> & { admittedAt?: string | null };
}

export function encodeDischargeForm(trustOdsCode: string, input: SubmitDischargeInput, submittedAt: Date): Buffer {
  const submission: DischargeFormSubmission = {
    trustOdsCode,
    submittedAt: submittedAt.toISOString(),
    input: { ...input, admittedAt: input.admittedAt ? input.admittedAt.toISOString() : null },
  };
  return Buffer.from(JSON.stringify(submission), 'utf8');
}

/** The inbox's reader for stored submissions (used again on replay). */
export function readDischargeForm(body: Buffer, credentials: DeliveryCredentials): FeedReading {
  const submission = JSON.parse(body.toString('utf8')) as DischargeFormSubmission;
  // Each submission is its own message: resubmitting a spell is news, not a resend.
  const controlId = `form:${submission.input.spellId}:${submission.submittedAt}`;
  if (credentials.trustOdsCode !== submission.trustOdsCode) {
    return {
      sender: submission.trustOdsCode,
      controlId,
      messageType: 'FORM',
      result: {
        ok: false,
        error: new FeedMessageError('REFUSE', { path: 'trustOdsCode' }, `the caller speaks for ${credentials.trustOdsCode ?? 'no trust'}, not ${submission.trustOdsCode}`, '204'),
      },
    };
  }
  return { sender: submission.trustOdsCode, controlId, messageType: 'FORM', result: { ok: true, message: translateDischargeForm(submission) } };
}

export function translateDischargeForm({ trustOdsCode, submittedAt, input }: DischargeFormSubmission): DischargeMessage {
  return {
    kind: 'SPELL_EVENT',
    header: { senderOdsCode: trustOdsCode, controlId: `form:${input.spellId}:${submittedAt}`, messageType: 'FORM', sentAt: submittedAt },
    person: personOfForm(input.person),
    event: {
      spellId: input.spellId,
      kind: 'REFERRED',
      occurredAt: submittedAt,
      reason: null,
      // What the form leaves blank says nothing: the trust's feed may have told the spell more.
      details: Object.fromEntries(
        Object.entries({
          ward: input.ward,
          consultant: input.consultant,
          admittedAt: input.admittedAt,
          expectedDischargeOn: input.expectedDischargeOn,
          dischargeReadyOn: input.dischargeReadyOn,
          pathway: input.pathway,
          needsSummary: input.needsSummary,
        }).filter(([, value]) => value !== null && value !== undefined),
      ),
    },
  };
}

/** The person as a form gives them (a ward's, or the hub's for a referral from outside a hospital), checked by checkFormPerson. */
export function personOfForm(person: DischargePersonInput): PersonDetails {
  return {
    nhsNumber: person.nhsNumber ?? null,
    // Typed by ward or hub staff: a likely number, not one traced against the national register.
    nhsNumberVerified: false,
    localIds: [],
    title: person.title ?? null,
    givenName: person.givenName ?? null,
    familyName: person.familyName,
    dateOfBirth: person.dateOfBirth,
    sex: person.sex,
    address:
      person.addressLines || person.town || person.postcode
        ? { lines: person.addressLines ?? [], town: person.town ?? null, postcode: person.postcode ?? null }
        : null,
    phones: person.phone ? [{ number: person.phone, use: /^(\+44\s?7|07)/.test(person.phone) ? 'MOBILE' : 'HOME' }] : [],
    gpPracticeOdsCode: person.gpPracticeOdsCode ?? null,
  };
}
