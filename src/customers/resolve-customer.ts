/**
 * Finds or makes the customer a hospital's person is, and records how sure
 * the gateway is: links made without a verified NHS number wait for review
 * with the person as sent, and do not overwrite the customer's record.
 */
import { randomUUID } from 'node:crypto';
import type { PersonDetails, PersonIdentifier } from '../referrals/discharge-message.js';
import type { SqlExecutor } from '../store/database.js';
import type { CustomerRecord } from './customer.js';
import { CustomerRepository } from './customer-repository.js';
import { hasMatchingKeys, matchCustomer } from './identity-matching.js';

export interface ResolvedCustomer {
  customerId: string;
  needsReview: boolean;
  /** The identity link the person came through; null when the message gave none to link. */
  link: PersonIdentifier | null;
}

/** `fallbackLink` keys the link when the sender gave no local id (the spell, for a spell event). */
export async function resolveCustomer(
  tx: SqlExecutor,
  person: PersonDetails,
  fallbackLink: PersonIdentifier | null,
  at: Date,
): Promise<ResolvedCustomer> {
  const customers = new CustomerRepository(tx);
  const links = person.localIds.length > 0 ? person.localIds : fallbackLink ? [fallbackLink] : [];
  const byNhsNumber = person.nhsNumber === null ? null : await customers.findByNhsNumber(person.nhsNumber);
  const known = links[0] ? await customers.findIdentity(links[0].system, links[0].value) : null;
  const byDemographics = hasMatchingKeys(person)
    ? await customers.findByDemographics({
        family: person.familyName,
        given: person.givenName!,
        dateOfBirth: person.dateOfBirth!,
        postcode: person.address!.postcode!,
      })
    : [];
  const match = matchCustomer(person, { byNhsNumber, byLink: known, byDemographics });
  let customerId: string;
  if (match.kind === 'NEW') {
    customerId = randomUUID();
    // An unverified number another customer already holds stays off the new record: the review decides whose it is.
    await customers.insert(customerFromPerson(customerId, byNhsNumber ? { ...person, nhsNumber: null } : person, at));
  } else {
    customerId = match.customerId;
    if (!match.needsReview) await customers.updateDemographics(customerFromPerson(customerId, person, at));
  }
  for (const link of links) {
    await customers.linkIdentity({
      system: link.system,
      localId: link.value,
      customerId,
      needsReview: match.needsReview,
      linkedAt: at,
      reviewBasis: match.basis,
      sentPerson: match.needsReview ? person : null,
    });
  }
  return { customerId, needsReview: match.needsReview, link: links[0] ?? null };
}

export function customerFromPerson(id: string, person: PersonDetails, at: Date): CustomerRecord {
  return {
    id,
    nhsNumber: person.nhsNumber,
    name: { title: person.title, given: person.givenName, family: person.familyName, preferred: null },
    dateOfBirth: person.dateOfBirth,
    sex: person.sex,
    address: person.address,
    phones: person.phones,
    gpPracticeOdsCode: person.gpPracticeOdsCode,
    communication: { preferredLanguage: null, interpreterRequired: false, notes: null },
    contacts: [],
    createdAt: at,
    updatedAt: at,
  };
}
