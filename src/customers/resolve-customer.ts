/**
 * Finds or makes the customers hospitals' persons are, and records how sure
 * the gateway is: links made without a verified NHS number wait for review
 * with the person as sent, and do not change the customer's record.
 *
 * The council's record is the council's: a message changes a customer's
 * demographics only where they came from the sending trust's own messages
 * (and the hub has not confirmed or edited them since). Any other sender's
 * difference is offered to the hub as a person update review, and the
 * record is left as it was.
 *
 * A resolver serves one batch of messages: it loads every candidate in a
 * few queries, decides person by person in order (so the second message
 * about a new person finds the customer the first one made), and writes
 * everything it decided in a few statements at the end.
 */
import { randomUUID } from 'node:crypto';
import type { Instant, PersonDetails, PersonIdentifier } from '../referrals/discharge-message.js';
import { feedActor } from '../referrals/feed-actor.js';
import type { SqlExecutor } from '../store/database.js';
import type { CustomerRecord } from './customer.js';
import { lockNames } from '../store/advisory-locks.js';
import { CombinedRead } from '../store/combined-read.js';
import { CombinedWrite } from '../store/combined-write.js';
import { CustomerRepository, identityKey, matchCandidatesInto, saveCustomersInto, type IdentityLink } from './customer-repository.js';
import { deathNews, type DeathReport } from './deaths.js';
import { demographicDifferences, relatedPeopleOf, sameDemographics, withWhatWasSaid } from './demographics.js';
import { demographicKey, demographicKeysOf, matchCustomer } from './identity-matching.js';
import { saveDeathReviewsInto, saveLinkReviewsInto, type DeathReviewOpening, type LinkReviewOpening } from './identity-review-repository.js';
import { reviewKey, type PersonUpdateOffer } from './person-update-review.js';
import { savePersonUpdateOffersInto } from './person-update-review-repository.js';

export interface ResolvedCustomer {
  customerId: string;
  needsReview: boolean;
  /** The identity link the person came through; null when the message gave none to link. */
  link: PersonIdentifier | null;
  /** The person differs from demographics the sender does not own, and the difference waits for the hub. */
  offered: boolean;
  /** The trust's identifiers this person's message proved to be another customer's than they were linked to. */
  moves: LinkMove[];
  /** The death this message recorded on a customer who had none: their open referrals are to be told. */
  diedNow: DeathReport | null;
}

export interface CustomerRequest {
  person: PersonDetails;
  /** Keys the link when the sender gave no local id (the spell, for a spell event). */
  fallbackLink: PersonIdentifier | null;
  /** The trust whose message it is. */
  sender: string;
  /** The inbox message, for the reviews it opens. */
  messageId: string | null;
  /** When the sender made the message: of a trust's statements about a death, the later stands. */
  sentAt: Instant;
  /** When the message's event shows the person alive (an admission, a transfer); a death reported before it is contradicted. */
  aliveAt?: Instant | null;
}

/**
 * What a link's review ends as after a batch: open (waiting, with the person
 * as sent now), proved (a verified NHS number says it is that customer), or
 * answered no (a verified NHS number says it is someone else).
 */
type LinkReviewState = { kind: 'open'; review: LinkReviewOpening } | { kind: 'proved' | 'disproved'; sender: string };

/** A trust's identifier that proved to be another customer's: the referrals that came through it follow it. */
export interface LinkMove {
  link: PersonIdentifier;
  from: string;
  to: string;
  /** The sender's message that proved it. */
  sender: string;
  messageId: string | null;
}

function linksOf({ person, fallbackLink }: CustomerRequest): PersonIdentifier[] {
  return person.localIds.length > 0 ? person.localIds : fallbackLink ? [fallbackLink] : [];
}

