import type { InboxStatus } from '../generated/graphql.js';
import type { CombinedRead } from '../store/combined-read.js';
import type { CombinedWrite } from '../store/combined-write.js';
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
  sent_at: string;
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

/* Spell events are read and written only as parts of a batch's combined read and write. */

/** Adds the events messages carry to a write; a replay with new translation rules replaces its message's event. */
export function putSpellEventsInto(write: CombinedWrite, events: readonly StoredSpellEvent[]): void {
  if (events.length === 0) return;
  const records = write.records(
    'spell_events',
    events.map((e) => ({
      inbox_message_id: e.messageId,
      sender: e.sender,
      spell_id: e.event.spellId,
      occurred_at: e.event.occurredAt,
      sent_at: e.sentAt,
      tie_break: e.tieBreak,
      event: e.event,
    })),
  );
  write.add(
    `INSERT INTO spell_events (inbox_message_id, sender, spell_id, occurred_at, sent_at, tie_break, event)
     SELECT inbox_message_id, sender, spell_id, occurred_at, sent_at, tie_break, event FROM ${records}
     ON CONFLICT (inbox_message_id) DO UPDATE SET sender = excluded.sender, spell_id = excluded.spell_id,
       occurred_at = excluded.occurred_at, sent_at = excluded.sent_at, event = excluded.event`,
  );
}

/** Adds a read of every stored event of each spell, with its message's inbox status, by spellKeyText. */
export function readSpellEventsInto(read: CombinedRead, keys: readonly SpellKey[]): () => Map<string, StatusedSpellEvent[]> {
  // Arrays probe spell_events_by_spell; a pair from two keys is dropped below.
  const rows = read.rows<SpellEventRow & { status: InboxStatus }>(
    `SELECT e.inbox_message_id, e.sender, e.spell_id, e.sent_at, e.tie_break, e.event, i.status
     FROM spell_events e JOIN inbox_messages i ON i.id = e.inbox_message_id
     WHERE e.sender = ANY(${read.param(keys.map((key) => key.sender))}::text[])
       AND e.spell_id = ANY(${read.param(keys.map((key) => key.spellId))}::text[])`,
  );
  const wanted = new Set(keys.map(spellKeyText));
  return () => {
    const bySpell = new Map<string, StatusedSpellEvent[]>();
    for (const row of rows()) {
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
  };
}
