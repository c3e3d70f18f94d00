-- Indexes for what the case engine does most (measured with `npm run bench`, docs/operations.md).

-- Duplicate detection at every intake: open, unmerged cases inside a small box around the new
-- point. A GiST index on the point answers the box without walking every open case of the window.
CREATE INDEX case_record_open_point ON case_record USING gist (point(lng, lat))
  WHERE status IN ('received', 'dispatched', 'signed', 'in_progress', 'returned') AND merged_into_id IS NULL;

-- Case lists (GET /api/cases), newest first, 50 at a time. A dispatcher's scope is one 街镇: the
-- repository asks for it as the path's two-label prefix, so these lead with that prefix and a page
-- is one ordered range instead of a filter over every case of the district. (least(…) keeps a
-- one-label path valid: subltree would refuse it.)
CREATE INDEX case_record_scope_received ON case_record (subltree(path, 0, least(2, nlevel(path))), received_at DESC, id DESC);
CREATE INDEX case_record_scope_status ON case_record (subltree(path, 0, least(2, nlevel(path))), status, received_at DESC, id DESC);
CREATE INDEX case_record_scope_category ON case_record (subltree(path, 0, least(2, nlevel(path))), category_code, received_at DESC, id DESC);
-- The same filters over the whole district (district admins).
CREATE INDEX case_record_category ON case_record (category_code, received_at DESC, id DESC);
CREATE INDEX case_record_overdue ON case_record (received_at DESC, id DESC) WHERE overdue;
-- Open cases newest first: what a status and word search walks over the whole district. Recent
-- cases are mostly open, which the planner cannot know from per-column statistics; with this index
-- it reads a thousand entries instead of intersecting every open case with every match of the word.
CREATE INDEX case_record_open_received ON case_record (received_at DESC, id DESC)
  WHERE status IN ('received', 'dispatched', 'signed', 'in_progress', 'returned');
-- Word search among open cases (the workbench's search): a small GIN instead of intersecting the
-- whole-table GIN with every open case.
CREATE INDEX case_record_open_search ON case_record USING gin (search_vector)
  WHERE status IN ('received', 'dispatched', 'signed', 'in_progress', 'returned');
