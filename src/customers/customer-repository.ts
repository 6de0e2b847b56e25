import type { Phone, RelatedPerson, Sex } from '../generated/graphql.js';
import { bulkInsert } from '../store/bulk-insert.js';
import type { SqlExecutor } from '../store/database.js';
import { checkCursorRow, toConnection, type PageRequest } from '../store/pagination.js';
import { SqlConditions } from '../store/sql-conditions.js';
import { rawSql, sql } from '../store/sql-fragment.js';
import type { PersonDetails, PersonIdentifier } from '../referrals/discharge-message.js';
import type { CombinedRead } from '../store/combined-read.js';
import { CombinedWrite } from '../store/combined-write.js';
import type { CustomerConnectionRecord, CustomerIdentityRecord, CustomerRecord, CustomerSearch } from './customer.js';
import { demographicKey, type DemographicKeys } from './identity-matching.js';
import type { DeathReport } from './deaths.js';
import { personTextCondition, type PersonColumns } from './name-search.js';
import { reviewKey } from './person-update-review.js';

export interface MatchCandidateSets {
  /** The records of the customers found by NHS number or link. */
  current: Map<string, CustomerRecord>;
  byNhsNumber: Map<string, string>;
  byLink: Map<string, { customerId: string; needsReview: boolean }>;
  byDemographics: Map<string, string[]>;
  /** The person each sender last sent that the hub accepted or dismissed, by customer id NUL sender. */
  lastDecided: Map<string, PersonDetails>;
}

/** How an identity link is keyed in maps: system, NUL, local id. */
export function identityKey(system: string, localId: string): string {
  return `${system}\u0000${localId}`;
}

/** A link as written: who it points at, and whether it waits for review (the review itself is in identity_reviews). */
export interface IdentityLink {
  system: string;
  localId: string;
  customerId: string;
  needsReview: boolean;
  linkedAt: Date;
}

interface CustomerRow {
  id: string;
  nhs_number: string | null;
  title: string | null;
  given_name: string | null;
  family_name: string;
  preferred_name: string | null;
  date_of_birth: string | null;
  sex: Sex;
  address_lines: string[] | null;
  town: string | null;
  postcode: string | null;
  phones: Phone[];
  gp_practice_ods_code: string | null;
  demographics_trust: string | null;
  death_reports: DeathReport[];
  preferred_language: string | null;
  interpreter_required: boolean;
  communication_notes: string | null;
  contacts: RelatedPerson[];
  created_at: Date;
  updated_at: Date;
}

interface IdentityRow {
  system: string;
  local_id: string;
  customer_id: string;
  needs_review: boolean;
  linked_at: Date;
}

/** Search results are in name order. */
/** The first given name, case-folded, as firstGivenName (given-names.ts) takes it: what a demographic match keys on. */
const FIRST_GIVEN_NAME = `lower(split_part(btrim(regexp_replace(coalesce(given_name, ''), '\\s+', ' ', 'g')), ' ', 1))`;

const SEARCH_ORDER = `lower(family_name), lower(coalesce(given_name, '')), id`;

export class CustomerRepository {
  constructor(private readonly db: SqlExecutor) {}

  async findByIds(ids: readonly string[]): Promise<CustomerRecord[]> {
    const rows = await this.db.query<CustomerRow>('SELECT * FROM customers WHERE id = ANY($1::uuid[])', [ids]);
    return rows.map(customerFromRow);
  }

  async findByNhsNumber(nhsNumber: string): Promise<CustomerRecord | null> {
    const rows = await this.db.query<CustomerRow>('SELECT * FROM customers WHERE nhs_number = $1', [nhsNumber]);
    return rows[0] ? customerFromRow(rows[0]) : null;
  }

  /**
   * One page of the customers matching a search, and the ids of every one it
   * matched: a search is audited with all of them, since its count alone
   * tells whether a person is known.
   */
  async search(criteria: CustomerSearch, page: PageRequest): Promise<{ page: CustomerConnectionRecord; matched: string[] }> {
    const conditions = searchConditions(criteria);
    // Every match and the page at once: on a pool they run side by side.
    const matching = this.db.query<{ id: string }>(`SELECT id FROM customers ${conditions.where()}`, [...conditions.params]);
    if (page.after) {
      const order = rawSql(SEARCH_ORDER);
      conditions.add(sql`(${order}) > (SELECT ${order} FROM customers WHERE id = ${page.after}::uuid)`);
    }
    const [matched, rows] = await Promise.all([
      matching.then((found) => found.map((row) => row.id)),
      this.db.query<CustomerRow>(`SELECT * FROM customers ${conditions.where()} ORDER BY ${SEARCH_ORDER} LIMIT ${conditions.param(page.first + 1)}`, conditions.params),
    ]);
    await checkCursorRow(this.db, 'customers', page, rows.length);
    return { page: toConnection(rows.map(customerFromRow), page, async () => matched.length), matched };
  }

