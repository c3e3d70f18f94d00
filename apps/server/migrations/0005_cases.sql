-- 一网统管 case engine: categories, responsibility list, deadline rules, cases, timeline,
-- photos, idempotency, hotline imports, notifications. PostgreSQL 15 SQL (also runs on PGlite 18).

-- Two-level taxonomy of city-management 部件 (components) and 事件 (events). Editable by district admins.
CREATE TABLE case_category (
  code text PRIMARY KEY CHECK (code ~ '^[A-Z][0-9]{2}([0-9]{2})?$'),
  parent_code text REFERENCES case_category (code),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 50),
  name_en text NOT NULL DEFAULT '',
  kind text NOT NULL CHECK (kind IN ('component', 'event')),
  default_type text NOT NULL DEFAULT 'complaint',
  -- complex categories get the long handling time, with approval
  complex boolean NOT NULL DEFAULT false,
  urgent boolean NOT NULL DEFAULT false,
  active boolean NOT NULL DEFAULT true,
  sort_order integer NOT NULL DEFAULT 0,
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((length(code) = 5) = (parent_code IS NOT NULL))
);
CREATE INDEX case_category_parent ON case_category (parent_code, sort_order);

-- 权责清单: category (+ optionally one subdistrict) → the lead department, given either as a kind at a
-- level (the bureau, or the office stationed in the case's subdistrict) or as one department.
CREATE TABLE responsibility_rule (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  category_code text NOT NULL REFERENCES case_category (code),
  subdistrict_id uuid REFERENCES jurisdiction_unit (id),
  lead_kind text,
  lead_level text CHECK (lead_level IN ('district', 'subdistrict')),
  lead_department_id uuid REFERENCES department (id),
  assist_kinds text[] NOT NULL DEFAULT '{}',
  auto_dispatch boolean NOT NULL DEFAULT true,
  note text,
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((lead_department_id IS NOT NULL) OR (lead_kind IS NOT NULL AND lead_level IS NOT NULL))
);
CREATE UNIQUE INDEX responsibility_rule_one ON responsibility_rule (category_code, coalesce(subdistrict_id, '00000000-0000-0000-0000-000000000000'::uuid));

-- Deadlines per type and/or category; the most specific rule wins (category+type, category, type, default).
CREATE TABLE deadline_rule (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_type text,
  category_code text REFERENCES case_category (code),
  sign_working_hours numeric(5, 2) NOT NULL CHECK (sign_working_hours > 0),
  -- urgent cases run on the clock, day and night
  urgent_sign_hours numeric(5, 2) NOT NULL CHECK (urgent_sign_hours > 0),
  handle_working_days integer NOT NULL CHECK (handle_working_days BETWEEN 0 AND 60),
  -- complex cases (复杂件), when the dispatcher approves the longer time
  complex_working_days integer NOT NULL DEFAULT 15 CHECK (complex_working_days BETWEEN 1 AND 60),
  follow_up_working_days integer NOT NULL CHECK (follow_up_working_days BETWEEN 0 AND 30),
  -- warn (yellow) when this share of the handling time has passed
  warn_ratio numeric(3, 2) NOT NULL DEFAULT 0.75 CHECK (warn_ratio > 0 AND warn_ratio < 1),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX deadline_rule_one ON deadline_rule (coalesce(case_type, ''), coalesce(category_code, ''));

-- Daily numbers people read aloud: YYYYMMDD + a 6-digit daily sequence.
CREATE TABLE case_day_counter (
  day date PRIMARY KEY,
  last integer NOT NULL
);

CREATE TABLE case_record (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  number text NOT NULL UNIQUE,
  channel text NOT NULL,
  type text NOT NULL,
  category_code text REFERENCES case_category (code),
  urgent boolean NOT NULL DEFAULT false,
  complex boolean NOT NULL DEFAULT false,
  title text NOT NULL,
  description text NOT NULL,
  address text NOT NULL DEFAULT '',
  lng double precision NOT NULL,
  lat double precision NOT NULL,
  subdistrict_id uuid REFERENCES jurisdiction_unit (id),
  neighborhood_id uuid REFERENCES jurisdiction_unit (id),
  grid_id uuid REFERENCES jurisdiction_unit (id),
  -- the grid's path: jurisdiction scope
  path ltree NOT NULL,
  status text NOT NULL,
  version integer NOT NULL DEFAULT 1,
  extension_requested boolean NOT NULL DEFAULT false,
  extensions_approved integer NOT NULL DEFAULT 0,
  supervised boolean NOT NULL DEFAULT false,
  escalation_level integer NOT NULL DEFAULT 0,
  reopen_count integer NOT NULL DEFAULT 0,
  satisfaction text,
  lead_department_id uuid REFERENCES department (id),
  assist_department_ids uuid[] NOT NULL DEFAULT '{}',
  reporter_user_id uuid REFERENCES app_user (id),
  reporter_name_enc text,
  reporter_phone_enc text,
  reporter_phone_bidx text,
  contact_consent boolean NOT NULL DEFAULT false,
  -- hotline work-order number, IoT device id + alarm id, Open311 client reference
  source_ref text,
  attributes jsonb,
  classification jsonb,
  duplicate_of_id uuid REFERENCES case_record (id),
  duplicate_score real,
  merged_into_id uuid REFERENCES case_record (id),
  public_note text,
  public_note_at timestamptz,
  received_at timestamptz NOT NULL DEFAULT now(),
  dispatched_at timestamptz,
  signed_at timestamptz,
  resolved_at timestamptz,
  closed_at timestamptz,
  rated_at timestamptz,
  sign_due_at timestamptz,
  handle_due_at timestamptz,
  -- yellow warning from here (the rule's share of the handling time)
  warn_at timestamptz,
  follow_up_due_at timestamptz,
  -- working milliseconds left on the handling clock while it is paused (extension pending)
  paused_remaining_ms bigint,
  calendar_known boolean NOT NULL DEFAULT true,
  warning text NOT NULL DEFAULT 'none' CHECK (warning IN ('none', 'yellow', 'red')),
  overdue boolean NOT NULL DEFAULT false,
  search_vector tsvector NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX case_record_received ON case_record (received_at DESC, id DESC);
CREATE INDEX case_record_path_gist ON case_record USING gist (path);
CREATE INDEX case_record_status ON case_record (status, received_at DESC);
CREATE INDEX case_record_lead ON case_record (lead_department_id, status);
CREATE INDEX case_record_assist ON case_record USING gin (assist_department_ids);
CREATE INDEX case_record_search ON case_record USING gin (search_vector);
CREATE INDEX case_record_open_due ON case_record (handle_due_at) WHERE status IN ('dispatched', 'signed', 'in_progress');
CREATE INDEX case_record_reporter ON case_record (reporter_user_id) WHERE reporter_user_id IS NOT NULL;
CREATE INDEX case_record_reporter_phone ON case_record (reporter_phone_bidx) WHERE reporter_phone_bidx IS NOT NULL;
CREATE UNIQUE INDEX case_record_source ON case_record (channel, source_ref) WHERE source_ref IS NOT NULL;
CREATE INDEX case_record_merged ON case_record (merged_into_id) WHERE merged_into_id IS NOT NULL;

-- The timeline: one row per transition or note, in order.
CREATE TABLE case_event (
  id bigserial PRIMARY KEY,
  case_id uuid NOT NULL REFERENCES case_record (id),
  action text NOT NULL,
  from_status text,
  to_status text NOT NULL,
  actor_id uuid REFERENCES app_user (id),
  actor_name text,
  actor_role text,
  department_id uuid REFERENCES department (id),
  note text,
  public boolean NOT NULL DEFAULT false,
  data jsonb,
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX case_event_case ON case_event (case_id, id);

-- Photos: uploaded first (checked by content, metadata stripped), then attached to a case.
CREATE TABLE case_photo (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id uuid REFERENCES case_record (id),
  content_type text NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png', 'image/webp')),
  size_bytes integer NOT NULL,
  width integer,
  height integer,
  sha256 text NOT NULL,
  data bytea NOT NULL,
  uploaded_by uuid REFERENCES app_user (id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX case_photo_case ON case_photo (case_id);

-- Idempotency-Key: the same key from the same caller answers the first result.
CREATE TABLE idempotency_record (
  caller text NOT NULL,
  key text NOT NULL,
  request_hash text NOT NULL,
  resource_id uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (caller, key)
);

-- 12345 hotline spreadsheet imports and their row-by-row reports.
CREATE TABLE hotline_import (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  file_name text NOT NULL,
  file_sha256 text NOT NULL,
  rows_total integer NOT NULL,
  accepted integer NOT NULL,
  duplicates integer NOT NULL,
  rejected integer NOT NULL,
  report jsonb NOT NULL,
  imported_by uuid REFERENCES app_user (id),
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Warnings, overdue notices and escalations for the people in charge.
CREATE TABLE case_notification (
  id bigserial PRIMARY KEY,
  case_id uuid NOT NULL REFERENCES case_record (id),
  kind text NOT NULL CHECK (kind IN ('yellow', 'red', 'overdue', 'escalated', 'sign_overdue')),
  department_id uuid REFERENCES department (id),
  path ltree NOT NULL,
  message text NOT NULL,
  -- one notice per case, kind and occasion (e.g. 'overdue', 'escalated:2')
  dedupe_key text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now(),
  read_at timestamptz
);
CREATE INDEX case_notification_path ON case_notification USING gist (path);
