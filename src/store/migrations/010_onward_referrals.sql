-- Onward referrals (issue 15): the hub refers a person on from an accepted
-- referral to a service (a record system's team, community health). The
-- call itself is an outbox row; this is what the hub sees of it. Whose it
-- is comes from its referral, so a merge that moves the referral moves it.
CREATE TABLE onward_referrals (
  id uuid PRIMARY KEY,
  referral_id uuid NOT NULL REFERENCES referrals (id),
  -- the caller's key and a fingerprint of what it asked: the same key again is the same onward referral
  idempotency_key text NOT NULL UNIQUE,
  fingerprint text NOT NULL,
  kind text NOT NULL,
  service_name text NOT NULL,
  target_system text NOT NULL,
  destination text NOT NULL,
  -- who the person is at the target (its record id, or the NHS number)
  person_ref text NOT NULL,
  reason text,
  details text,
  status text NOT NULL CHECK (status IN ('REQUESTED', 'SENT', 'ACKNOWLEDGED', 'ACCEPTED', 'DECLINED', 'REFUSED')),
  target_reference text,
  status_reason text,
  actor_subject text NOT NULL,
  actor_name text,
  actor_role text NOT NULL,
  made_at timestamptz(3) NOT NULL,
  updated_at timestamptz(3) NOT NULL
);
CREATE INDEX onward_referrals_referral ON onward_referrals (referral_id, made_at);
-- what the poller asks about: sent and not yet settled
CREATE INDEX onward_referrals_open ON onward_referrals (updated_at) WHERE status IN ('SENT', 'ACKNOWLEDGED');

CREATE TABLE onward_referral_events (
  onward_referral_id uuid NOT NULL REFERENCES onward_referrals (id),
  seq integer NOT NULL,
  status text NOT NULL,
  reason text,
  at timestamptz(3) NOT NULL,
  PRIMARY KEY (onward_referral_id, seq)
);
