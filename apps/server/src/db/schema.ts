import type { ColumnType, Generated } from 'kysely';

/** Row types of the tables, as kysely sees them. Keep in step with migrations/. */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface AppMetaTable {
  key: string;
  value: unknown;
  updated_at: Timestamp;
}

export interface JurisdictionUnitTable {
  id: Generated<string>;
  code: string;
  name: string;
  level: 'district' | 'subdistrict' | 'neighborhood' | 'grid';
  parent_id: string | null;
  path: string;
  boundary_source: 'reference' | 'generated' | 'imported';
  geometry: unknown;
  seed_lng: number | null;
  seed_lat: number | null;
  min_lng: number | null;
  min_lat: number | null;
  max_lng: number | null;
  max_lat: number | null;
  center_lng: number | null;
  center_lat: number | null;
  area_km2: number | null;
  sort_order: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface DepartmentTable {
  id: Generated<string>;
  code: string;
  name: string;
  kind: string;
  level: 'district' | 'subdistrict';
  unit_id: string;
  path: string;
  created_at: Timestamp;
}

export interface CompoundTable {
  id: Generated<string>;
  code: string;
  name: string;
  type: string;
  neighborhood_id: string;
  grid_id: string | null;
  path: string;
  address: string;
  year_built: number | null;
  household_count: Generated<number>;
  property_company: string | null;
  lng: number;
  lat: number;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface BuildingTable {
  id: Generated<string>;
  compound_id: string;
  code: string;
  name: string;
  floors: number;
  unit_count: Generated<number>;
  household_count: Generated<number>;
  has_elevator: Generated<boolean>;
  path: string;
  lng: number;
  lat: number;
  created_at: Timestamp;
}

export interface DB {
  app_meta: AppMetaTable;
  jurisdiction_unit: JurisdictionUnitTable;
  department: DepartmentTable;
  compound: CompoundTable;
  building: BuildingTable;
}
