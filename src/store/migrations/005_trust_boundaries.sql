-- Trust boundaries (issue 11): whose demographics a customer record holds,
-- the queues where what a trust may not decide alone waits for the hub, and
-- an audit trail of one row per look.

-- The trust whose own messages the customer's demographics came from. Null
-- when they are the council's: from its records, or confirmed or edited by
-- the hub since. Only that trust's messages change them; any other sender's
-- difference waits for the hub in person_update_reviews. Records made before
-- this migration are taken as the council's: nobody can tell whose they were.
ALTER TABLE customers ADD COLUMN demographics_trust text;

-- Decisions about who is who that wait for a person: a link made without
-- proof (LINK), and a trust's merge that would move more than its own
-- identifiers (MERGE). One open review per kind, sender and identifier: an
-- NHS number is nobody's namespace, so two trusts' merges naming one are two
-- reviews. A review's id names what it says: when its sender's next message
-- says something else, the open review takes a new id, so that a decision on
-- what a coordinator was shown cannot land on what they were not.
CREATE TABLE identity_reviews (
  id uuid PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('LINK', 'MERGE')),
  -- LINK: the link waiting; MERGE: the identifier the sender says was merged away
  system text NOT NULL,
  local_id text NOT NULL,
  -- the trust whose message raised it
  sender text,
  -- LINK: the customer the link points at; MERGE: the survivor the sender names
  customer_id uuid NOT NULL REFERENCES customers (id),
  -- MERGE: the customer whose links and referrals would move onto the survivor
  merge_from_customer_id uuid REFERENCES customers (id),
  -- LINK: why the link was not proof
  basis text,
  -- MERGE: what made it more than the sender's own to move
  held_because text[] NOT NULL DEFAULT '{}',
  sent_person jsonb,
  inbox_message_id uuid REFERENCES inbox_messages (id) DEFERRABLE INITIALLY DEFERRED,
  raised_at timestamptz(3) NOT NULL,
  status text NOT NULL CHECK (status IN ('OPEN', 'CONFIRMED', 'SEPARATED')),
  decided_at timestamptz(3),
  decided_by jsonb,
  CHECK ((kind = 'MERGE') = (merge_from_customer_id IS NOT NULL))
);
CREATE UNIQUE INDEX identity_reviews_open ON identity_reviews (kind, coalesce(sender, ''), system, local_id) WHERE status = 'OPEN';
CREATE INDEX identity_reviews_queue ON identity_reviews (raised_at, id) WHERE status = 'OPEN';

-- Links already waiting become the queue's first items; the sender is read
-- from the link's own namespace (PAS:<trust>..., SPELL:<trust>). A FHIR
-- link's namespace was a bare URI: its trust is placed below, or it has none.
INSERT INTO identity_reviews (id, kind, system, local_id, sender, customer_id, basis, sent_person, raised_at, status)
SELECT gen_random_uuid(), 'LINK', system, local_id,
  CASE WHEN system ~ '^(PAS|SPELL):' THEN split_part(system, ':', 2) END,
  customer_id, review_basis, sent_person, linked_at, 'OPEN'
FROM customer_identities WHERE needs_review;
DROP INDEX customer_identities_needing_review;
ALTER TABLE customer_identities DROP COLUMN review_basis, DROP COLUMN sent_person;

-- A trust's FHIR identifiers live in its own namespace (FHIR:<trust>:<system>),
-- as its PAS numbers and spells already did: a URI alone could be sent by any
-- trust, and link through or merge another's people. A link made before goes
-- to the one trust whose referrals came through it, with its review and
-- referrals. A link no referral names, or that two trusts' referrals came
-- through (one URI shared), cannot be placed: it stays under the bare URI,
-- which no message reaches any more, and its referrals still name it.
CREATE TEMPORARY TABLE fhir_link_trust AS
SELECT identity_system AS system, identity_local_id AS local_id, min(referring_trust_ods_code) AS trust
FROM referrals
WHERE identity_system LIKE 'FHIR:%' AND referring_trust_ods_code IS NOT NULL
GROUP BY identity_system, identity_local_id
HAVING count(DISTINCT referring_trust_ods_code) = 1;
UPDATE customer_identities i SET system = 'FHIR:' || t.trust || ':' || substr(i.system, 6)
FROM fhir_link_trust t WHERE (i.system, i.local_id) = (t.system, t.local_id);
UPDATE identity_reviews v SET system = 'FHIR:' || t.trust || ':' || substr(v.system, 6), sender = t.trust
FROM fhir_link_trust t WHERE (v.system, v.local_id) = (t.system, t.local_id);
UPDATE referrals r SET identity_system = 'FHIR:' || t.trust || ':' || substr(r.identity_system, 6)
FROM fhir_link_trust t WHERE (r.identity_system, r.identity_local_id) = (t.system, t.local_id);
DROP TABLE fhir_link_trust;

