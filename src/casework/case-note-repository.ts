import { actorFromColumns, actorToColumns, type ActorColumns } from '../auth/actor-columns.js';
import type { CaseNoteCategory } from '../generated/graphql.js';
import type { SqlExecutor } from '../store/database.js';
import { countsPerParent, firstRowsPerParent } from '../store/batched-pages.js';
import { checkCursorRow, toConnection, type PageRequest } from '../store/pagination.js';
import type { CaseNoteConnectionRecord, CaseNoteRecord } from './case-note.js';

interface NoteRow extends ActorColumns {
  id: string;
  referral_id: string;
  customer_id: string;
  category: CaseNoteCategory;
  body: string;
  written_at: Date;
  corrects: string | null;
  corrected_by: string | null;
  fingerprint: string;
}

/** A note with whose referral it is now, and the note that corrects it. */
const SELECT_NOTES = `SELECT n.id, n.referral_id, r.customer_id, n.category, n.body, n.actor_subject, n.actor_name, n.actor_role,
    n.written_at, n.corrects, c.id AS corrected_by, n.fingerprint
  FROM case_notes n JOIN referrals r ON r.id = n.referral_id LEFT JOIN case_notes c ON c.corrects = n.id`;

const NEWEST_FIRST = 'ORDER BY n.written_at DESC, n.id DESC';

function noteFromRow(row: NoteRow): CaseNoteRecord {
  return {
    id: row.id,
    referralId: row.referral_id,
    customerId: row.customer_id,
    category: row.category,
    text: row.body,
    author: actorFromColumns(row),
    writtenAt: row.written_at,
    corrects: row.corrects,
    correctedBy: row.corrected_by,
  };
}

export class CaseNoteRepository {
  constructor(private readonly db: SqlExecutor) {}

  async insert(note: CaseNoteRecord, request: { key: string; fingerprint: string }): Promise<void> {
    const actor = actorToColumns(note.author);
    await this.db.query(
      `INSERT INTO case_notes (id, referral_id, category, body, actor_subject, actor_name, actor_role, written_at, corrects, idempotency_key, fingerprint)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [note.id, note.referralId, note.category, note.text, actor.actor_subject, actor.actor_name, actor.actor_role, note.writtenAt, note.corrects, request.key, request.fingerprint],
    );
  }

  async findByIdempotencyKey(key: string): Promise<{ note: CaseNoteRecord; fingerprint: string } | null> {
    const [row] = await this.db.query<NoteRow>(`${SELECT_NOTES} WHERE n.idempotency_key = $1`, [key]);
    return row ? { note: noteFromRow(row), fingerprint: row.fingerprint } : null;
  }

  async findByIds(ids: readonly string[]): Promise<CaseNoteRecord[]> {
    const rows = await this.db.query<NoteRow>(`${SELECT_NOTES} WHERE n.id = ANY($1::uuid[])`, [ids]);
    return rows.map(noteFromRow);
  }

  /** The newest `limit` notes of each referral, in one query: a list of referrals costs one, not one each. */
  async newestPerReferral(referralIds: readonly string[], limit: number): Promise<Map<string, CaseNoteRecord[]>> {
    return firstRowsPerParent(this.db, referralIds, limit, `${SELECT_NOTES} WHERE n.referral_id = parent.id ${NEWEST_FIRST}`, noteFromRow, (note) => note.referralId);
  }

  async countPerReferral(referralIds: readonly string[]): Promise<Map<string, number>> {
    return countsPerParent(this.db, 'case_notes', 'referral_id', referralIds);
  }

  /** A referral's notes, newest first; a cursor names the last note seen, whose place the query finds. */
  async listOfReferral(referralId: string, page: PageRequest): Promise<CaseNoteConnectionRecord> {
    const after = page.after === null ? '' : 'AND (n.written_at, n.id) < (SELECT written_at, id FROM case_notes WHERE id = $3::uuid AND referral_id = $1)';
    const rows = await this.db.query<NoteRow>(
      `${SELECT_NOTES} WHERE n.referral_id = $1 ${after} ${NEWEST_FIRST} LIMIT $2`,
      page.after === null ? [referralId, page.first + 1] : [referralId, page.first + 1, page.after],
    );
    // A cursor of another referral's notes is no cursor of this list.
    await checkCursorRow(this.db, 'case_notes', page, rows.length, { column: 'referral_id', value: referralId });
    return toConnection(rows.map(noteFromRow), page, async () => (await this.countPerReferral([referralId])).get(referralId)!);
  }
}
