import type { Phone, RelatedPerson, Sex } from '../generated/graphql.js';
import { bulkInsert } from '../store/bulk-insert.js';
import type { SqlExecutor } from '../store/database.js';
import { checkCursorRow, toConnection, type PageRequest } from '../store/pagination.js';
import { SqlConditions } from '../store/sql-conditions.js';
import type { PersonDetails } from '../referrals/discharge-message.js';
import type { CustomerConnectionRecord, CustomerIdentityRecord, CustomerRecord, CustomerSearch } from './customer.js';
import type { ReviewBasis } from './identity-matching.js';
import type { IdentityReviewRecord } from './identity-review.js';

export interface IdentityLink {
  system: string;
  localId: string;
  customerId: string;
  needsReview: boolean;
  linkedAt: Date;
  reviewBasis: ReviewBasis | null;
  sentPerson: PersonDetails | null;
}
import { parseNhsNumber } from './nhs-number.js';

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

  async search(criteria: CustomerSearch, page: PageRequest): Promise<CustomerConnectionRecord> {
    const conditions = searchConditions(criteria);
    const count = conditions.counter(this.db, 'customers');
    if (page.after) {
      conditions.add(`(${SEARCH_ORDER}) > (SELECT ${SEARCH_ORDER} FROM customers WHERE id = ?::uuid)`, page.after);
    }
    const rows = await this.db.query<CustomerRow>(
      `SELECT * FROM customers ${conditions.where()} ORDER BY ${SEARCH_ORDER} LIMIT ${conditions.param(page.first + 1)}`,
      conditions.params,
    );
    await checkCursorRow(this.db, 'customers', page, rows.length);
    return toConnection(rows.map(customerFromRow), page, count);
  }

  async identitiesOf(customerIds: readonly string[]): Promise<CustomerIdentityRecord[]> {
    const rows = await this.db.query<IdentityRow>(
      'SELECT * FROM customer_identities WHERE customer_id = ANY($1::uuid[]) ORDER BY linked_at, system',
      [customerIds],
    );
    return rows.map(identityFromRow);
  }

  async insert(customer: CustomerRecord): Promise<void> {
    await this.insertMany([customer], []);
  }

  /** Replaces who the customer is (name, birth, sex, address, phones, GP); leaves what the hub recorded. */
  async updateDemographics(customer: CustomerRecord): Promise<void> {
    const row = customerToRow(customer);
    await this.db.query(
      `UPDATE customers SET nhs_number = coalesce(nhs_number, $2), title = $3, given_name = $4, family_name = $5,
         date_of_birth = $6, sex = $7, address_lines = $8, town = $9, postcode = $10, phones = $11::jsonb,
         gp_practice_ods_code = $12, updated_at = $13
       WHERE id = $1`,
      [row.id, row.nhs_number, row.title, row.given_name, row.family_name, row.date_of_birth, row.sex,
        row.address_lines, row.town, row.postcode, JSON.stringify(row.phones), row.gp_practice_ods_code, row.updated_at],
    );
  }

  /** Customers whose family name, given name, date of birth and postcode are all these (case-insensitive names). */
  async findByDemographics(keys: { family: string; given: string; dateOfBirth: string; postcode: string }): Promise<{ id: string }[]> {
    return this.db.query<{ id: string }>(
      `SELECT id FROM customers WHERE lower(family_name) = lower($1) AND lower(given_name) = lower($2)
         AND date_of_birth = $3::date AND postcode = $4 ORDER BY id LIMIT 2`,
      [keys.family, keys.given, keys.dateOfBirth, keys.postcode],
    );
  }

  async findIdentity(system: string, localId: string): Promise<CustomerIdentityRecord | null> {
    const [row] = await this.db.query<IdentityRow>(
      'SELECT * FROM customer_identities WHERE system = $1 AND local_id = $2 FOR UPDATE',
      [system, localId],
    );
    return row ? identityFromRow(row) : null;
  }

  /**
   * Points an identity at a customer. A link that needs review keeps the
   * person as sent and why; a confirmed or verified one drops them.
   */
  async linkIdentity(link: IdentityLink): Promise<void> {
    await this.db.query(
      `INSERT INTO customer_identities (system, local_id, customer_id, needs_review, linked_at, review_basis, sent_person)
       VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb)
       ON CONFLICT (system, local_id) DO UPDATE SET customer_id = excluded.customer_id,
         needs_review = excluded.needs_review,
         review_basis = CASE WHEN excluded.needs_review THEN coalesce(excluded.review_basis, customer_identities.review_basis) END,
         sent_person = CASE WHEN excluded.needs_review THEN excluded.sent_person END,
         linked_at = CASE WHEN customer_identities.customer_id = excluded.customer_id
           THEN customer_identities.linked_at ELSE excluded.linked_at END`,
      [link.system, link.localId, link.customerId, link.needsReview, link.linkedAt, link.reviewBasis,
        link.sentPerson === null ? null : JSON.stringify(link.sentPerson)],
    );
  }

  async identitiesNeedingReview(limit: number): Promise<IdentityReviewRecord[]> {
    const rows = await this.db.query<IdentityRow & { review_basis: ReviewBasis | null; sent_person: PersonDetails | null }>(
      'SELECT * FROM customer_identities WHERE needs_review ORDER BY linked_at, system, local_id LIMIT $1',
      [limit],
    );
    return rows.map((row) => ({ identity: identityFromRow(row), basis: row.review_basis, sentPerson: row.sent_person }));
  }

  /** A link waiting for review, locked until the transaction ends. */
  async lockReview(system: string, localId: string): Promise<IdentityReviewRecord | null> {
    const [row] = await this.db.query<IdentityRow & { review_basis: ReviewBasis | null; sent_person: PersonDetails | null }>(
      'SELECT * FROM customer_identities WHERE system = $1 AND local_id = $2 AND needs_review FOR UPDATE',
      [system, localId],
    );
    return row ? { identity: identityFromRow(row), basis: row.review_basis, sentPerson: row.sent_person } : null;
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

/** The name words of search text: "Smith, Margaret" is two. */
export function searchWords(text: string): string[] {
  return text.split(/[\s,]+/).filter(Boolean);
}

/** LIKE treats % and _ as wildcards: a name typed by a user must match literally. */
function likePrefix(word: string): string {
  return `${word.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function searchConditions(criteria: CustomerSearch): SqlConditions {
  const conditions = new SqlConditions()
    .addIf('date_of_birth = ?::date', criteria.dateOfBirth)
    .addIf('postcode = ?', criteria.postcode);
  const text = criteria.text?.trim();
  if (!text) return conditions;
  const nhsNumber = parseNhsNumber(text);
  if (nhsNumber.ok) return conditions.add('nhs_number = ?', nhsNumber.value);
  const words = searchWords(text);
  // Text with no name in it (", ,") matches nobody rather than everybody.
  if (words.length === 0) return conditions.add('false');
  for (const word of words) {
    conditions.add(
      `(lower(family_name) LIKE ? OR lower(given_name) LIKE ? OR lower(preferred_name) LIKE ?)`,
      ...Array<string>(3).fill(likePrefix(word)),
    );
  }
  return conditions;
}

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
    preferred_language: customer.communication.preferredLanguage,
    interpreter_required: customer.communication.interpreterRequired,
    communication_notes: customer.communication.notes,
    contacts: customer.contacts,
    created_at: customer.createdAt,
    updated_at: customer.updatedAt,
  };
}
