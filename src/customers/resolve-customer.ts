/**
 * Finds or makes the customers hospitals' persons are, and records how sure
 * the gateway is: links made without a verified NHS number wait for review
 * with the person as sent, and do not overwrite the customer's record.
 *
 * A resolver serves one batch of messages: it loads every candidate in a
 * few queries, decides person by person in order (so the second message
 * about a new person finds the customer the first one made), and writes
 * everything it decided in a few statements at the end.
 */
import { randomUUID } from 'node:crypto';
import type { PersonDetails, PersonIdentifier } from '../referrals/discharge-message.js';
import type { SqlExecutor } from '../store/database.js';
import type { CustomerRecord } from './customer.js';
import { lockNames } from '../store/advisory-locks.js';
import { CombinedRead } from '../store/combined-read.js';
import { CombinedWrite } from '../store/combined-write.js';
import { identityKey, matchCandidatesInto, saveCustomersInto, type IdentityLink } from './customer-repository.js';
import { demographicKey, demographicKeysOf, matchCustomer } from './identity-matching.js';

export interface ResolvedCustomer {
  customerId: string;
  needsReview: boolean;
  /** The identity link the person came through; null when the message gave none to link. */
  link: PersonIdentifier | null;
}

export interface CustomerRequest {
  person: PersonDetails;
  /** Keys the link when the sender gave no local id (the spell, for a spell event). */
  fallbackLink: PersonIdentifier | null;
}


function linksOf({ person, fallbackLink }: CustomerRequest): PersonIdentifier[] {
  return person.localIds.length > 0 ? person.localIds : fallbackLink ? [fallbackLink] : [];
}

export class CustomerResolver {
  private readonly created: CustomerRecord[] = [];
  private readonly updated = new Map<string, CustomerRecord>();
  private readonly links = new Map<string, IdentityLink>();

  private constructor(
    private readonly current: Map<string, CustomerRecord>,
    private readonly byNhsNumber: Map<string, string>,
    private readonly byLink: Map<string, { customerId: string; needsReview: boolean }>,
    private readonly byDemographics: Map<string, string[]>,
  ) {}

  /**
   * Adds a read of every candidate for these persons; the resolver is ready
   * once it has run. Hold their personLockNames first, so no other
   * transaction decides about them meanwhile.
   */
  static loadInto(read: CombinedRead, requests: readonly CustomerRequest[]): () => CustomerResolver {
    const nhsNumbers = [...new Set(requests.flatMap(({ person }) => (person.nhsNumber ? [person.nhsNumber] : [])))];
    const links = requests.flatMap(linksOf);
    const keys = requests.flatMap(({ person }) => demographicKeysOf(person) ?? []);
    const found = matchCandidatesInto(read, nhsNumbers, links, keys);
    return () => {
      const { current, byNhsNumber, byLink, byDemographics } = found();
      return new CustomerResolver(current, byNhsNumber, byLink, byDemographics);
    };
  }

