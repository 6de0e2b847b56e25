import type {
  DateRange,
  DischargePathway,
  HospitalEvent,
  ReferralAction,
  ReferralOrder,
  ReferralPriority,
  ReferralSource,
  ReferralStatus,
  RiskFlag,
} from '../generated/graphql.js';
import { countsPerParent, firstRowsPerParent } from '../store/batched-pages.js';
import { bulkInsert } from '../store/bulk-insert.js';
import type { CombinedRead } from '../store/combined-read.js';
import { CombinedWrite } from '../store/combined-write.js';
import { groupBy } from '../store/group-by.js';
import { actorFromColumns, actorToColumns, type ActorColumns } from '../auth/actor-columns.js';
import { numberPerParent } from '../store/history-rows.js';
import type { SqlExecutor } from '../store/database.js';
import type { BusinessResponseRequest, PersonDetails, PersonIdentifier } from './discharge-message.js';
import { spellKeyText, type SpellKey } from './spell-event-repository.js';
import { checkCursorRow, toConnection, type PageRequest } from '../store/pagination.js';
import { SqlConditions } from '../store/sql-conditions.js';
import { publishReferralChanges } from '../live/publish-live-events.js';
import { rawSql, sql, type SqlFragment } from '../store/sql-fragment.js';
import { personTextCondition, type PersonColumns } from '../customers/name-search.js';
import type { ReferralTransition } from './referral-state-machine.js';
import { afterPositionSql, NEWEST_RECEIVED, orderBySql, positionIn, referralPosition } from './referral-order.js';
import type {
  HubBoardRecord,
  ReferralConnectionRecord,
  ReferralEventRecord,
  ReferralListFilter,
  ReferralRecord,
  ReferralSearch,
  ReferrerRecord,
  TriageRecord,
} from './referral.js';

interface ReferralRow {
  id: string;
  customer_id: string;
  source: ReferralSource;
  referring_trust_ods_code: string | null;
  ward: string | null;
  admitted_at: Date | null;
  expected_discharge_on: string | null;
  discharge_ready_on: string | null;
  discharged_at: Date | null;
  pathway: DischargePathway | null;
  status: ReferralStatus;
  priority: ReferralPriority | null;
  needs_summary: string | null;
  risk_flags: RiskFlag[];
  risk_notes: string | null;
  assigned_team: string | null;
  assigned_worker: string | null;
  triage: (Omit<TriageRecord, 'decidedAt'> & { decidedAt: string }) | null;
  received_at: Date;
  updated_at: Date;
  spell_id: string | null;
  site: string | null;
  consultant: string | null;
  discharge_method: string | null;
  discharge_destination: string | null;
  sent_person: PersonDetails | null;
  referrer: ReferrerRecord | null;
  identity_system: string | null;
  identity_local_id: string | null;
  business_response_to: BusinessResponseRequest | null;
}

interface EventRow extends ActorColumns {
  referral_id: string;
  sequence: number;
  action: ReferralAction;
  from_status: ReferralStatus | null;
  to_status: ReferralStatus;
  at: Date;
  reason: string | null;
  hospital_event: HospitalEvent | null;
  inbox_message_id: string | null;
}

/** The statuses of referrals the hub is still working on (isOpen), in SQL. */
const OPEN_STATUSES = "'RECEIVED', 'TRIAGED', 'ACCEPTED'";

/** Newest first. */
const NEWEST_FIRST = orderBySql(NEWEST_RECEIVED);

export class ReferralRepository {
  constructor(private readonly db: SqlExecutor) {}

  async findByIds(ids: readonly string[]): Promise<ReferralRecord[]> {
    const rows = await this.db.query<ReferralRow>('SELECT * FROM referrals WHERE id = ANY($1::uuid[])', [ids]);
    return rows.map(referralFromRow);
  }

