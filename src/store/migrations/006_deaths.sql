-- Deaths (issue 20): each trust's report of a customer's death, and the
-- review a trust's later contradiction of its own report raises.

-- Each trust's report, in the order the hub recorded them (the first is the
-- customer's death): the day or moment as sent, where it was stated
-- (DeathSource), the trust, its message and its time, when the hub recorded
-- it, and the identifier it came through. On the customer's row, so that
-- intake reads and writes it with the record it already locks and reads.
ALTER TABLE customers ADD COLUMN death_reports jsonb NOT NULL DEFAULT '[]'::jsonb;

-- The hub board's people who have died with open work: a short list, found
-- by this partial index however many customers there are.
CREATE INDEX customers_died ON customers (id) WHERE death_reports <> '[]'::jsonb;

-- A trust's report it later contradicted waits for a coordinator as a DEATH
-- identity review: is the death this customer's? Migrations run in one
-- transaction, and 005's rows leave deferred foreign key checks pending on
-- identity_reviews, which PostgreSQL will not alter under them: they are
-- checked now, and deferred again after (every deferrable constraint here
-- is INITIALLY DEFERRED).
SET CONSTRAINTS ALL IMMEDIATE;
ALTER TABLE identity_reviews DROP CONSTRAINT identity_reviews_kind_check;
ALTER TABLE identity_reviews ADD CONSTRAINT identity_reviews_kind_check CHECK (kind IN ('LINK', 'MERGE', 'DEATH'));
SET CONSTRAINTS ALL DEFERRED;
