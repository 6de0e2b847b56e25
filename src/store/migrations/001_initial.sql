-- The gateway's own state: what no outside system holds.
-- Timestamps are timestamptz(3): millisecond precision, the same as a
-- JavaScript Date, so keyset cursors built from them compare exactly.

-- NHS organisations the gateway has names for: acute trusts and GP practices.
CREATE TABLE organisations (
  ods_code text PRIMARY KEY CHECK (ods_code ~ '^[A-Z0-9]{3,10}$'),
  name text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('TRUST', 'GP_PRACTICE'))
);

CREATE TABLE customers (
  id uuid PRIMARY KEY,
  nhs_number char(10) UNIQUE CHECK (nhs_number ~ '^[0-9]{10}$'),
  title text,
  given_name text,
  family_name text NOT NULL,
  preferred_name text,
  date_of_birth date,
  sex text NOT NULL CHECK (sex IN ('MALE', 'FEMALE', 'OTHER', 'UNKNOWN')),
  -- null when there is no address at all; lines may be empty when only a postcode is known
  address_lines text[],
  town text,
  postcode text,
  phones jsonb NOT NULL DEFAULT '[]',
  gp_practice_ods_code text,
  preferred_language text,
  interpreter_required boolean NOT NULL DEFAULT false,
  communication_notes text,
  contacts jsonb NOT NULL DEFAULT '[]',
  created_at timestamptz(3) NOT NULL,
  updated_at timestamptz(3) NOT NULL
);
CREATE INDEX customers_by_name ON customers (lower(family_name), lower(coalesce(given_name, '')), id);
CREATE INDEX customers_by_given_name ON customers (lower(given_name) text_pattern_ops);
CREATE INDEX customers_by_family_name ON customers (lower(family_name) text_pattern_ops);
CREATE INDEX customers_by_postcode ON customers (postcode);
CREATE INDEX customers_by_date_of_birth ON customers (date_of_birth);

-- Which outside systems know a customer, under what id. A link made on a
-- demographic match rather than a verified NHS number waits for review.
CREATE TABLE customer_identities (
  system text NOT NULL,
  local_id text NOT NULL,
  customer_id uuid NOT NULL REFERENCES customers (id),
  needs_review boolean NOT NULL DEFAULT false,
  linked_at timestamptz(3) NOT NULL,
  PRIMARY KEY (system, local_id)
);
CREATE INDEX customer_identities_by_customer ON customer_identities (customer_id);

CREATE TABLE referrals (
  id uuid PRIMARY KEY,
  customer_id uuid NOT NULL REFERENCES customers (id),
  source text NOT NULL CHECK (source IN ('HOSPITAL_DISCHARGE', 'GP', 'COMMUNITY_HEALTH', 'SELF', 'OTHER')),
  referring_trust_ods_code text,
  ward text,
  admitted_at timestamptz(3),
  expected_discharge_on date,
  discharge_ready_on date,
  discharged_at timestamptz(3),
  pathway text CHECK (pathway IN ('PATHWAY_0', 'PATHWAY_1', 'PATHWAY_2', 'PATHWAY_3')),
  status text NOT NULL CHECK (status IN ('RECEIVED', 'TRIAGED', 'ACCEPTED', 'DECLINED', 'WITHDRAWN', 'CLOSED')),
  priority text CHECK (priority IN ('URGENT', 'HIGH', 'ROUTINE')),
  needs_summary text,
  risk_flags text[] NOT NULL DEFAULT '{}',
  risk_notes text,
  assigned_team text,
  assigned_worker text,
  -- the latest triage decision; every earlier one is in referral_events
  triage jsonb,
  received_at timestamptz(3) NOT NULL,
  updated_at timestamptz(3) NOT NULL
);
CREATE INDEX referrals_by_received ON referrals (received_at DESC, id DESC);
CREATE INDEX referrals_by_trust ON referrals (referring_trust_ods_code, received_at DESC, id DESC);
CREATE INDEX referrals_by_status ON referrals (status, received_at);
CREATE INDEX referrals_by_customer ON referrals (customer_id, received_at DESC, id DESC);

-- Every change of a referral's state: who, when, why.
CREATE TABLE referral_events (
  referral_id uuid NOT NULL REFERENCES referrals (id),
  sequence integer NOT NULL,
  action text NOT NULL,
  from_status text,
  to_status text NOT NULL,
  at timestamptz(3) NOT NULL,
  actor_subject text NOT NULL,
  actor_name text,
  actor_role text NOT NULL,
  reason text,
  PRIMARY KEY (referral_id, sequence)
);

