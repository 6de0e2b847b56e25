-- What the hub wrote back onto people's social care records (issue 5): one
-- contact per accepted referral and record system, with the system's reference once written.
CREATE TABLE care_record_contacts (
  referral_id uuid NOT NULL REFERENCES referrals (id),
  system text NOT NULL,
  local_id text NOT NULL,
  -- the record system's own reference for the contact; null until it has answered
  reference text,
  written_at timestamptz(3),
  PRIMARY KEY (referral_id, system)
);
