-- Case list filters that must stay fast at a million cases (issue 4: p95 < 150 ms). Each filter
-- the list offers needs an index that either yields its rows in the page's order or finds them
-- directly; without one the planner walks the received-time index and keeps the few rows that
-- match (督办 = true: ~1.4 s per page at 1,000,000 cases under the mixed load).
--
-- Full indexes cost every intake an index entry; the flags below are partial, so a new case
-- (not supervised, no extension, no warning) enters none of them.

-- Types and channels: few values, some rare (表扬, open311), each an ordered range.
CREATE INDEX case_record_type ON case_record (type, received_at DESC, id DESC);
CREATE INDEX case_record_channel ON case_record (channel, received_at DESC, id DESC);

-- Rare flags.
CREATE INDEX case_record_supervised ON case_record (received_at DESC, id DESC) WHERE supervised;
CREATE INDEX case_record_extension ON case_record (received_at DESC, id DESC) WHERE extension_requested;
CREATE INDEX case_record_warned ON case_record (warning, received_at DESC, id DESC) WHERE warning <> 'none';
CREATE INDEX case_record_warned_due ON case_record (warning, handle_due_at, id) WHERE warning <> 'none';

-- "Deadline first" (sort=due_asc, handle_due_at ASC NULLS LAST, id ASC) over any set of cases,
-- and per status (one ordered range each; the list merges them for several statuses).
CREATE INDEX case_record_due ON case_record (handle_due_at, id);
CREATE INDEX case_record_status_due ON case_record (status, handle_due_at, id);