export class CustomerResolver {
  private readonly created: CustomerRecord[] = [];
  private readonly updated = new Map<string, CustomerRecord>();
  private readonly links = new Map<string, IdentityLink>();
  private readonly linkReviews = new Map<string, LinkReviewState>();
  private readonly moves = new Map<string, LinkMove>();
  private readonly offers = new Map<string, PersonUpdateOffer | { customerId: string; sender: string; agreed: true }>();
  private readonly deathReviews = new Map<string, DeathReviewOpening>();

  private constructor(
    private readonly current: Map<string, CustomerRecord>,
    private readonly byNhsNumber: Map<string, string>,
    private readonly byLink: Map<string, { customerId: string; needsReview: boolean }>,
    private readonly byDemographics: Map<string, string[]>,
    /** The person each sender last sent that the hub decided on, by reviewKey: the same again is not offered again. */
    private readonly lastDecided: Map<string, PersonDetails>,
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
    const found = matchCandidatesInto(read, nhsNumbers, links, keys, [...new Set(requests.map((request) => request.sender))]);
    return () => {
      const { current, byNhsNumber, byLink, byDemographics, lastDecided } = found();
      return new CustomerResolver(current, byNhsNumber, byLink, byDemographics, lastDecided);
    };
  }

  resolve(request: CustomerRequest, at: Date): ResolvedCustomer {
    const { person, sender } = request;
    const links = linksOf(request);
    const holder = person.nhsNumber === null ? undefined : this.byNhsNumber.get(person.nhsNumber);
    const keys = demographicKeysOf(person);
    const linked = links[0] ? this.byLink.get(identityKey(links[0].system, links[0].value)) : undefined;
    const match = matchCustomer(person, {
      byNhsNumber: holder === undefined ? null : { id: holder },
      byLink: linked ? { ...linked, nhsNumber: this.recordOf(linked.customerId)?.nhsNumber ?? null } : null,
      byDemographics: keys ? (this.byDemographics.get(demographicKey(keys)) ?? []).map((id) => ({ id })) : [],
    });
    let customerId: string;
    let offered = false;
    const moves: LinkMove[] = [];
    if (match.kind === 'NEW') {
      customerId = randomUUID();
      // An unverified number another customer already holds stays off the new record: the review decides whose it is.
      const record = customerFromPerson(customerId, holder === undefined ? person : { ...person, nhsNumber: null }, sender, at);
      this.created.push(record);
      if (record.nhsNumber) this.byNhsNumber.set(record.nhsNumber, customerId);
      if (keys) this.byDemographics.set(demographicKey(keys), [...(this.byDemographics.get(demographicKey(keys)) ?? []), customerId]);
    } else {
      customerId = match.customerId;
      if (!match.needsReview) offered = this.takeOrOffer(customerId, request, holder, at);
    }
    for (const link of links) {
      const key = identityKey(link.system, link.value);
      const before = this.byLink.get(key);
      // A confirmed link to the same customer stays as it is.
      if (before && before.customerId === customerId && !before.needsReview && !match.needsReview) continue;
      this.byLink.set(key, { customerId, needsReview: match.needsReview });
      this.links.set(key, { system: link.system, localId: link.value, customerId, needsReview: match.needsReview, linkedAt: at });
      const moved = before !== undefined && before.customerId !== customerId;
      if (moved) {
        const move = { link, from: before.customerId, to: customerId, sender, messageId: request.messageId };
        moves.push(move);
        this.moves.set(key, { ...move, from: this.moves.get(key)?.from ?? before.customerId });
      }
      if (match.needsReview) {
        const review = { system: link.system, localId: link.value, customerId, basis: match.basis, sentPerson: person, sender, messageId: request.messageId };
        this.linkReviews.set(key, { kind: 'open', review });
      } else if (before?.needsReview || this.linkReviews.has(key)) {
        this.linkReviews.set(key, { kind: moved ? 'disproved' : 'proved', sender });
      }
    }
    // A death goes on the record only where the person is surely this customer: one made from this very
    // message, or matched by proof. Through a link waiting for review, it waits with that review.
    const sure = match.kind === 'NEW' || !match.needsReview;
    const through = links[0] ?? (person.nhsNumber === null ? null : { system: 'NHS', value: person.nhsNumber });
    const diedNow = sure && through !== null ? this.noteDeath(customerId, request, through, at) : null;
    return { customerId, needsReview: match.needsReview, link: links[0] ?? null, offered, moves, diedNow };
  }

