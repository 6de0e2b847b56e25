-- The hub's casework (issue 15): case notes on referrals and tasks.

-- Notes are append-only: a correction is a new note naming the one it
-- corrects, and a note is corrected at most once (a later correction
-- corrects the correction), so "which note corrects this one" has one answer.
CREATE TABLE case_notes (
  id uuid PRIMARY KEY,
  referral_id uuid NOT NULL REFERENCES referrals (id),
  category text NOT NULL CHECK (category IN ('PHONE_CALL', 'VISIT', 'MDT', 'SAFEGUARDING_CONCERN', 'OTHER')),
  body text NOT NULL,
  actor_subject text NOT NULL,
  actor_name text,
  actor_role text NOT NULL,
  written_at timestamptz(3) NOT NULL,
  corrects uuid UNIQUE REFERENCES case_notes (id),
  -- the caller's key: the same request twice is one note
  idempotency_key text NOT NULL UNIQUE,
  fingerprint text NOT NULL
);
-- A referral's notes, newest first.
CREATE INDEX case_notes_of_referral ON case_notes (referral_id, written_at DESC, id DESC);

-- A task is about at most one referral or equipment order (one exactly when
-- a person makes it); one the gateway makes names its cause, once per cause.
CREATE TABLE tasks (
  id uuid PRIMARY KEY,
  title text NOT NULL,
  due_at timestamptz(3) NOT NULL,
  team text NOT NULL,
  worker text,
  status text NOT NULL CHECK (status IN ('OPEN', 'DONE', 'CANCELLED')),
  referral_id uuid REFERENCES referrals (id),
  equipment_order_id uuid REFERENCES equipment_orders (id),
  identity_review_id uuid REFERENCES identity_reviews (id),
  -- outbox rows are never deleted, but a task outlives what an operator does to the call
  outbox_call_id uuid,
  cause text CHECK (cause IN ('DELIVERY_FAILED', 'OUTSIDE_CALL_GIVEN_UP', 'IDENTITY_REVIEW_WAITING')),
  -- one task per cause (a callback, a give-up, a review): the gateway's own idempotency key
  cause_key text UNIQUE,
  idempotency_key text UNIQUE,
  fingerprint text,
  actor_subject text NOT NULL,
  actor_name text,
  actor_role text NOT NULL,
  created_at timestamptz(3) NOT NULL,
  closed_by jsonb,
  closed_at timestamptz(3),
  cancel_reason text,
  updated_at timestamptz(3) NOT NULL,
  CHECK (num_nonnulls(referral_id, equipment_order_id) <= 1),
  CHECK ((cause IS NULL) = (cause_key IS NULL)),
  CHECK ((status = 'OPEN') = (closed_at IS NULL))
);
-- The lists: open before closed, then by due time (so overdue first), tie-broken by id.
CREATE INDEX tasks_of_team ON tasks (team, (CASE WHEN status = 'OPEN' THEN 0 ELSE 1 END), due_at, id);
CREATE INDEX tasks_of_worker ON tasks (worker, (CASE WHEN status = 'OPEN' THEN 0 ELSE 1 END), due_at, id) WHERE worker IS NOT NULL;
CREATE INDEX tasks_of_referral ON tasks (referral_id) WHERE referral_id IS NOT NULL;
CREATE INDEX tasks_of_equipment_order ON tasks (equipment_order_id) WHERE equipment_order_id IS NOT NULL;
-- The board's overdue counts.
CREATE INDEX tasks_open_by_due ON tasks (due_at) WHERE status = 'OPEN';
-- The sweep for calls given up reads only those, however long the outbox's history.
CREATE INDEX outbox_given_up ON outbox (completed_at) WHERE status = 'DEAD';
