import type { InboxStatus } from '../generated/graphql.js';
import type { SqlExecutor } from '../store/database.js';
import type { SpellEvent } from './discharge-message.js';
import type { FoldableEvent } from './spell-fold.js';

/** A spell is a trust's: the same visit number at two trusts is two spells. */
export interface SpellKey {
  sender: string;
  spellId: string;
}

/** The advisory lock name that serialises folds of one spell. */
export function spellLockName({ sender, spellId }: SpellKey): string {
  return `spell ${sender} ${spellId}`;
}

export function spellKeyText({ sender, spellId }: SpellKey): string {
  return `${sender}\u0000${spellId}`;
}

interface SpellEventRow {
  inbox_message_id: string;
  sender: string;
  spell_id: string;
  sent_at: Date;
  tie_break: string;
  event: SpellEvent;
}

/** A stored event with where its message stands in the inbox, so a fold changes only what it must. */
export interface StatusedSpellEvent extends FoldableEvent {
  status: InboxStatus;
}

export interface StoredSpellEvent extends FoldableEvent {
  sender: string;
}

export class SpellEventRepository {
  constructor(private readonly db: SqlExecutor) {}

  /** Stores the events messages carry; a replay with new translation rules replaces its message's event. */
  async putMany(events: readonly StoredSpellEvent[]): Promise<void> {
    if (events.length === 0) return;
    await this.db.query(
      `INSERT INTO spell_events (inbox_message_id, sender, spell_id, occurred_at, sent_at, tie_break, event)
       SELECT inbox_message_id, sender, spell_id, occurred_at, sent_at, tie_break, event
       FROM jsonb_to_recordset($1::jsonb) AS e(inbox_message_id uuid, sender text, spell_id text, occurred_at timestamptz,
         sent_at timestamptz, tie_break text, event jsonb)
       ON CONFLICT (inbox_message_id) DO UPDATE SET sender = excluded.sender, spell_id = excluded.spell_id,
         occurred_at = excluded.occurred_at, sent_at = excluded.sent_at, event = excluded.event`,
      [
        JSON.stringify(
          events.map((e) => ({
            inbox_message_id: e.messageId,
            sender: e.sender,
            spell_id: e.event.spellId,
            occurred_at: e.event.occurredAt,
            sent_at: e.sentAt,
            tie_break: e.tieBreak,
            event: e.event,
          })),
        ),
      ],
    );
  }

  /** Every stored event of each spell, by spellKeyText. */
  async ofSpells(keys: readonly SpellKey[]): Promise<Map<string, StatusedSpellEvent[]>> {
    const rows = await this.db.query<SpellEventRow & { status: InboxStatus }>(
      // Arrays probe spell_events_by_spell; a pair from two keys is dropped below.
      `SELECT e.inbox_message_id, e.sender, e.spell_id, e.sent_at, e.tie_break, e.event, i.status
       FROM spell_events e JOIN inbox_messages i ON i.id = e.inbox_message_id
       WHERE e.sender = ANY($1::text[]) AND e.spell_id = ANY($2::text[])`,
      [keys.map((key) => key.sender), keys.map((key) => key.spellId)],
    );
    const wanted = new Set(keys.map(spellKeyText));
    const bySpell = new Map<string, StatusedSpellEvent[]>();
    for (const row of rows) {
      const key = spellKeyText({ sender: row.sender, spellId: row.spell_id });
      if (!wanted.has(key)) continue;
      const events = bySpell.get(key) ?? [];
      events.push({
        messageId: row.inbox_message_id,
        sentAt: new Date(row.sent_at).toISOString(),
        tieBreak: row.tie_break,
        event: row.event,
        status: row.status,
      });
      bySpell.set(key, events);
    }
    return bySpell;
  }
}
