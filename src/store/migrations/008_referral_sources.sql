-- Referrals from every source (issue 15): hub staff record referrals from
-- GPs, community health, the person themselves and others, beside those
-- hospitals send.

-- Who referred, for a referral that did not come from a hospital (a
-- hospital's is its trust and its feed or form): { name, organisation,
-- odsCode, phone, email }. Null for hospital referrals, and for those
-- recorded before the gateway kept referrers.
ALTER TABLE referrals ADD COLUMN referrer jsonb;

-- A referral from outside a hospital belongs to no trust: no hospital team
-- or feed may ever be scoped to it. Checked here too, behind the code.
ALTER TABLE referrals ADD CONSTRAINT referrals_trust_only_from_hospitals
  CHECK (source = 'HOSPITAL_DISCHARGE' OR referring_trust_ods_code IS NULL);

-- The caller's key for creating a referral (createReferral): the same key
-- twice is one referral, and the fingerprint of what was asked tells a
-- retry from a reuse of the key for something else.
CREATE TABLE referral_creations (
  idempotency_key text PRIMARY KEY,
  fingerprint text NOT NULL,
  referral_id uuid NOT NULL REFERENCES referrals (id)
);
