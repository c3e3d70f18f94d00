-- Foundation: the jurisdiction tree, departments, compounds and buildings.
-- Plain PostgreSQL 15 SQL: the same file runs on embedded PGlite (PostgreSQL 18) and on a real server.
CREATE EXTENSION IF NOT EXISTS ltree;
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS pgcrypto;

CREATE TABLE app_meta (
  key text PRIMARY KEY,
  value jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- 区 → 街镇 → 居民区 → 网格. `path` is the chain of codes from the district down,
-- the spine of jurisdiction scope: a role granted at a node reaches `path <@ node.path`.
CREATE TABLE jurisdiction_unit (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  code text NOT NULL UNIQUE CHECK (code ~ '^[0-9]{6}([0-9]{3}){0,3}$'),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  level text NOT NULL CHECK (level IN ('district', 'subdistrict', 'neighborhood', 'grid')),
  parent_id uuid REFERENCES jurisdiction_unit (id),
  path ltree NOT NULL UNIQUE,
  boundary_source text NOT NULL DEFAULT 'generated' CHECK (boundary_source IN ('reference', 'generated', 'imported')),
  geometry jsonb,
  seed_lng double precision,
  seed_lat double precision,
  min_lng double precision,
  min_lat double precision,
  max_lng double precision,
  max_lat double precision,
  center_lng double precision,
  center_lat double precision,
  area_km2 double precision,
  sort_order integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((level = 'district') = (parent_id IS NULL))
);
CREATE INDEX jurisdiction_unit_path_gist ON jurisdiction_unit USING gist (path);
CREATE INDEX jurisdiction_unit_parent ON jurisdiction_unit (parent_id, sort_order);
CREATE INDEX jurisdiction_unit_name_trgm ON jurisdiction_unit USING gin (name gin_trgm_ops);

-- 职能部门 / 派驻机构 at district or subdistrict level.
CREATE TABLE department (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  code text NOT NULL UNIQUE,
  name text NOT NULL,
  kind text NOT NULL,
  level text NOT NULL CHECK (level IN ('district', 'subdistrict')),
  unit_id uuid NOT NULL REFERENCES jurisdiction_unit (id),
  path ltree NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX department_path_gist ON department USING gist (path);

-- 小区 and 楼栋. `path` is the grid's path (or the neighborhood's when no grid holds the point).
CREATE TABLE compound (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  code text NOT NULL UNIQUE,
  name text NOT NULL,
  type text NOT NULL CHECK (type IN ('resold_public', 'commercial', 'foreign_commercial', 'old_villa', 'resettlement', 'direct_public')),
  neighborhood_id uuid NOT NULL REFERENCES jurisdiction_unit (id),
  grid_id uuid REFERENCES jurisdiction_unit (id),
  path ltree NOT NULL,
  address text NOT NULL,
  year_built integer,
  household_count integer NOT NULL DEFAULT 0,
  property_company text,
  lng double precision NOT NULL,
  lat double precision NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX compound_path_gist ON compound USING gist (path);
CREATE INDEX compound_neighborhood ON compound (neighborhood_id);
CREATE INDEX compound_name_trgm ON compound USING gin (name gin_trgm_ops);

CREATE TABLE building (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  compound_id uuid NOT NULL REFERENCES compound (id),
  code text NOT NULL UNIQUE,
  name text NOT NULL,
  floors integer NOT NULL CHECK (floors BETWEEN 1 AND 200),
  unit_count integer NOT NULL DEFAULT 1,
  household_count integer NOT NULL DEFAULT 0,
  has_elevator boolean NOT NULL DEFAULT false,
  path ltree NOT NULL,
  lng double precision NOT NULL,
  lat double precision NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX building_compound ON building (compound_id);
CREATE INDEX building_path_gist ON building USING gist (path);