  /** Those of these referrals that pass a list's filter (live events tested against subscribers' filters). */
  async findListed(ids: readonly string[], filter: ReferralListFilter): Promise<ReferralRecord[]> {
    const conditions = listConditions(filter).add(sql`id = ANY(${ids}::uuid[])`);
    const rows = await this.db.query<ReferralRow>(`SELECT * FROM referrals ${conditions.where()}`, conditions.params);
    return rows.map(referralFromRow);
  }

  /** Reads a referral and locks it until the transaction ends, so two decisions on it cannot interleave. */
  async lockById(id: string): Promise<ReferralRecord | null> {
    const rows = await this.db.query<ReferralRow>('SELECT * FROM referrals WHERE id = $1 FOR UPDATE', [id]);
    return rows[0] ? referralFromRow(rows[0]) : null;
  }

  /**
   * When the referral came to the status it has: the time of the last step
   * that changed it (a hospital's news since changes no status), or null
   * where its history never moved it there.
   */
  async statusSince(referral: ReferralRecord): Promise<Date | null> {
    const [row] = await this.db.query<{ at: Date | null }>(
      `SELECT max(at) AS at FROM referral_events
       WHERE referral_id = $1 AND to_status = $2 AND from_status IS DISTINCT FROM to_status`,
      [referral.id, referral.status],
    );
    return row?.at ?? null;
  }

  /** The referral created under a caller's idempotency key, with a fingerprint of what was asked for. */
  async findCreatedUnder(key: string): Promise<{ referral: ReferralRecord; fingerprint: string } | null> {
    const rows = await this.db.query<ReferralRow & { creation_fingerprint: string }>(
      `SELECT r.*, c.fingerprint AS creation_fingerprint FROM referral_creations c JOIN referrals r ON r.id = c.referral_id
       WHERE c.idempotency_key = $1`,
      [key],
    );
    const [row] = rows;
    if (!row) return null;
    const { creation_fingerprint, ...referral } = row;
    return { referral: referralFromRow(referral), fingerprint: creation_fingerprint };
  }

  /** A referral the hub created, with its first step, under the caller's idempotency key; said when the transaction commits. */
  async create(created: ReferralTransition, creation: { key: string; fingerprint: string }): Promise<void> {
    await this.insertMany([created.referral], [created.event]);
    await this.db.query('INSERT INTO referral_creations (idempotency_key, fingerprint, referral_id) VALUES ($1, $2, $3)', [
      creation.key,
      creation.fingerprint,
      created.referral.id,
    ]);
    await publishReferralChanges(this.db, [created.referral], [created.event]);
  }

  /** A page of referrals in an order (newest received first unless asked), after `page.after`, a position of that order. */
  async list(filter: ReferralListFilter, page: PageRequest, order: ReferralOrder = NEWEST_RECEIVED): Promise<ReferralConnectionRecord> {
    const conditions = listConditions(filter);
    const count = conditions.counter(this.db, 'referrals');
    const scope = filter.trustOdsCode ? { column: 'referring_trust_ods_code', value: filter.trustOdsCode } : undefined;
    const after = page.after === null ? null : positionIn(order, page.after);
    if (after) conditions.add(afterPositionSql(after));
    const rows = await this.db.query<ReferralRow>(
      `SELECT * FROM referrals ${conditions.where()} ${orderBySql(order)} LIMIT ${conditions.param(page.first + 1)}`,
      conditions.params,
    );
    await checkCursorRow(this.db, 'referrals', { ...page, after: after?.id ?? null }, rows.length, scope);
    return toConnection(rows.map(referralFromRow), page, count, (referral) => referralPosition(order, referral));
  }

  /** The customers of every referral the filter matches, not only a page's: what a search is audited with. */
  async customersMatching(filter: ReferralListFilter): Promise<string[]> {
    const conditions = listConditions(filter);
    const rows = await this.db.query<{ customer_id: string }>(
      `SELECT DISTINCT customer_id FROM referrals ${conditions.where()}`,
      conditions.params,
    );
    return rows.map((row) => row.customer_id);
  }

