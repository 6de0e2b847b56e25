-- The lists a coordinator works from (issue 14): referrals filtered by
-- ward, team, worker, dates and name, and sorted by received, updated,
-- expected discharge or priority, each paged by keyset. referrals.updated_at
-- exists since 001 and every write of a referral sets it (the records are
-- written whole, through referral-repository's one row mapping).

-- Orders: each index is the order's own, tie-broken by id, so a page is a
-- walk along it. A nullable key sorts its nulls last in both directions, and
-- an index scanned backwards would put them first: one index per direction.
CREATE INDEX referrals_by_updated ON referrals (updated_at, id);
CREATE INDEX referrals_by_expected_discharge_asc ON referrals (expected_discharge_on ASC NULLS LAST, id ASC);
CREATE INDEX referrals_by_expected_discharge_desc ON referrals (expected_discharge_on DESC NULLS LAST, id DESC);
-- Urgency as a number (ROUTINE 1, HIGH 2, URGENT 3): the SQL sorts by the same expression.
CREATE INDEX referrals_by_priority_asc ON referrals
  ((CASE priority WHEN 'ROUTINE' THEN 1 WHEN 'HIGH' THEN 2 WHEN 'URGENT' THEN 3 END) ASC NULLS LAST, id ASC);
CREATE INDEX referrals_by_priority_desc ON referrals
  ((CASE priority WHEN 'ROUTINE' THEN 1 WHEN 'HIGH' THEN 2 WHEN 'URGENT' THEN 3 END) DESC NULLS LAST, id DESC);

-- Filters that pick a few out of many.
CREATE INDEX referrals_by_ward ON referrals (ward) WHERE ward IS NOT NULL;
CREATE INDEX referrals_by_assigned_team ON referrals (assigned_team) WHERE assigned_team IS NOT NULL;
CREATE INDEX referrals_by_assigned_worker ON referrals (assigned_worker) WHERE assigned_worker IS NOT NULL;
CREATE INDEX referrals_by_discharge_ready ON referrals (discharge_ready_on) WHERE discharge_ready_on IS NOT NULL;

-- A hospital team's name search reads the person as its trust sent them.
CREATE INDEX referrals_by_sent_family_name ON referrals (referring_trust_ods_code, lower(sent_person ->> 'familyName') text_pattern_ops)
  WHERE sent_person IS NOT NULL;
CREATE INDEX referrals_by_sent_given_name ON referrals (referring_trust_ods_code, lower(sent_person ->> 'givenName') text_pattern_ops)
  WHERE sent_person IS NOT NULL;
CREATE INDEX referrals_by_sent_nhs_number ON referrals (referring_trust_ods_code, (sent_person ->> 'nhsNumber'))
  WHERE sent_person IS NOT NULL;

-- Equipment orders changed since a board last looked.
CREATE INDEX equipment_orders_by_updated ON equipment_orders (updated_at, id);
