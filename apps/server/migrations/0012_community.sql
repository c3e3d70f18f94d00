-- 社区云 community data (issue 6): households and residents under the compounds and buildings of
-- 0001, their change history (基础要素动态管理), verification tasks (核查), import runs, and the
-- 分类治理 lists, guides and evaluations per compound type.
--
-- Personal fields are stored as ciphertext (`*_enc`, FieldCipher text) with a keyed blind index
-- (`*_bidx`) for exact lookup and the default mask (`*_mask`) precomputed, so lists never decrypt.
-- Birth date and gender are kept in clear: every ledger counts by age, and both follow from the
-- ID number anyway; responses show the age and birth year, not the date.

ALTER TABLE compound
  ADD COLUMN owners_committee text,              -- 业委会 name; NULL = none formed
  ADD COLUMN owners_committee_term_end date,
  ADD COLUMN outline jsonb;                      -- GeoJSON Polygon, WGS84

ALTER TABLE building
  ADD COLUMN elevator_retrofit text NOT NULL DEFAULT 'none'
    CHECK (elevator_retrofit IN ('none', 'intent', 'approved', 'building', 'done')),
  ADD COLUMN elevator_retrofit_on date;          -- date of the last retrofit step

CREATE TABLE household (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  building_id uuid NOT NULL REFERENCES building (id),
  compound_id uuid NOT NULL REFERENCES compound (id),
  neighborhood_id uuid NOT NULL REFERENCES jurisdiction_unit (id),
  path ltree NOT NULL,                           -- the building's path (grid or neighborhood)
  unit_no integer NOT NULL DEFAULT 1 CHECK (unit_no BETWEEN 1 AND 50),
  floor integer NOT NULL CHECK (floor BETWEEN -5 AND 200),
  room text NOT NULL,                            -- '601'
  housing_status text NOT NULL DEFAULT 'owner'
    CHECK (housing_status IN ('owner', 'tenant', 'group_rental', 'vacant', 'other')),
  -- 群租整治: found → rectifying → rectified (NULL when never a group rental)
  group_rental_status text CHECK (group_rental_status IN ('found', 'rectifying', 'rectified')),
  group_rental_found_on date,
  group_rental_rectified_on date,
  verified_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (building_id, unit_no, room)
);
CREATE INDEX household_path_gist ON household USING gist (path);
CREATE INDEX household_compound ON household (compound_id);
CREATE INDEX household_neighborhood ON household (neighborhood_id);

CREATE TABLE resident (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  household_id uuid NOT NULL REFERENCES household (id),
  building_id uuid NOT NULL REFERENCES building (id),
  compound_id uuid NOT NULL REFERENCES compound (id),
  neighborhood_id uuid NOT NULL REFERENCES jurisdiction_unit (id),
  path ltree NOT NULL,
  name_enc text NOT NULL,
  name_bidx text NOT NULL,
  name_mask text NOT NULL,
  id_number_enc text NOT NULL,
  id_number_bidx text NOT NULL,
  id_number_mask text NOT NULL,
  phone_enc text,
  phone_bidx text,
  phone_mask text,
  gender text NOT NULL CHECK (gender IN ('male', 'female')),
  birth_date date NOT NULL,
  relation text NOT NULL DEFAULT 'head'
    CHECK (relation IN ('head', 'spouse', 'child', 'parent', 'grandchild', 'grandparent', 'sibling', 'relative', 'tenant', 'other')),
  hukou_here boolean NOT NULL,                   -- 户籍在本址
  lives_here boolean NOT NULL,                   -- 实际居住（常住）
  political_status text NOT NULL DEFAULT 'masses'
    CHECK (political_status IN ('party_member', 'probationary_member', 'league_member', 'democratic_party', 'masses')),
  -- Special-group tags (独居老人, 残疾, 低保 …): the list encrypted, and one keyed token per tag so
  -- ledgers can count and filter in SQL without decrypting every row.
  tags_enc text,
  tag_tokens text[] NOT NULL DEFAULT '{}',
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'moved_out', 'deceased')),
  moved_in_on date,
  left_on date,                                  -- moved out or died
  source text NOT NULL DEFAULT 'manual' CHECK (source IN ('manual', 'import', 'seed')),
  verified_at timestamptz,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
-- One living record per person: an ID number already active elsewhere is a conflict to verify.
CREATE UNIQUE INDEX resident_id_number_active ON resident (id_number_bidx) WHERE status = 'active';
CREATE INDEX resident_id_number_bidx ON resident (id_number_bidx);
CREATE INDEX resident_phone_bidx ON resident (phone_bidx) WHERE phone_bidx IS NOT NULL;
-- Exact name search (blind index) anywhere in the caller's scope; the scope is a path filter on the few matches.
CREATE INDEX resident_name_bidx ON resident (name_bidx);
CREATE INDEX resident_household ON resident (household_id);
CREATE INDEX resident_path_gist ON resident USING gist (path);
CREATE INDEX resident_neighborhood_status ON resident (neighborhood_id, status);
CREATE INDEX resident_tag_tokens ON resident USING gin (tag_tokens);