  /** The newest `limit` referrals of each customer, optionally only one trust's. */
  async newestPerCustomer(
    customerIds: readonly string[],
    limit: number,
    trustOdsCode: string | null,
  ): Promise<Map<string, ReferralRecord[]>> {
    return firstRowsPerParent(
      this.db,
      customerIds,
      limit,
      `SELECT * FROM referrals WHERE customer_id = parent.id AND ($3::text IS NULL OR referring_trust_ods_code = $3)
        ${NEWEST_FIRST}`,
      referralFromRow,
      (referral) => referral.customerId,
      [trustOdsCode],
    );
  }

  async countPerCustomer(customerIds: readonly string[], trustOdsCode: string | null): Promise<Map<string, number>> {
    return countsPerParent(
      this.db,
      'referrals',
      'customer_id',
      customerIds,
      'AND ($2::text IS NULL OR referring_trust_ods_code = $2)',
      [trustOdsCode],
    );
  }

  async historyOf(referralIds: readonly string[]): Promise<Map<string, ReferralEventRecord[]>> {
    const rows = await this.db.query<EventRow>(
      'SELECT * FROM referral_events WHERE referral_id = ANY($1::uuid[]) ORDER BY referral_id, sequence',
      [referralIds],
    );
    return groupBy(rows.map(eventFromRow), (event) => event.referralId);
  }

  async hubBoard(): Promise<HubBoardRecord> {
    const counts = await this.db.query<HubBoardRecord['counts'][number]>(
      'SELECT status, pathway, count(*)::int AS count FROM referrals GROUP BY status, pathway ORDER BY status, pathway',
    );
    return { counts };
  }

  async oldestUntriaged(limit: number): Promise<ReferralRecord[]> {
    const rows = await this.db.query<ReferralRow>(
      `SELECT * FROM referrals WHERE status = 'RECEIVED' ORDER BY received_at, id LIMIT $1`,
      [limit],
    );
    return rows.map(referralFromRow);
  }

  /**
   * Open referrals of people who have died, earliest received first: their
   * customer has a recorded death, or the referring trust's own messages say
   * its patient died (a report through a link still waiting for review).
   */
  async openOfPeopleWhoDied(limit: number): Promise<ReferralRecord[]> {
    const rows = await this.db.query<ReferralRow>(
      `SELECT r.* FROM referrals r
       WHERE r.status IN (${OPEN_STATUSES})
         AND (r.customer_id IN (SELECT id FROM customers WHERE death_reports <> '[]'::jsonb)
           OR (r.sent_person -> 'death' ->> 'died')::boolean)
       ORDER BY r.received_at, r.id LIMIT $1`,
      [limit],
    );
    return rows.map(referralFromRow);
  }

  /** The open referrals of these customers but the ones named, locked, each with the sequence number of its last history step. */
  async lockOpenOfCustomers(customerIds: readonly string[], except: readonly string[]): Promise<{ referral: ReferralRecord; lastSequence: number }[]> {
    const rows = await this.db.query<ReferralRow & { last_sequence: number }>(
      `SELECT r.*, (SELECT coalesce(max(sequence), 0) FROM referral_events e WHERE e.referral_id = r.id)::int AS last_sequence
       FROM referrals r
       WHERE r.customer_id = ANY($1::uuid[]) AND r.status IN (${OPEN_STATUSES}) AND r.id <> ALL($2::uuid[])
       ORDER BY r.id FOR UPDATE OF r`,
      [customerIds, except],
    );
    return rows.map(({ last_sequence, ...row }) => ({ referral: referralFromRow(row), lastSequence: last_sequence }));
  }

  async update(referral: ReferralRecord): Promise<void> {
    await new CombinedWrite().update('referrals', [referralToRow(referral)]).run(this.db);
  }

  /** The referral following a trust's spell. */
  async findBySpell(trustOdsCode: string, spellId: string): Promise<ReferralRecord | null> {
    const rows = await this.db.query<ReferralRow>(
      'SELECT * FROM referrals WHERE referring_trust_ods_code = $1 AND spell_id = $2',
      [trustOdsCode, spellId],
    );
    return rows[0] ? referralFromRow(rows[0]) : null;
  }