  resolve(request: CustomerRequest, at: Date): ResolvedCustomer {
    const { person } = request;
    const links = linksOf(request);
    const holder = person.nhsNumber === null ? undefined : this.byNhsNumber.get(person.nhsNumber);
    const keys = demographicKeysOf(person);
    const match = matchCustomer(person, {
      byNhsNumber: holder === undefined ? null : { id: holder },
      byLink: links[0] ? (this.byLink.get(identityKey(links[0].system, links[0].value)) ?? null) : null,
      byDemographics: keys ? (this.byDemographics.get(demographicKey(keys)) ?? []).map((id) => ({ id })) : [],
    });
    let customerId: string;
    if (match.kind === 'NEW') {
      customerId = randomUUID();
      // An unverified number another customer already holds stays off the new record: the review decides whose it is.
      const record = customerFromPerson(customerId, holder === undefined ? person : { ...person, nhsNumber: null }, at);
      this.created.push(record);
      if (record.nhsNumber) this.byNhsNumber.set(record.nhsNumber, customerId);
      if (keys) this.byDemographics.set(demographicKey(keys), [customerId]);
    } else {
      customerId = match.customerId;
      if (!match.needsReview) {
        // Only a verified number the customer may hold is added to the record.
        const nhsNumber = person.nhsNumberVerified && (holder === undefined || holder === customerId) ? person.nhsNumber : null;
        const isNew = this.created.findIndex((c) => c.id === customerId);
        const previous = isNew >= 0 ? this.created[isNew] : (this.updated.get(customerId) ?? this.current.get(customerId));
        const record = withWhatWasSaid(previous, customerFromPerson(customerId, { ...person, nhsNumber }, at));
        if (isNew >= 0) this.created[isNew] = record;
        else if (changesDemographics(previous, record)) this.updated.set(customerId, record);
        if (nhsNumber) this.byNhsNumber.set(nhsNumber, customerId);
      }
    }
    for (const link of links) {
      const key = identityKey(link.system, link.value);
      const before = this.byLink.get(key);
      // A confirmed link to the same customer stays as it is.
      if (before && before.customerId === customerId && !before.needsReview && !match.needsReview) continue;
      this.byLink.set(key, { customerId, needsReview: match.needsReview });
      this.links.set(key, {
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

  /** Adds the customers made and changed and the links decided to a write. */
  saveInto(write: CombinedWrite): void {
    saveCustomersInto(write, this.created, [...this.updated.values()], [...this.links.values()]);
  }
}

/**
 * The advisory locks that keep two transactions from deciding about one
 * person at once (and making them twice): their NHS number and links.
 */
export function personLockNames(requests: readonly CustomerRequest[]): string[] {
  return requests.flatMap((request) => [
    ...(request.person.nhsNumber ? [`person nhs ${request.person.nhsNumber}`] : []),
    ...linksOf(request).map((link) => `person link ${link.system} ${link.value}`),
  ]);
}

/** One person, locked, resolved and written at once. */
export async function resolveCustomer(tx: SqlExecutor, request: CustomerRequest, at: Date): Promise<ResolvedCustomer> {
  await lockNames(tx, personLockNames([request]));
  const read = new CombinedRead();
  const loaded = CustomerResolver.loadInto(read, [request]);
  await read.run(tx);
  const resolver = loaded();
  const resolved = resolver.resolve(request, at);
  const write = new CombinedWrite();
  resolver.saveInto(write);
  await write.run(tx);
  return resolved;
}

/**
 * The record as the message leaves it: what the message says replaces what
 * was known, and what it leaves out (a sparse A08 with a name and a hospital
 * number) keeps what was known. An NHS number is only ever added.
 */
function withWhatWasSaid(previous: CustomerRecord | undefined, said: CustomerRecord): CustomerRecord {
  if (!previous) return said;
  return {
    ...previous,
    nhsNumber: previous.nhsNumber ?? said.nhsNumber,
    name: {
      title: said.name.title ?? previous.name.title,
      given: said.name.given ?? previous.name.given,
      family: said.name.family,
      preferred: previous.name.preferred,
    },
    dateOfBirth: said.dateOfBirth ?? previous.dateOfBirth,
    sex: said.sex === 'UNKNOWN' ? previous.sex : said.sex,
    address: said.address ?? previous.address,
    phones: said.phones.length > 0 ? said.phones : previous.phones,
    gpPracticeOdsCode: said.gpPracticeOdsCode ?? previous.gpPracticeOdsCode,
    updatedAt: said.updatedAt,
  };
}

/** Whether writing `next` would change what the customer record says (an NHS number is only ever added). */
function changesDemographics(previous: CustomerRecord | undefined, next: CustomerRecord): boolean {
  if (!previous) return true;
  const said = (c: CustomerRecord) => JSON.stringify([c.name.title, c.name.given, c.name.family, c.dateOfBirth, c.sex, c.address, c.phones, c.gpPracticeOdsCode]);
  return said(previous) !== said(next) || (previous.nhsNumber === null && next.nhsNumber !== null);
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