  /**
   * What the message says of a death, on a customer it surely is: a report
   * recorded (returned where it is the customer's first), or the sender's
   * contradiction of its own report put to the hub as a DEATH review.
   */
  private noteDeath(customerId: string, request: CustomerRequest, through: PersonIdentifier, at: Date): DeathReport | null {
    const { person, sender, messageId, sentAt } = request;
    const record = this.recordOf(customerId)!;
    const news = deathNews(record.deathReports, { trust: sender, death: person.death, aliveAt: request.aliveAt ?? null, sentAt, messageId, through }, at);
    if (news.kind === 'RECORDED') {
      const next = { ...record, deathReports: news.reports, updatedAt: at };
      const isNew = this.created.findIndex((c) => c.id === customerId);
      if (isNew >= 0) this.created[isNew] = next;
      else this.updated.set(customerId, next);
      return news.first ? news.reports[0]! : null;
    }
    if (news.kind === 'CONTRADICTED') {
      this.deathReviews.set(reviewKey(customerId, sender), {
        system: news.report.through.system,
        localId: news.report.through.value,
        customerId,
        basis: news.basis,
        sentPerson: person,
        sender,
        messageId,
      });
    }
    return null;
  }

  /**
   * The sender's person for a customer known for sure: taken onto the record
   * where the sender owns its demographics, else offered to the hub where it
   * says something new. True when it is offered.
   */
  private takeOrOffer(customerId: string, request: CustomerRequest, holder: string | undefined, at: Date): boolean {
    const { person, sender } = request;
    const isNew = this.created.findIndex((c) => c.id === customerId);
    const previous = this.recordOf(customerId)!;
    const key = reviewKey(customerId, sender);
    if (previous.demographicsTrust === sender) {
      // Only a verified number the customer may hold is added to the record.
      const nhsNumber = person.nhsNumberVerified && (holder === undefined || holder === customerId) ? person.nhsNumber : null;
      const record = withWhatWasSaid(previous, { ...person, nhsNumber }, at);
      if (isNew >= 0) this.created[isNew] = record;
      else if (!sameDemographics(previous, record)) this.updated.set(customerId, record);
      if (nhsNumber) this.byNhsNumber.set(nhsNumber, customerId);
      return false;
    }
    const decided = this.lastDecided.get(key);
    const differences = demographicDifferences(previous, person).filter(
      // What the hub already accepted or dismissed from this sender is not put to it again.
      (field) => decided === undefined || demographicDifferences(customerFromPerson(customerId, decided, null, at), person).includes(field),
    );
    this.offers.set(key, differences.length > 0 ? { customerId, sender, person, messageId: request.messageId } : { customerId, sender, agreed: true });
    return differences.length > 0;
  }

  /** A customer as the batch has left them so far. */
  private recordOf(customerId: string): CustomerRecord | undefined {
    return this.created.find((c) => c.id === customerId) ?? this.updated.get(customerId) ?? this.current.get(customerId);
  }

  /** The trust's identifiers that proved to be other customers', from whom to whom. */
  get linkMoves(): LinkMove[] {
    return [...this.moves.values()].filter((move) => move.from !== move.to);
  }