  async lockByCustomer(customerId: string): Promise<ReferralRecord[]> {
    const rows = await this.db.query<ReferralRow>('SELECT * FROM referrals WHERE customer_id = $1 ORDER BY id FOR UPDATE', [customerId]);
    return rows.map(referralFromRow);
  }

  /** Referrals that came through an identity link, locked (a link separated on review, or merged). */
  async lockByIdentity(link: PersonIdentifier): Promise<ReferralRecord[]> {
    const rows = await this.db.query<ReferralRow>(
      'SELECT * FROM referrals WHERE identity_system = $1 AND identity_local_id = $2 ORDER BY id FOR UPDATE',
      [link.system, link.value],
    );
    return rows.map(referralFromRow);
  }

  /** A referral changed by one step: stored, the step added after its last, and said when the transaction commits. Call with it locked. */
  async saveStep(referral: ReferralRecord, event: ReferralEventRecord): Promise<void> {
    await this.update(referral);
    await this.appendEvent(event);
    await publishReferralChanges(this.db, [referral], [event]);
  }

  /** Adds an event after the referral's last; call with the referral locked (lockById). */
  private async appendEvent(event: ReferralEventRecord): Promise<void> {
    const row = eventToRow(event, 0);
    await this.db.query(
      `INSERT INTO referral_events (referral_id, sequence, action, from_status, to_status, at, actor_subject, actor_name,
         actor_role, reason, hospital_event, inbox_message_id)
       SELECT $1, coalesce(max(sequence), 0) + 1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11
       FROM referral_events WHERE referral_id = $1`,
      [row.referral_id, row.action, row.from_status, row.to_status, row.at, row.actor_subject, row.actor_name,
        row.actor_role, row.reason, row.hospital_event, row.inbox_message_id],
    );
  }

  /** Stores referrals with their histories as given (events in order per referral). */
  async insertMany(referrals: readonly ReferralRecord[], events: readonly ReferralEventRecord[]): Promise<void> {
    await bulkInsert(this.db, 'referrals', referrals.map(referralToRow));
    await bulkInsert(
      this.db,
      'referral_events',
      numberPerParent(events, (event) => event.referralId).map(([event, sequence]) => eventToRow(event, sequence)),
    );
  }
}

/**
 * Adds a read of the referrals following these spells, locked until the
 * transaction ends (a hub decision on one waits), each with the sequence
 * number of its last history event; by spellKeyText.
 */
export function lockReferralsBySpellsInto(
  read: CombinedRead,
  keys: readonly SpellKey[],
): () => Map<string, { referral: ReferralRecord; lastSequence: number }> {
  // Arrays probe referrals_by_spell; a pair from two keys (one's trust, another's spell) is dropped below.
  const rows = read.rows<JsonRow<ReferralRow> & { last_sequence: number }>(
    `SELECT r.*, (SELECT coalesce(max(sequence), 0) FROM referral_events e WHERE e.referral_id = r.id)::int AS last_sequence
     FROM referrals r
     WHERE r.spell_id IS NOT NULL AND r.referring_trust_ods_code = ANY(${read.param(keys.map((key) => key.sender))}::text[])
       AND r.spell_id = ANY(${read.param(keys.map((key) => key.spellId))}::text[])
     ORDER BY r.id FOR UPDATE OF r`,
  );
  const wanted = new Set(keys.map(spellKeyText));
  return () =>
    new Map(
      rows()
        .filter((row) => wanted.has(spellKeyText({ sender: row.referring_trust_ods_code!, spellId: row.spell_id! })))
        .map(({ last_sequence, ...row }) => [
          spellKeyText({ sender: row.referring_trust_ods_code!, spellId: row.spell_id! }),
          { referral: referralFromRow(fromJson(row)), lastSequence: last_sequence },
        ]),
    );
}