  async identitiesOf(customerIds: readonly string[]): Promise<CustomerIdentityRecord[]> {
    const rows = await this.db.query<IdentityRow>(
      'SELECT * FROM customer_identities WHERE customer_id = ANY($1::uuid[]) ORDER BY linked_at, system',
      [customerIds],
    );
    return rows.map(identityFromRow);
  }

  /** The identity links of these systems and local ids, by identityKey. */
  async identitiesByKey(links: readonly PersonIdentifier[]): Promise<Map<string, CustomerIdentityRecord>> {
    if (links.length === 0) return new Map();
    const rows = await this.db.query<IdentityRow>(
      'SELECT * FROM customer_identities WHERE system = ANY($1::text[]) AND local_id = ANY($2::text[])',
      [links.map((link) => link.system), links.map((link) => link.value)],
    );
    const wanted = new Set(links.map((link) => identityKey(link.system, link.value)));
    return new Map(
      rows.map((row) => [identityKey(row.system, row.local_id), identityFromRow(row)] as const).filter(([key]) => wanted.has(key)),
    );
  }

  /** Customers, locked until the transaction ends, in id order (so two transactions locking some of the same queue). */
  async lockByIds(ids: readonly string[]): Promise<CustomerRecord[]> {
    const rows = await this.db.query<CustomerRow>('SELECT * FROM customers WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE', [ids]);
    return rows.map(customerFromRow);
  }

  /**
   * Writes a coordinator's decision on a record, read under its lock: its
   * demographics (the NHS number included), what the council holds of the
   * person, and whose the demographics are now.
   */
  async replaceRecord(customer: CustomerRecord): Promise<void> {
    await new CombinedWrite()
      .update('customers', [customerToRow(customer)], [
        'nhs_number', 'title', 'given_name', 'family_name', 'preferred_name', 'date_of_birth', 'sex', 'address_lines', 'town', 'postcode',
        'phones', 'gp_practice_ods_code', 'demographics_trust', 'preferred_language', 'interpreter_required',
        'communication_notes', 'contacts', 'death_reports', 'updated_at',
      ])
      .run(this.db);
  }

  /** Moves every identity of `from` to `to` (a merge): the survivor answers for all of them. */
  async moveIdentities(from: string, to: string): Promise<void> {
    await this.db.query('UPDATE customer_identities SET customer_id = $2 WHERE customer_id = $1', [from, to]);
  }

  async count(): Promise<number> {
    const [row] = await this.db.query<{ n: number }>('SELECT count(*)::int AS n FROM customers');
    return row!.n;
  }

  async insertMany(customers: readonly CustomerRecord[], identities: readonly CustomerIdentityRecord[]): Promise<void> {
    await bulkInsert(this.db, 'customers', customers.map(customerToRow));
    await bulkInsert(
      this.db,
      'customer_identities',
      identities.map((identity) => ({
        system: identity.system,
        local_id: identity.localId,
        customer_id: identity.customerId,
        needs_review: identity.needsReview,
        linked_at: identity.linkedAt,
      })),
    );
  }
}

function identityFromRow(row: IdentityRow): CustomerIdentityRecord {
  return {
    customerId: row.customer_id,
    system: row.system,
    localId: row.local_id,
    needsReview: row.needs_review,
    linkedAt: row.linked_at,
  };
}

/**
 * Adds a read of everything a batch of persons could be matched to:
 * customers holding their NHS numbers, their identity links, and customers
 * with their demographic keys, and what these senders last had decided by
 * the hub about those customers. Each part takes key parts as arrays so the
 * planner probes an index; pairs that match across keys are dropped here.
 */
