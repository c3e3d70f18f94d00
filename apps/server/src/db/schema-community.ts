import type { ColumnType, Generated } from 'kysely';

/** Row types of the 社区云 tables (migrations/0012_community.sql). */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
/** date columns come back as strings ('YYYY-MM-DD') — see db/database.ts type parsers. */
type DateText = ColumnType<string, string, string>;
type NullableDateText = ColumnType<string | null, string | null | undefined, string | null>;
type Numeric = ColumnType<string, number | string, number | string>;
type Json<T> = ColumnType<T, string | T, string | T>;

export interface HouseholdTable {
  id: Generated<string>;
  building_id: string;
  compound_id: string;
  neighborhood_id: string;
  path: string;
  unit_no: Generated<number>;
  floor: number;
  room: string;
  /** Set by trigger (0013): building code / unit / room, the list order. */
  addr_key: Generated<string>;
  /** Kept by triggers (0014): active residents in the household. */
  active_residents: Generated<number>;
  housing_status: Generated<'owner' | 'tenant' | 'group_rental' | 'vacant' | 'other'>;
  group_rental_status: 'found' | 'rectifying' | 'rectified' | null;
  group_rental_found_on: NullableDateText;
  group_rental_rectified_on: NullableDateText;
  verified_at: NullableTimestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ResidentTable {
  id: Generated<string>;
  household_id: string;
  building_id: string;
  compound_id: string;
  neighborhood_id: string;
  path: string;
  /** Set by trigger (0013) from the household. */
  addr_key: Generated<string>;
  name_enc: string;
  name_bidx: string;
  name_mask: string;
  id_number_enc: string;
  id_number_bidx: string;
  id_number_mask: string;
  phone_enc: string | null;
  phone_bidx: string | null;
  phone_mask: string | null;
  gender: 'male' | 'female';
  birth_date: DateText;
  relation: Generated<string>;
  hukou_here: boolean;
  lives_here: boolean;
  political_status: Generated<string>;
  tags_enc: string | null;
  tag_tokens: Generated<string[]>;
  status: Generated<'active' | 'moved_out' | 'deceased'>;
  moved_in_on: NullableDateText;
  left_on: NullableDateText;
  source: Generated<'manual' | 'import' | 'seed'>;
  verified_at: NullableTimestamp;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ResidentChangeTable {
  id: Generated<string>;
  resident_id: string | null;
  household_id: string | null;
  neighborhood_id: string;
  path: string;
  kind: 'created' | 'updated' | 'moved_in' | 'moved_out' | 'deceased' | 'born' | 'verified' | 'imported';
  changes: Json<Record<string, unknown>>;
  reason: string | null;
  actor_id: string | null;
  at: Timestamp;
}

export interface VerificationTaskTable {
  id: Generated<string>;
  kind: 'conflict' | 'stale' | 'missing_fields';
  resident_id: string | null;
  household_id: string | null;
  neighborhood_id: string;
  path: string;
  detail: Json<Record<string, unknown>>;
  status: Generated<'open' | 'done' | 'dismissed'>;
  assignee_id: string | null;
  note: string | null;
  created_at: Timestamp;
  done_at: NullableTimestamp;
  done_by: string | null;
}

export interface ResidentImportTable {
  id: Generated<string>;
  neighborhood_id: string;
  file_name: string;
  file_sha256: string;
  accepted: number;
  updated: number;
  rejected: number;
  unchanged: Generated<number>;
  report: Json<unknown>;
  actor_id: string | null;
  created_at: Timestamp;
}

export interface GovernanceItemTable {
  id: Generated<string>;
  compound_type: string;
  list_kind: 'problems' | 'resources' | 'services';
  title: string;
  detail: Generated<string>;
  sort_order: Generated<number>;
  updated_by: string | null;
  updated_at: Timestamp;
}

export interface GovernanceGuideTable {
  compound_type: string;
  strategy_html: Generated<string>;
  version: Generated<number>;
  updated_by: string | null;
  updated_at: Timestamp;
}

export interface GovernanceIndicatorTable {
  id: Generated<string>;
  compound_type: string;
  name: string;
  description: Generated<string>;
  weight: Numeric;
  sort_order: Generated<number>;
  active: Generated<boolean>;
  updated_at: Timestamp;
}

export interface CompoundEvaluationTable {
  id: Generated<string>;
  compound_id: string;
  year: number;
  scores: Json<unknown>;
  total: Numeric;
  note: string | null;
  evaluated_by: string | null;
  evaluated_at: Timestamp;
}

export interface CommunityTables {
  household: HouseholdTable;
  resident: ResidentTable;
  resident_change: ResidentChangeTable;
  verification_task: VerificationTaskTable;
  resident_import: ResidentImportTable;
  governance_item: GovernanceItemTable;
  governance_guide: GovernanceGuideTable;
  governance_indicator: GovernanceIndicatorTable;
  compound_evaluation: CompoundEvaluationTable;
}