/**
 * Adds new and changed referrals and their history events (each with its
 * sequence number) to a write, and says they changed when `tx` commits.
 */
export async function saveReferralsInto(
  tx: SqlExecutor,
  write: CombinedWrite,
  created: readonly ReferralRecord[],
  changed: readonly ReferralRecord[],
  events: readonly [ReferralEventRecord, number][],
): Promise<void> {
  await publishReferralChanges(tx, [...created, ...changed], events.map(([event]) => event));
  write
    .insert('referrals', created.map(referralToRow))
    .update('referrals', changed.map(referralToRow))
    .insert('referral_events', events.map(([event, sequence]) => eventToRow(event, sequence)));
}

/** A referral row read as JSON: its timestamps are text. */
type JsonRow<Row> = { [K in keyof Row]: Row[K] extends Date ? string : Row[K] extends Date | null ? string | null : Row[K] };

function fromJson(row: JsonRow<ReferralRow>): ReferralRow {
  const date = (value: string | null) => (value === null ? null : new Date(value));
  return {
    ...row,
    admitted_at: date(row.admitted_at),
    discharged_at: date(row.discharged_at),
    received_at: new Date(row.received_at),
    updated_at: new Date(row.updated_at),
  };
}

function listConditions(filter: ReferralListFilter): SqlConditions {
  return new SqlConditions()
    .addIf(filter.trustOdsCode, (trust) => sql`referring_trust_ods_code = ${trust}`)
    .addIf(filter.receivedSince, (since) => sql`received_at >= ${since}`)
    .addIf(filter.receivedBefore, (before) => sql`received_at < ${before}`)
    .addIf(filter.updatedSince, (since) => sql`updated_at >= ${since}`)
    .addIf(filter.customerId, (customerId) => sql`customer_id = ${customerId}::uuid`)
    .addIfAny(filter.statuses, (statuses) => sql`status = ANY(${statuses}::text[])`)
    .addIfAny(filter.pathways, (pathways) => sql`pathway = ANY(${pathways}::text[])`)
    .addIfAny(filter.priorities, (priorities) => sql`priority = ANY(${priorities}::text[])`)
    .addIf(filter.ward, (ward) => sql`ward = ${ward}`)
    .addIf(filter.assignedTeam, (team) => sql`assigned_team = ${team}`)
    .addIf(filter.assignedWorker, (worker) => sql`assigned_worker = ${worker}`)
    .addIf(filter.expectedDischargeOn, (range) => dayInRange(rawSql('expected_discharge_on'), range))
    .addIf(filter.dischargeReadyOn, (range) => dayInRange(rawSql('discharge_ready_on'), range))
    .addIf(filter.search, searchCondition);
}

function dayInRange(column: SqlFragment, range: DateRange): SqlFragment {
  const from = range.from ? sql` AND ${column} >= ${range.from}::date` : sql``;
  const to = range.to ? sql` AND ${column} <= ${range.to}::date` : sql``;
  return sql`${column} IS NOT NULL${from}${to}`;
}

/** The person as the trust sent them, on the referral (indexed in migration 007). */
const AS_SENT: PersonColumns = {
  nhsNumber: rawSql("(sent_person ->> 'nhsNumber')"),
  lowerNames: ["lower(sent_person ->> 'familyName')", "lower(sent_person ->> 'givenName')", "lower(sent_person ->> 'preferredName')"].map(rawSql),
};

/** The council's record of the person (the customers' name and NHS number indexes). */
const CUSTOMER: PersonColumns = {
  nhsNumber: rawSql('c.nhs_number'),
  lowerNames: [rawSql('lower(c.family_name)'), rawSql('lower(c.given_name)'), rawSql('lower(c.preferred_name)')],
};

function searchCondition(search: ReferralSearch): SqlFragment {
  if (search.of === 'AS_SENT') return sql`(sent_person IS NOT NULL AND ${personTextCondition(search.text, AS_SENT)})`;
  return sql`customer_id IN (SELECT c.id FROM customers c WHERE ${personTextCondition(search.text, CUSTOMER)})`;
}

