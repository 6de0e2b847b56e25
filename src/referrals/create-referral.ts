/**
 * A referral the hub takes from outside a hospital (a GP, community health,
 * the person themselves, anyone else): checked, then stored RECEIVED with
 * its first history step, the new customer it may make, and its audit row,
 * in one transaction, so it is on the board and in the lists like any
 * other. It belongs to no trust: no hospital team or feed ever sees it.
 * The caller's idempotency key makes a retried request the same referral.
 */
import { randomUUID } from 'node:crypto';
import { AuditLog, purposeOf, recordChange, type ChangeMaker } from '../audit/audit-log.js';
import { actorOf } from '../auth/viewer.js';
import { CustomerRepository } from '../customers/customer-repository.js';
import { customerFromPerson } from '../customers/resolve-customer.js';
import { BadInputError, NotFoundError } from '../errors.js';
import type { CreateReferralInput, ReferrerInput, RisksInput, Risks } from '../generated/graphql.js';
import { optionalText, requireId, requireText } from '../arguments.js';
import { requestFingerprint, sameRequest } from '../store/idempotent-request.js';
import type { CustomerRecord } from '../customers/customer.js';
import { personOfForm } from './discharge-form.js';
import { checkFormPerson } from './submit-discharge.js';
import type { ReferralRecord, ReferrerRecord } from './referral.js';
import { ReferralRepository } from './referral-repository.js';
import { receiveReferral } from './referral-state-machine.js';

const SHORT = 200;
/** ODS codes are letters and digits: practices six (Y90001), trusts three to five, sites more. */
const ODS_CODE = /^[A-Z0-9]{3,10}$/;
const PHONE = /^\+?[0-9 ()-]{6,30}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export async function createReferral(by: ChangeMaker, input: CreateReferralInput, idempotencyKey: string): Promise<ReferralRecord> {
  const key = requireText(idempotencyKey, 'idempotencyKey', SHORT);
  const fingerprint = requestFingerprint({ ...input, by: by.viewer.subject });
  const referrals = new ReferralRepository(by.db);
  const earlier = await referrals.findCreatedUnder(key);
  if (earlier) return sameReferral(earlier, fingerprint);

  if (input.source === 'HOSPITAL_DISCHARGE') {
    throw new BadInputError('input.source', 'hospitals refer through their feeds and the discharge form (submitDischarge): give GP, COMMUNITY_HEALTH, SELF or OTHER');
  }
  const referrer = checkReferrer(input.referrer);
  const needsSummary = requireText(input.needsSummary, 'input.needsSummary');
  const risks = checkRisks(input.risks);
  const { customerId, newCustomer } = await personReferred(by, input);

  const created = receiveReferral(
    {
      id: randomUUID(),
      customerId,
      source: input.source,
      referringTrustOdsCode: null,
      referrer,
      ward: null,
      admittedAt: null,
      expectedDischargeOn: null,
      dischargeReadyOn: null,
      dischargedAt: null,
      pathway: null,
      priority: input.urgency,
      needsSummary,
      risks,
      assignedTeam: null,
      assignedWorker: null,
      hospitalSpell: null,
      // The person as a trust sent them: there is no trust, and hospital teams are never shown this referral.
      referredPerson: null,
      identityLink: null,
      businessResponseTo: null,
    },
    actorOf(by.viewer),
    by.at,
  );
  try {
    await by.db.transaction(async (tx) => {
      if (newCustomer) await new CustomerRepository(tx).insertMany([newCustomer], []);
      await new ReferralRepository(tx).create(created, { key, fingerprint });
      await recordChange(tx, by, [customerId]);
    });
  } catch (error) {
    // The same key used by a request running at the same time: that referral is this one.
    const raced = await referrals.findCreatedUnder(key);
    if (raced) return sameReferral(raced, fingerprint);
    throw error;
  }
  return created.referral;
}

function sameReferral(earlier: { referral: ReferralRecord; fingerprint: string }, fingerprint: string): ReferralRecord {
  return sameRequest({ made: earlier.referral, fingerprint: earlier.fingerprint }, fingerprint, 'referral');
}

/** The customer the referral is about: one the council knows, or a new one from the person given, checked as a ward's form is. */
async function personReferred(by: ChangeMaker, input: CreateReferralInput): Promise<{ customerId: string; newCustomer: CustomerRecord | null }> {
  const customers = new CustomerRepository(by.db);
  if (input.customerId != null) {
    if (input.person != null) throw new BadInputError('input.person', 'give either customerId (a customer the hub knows) or person (a new one), not both');
    const customerId = requireId(input.customerId, 'input.customerId');
    const [customer] = await customers.findByIds([customerId]);
    if (!customer) throw new NotFoundError('Customer', customerId);
    return { customerId, newCustomer: null };
  }
  if (input.person == null) throw new BadInputError('input.person', 'give customerId (a customer the hub knows) or person (a new one)');
  const person = personOfForm(checkFormPerson(input.person, 'input.person'));
  if (person.nhsNumber !== null) {
    const holder = await customers.findByNhsNumber(person.nhsNumber);
    // Asking whether the council knows a number is a search like customerByNhsNumber, on the trail whether it matched or not.
    await new AuditLog(by.db).record([
      {
        at: by.at,
        requestId: by.requestId,
        viewer: by.viewer,
        operation: by.operation,
        action: 'SEARCH',
        purpose: purposeOf(by.viewer),
        customerIds: holder ? [holder.id] : [],
        search: { nhsNumber: person.nhsNumber, text: null, dateOfBirth: null, postcode: null, matched: holder ? 1 : 0 },
      },
    ]);
    // Hub staff read every customer: naming the one who holds the number is what they need to refer them.
    if (holder) throw new BadInputError('input.person.nhsNumber', `is customer ${holder.id}'s: refer them by input.customerId`);
  }
  const customerId = randomUUID();
  // The council's own record, from its own staff: no trust owns its demographics.
  return { customerId, newCustomer: customerFromPerson(customerId, person, null, by.at) };
}

function checkReferrer(referrer: ReferrerInput): ReferrerRecord {
  const name = requireText(referrer.name, 'input.referrer.name', SHORT);
  const odsCode = optionalText(referrer.odsCode, 'input.referrer.odsCode', 10)?.toUpperCase() ?? null;
  if (odsCode !== null && !ODS_CODE.test(odsCode)) throw new BadInputError('input.referrer.odsCode', 'must be an ODS code: 3 to 10 letters and digits');
  const phone = optionalText(referrer.phone, 'input.referrer.phone', 50);
  if (phone !== null && !PHONE.test(phone)) throw new BadInputError('input.referrer.phone', 'must be a telephone number: digits, spaces, brackets and dashes, optionally after +');
  const email = optionalText(referrer.email, 'input.referrer.email', SHORT);
  if (email !== null && !EMAIL.test(email)) throw new BadInputError('input.referrer.email', 'must be an email address');
  if (phone === null && email === null) throw new BadInputError('input.referrer', 'give a phone number or an email address: the hub must be able to reach the referrer');
  return {
    name,
    organisation: optionalText(referrer.organisation, 'input.referrer.organisation', SHORT),
    odsCode,
    phone,
    email,
  };
}

/** The hub's assessment of risks as given: each flag once, notes trimmed and bounded. */
export function checkRisks(risks: RisksInput | null | undefined, argument = 'input.risks'): Risks {
  return { flags: [...new Set(risks?.flags ?? [])], notes: optionalText(risks?.notes, `${argument}.notes`) };
}
