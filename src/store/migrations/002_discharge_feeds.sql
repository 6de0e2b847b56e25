-- Hospital discharge feeds (issue #3): spells folded from their events,
-- identity links waiting for review, and what the inbox needs to answer a
-- resend exactly as it answered the first time.

-- A referral from a feed follows one hospital spell: the trust plus its
-- visit number, Encounter or ReferralRequest identifier.
ALTER TABLE referrals
  ADD COLUMN spell_id text,
  ADD COLUMN site text,
  ADD COLUMN consultant text,
  ADD COLUMN discharge_method text,
  ADD COLUMN discharge_destination text,
  -- the person as the hospital described them, shown to hospital teams
  -- instead of the council's customer record
  ADD COLUMN sent_person jsonb,
  -- the identity link the referral's person came through, so that a link
  -- found wrong on review can take its referrals with it
  ADD COLUMN identity_system text,
  ADD COLUMN identity_local_id text,
  -- the latest notice that expects the council's business answer (ADW)
  ADD COLUMN business_response_to jsonb;
CREATE UNIQUE INDEX referrals_by_spell ON referrals (referring_trust_ods_code, spell_id) WHERE spell_id IS NOT NULL;
CREATE INDEX referrals_by_identity ON referrals (identity_system, identity_local_id) WHERE identity_system IS NOT NULL;

-- Every translated event of a spell. The referral is a fold over these in
-- event-time order, recomputed whenever one arrives, so order of arrival
-- does not matter. Events of a spell with no referral yet (a cancel of
-- something never seen) wait here.
-- References to the inbox are checked at commit: a message's row is written
-- last in the transaction that applies it, with its outcome.
CREATE TABLE spell_events (
  inbox_message_id uuid PRIMARY KEY REFERENCES inbox_messages (id) DEFERRABLE INITIALLY DEFERRED,
  sender text NOT NULL,
  spell_id text NOT NULL,
  occurred_at timestamptz(3) NOT NULL,
  sent_at timestamptz(3) NOT NULL,
  -- the message body's SHA-256: a tie-break that does not depend on arrival
  tie_break text NOT NULL,
  event jsonb NOT NULL
);
CREATE INDEX spell_events_by_spell ON spell_events (sender, spell_id);

-- History steps caused by a feed message name the message and its event.
ALTER TABLE referral_events
  ADD COLUMN inbox_message_id uuid REFERENCES inbox_messages (id) DEFERRABLE INITIALLY DEFERRED,
  ADD COLUMN hospital_event text;

-- A link made without a verified NHS number keeps the person as sent, and
-- why it needs review, until someone confirms or separates it.
ALTER TABLE customer_identities
  ADD COLUMN review_basis text,
  ADD COLUMN sent_person jsonb;
CREATE INDEX customer_identities_needing_review ON customer_identities (linked_at, system, local_id) WHERE needs_review;

-- The error a message got, so that a resend gets the same answer, and the
-- message type for the admin list. Bodies of applied and refused messages
-- are pruned after the retention period; failed and parked ones never are.
ALTER TABLE inbox_messages
  ADD COLUMN message_type text,
  ADD COLUMN error jsonb,
  ADD COLUMN body_pruned_at timestamptz(3),
  ALTER COLUMN body DROP NOT NULL;
CREATE INDEX inbox_messages_by_received ON inbox_messages (received_at DESC, id DESC);