function referralFromRow(row: ReferralRow): ReferralRecord {
  return {
    id: row.id,
    customerId: row.customer_id,
    source: row.source,
    referringTrustOdsCode: row.referring_trust_ods_code,
    ward: row.ward,
    admittedAt: row.admitted_at,
    expectedDischargeOn: row.expected_discharge_on,
    dischargeReadyOn: row.discharge_ready_on,
    dischargedAt: row.discharged_at,
    pathway: row.pathway,
    status: row.status,
    priority: row.priority,
    needsSummary: row.needs_summary,
    risks: { flags: row.risk_flags, notes: row.risk_notes },
    assignedTeam: row.assigned_team,
    assignedWorker: row.assigned_worker,
    // jsonb has no date type: the decision time comes back as an ISO string
    triage: row.triage ? { ...row.triage, decidedAt: new Date(row.triage.decidedAt) } : null,
    receivedAt: row.received_at,
    updatedAt: row.updated_at,
    hospitalSpell:
      row.spell_id === null
        ? null
        : {
            spellId: row.spell_id,
            site: row.site,
            consultant: row.consultant,
            dischargeMethod: row.discharge_method,
            dischargeDestination: row.discharge_destination,
          },
    referredPerson: row.sent_person,
    referrer: row.referrer,
    identityLink:
      row.identity_system === null || row.identity_local_id === null
        ? null
        : { system: row.identity_system, value: row.identity_local_id },
    businessResponseTo: row.business_response_to,
  };
}

function referralToRow(referral: ReferralRecord): ReferralRow {
  return {
    id: referral.id,
    customer_id: referral.customerId,
    source: referral.source,
    referring_trust_ods_code: referral.referringTrustOdsCode,
    ward: referral.ward,
    admitted_at: referral.admittedAt,
    expected_discharge_on: referral.expectedDischargeOn,
    discharge_ready_on: referral.dischargeReadyOn,
    discharged_at: referral.dischargedAt,
    pathway: referral.pathway,
    status: referral.status,
    priority: referral.priority,
    needs_summary: referral.needsSummary,
    risk_flags: referral.risks.flags,
    risk_notes: referral.risks.notes,
    assigned_team: referral.assignedTeam,
    assigned_worker: referral.assignedWorker,
    triage: referral.triage ? { ...referral.triage, decidedAt: referral.triage.decidedAt.toISOString() } : null,
    received_at: referral.receivedAt,
    updated_at: referral.updatedAt,
    spell_id: referral.hospitalSpell?.spellId ?? null,
    site: referral.hospitalSpell?.site ?? null,
    consultant: referral.hospitalSpell?.consultant ?? null,
    discharge_method: referral.hospitalSpell?.dischargeMethod ?? null,
    discharge_destination: referral.hospitalSpell?.dischargeDestination ?? null,
    sent_person: referral.referredPerson,
    referrer: referral.referrer,
    identity_system: referral.identityLink?.system ?? null,
    identity_local_id: referral.identityLink?.value ?? null,
    business_response_to: referral.businessResponseTo,
  };
}

function eventFromRow(row: EventRow): ReferralEventRecord {
  return {
    referralId: row.referral_id,
    action: row.action,
    fromStatus: row.from_status,
    toStatus: row.to_status,
    at: row.at,
    by: actorFromColumns(row),
    reason: row.reason,
    hospitalEvent: row.hospital_event,
    inboxMessageId: row.inbox_message_id,
  };
}

function eventToRow(event: ReferralEventRecord, sequence: number): EventRow {
  return {
    referral_id: event.referralId,
    sequence,
    action: event.action,
    from_status: event.fromStatus,
    to_status: event.toStatus,
    at: event.at,
    ...actorToColumns(event.by),
    reason: event.reason,
    hospital_event: event.hospitalEvent,
    inbox_message_id: event.inboxMessageId,
  };
}