export function matchCandidatesInto(
  read: CombinedRead,
  nhsNumbers: readonly string[],
  links: readonly PersonIdentifier[],
  keys: readonly DemographicKeys[],
  senders: readonly string[],
): () => MatchCandidateSets {
  // char(10): a text[] comparison would cast the column and miss its index.
  const nhsParam = read.param(nhsNumbers);
  const systemsParam = read.param(links.map((link) => link.system));
  const localIdsParam = read.param(links.map((link) => link.value));
  const linked = read.rows<{ system: string; local_id: string; customer_id: string; needs_review: boolean }>(
    `SELECT system, local_id, customer_id, needs_review FROM customer_identities
     WHERE system = ANY(${systemsParam}::text[]) AND local_id = ANY(${localIdsParam}::text[])`,
  );
  const alike = read.rows<{ id: string; family: string; given: string; date_of_birth: string; postcode: string }>(
    `SELECT id, lower(family_name) AS family, ${FIRST_GIVEN_NAME} AS given, date_of_birth, postcode
     FROM customers
     WHERE lower(family_name) = ANY(${read.param(keys.map((k) => k.family.toLowerCase()))}::text[])
       AND ${FIRST_GIVEN_NAME} = ANY(${read.param(keys.map((k) => k.given))}::text[])
       AND date_of_birth = ANY(${read.param(keys.map((k) => k.dateOfBirth))}::date[])
       AND postcode = ANY(${read.param(keys.map((k) => k.postcode))}::text[])
     ORDER BY id`,
  );
  // The records of customers a person may turn out to be (by NHS number or link): who holds each
  // number, and what each record says, so an unchanged one is not written again. (A coordinator's
  // decision on one holds the same person locks the caller holds: see lockCustomers.)
  const knownIds = `SELECT id FROM customers WHERE nhs_number = ANY(${nhsParam}::bpchar[])
    UNION SELECT customer_id FROM customer_identities WHERE system = ANY(${systemsParam}::text[]) AND local_id = ANY(${localIdsParam}::text[])`;
  const known = read.rows<JsonCustomerRow>(`SELECT * FROM customers WHERE id IN (${knownIds})`);
  const decided = read.rows<{ customer_id: string; sender: string; sent_person: PersonDetails }>(
    `SELECT DISTINCT ON (customer_id, sender) customer_id, sender, sent_person FROM person_update_reviews
     WHERE status IN ('ACCEPTED', 'DISMISSED') AND sender = ANY(${read.param(senders)}::text[]) AND customer_id IN (${knownIds})
     ORDER BY customer_id, sender, decided_at DESC`,
  );
  const wantedLinks = new Set(links.map((link) => identityKey(link.system, link.value)));
  const wantedKeys = new Set(keys.map(demographicKey));
  return () => {
    const byDemographics = new Map<string, string[]>();
    for (const { id, family, given, date_of_birth: dateOfBirth, postcode } of alike()) {
      const key = demographicKey({ family, given, dateOfBirth, postcode });
      if (wantedKeys.has(key)) byDemographics.set(key, [...(byDemographics.get(key) ?? []), id]);
    }
    const wantedNhsNumbers = new Set(nhsNumbers);
    return {
      byNhsNumber: new Map(
        known()
          .filter((row) => row.nhs_number !== null && wantedNhsNumbers.has(row.nhs_number))
          .map((row) => [row.nhs_number!, row.id]),
      ),
      byLink: new Map(
        linked()
          .map((row) => [identityKey(row.system, row.local_id), { customerId: row.customer_id, needsReview: row.needs_review }] as const)
          .filter(([key]) => wantedLinks.has(key)),
      ),
      byDemographics,
      current: new Map(
        known().map((row) => [row.id, customerFromRow({ ...row, created_at: new Date(row.created_at), updated_at: new Date(row.updated_at) })]),
      ),
      lastDecided: new Map(decided().map((row) => [reviewKey(row.customer_id, row.sender), row.sent_person])),
    };
  };
}

/** A customer row read as JSON: its timestamps are text. */
type JsonCustomerRow = Omit<CustomerRow, 'created_at' | 'updated_at'> & { created_at: string; updated_at: string };

/**
 * Adds what was decided about customers to a write: new customers, changed
 * records (an NHS number is only ever added here: a coordinator's change of
 * one goes through the row's own update), and identity links.
 */
