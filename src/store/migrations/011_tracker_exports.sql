-- The discharge tracker's exports (issue 16): a file of people's data sent
-- out of the gateway is a look of its own, EXPORT, so "who took whose data
-- away" is one search of the trail.
ALTER TABLE audit_events DROP CONSTRAINT audit_events_action_check;
ALTER TABLE audit_events ADD CONSTRAINT audit_events_action_check CHECK (action IN ('READ', 'CHANGE', 'SEARCH', 'EXPORT'));