  /** Adds the customers made and changed, the links decided, and the reviews they open or close, to a write. */
  saveInto(write: CombinedWrite, at: Date): void {
    saveCustomersInto(write, this.created, [...this.updated.values()], [...this.links.values()]);
    const states = [...this.linkReviews.values()];
    saveLinkReviewsInto(
      write,
      states.flatMap((state) => (state.kind === 'open' ? [{ ...state.review, id: randomUUID() }] : [])),
      [...this.linkReviews].flatMap(([key, state]) => {
        if (state.kind === 'open') return [];
        const { system, localId } = this.links.get(key)!;
        return [{ system, localId, answer: state.kind === 'proved' ? 'CONFIRMED' : 'SEPARATED', by: feedActor(state.sender) } as const];
      }),
      at,
    );
    saveDeathReviewsInto(write, [...this.deathReviews.values()].map((review) => ({ ...review, id: randomUUID() })), at);
    const offers = [...this.offers.values()];
    savePersonUpdateOffersInto(
      write,
      offers.flatMap((offer) => ('agreed' in offer ? [] : [{ ...offer, id: randomUUID() }])),
      offers.filter((offer) => 'agreed' in offer),
      at,
    );
  }
}

/** A person's advisory lock names: by NHS number, and by each identity link. */
export const nhsLockName = (nhsNumber: string) => `person nhs ${nhsNumber}`;
const linkLockName = (system: string, localId: string) => `person link ${system} ${localId}`;

/** The lock a message naming this identifier takes: an NHS number's, or a link's. */
export function identifierLockName(identifier: PersonIdentifier): string {
  return identifier.system === 'NHS' ? nhsLockName(identifier.value) : linkLockName(identifier.system, identifier.value);
}

/**
 * The advisory locks that keep two transactions from deciding about one
 * person at once (and making them twice): their NHS number and links.
 */
export function personLockNames(requests: readonly CustomerRequest[]): string[] {
  return requests.flatMap((request) => [
    ...(request.person.nhsNumber ? [nhsLockName(request.person.nhsNumber)] : []),
    ...linksOf(request).map((link) => linkLockName(link.system, link.value)),
  ]);
}

/**
 * Holds the locks any feed message about these customers would take (their
 * NHS numbers and every link), then locks their rows: a coordinator's
 * decision on a customer and a message about them cannot interleave, so
 * neither writes over what the other decided.
 */
export async function lockCustomers(tx: SqlExecutor, customerIds: readonly string[]): Promise<Map<string, CustomerRecord>> {
  const customers = new CustomerRepository(tx);
  const held = new Set<string>();
  // What to lock is read before the locks are held: read again under them until nothing new needs one.
  for (;;) {
    const [records, identities] = await Promise.all([customers.findByIds(customerIds), customers.identitiesOf(customerIds)]);
    const wanted = [
      ...records.flatMap((customer) => (customer.nhsNumber ? [nhsLockName(customer.nhsNumber)] : [])),
      ...identities.map((identity) => linkLockName(identity.system, identity.localId)),
    ].filter((name) => !held.has(name));
    if (wanted.length === 0) break;
    await lockNames(tx, wanted);
    for (const name of wanted) held.add(name);
  }
  return new Map((await customers.lockByIds(customerIds)).map((customer) => [customer.id, customer]));
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
  resolver.saveInto(write, at);
  await write.run(tx);
  return resolved;
}

/** A new customer record from a hospital's person, owned by the trust that sent it (null: the council's). */
export function customerFromPerson(id: string, person: PersonDetails, demographicsTrust: string | null, at: Date): CustomerRecord {
  return {
    id,
    nhsNumber: person.nhsNumber,
    name: { title: person.title, given: person.givenName, family: person.familyName, preferred: person.preferredName ?? null },
    dateOfBirth: person.dateOfBirth,
    sex: person.sex,
    address: person.address,
    phones: person.phones,
    gpPracticeOdsCode: person.gpPracticeOdsCode,
    demographicsTrust,
    deathReports: [],
    communication: { preferredLanguage: null, interpreterRequired: false, notes: null },
    contacts: relatedPeopleOf(person.contacts ?? []),
    createdAt: at,
    updatedAt: at,
  };
}
