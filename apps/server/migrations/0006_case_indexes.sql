-- Indexes for what the case engine does most (measured with `npm run bench`, docs/operations.md).

-- Duplicate detection at every intake: open, unmerged cases inside a small box around the new
-- point. A GiST index on the point answers the box without walking every open case of the window.
CREATE INDEX case_record_open_point ON case_record USING gist (point(lng, lat))
  WHERE status IN ('received', 'dispatched', 'signed', 'in_progress', 'returned') AND merged_into_id IS NULL;