-- A trust's message that differs from demographics it does not own: the
-- person as it sent them, for the hub to accept field by field or dismiss.
-- One open review per customer and sender, holding its latest message (under
-- a new id whenever that says something else, as identity reviews do).
CREATE TABLE person_update_reviews (
  id uuid PRIMARY KEY,
  customer_id uuid NOT NULL REFERENCES customers (id),
  sender text NOT NULL,
  sent_person jsonb NOT NULL,
  inbox_message_id uuid REFERENCES inbox_messages (id) DEFERRABLE INITIALLY DEFERRED,
  raised_at timestamptz(3) NOT NULL,
  updated_at timestamptz(3) NOT NULL,
  -- WITHDRAWN: a later message from the sender agreed with the record
  status text NOT NULL CHECK (status IN ('OPEN', 'ACCEPTED', 'DISMISSED', 'WITHDRAWN')),
  decided_at timestamptz(3),
  decided_by jsonb,
  accepted_fields text[]
);
CREATE UNIQUE INDEX person_update_reviews_open ON person_update_reviews (customer_id, sender) WHERE status = 'OPEN';
CREATE INDEX person_update_reviews_queue ON person_update_reviews (raised_at, id) WHERE status = 'OPEN';
-- what the hub last decided on a sender's person: the same person again is not put to it again
CREATE INDEX person_update_reviews_decided ON person_update_reviews (customer_id, sender, decided_at DESC) WHERE status IN ('ACCEPTED', 'DISMISSED');

-- The audit trail: one row per look (one request's reads, one search, one
-- change) and one narrow row per person it touched, so that "who looked at
-- this person, and when" is an index range scan however many years are kept.
-- Both are partitioned by month (src/audit/audit-partitions.ts makes the
-- months ahead and drops those past retention); the default partitions catch
-- anything outside the months made, so a write never fails for want of one.
-- Ids come from a sequence, not an identity column, which PostgreSQL 15
-- does not allow on a partitioned table.
CREATE SEQUENCE audit_events_id_seq;
CREATE TABLE audit_events (
  id bigint NOT NULL DEFAULT nextval('audit_events_id_seq'),
  at timestamptz(3) NOT NULL,
  request_id text NOT NULL,
  actor_subject text NOT NULL,
  actor_name text,
  actor_role text NOT NULL,
  actor_trust text,
  operation text NOT NULL,
  action text NOT NULL CHECK (action IN ('READ', 'CHANGE', 'SEARCH')),
  purpose text NOT NULL,
  -- records the look showed that are not a customer: an inbox message's body (`inbox:<id>`)
  records text[] NOT NULL DEFAULT '{}',
  -- a search's criteria and how many it matched
  search jsonb,
  PRIMARY KEY (at, id)
) PARTITION BY RANGE (at);
CREATE INDEX audit_events_by_actor ON audit_events (actor_subject, at DESC, id DESC);
CREATE INDEX audit_events_by_request ON audit_events (request_id);
CREATE TABLE audit_events_default PARTITION OF audit_events DEFAULT;

CREATE TABLE audit_event_people (
  event_id bigint NOT NULL,
  at timestamptz(3) NOT NULL,
  customer_id uuid NOT NULL,
  PRIMARY KEY (at, event_id, customer_id)
) PARTITION BY RANGE (at);
CREATE INDEX audit_event_people_by_customer ON audit_event_people (customer_id, at DESC, event_id DESC);
CREATE TABLE audit_event_people_default PARTITION OF audit_event_people DEFAULT;

-- The old trail, one row per person per request, becomes looks: the rows a
-- request wrote together are one look.
WITH looks AS (
  SELECT nextval('audit_events_id_seq') AS id, * FROM (
    SELECT at, request_id, actor_subject, actor_name, actor_role, actor_trust, operation, action,
      array_agg(DISTINCT customer_id) AS customers
    FROM audit_log
    GROUP BY at, request_id, actor_subject, actor_name, actor_role, actor_trust, operation, action
    ORDER BY min(id)
  ) grouped
), written AS (
  INSERT INTO audit_events (id, at, request_id, actor_subject, actor_name, actor_role, actor_trust, operation, action, purpose)
  SELECT id, at, request_id, actor_subject, actor_name, actor_role, actor_trust, operation, action,
    CASE
      WHEN actor_role = 'SYSTEM' AND actor_subject LIKE 'feed:%' THEN 'FEED'
      WHEN actor_role = 'SYSTEM' AND actor_subject LIKE 'supplier:%' THEN 'SUPPLIER'
      WHEN actor_trust IS NOT NULL THEN 'REFERRAL'
      ELSE 'CASEWORK'
    END
  FROM looks
)
INSERT INTO audit_event_people (event_id, at, customer_id)
SELECT id, at, unnest(customers) FROM looks;
DROP TABLE audit_log;

-- What applying a message did beyond its plain effect, for a person to know:
-- a merge held for review, a difference offered to the hub.
ALTER TABLE inbox_messages ADD COLUMN note text;
