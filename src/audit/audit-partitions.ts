/**
 * The audit trail's monthly partitions. Months are made ahead of time so
 * that looks land in their own month, and a month past retention is dropped
 * whole (AUDIT_RETENTION_MONTHS), never deleted row by row. Rows that landed
 * in a default partition (a month nobody made: looks from before the trail
 * was partitioned, a clock far off, a gateway that did not run its
 * maintenance) move into their month, which is made for them.
 * Months are UTC calendar months.
 */
import type { Logger } from 'pino';
import type { Database, SqlExecutor } from '../store/database.js';

/** The partitioned tables, each with a `<table>_default` partition and one `<table>_YYYY_MM` per month. */
const TABLES = ['audit_events', 'audit_event_people'] as const;
const MONTHS_AHEAD = 3;
const DAY_MS = 24 * 60 * 60 * 1000;
// Any constant works; it only has to be the same for every gateway sharing a database.
const PARTITION_LOCK_KEY = 7_421_002;
const PARTITION_NAME = /^(audit_events|audit_event_people)_(\d{4})_(\d{2})$/;

export interface PartitionChanges {
  created: string[];
  dropped: string[];
}

/** First instant of the UTC month `offset` months from the one `at` is in. */
function monthStart(at: Date, offset: number): Date {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + offset, 1));
}

function partitionName(table: string, month: Date): string {
  return `${table}_${month.getUTCFullYear()}_${String(month.getUTCMonth() + 1).padStart(2, '0')}`;
}

function boundLiteral(instant: Date): string {
  return `'${instant.toISOString()}'`;
}

/**
 * Makes the partitions from this month to MONTHS_AHEAD ahead, and those of
 * any month the default partitions hold rows of (looks migrated from before
 * the trail was partitioned, or from a clock far off), so that those too
 * expire with their month; then drops the months wholly older than
 * `retentionMonths` (null: keep everything).
 */
export async function maintainAuditPartitions(db: Database, now: Date, retentionMonths: number | null): Promise<PartitionChanges> {
  const changes: PartitionChanges = { created: [], dropped: [] };
  const ahead = Array.from({ length: MONTHS_AHEAD + 1 }, (_, offset) => monthStart(now, offset));
  const months = new Map([...ahead, ...(await monthsInDefault(db))].map((month) => [month.getTime(), month]));
  for (const month of months.values()) {
    for (const table of TABLES) {
      if (await db.transaction((tx) => makeMonth(tx, table, month))) changes.created.push(partitionName(table, month));
    }
  }
  if (retentionMonths !== null) {
    const oldestKept = monthStart(now, -retentionMonths);
    changes.dropped = await db.transaction((tx) => dropBefore(tx, oldestKept));
  }
  return changes;
}

/** Makes one month's partition if it is missing, moving in any of its rows the default partition holds; true if made. */
async function makeMonth(tx: SqlExecutor, table: string, month: Date): Promise<boolean> {
  await tx.query('SELECT pg_advisory_xact_lock($1)', [PARTITION_LOCK_KEY]);
  const name = partitionName(table, month);
  if (await partitionExists(tx, name)) return false;
  const [from, to] = [month, monthStart(month, 1)];
  // Writers wait while the month's rows leave the default partition, so none lands there meanwhile.
  await tx.execScript(
    `LOCK TABLE ${table}_default IN SHARE ROW EXCLUSIVE MODE;
     CREATE TABLE ${name} (LIKE ${table} INCLUDING DEFAULTS INCLUDING CONSTRAINTS);
     WITH moved AS (DELETE FROM ${table}_default WHERE at >= ${boundLiteral(from)} AND at < ${boundLiteral(to)} RETURNING *)
       INSERT INTO ${name} SELECT * FROM moved;
     ALTER TABLE ${table} ATTACH PARTITION ${name} FOR VALUES FROM (${boundLiteral(from)}) TO (${boundLiteral(to)});`,
  );
  return true;
}

/** The UTC months of the rows the default partitions hold. */
async function monthsInDefault(db: SqlExecutor): Promise<Date[]> {
  const rows = await db.query<{ year: number; month: number }>(
    TABLES.map((table) => `SELECT DISTINCT extract(year FROM at AT TIME ZONE 'UTC')::int AS year, extract(month FROM at AT TIME ZONE 'UTC')::int AS month FROM ${table}_default`).join(' UNION '),
  );
  return rows.map(({ year, month }) => new Date(Date.UTC(year, month - 1, 1)));
}

async function partitionExists(tx: SqlExecutor, name: string): Promise<boolean> {
  const found = await tx.query(
    `SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relname = $1 AND n.nspname = current_schema()`,
    [name],
  );
  return found.length > 0;
}

/** Drops the monthly partitions of both tables that end before `oldestKept`; returns their names. */
async function dropBefore(tx: SqlExecutor, oldestKept: Date): Promise<string[]> {
  await tx.query('SELECT pg_advisory_xact_lock($1)', [PARTITION_LOCK_KEY]);
  const partitions = await tx.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_inherits i
     JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent JOIN pg_namespace n ON n.oid = p.relnamespace
     WHERE n.nspname = current_schema() AND p.relname = ANY($1::text[])`,
    [[...TABLES]],
  );
  // A month's partition ends where the next month starts: Date.UTC's month index is 0-based, so the 1-based month in the name is the next.
  const expired = partitions
    .map(({ name }) => ({ name, match: PARTITION_NAME.exec(name) }))
    .filter(({ match }) => match !== null && Date.UTC(Number(match[2]), Number(match[3]), 1) <= oldestKept.getTime())
    .map(({ name }) => name);
  if (expired.length > 0) await tx.execScript(expired.map((name) => `DROP TABLE ${name};`).join('\n'));
  return expired;
}

/**
 * Runs the maintenance once (start-up waits for it) and then daily. A
 * failure is logged and tried again the next day: the default partitions
 * take the looks meanwhile, so the audit trail never stops for it.
 */
export async function startAuditPartitionMaintenance(db: Database, retentionMonths: number | null, logger: Logger): Promise<NodeJS.Timeout> {
  const run = () =>
    maintainAuditPartitions(db, new Date(), retentionMonths).then(
      (changes) => {
        if (changes.created.length + changes.dropped.length > 0) logger.info(changes, 'audit partitions maintained');
      },
      (error: unknown) => logger.error({ err: error }, 'audit partition maintenance failed; the default partitions take the looks meanwhile'),
    );
  await run();
  return setInterval(() => void run(), DAY_MS).unref();
}
