-- Case statistics (modules/case-stats): the daily trend counts cases RESOLVED per day over a
-- period. Without an index on the resolution time that is a scan of every case; these partial
-- indexes hold only resolved cases (intake writes nothing to them), district-wide and per 街镇
-- prefix like the list indexes of 0007.
CREATE INDEX case_record_resolved_at ON case_record (resolved_at) WHERE resolved_at IS NOT NULL;
CREATE INDEX case_record_scope_resolved_at ON case_record (subltree(path, 0, least(2, nlevel(path))), resolved_at) WHERE resolved_at IS NOT NULL;

-- The screen's feed of public steps, newest first: an index on the step's time (public steps only)
-- lets it read the latest few instead of sorting a month of steps.
CREATE INDEX case_event_public_at ON case_event (at DESC, id DESC) WHERE public;