-- 基础要素动态管理: who changed what when. `changes` names fields and holds masked values only.
CREATE TABLE resident_change (
  id bigserial PRIMARY KEY,
  resident_id uuid REFERENCES resident (id),
  household_id uuid REFERENCES household (id),
  neighborhood_id uuid NOT NULL REFERENCES jurisdiction_unit (id),
  path ltree NOT NULL,
  kind text NOT NULL CHECK (kind IN ('created', 'updated', 'moved_in', 'moved_out', 'deceased', 'born', 'verified', 'imported')),
  changes jsonb NOT NULL DEFAULT '{}',
  reason text,
  actor_id uuid REFERENCES app_user (id),
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX resident_change_resident ON resident_change (resident_id, at DESC);
CREATE INDEX resident_change_household ON resident_change (household_id, at DESC);
CREATE INDEX resident_change_path_gist ON resident_change USING gist (path);

-- 核查: records needing a check, assigned to a grid worker or staff member.
CREATE TABLE verification_task (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  kind text NOT NULL CHECK (kind IN ('conflict', 'stale', 'missing_fields')),
  resident_id uuid REFERENCES resident (id),
  household_id uuid REFERENCES household (id),
  neighborhood_id uuid NOT NULL REFERENCES jurisdiction_unit (id),
  path ltree NOT NULL,
  detail jsonb NOT NULL DEFAULT '{}',            -- masked values only
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'dismissed')),
  assignee_id uuid REFERENCES app_user (id),
  note text,
  created_at timestamptz NOT NULL DEFAULT now(),
  done_at timestamptz,
  done_by uuid REFERENCES app_user (id)
);
CREATE UNIQUE INDEX verification_task_open ON verification_task (kind, resident_id) WHERE status = 'open' AND resident_id IS NOT NULL;
CREATE INDEX verification_task_path_gist ON verification_task USING gist (path);
CREATE INDEX verification_task_neighborhood ON verification_task (neighborhood_id, status);
CREATE INDEX verification_task_assignee ON verification_task (assignee_id, status);

-- One import run: the file's digest and the per-row report, so a run can be shown again.
CREATE TABLE resident_import (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  neighborhood_id uuid NOT NULL REFERENCES jurisdiction_unit (id),
  file_name text NOT NULL,
  file_sha256 text NOT NULL,
  accepted integer NOT NULL,
  updated integer NOT NULL,
  rejected integer NOT NULL,
  unchanged integer NOT NULL DEFAULT 0,
  report jsonb NOT NULL,                         -- rows: [{ row, status, reasons }] (no personal values)
  actor_id uuid REFERENCES app_user (id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX resident_import_neighborhood ON resident_import (neighborhood_id, created_at DESC);

-- 分类治理: per compound type, three lists, a governance guide and weighted evaluation indicators.
CREATE TABLE governance_item (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  compound_type text NOT NULL CHECK (compound_type IN ('resold_public', 'commercial', 'foreign_commercial', 'old_villa', 'resettlement', 'direct_public')),
  list_kind text NOT NULL CHECK (list_kind IN ('problems', 'resources', 'services')),
  title text NOT NULL,
  detail text NOT NULL DEFAULT '',
  sort_order integer NOT NULL DEFAULT 0,
  updated_by uuid REFERENCES app_user (id),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX governance_item_type ON governance_item (compound_type, list_kind, sort_order);

CREATE TABLE governance_guide (
  compound_type text PRIMARY KEY CHECK (compound_type IN ('resold_public', 'commercial', 'foreign_commercial', 'old_villa', 'resettlement', 'direct_public')),
  strategy_html text NOT NULL DEFAULT '',        -- 治理攻略 (sanitised on write)
  version integer NOT NULL DEFAULT 1,
  updated_by uuid REFERENCES app_user (id),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE governance_indicator (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  compound_type text NOT NULL CHECK (compound_type IN ('resold_public', 'commercial', 'foreign_commercial', 'old_villa', 'resettlement', 'direct_public')),
  name text NOT NULL,
  description text NOT NULL DEFAULT '',
  weight numeric(6, 2) NOT NULL CHECK (weight > 0 AND weight <= 100),
  sort_order integer NOT NULL DEFAULT 0,
  active boolean NOT NULL DEFAULT true,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX governance_indicator_type ON governance_indicator (compound_type, sort_order);

CREATE TABLE compound_evaluation (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  compound_id uuid NOT NULL REFERENCES compound (id),
  year integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  scores jsonb NOT NULL,                         -- [{ indicatorId, name, weight, score }] as evaluated
  total numeric(6, 2) NOT NULL,
  note text,
  evaluated_by uuid REFERENCES app_user (id),
  evaluated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (compound_id, year)
);
