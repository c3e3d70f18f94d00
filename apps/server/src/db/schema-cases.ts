import type { ColumnType, Generated } from 'kysely';

/** Row types of the case engine's tables (migrations/0005_cases.sql). */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
/** numeric comes back as a string through pg. */
type Numeric = ColumnType<string, number | string, number | string>;
/** bigint comes back as a string through pg. */
type BigInt = ColumnType<string | null, number | string | null | undefined, number | string | null>;

export interface CaseCategoryTable {
  code: string;
  parent_code: string | null;
  name: string;
  name_en: Generated<string>;
  kind: 'component' | 'event';
  default_type: Generated<string>;
  complex: Generated<boolean>;
  urgent: Generated<boolean>;
  active: Generated<boolean>;
  sort_order: Generated<number>;
  updated_at: Timestamp;
}

export interface ResponsibilityRuleTable {
  id: Generated<string>;
  category_code: string;
  subdistrict_id: string | null;
  lead_kind: string | null;
  lead_level: 'district' | 'subdistrict' | null;
  lead_department_id: string | null;
  assist_kinds: Generated<string[]>;
  auto_dispatch: Generated<boolean>;
  note: string | null;
  updated_at: Timestamp;
}

export interface DeadlineRuleTable {
  id: Generated<string>;
  case_type: string | null;
  category_code: string | null;
  sign_working_hours: Numeric;
  urgent_sign_hours: Numeric;
  handle_working_days: number;
  complex_working_days: Generated<number>;
  follow_up_working_days: number;
  warn_ratio: ColumnType<string, number | string | undefined, number | string>;
  updated_at: Timestamp;
}

export interface CaseDayCounterTable {
  day: string;
  last: number;
}

export interface CaseRecordTable {
  id: Generated<string>;
  number: string;
  channel: string;
  type: string;
  category_code: string | null;
  urgent: Generated<boolean>;
  complex: Generated<boolean>;
  title: string;
  description: string;
  address: Generated<string>;
  lng: number;
  lat: number;
  subdistrict_id: string | null;
  neighborhood_id: string | null;
  grid_id: string | null;
  path: string;
  status: string;
  version: Generated<number>;
  extension_requested: Generated<boolean>;
  extensions_approved: Generated<number>;
  supervised: Generated<boolean>;
  escalation_level: Generated<number>;
  reopen_count: Generated<number>;
  satisfaction: string | null;
  lead_department_id: string | null;
  assist_department_ids: Generated<string[]>;
  reporter_user_id: string | null;
  reporter_name_enc: string | null;
  reporter_phone_enc: string | null;
  reporter_phone_bidx: string | null;
  contact_consent: Generated<boolean>;
  source_ref: string | null;
  attributes: unknown;
  classification: unknown;
  duplicate_of_id: string | null;
  duplicate_score: number | null;
  merged_into_id: string | null;
  public_note: string | null;
  public_note_at: NullableTimestamp;
  received_at: Timestamp;
  dispatched_at: NullableTimestamp;
  signed_at: NullableTimestamp;
  resolved_at: NullableTimestamp;
  closed_at: NullableTimestamp;
  rated_at: NullableTimestamp;
  sign_due_at: NullableTimestamp;
  handle_due_at: NullableTimestamp;
  warn_at: NullableTimestamp;
  follow_up_due_at: NullableTimestamp;
  paused_remaining_ms: BigInt;
  calendar_known: Generated<boolean>;
  warning: Generated<'none' | 'yellow' | 'red'>;
  overdue: Generated<boolean>;
  /** 0006: the signing deadline already reported as missed. */
  sign_overdue_for: NullableTimestamp;
  /** 0006: the next escalation of an overdue case. */
  escalate_at: NullableTimestamp;
  search_vector: ColumnType<string, unknown, unknown>;
  updated_at: Timestamp;
}

export interface CaseEventTable {
  id: Generated<string>;
  case_id: string;
  action: string;
  from_status: string | null;
  to_status: string;
  actor_id: string | null;
  actor_name: string | null;
  actor_role: string | null;
  department_id: string | null;
  note: string | null;
  public: Generated<boolean>;
  data: unknown;
  at: Timestamp;
}

export interface CasePhotoTable {
  id: Generated<string>;
  case_id: string | null;
  content_type: 'image/jpeg' | 'image/png' | 'image/webp';
  size_bytes: number;
  width: number | null;
  height: number | null;
  sha256: string;
  data: Buffer;
  uploaded_by: string | null;
  created_at: Timestamp;
}

export interface IdempotencyRecordTable {
  caller: string;
  key: string;
  request_hash: string;
  resource_id: string;
  created_at: Timestamp;
}

export interface HotlineImportTable {
  id: Generated<string>;
  file_name: string;
  file_sha256: string;
  rows_total: number;
  accepted: number;
  duplicates: number;
  rejected: number;
  report: unknown;
  imported_by: string | null;
  /** The importer's place (migration 0009): scope of the import list. */
  unit_path: string | null;
  created_at: Timestamp;
}

export interface CaseNotificationTable {
  id: Generated<string>;
  case_id: string;
  kind: 'yellow' | 'red' | 'overdue' | 'escalated' | 'sign_overdue';
  department_id: string | null;
  path: string;
  message: string;
  dedupe_key: string;
  created_at: Timestamp;
  read_at: NullableTimestamp;
  read_by: string | null;
}

export interface CaseTables {
  case_category: CaseCategoryTable;
  responsibility_rule: ResponsibilityRuleTable;
  deadline_rule: DeadlineRuleTable;
  case_day_counter: CaseDayCounterTable;
  case_record: CaseRecordTable;
  case_event: CaseEventTable;
  case_photo: CasePhotoTable;
  idempotency_record: IdempotencyRecordTable;
  hotline_import: HotlineImportTable;
  case_notification: CaseNotificationTable;
}
