import type { SqlExecutor } from '../store/database.js';
import type { SpellEvent } from './discharge-message.js';
import type { FoldableEvent } from './spell-fold.js';

interface SpellEventRow {
  inbox_message_id: string;
  sent_at: Date;
  tie_break: string;
  event: SpellEvent;
}

export interface StoredSpellEvent extends FoldableEvent {
  sender: string;
}

export class SpellEventRepository {
  constructor(private readonly db: SqlExecutor) {}

  /** Holds the spell until the transaction ends, so two of its events are never folded at once. */
  async lockSpell(sender: string, spellId: string): Promise<void> {
    await this.db.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`spell ${sender} ${spellId}`]);
  }

  /** Stores the event a message carries; a replay with new translation rules replaces it. */
  async put(event: StoredSpellEvent): Promise<void> {
    await this.db.query(
      `INSERT INTO spell_events (inbox_message_id, sender, spell_id, occurred_at, sent_at, tie_break, event)
       VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb)
       ON CONFLICT (inbox_message_id) DO UPDATE SET sender = excluded.sender, spell_id = excluded.spell_id,
         occurred_at = excluded.occurred_at, sent_at = excluded.sent_at, event = excluded.event`,
      [event.messageId, event.sender, event.event.spellId, event.event.occurredAt, event.sentAt, event.tieBreak,
        JSON.stringify(event.event)],
    );
  }

  async ofSpell(sender: string, spellId: string): Promise<FoldableEvent[]> {
    const rows = await this.db.query<SpellEventRow>(
      'SELECT inbox_message_id, sent_at, tie_break, event FROM spell_events WHERE sender = $1 AND spell_id = $2',
      [sender, spellId],
    );
    return rows.map((row) => ({
      messageId: row.inbox_message_id,
      sentAt: row.sent_at.toISOString(),
      tieBreak: row.tie_break,
      event: row.event,
    }));
  }
}
