-- Equipment ordering through the supplier's XML interface (issue 4).

ALTER TABLE equipment_orders
  ADD COLUMN service_type text NOT NULL DEFAULT 'DELIVERY' CHECK (service_type IN ('DELIVERY', 'COLLECTION', 'EXCHANGE', 'REPAIR')),
  ADD COLUMN contact_phone text,
  ADD COLUMN clinical_reason text,
  -- AES-256-GCM (iv, tag, ciphertext; base64): a key safe code is never stored or logged in clear
  ADD COLUMN key_safe_sealed text,
  -- a hash of what was asked for under idempotency_key: the same key with other content is refused
  ADD COLUMN idempotency_fingerprint text,
  ADD COLUMN delivery_slot_from timestamptz(3),
  ADD COLUMN delivery_slot_to timestamptz(3),
  -- when the supplier booked that slot: a later booking replaces it, an earlier one arriving late does not
  ADD COLUMN delivery_slot_booked_at timestamptz(3),
  -- when the latest supplier update applied to the order happened: an older one arriving later is late
  ADD COLUMN supplier_updated_at timestamptz(3),
  -- the supplier's reference for the collection asked for, once it has one
  ADD COLUMN collection_reference text;

ALTER TABLE equipment_order_lines
  ADD COLUMN fitting_required boolean NOT NULL DEFAULT false;

-- The supplier callback behind a change of status, when a callback caused it.
ALTER TABLE equipment_order_events
  ADD COLUMN callback_id text;

-- Every supplier status callback received with a valid signature, once per callback id.
CREATE TABLE equipment_supplier_callbacks (
  callback_id text PRIMARY KEY,
  order_id uuid NOT NULL REFERENCES equipment_orders (id),
  status text NOT NULL,
  occurred_at timestamptz(3) NOT NULL,
  received_at timestamptz(3) NOT NULL,
  outcome text NOT NULL CHECK (outcome IN ('APPLIED', 'LATE', 'NOT_APPLICABLE')),
  body text NOT NULL
);
CREATE INDEX equipment_supplier_callbacks_by_order ON equipment_supplier_callbacks (order_id, occurred_at);