CREATE TABLE equipment_orders (
  id uuid PRIMARY KEY,
  customer_id uuid NOT NULL REFERENCES customers (id),
  referral_id uuid REFERENCES referrals (id),
  status text NOT NULL CHECK (status IN ('DRAFT', 'AWAITING_AUTHORISATION', 'SUBMITTED', 'ACCEPTED', 'SCHEDULED',
    'OUT_FOR_DELIVERY', 'DELIVERED', 'DELIVERY_FAILED', 'CANCELLED', 'COLLECTION_REQUESTED', 'COLLECTED', 'REJECTED')),
  delivery_speed text NOT NULL,
  delivery_address_lines text[] NOT NULL,
  delivery_town text,
  delivery_postcode text,
  access_notes text,
  supplier_reference text,
  placed_by jsonb NOT NULL,
  placed_at timestamptz(3) NOT NULL,
  authorisation jsonb,
  -- the caller's key for placing this order: the same key twice is one order
  idempotency_key text UNIQUE,
  updated_at timestamptz(3) NOT NULL
);
CREATE INDEX equipment_orders_by_placed ON equipment_orders (placed_at DESC, id DESC);
CREATE INDEX equipment_orders_by_customer ON equipment_orders (customer_id, placed_at DESC, id DESC);
CREATE INDEX equipment_orders_by_referral ON equipment_orders (referral_id);
CREATE INDEX equipment_orders_by_status ON equipment_orders (status);

CREATE TABLE equipment_order_lines (
  order_id uuid NOT NULL REFERENCES equipment_orders (id),
  line_number integer NOT NULL,
  item_code text NOT NULL,
  item_name text NOT NULL,
  quantity integer NOT NULL CHECK (quantity > 0),
  unit_pence integer NOT NULL CHECK (unit_pence >= 0),
  PRIMARY KEY (order_id, line_number)
);

CREATE TABLE equipment_order_events (
  order_id uuid NOT NULL REFERENCES equipment_orders (id),
  sequence integer NOT NULL,
  from_status text,
  to_status text NOT NULL,
  at timestamptz(3) NOT NULL,
  actor_subject text NOT NULL,
  actor_name text,
  actor_role text NOT NULL,
  reason text,
  PRIMARY KEY (order_id, sequence)
);

-- Every message received from a feed, raw, written before it is acknowledged.
-- The same bytes under the same control id from the same sender are one
-- message; senders reuse control ids, so a different body is a new message.
CREATE TABLE inbox_messages (
  id uuid PRIMARY KEY,
  received_at timestamptz(3) NOT NULL,
  transport text NOT NULL,
  sender text NOT NULL,
  control_id text,
  content_type text NOT NULL,
  body bytea NOT NULL,
  body_sha256 bytea NOT NULL,
  status text NOT NULL CHECK (status IN ('RECEIVED', 'APPLIED', 'FAILED', 'PARKED', 'REFUSED')),
  status_reason text,
  error_location text,
  attempts integer NOT NULL DEFAULT 0,
  applied_at timestamptz(3),
  UNIQUE (sender, control_id, body_sha256)
);
CREATE INDEX inbox_messages_by_status ON inbox_messages (status, received_at);

-- Calls owed to outside systems, written in the same transaction as the
-- change that owes them, dispatched with retries; replicas share the work
-- with FOR UPDATE SKIP LOCKED.
CREATE TABLE outbox (
  id uuid PRIMARY KEY,
  created_at timestamptz(3) NOT NULL,
  destination text NOT NULL,
  operation text NOT NULL,
  -- sent on the wire so the receiver applies the call once however often it arrives
  idempotency_key text NOT NULL UNIQUE,
  payload jsonb NOT NULL,
  status text NOT NULL CHECK (status IN ('PENDING', 'DONE', 'DEAD')),
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz(3) NOT NULL,
  last_error text,
  completed_at timestamptz(3)
);
CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE status = 'PENDING';

-- Who read or changed whose data. Append-only.
CREATE TABLE audit_log (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at timestamptz(3) NOT NULL,
  request_id text NOT NULL,
  actor_subject text NOT NULL,
  actor_name text,
  actor_role text NOT NULL,
  actor_trust text,
  operation text NOT NULL,
  action text NOT NULL CHECK (action IN ('READ', 'CHANGE')),
  customer_id uuid NOT NULL
);
CREATE INDEX audit_log_by_customer ON audit_log (customer_id, id DESC);