export function saveCustomersInto(
  write: CombinedWrite,
  created: readonly CustomerRecord[],
  changed: readonly CustomerRecord[],
  links: readonly IdentityLink[],
): void {
  write.insert('customers', created.map(customerToRow));
  if (changed.length > 0) {
    const records = write.records('customers', changed.map(customerToRow));
    const ids = write.param(changed.map((customer) => customer.id));
    write.add(
      `UPDATE customers c SET nhs_number = coalesce(c.nhs_number, x.nhs_number), title = x.title, given_name = x.given_name,
         family_name = x.family_name, date_of_birth = x.date_of_birth, sex = x.sex, address_lines = x.address_lines,
         town = x.town, postcode = x.postcode, phones = x.phones, gp_practice_ods_code = x.gp_practice_ods_code,
         preferred_name = x.preferred_name, contacts = x.contacts, demographics_trust = x.demographics_trust, death_reports = x.death_reports, updated_at = x.updated_at
       FROM ${records} WHERE c.id = x.id AND c.id = ANY(${ids}::uuid[])`,
    );
  }
  if (links.length > 0) {
    const records = write.records(
      'customer_identities',
      links.map((link) => ({
        system: link.system,
        local_id: link.localId,
        customer_id: link.customerId,
        needs_review: link.needsReview,
        linked_at: link.linkedAt,
      })),
    );
    write.add(
      `INSERT INTO customer_identities (system, local_id, customer_id, needs_review, linked_at)
       SELECT system, local_id, customer_id, needs_review, linked_at FROM ${records}
       ON CONFLICT (system, local_id) DO UPDATE SET customer_id = excluded.customer_id,
         needs_review = excluded.needs_review,
         linked_at = CASE WHEN customer_identities.customer_id = excluded.customer_id
           THEN customer_identities.linked_at ELSE excluded.linked_at END`,
    );
  }
}

function searchConditions(criteria: CustomerSearch): SqlConditions {
  const conditions = new SqlConditions()
    .addIf(criteria.dateOfBirth, (dateOfBirth) => sql`date_of_birth = ${dateOfBirth}::date`)
    .addIf(criteria.postcode, (postcode) => sql`postcode = ${postcode}`);
  const text = criteria.text?.trim();
  if (!text) return conditions;
  return conditions.add(personTextCondition(text, CUSTOMER_COLUMNS));
}

const CUSTOMER_COLUMNS: PersonColumns = {
  nhsNumber: rawSql('nhs_number'),
  lowerNames: [rawSql('lower(family_name)'), rawSql('lower(given_name)'), rawSql('lower(preferred_name)')],
};

function customerFromRow(row: CustomerRow): CustomerRecord {
  return {
    id: row.id,
    nhsNumber: row.nhs_number,
    name: { title: row.title, given: row.given_name, family: row.family_name, preferred: row.preferred_name },
    dateOfBirth: row.date_of_birth,
    sex: row.sex,
    address:
      row.address_lines === null && row.postcode === null
        ? null
        : { lines: row.address_lines ?? [], town: row.town, postcode: row.postcode },
    phones: row.phones,
    gpPracticeOdsCode: row.gp_practice_ods_code,
    demographicsTrust: row.demographics_trust,
    deathReports: row.death_reports,
    communication: {
      preferredLanguage: row.preferred_language,
      interpreterRequired: row.interpreter_required,
      notes: row.communication_notes,
    },
    contacts: row.contacts,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function customerToRow(customer: CustomerRecord): CustomerRow {
  return {
    id: customer.id,
    nhs_number: customer.nhsNumber,
    title: customer.name.title,
    given_name: customer.name.given,
    family_name: customer.name.family,
    preferred_name: customer.name.preferred,
    date_of_birth: customer.dateOfBirth,
    sex: customer.sex,
    address_lines: customer.address?.lines ?? null,
    town: customer.address?.town ?? null,
    postcode: customer.address?.postcode ?? null,
    phones: customer.phones,
    gp_practice_ods_code: customer.gpPracticeOdsCode,
    demographics_trust: customer.demographicsTrust,
    death_reports: customer.deathReports,
    preferred_language: customer.communication.preferredLanguage,
    interpreter_required: customer.communication.interpreterRequired,
    communication_notes: customer.communication.notes,
    contacts: customer.contacts,
    created_at: customer.createdAt,
    updated_at: customer.updatedAt,
  };
}
