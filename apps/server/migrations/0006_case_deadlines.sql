-- The deadline job (modules/cases/deadline-job.ts): what it remembers per case, and partial indexes
-- that hold only the cases it still has to act on, so a scan reads the few rows due for a change
-- and not every open case (1M-case tables stay cheap to scan every minute).

-- The signing deadline already reported as missed; a redispatch sets a new sign_due_at, which is
-- then reported again.
ALTER TABLE case_record ADD COLUMN sign_overdue_for timestamptz;
-- When an overdue case next escalates to the level above; set when it turns red, moved one span
-- of working days on at each escalation. Only read while warning = 'red'.
ALTER TABLE case_record ADD COLUMN escalate_at timestamptz;

-- Yellow: the warning moment passed and no warning shown yet.
CREATE INDEX case_record_watch_yellow ON case_record (warn_at, id)
  WHERE status IN ('dispatched', 'signed', 'in_progress') AND warning = 'none' AND NOT extension_requested;
-- Red: past due and not red yet (yellow cases before their due time are not read: the bound is handle_due_at).
CREATE INDEX case_record_watch_red ON case_record (handle_due_at, id)
  WHERE status IN ('dispatched', 'signed', 'in_progress') AND warning <> 'red' AND NOT extension_requested;
-- Not signed in time, not yet reported for this signing deadline.
CREATE INDEX case_record_watch_sign ON case_record (sign_due_at, id)
  WHERE status = 'dispatched' AND sign_overdue_for IS DISTINCT FROM sign_due_at;
-- Overdue and not yet under supervision (督办).
CREATE INDEX case_record_watch_supervise ON case_record (handle_due_at, id)
  WHERE status IN ('dispatched', 'signed', 'in_progress') AND warning = 'red' AND NOT supervised AND NOT extension_requested;
-- Overdue, waiting for the next escalation.
CREATE INDEX case_record_watch_escalate ON case_record (escalate_at, id)
  WHERE status IN ('dispatched', 'signed', 'in_progress') AND warning = 'red' AND NOT extension_requested AND escalate_at IS NOT NULL;

-- Who marked a notice read (read_at alone does not say).
ALTER TABLE case_notification ADD COLUMN read_by uuid REFERENCES app_user (id);
-- A handler's list: the notices of their department, newest first.
CREATE INDEX case_notification_department ON case_notification (department_id, id DESC);
CREATE INDEX case_notification_case ON case_notification (case_id);
