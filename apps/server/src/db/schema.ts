import type { ColumnType, Generated } from 'kysely';
import type { CaseTables } from './schema-cases.js';
import type { CommunityTables } from './schema-community.js';

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
  owners_committee: string | null;
  owners_committee_term_end: ColumnType<string | null, string | null | undefined, string | null>;
  outline: ColumnType<unknown, string | null | undefined, string | null>;
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
  elevator_retrofit: Generated<'none' | 'intent' | 'approved' | 'building' | 'done'>;
  elevator_retrofit_on: ColumnType<string | null, string | null | undefined, string | null>;
  path: string;
  lng: number;
  lat: number;
  created_at: Timestamp;
}

export interface DB extends IdentityTables, CaseTables, CommunityTables {
  app_meta: AppMetaTable;
  jurisdiction_unit: JurisdictionUnitTable;
  department: DepartmentTable;
  compound: CompoundTable;
  building: BuildingTable;
}

export interface AppUserTable {
  id: Generated<string>;
  username: string;
  display_name: string;
  kind: Generated<'staff' | 'resident' | 'machine'>;
  phone_enc: string | null;
  phone_bidx: string | null;
  unit_id: string | null;
  department_id: string | null;
  status: Generated<'active' | 'disabled'>;
  password_hash: string | null;
  password_changed_at: Timestamp | null;
  must_change_password: Generated<boolean>;
  failed_logins: Generated<number>;
  locked_until: Timestamp | null;
  totp_secret_enc: string | null;
  totp_enabled_at: Timestamp | null;
  is_demo: Generated<boolean>;
  totp_last_step: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface PasswordHistoryTable {
  id: Generated<string>;
  user_id: string;
  password_hash: string;
  created_at: Timestamp;
}

export interface RecoveryCodeTable {
  id: Generated<string>;
  user_id: string;
  code_hash: string;
  used_at: Timestamp | null;
  created_at: Timestamp;
}

export interface RoleGrantTable {
  id: Generated<string>;
  user_id: string;
  role: string;
  unit_id: string;
  department_id: string | null;
  path: string;
  status: 'pending' | 'active' | 'rejected' | 'revoked';
  reason: string | null;
  requested_by: string | null;
  decided_by: string | null;
  decided_at: Timestamp | null;
  revoked_by: string | null;
  revoked_at: Timestamp | null;
  created_at: Timestamp;
}

export interface AccountResetRequestTable {
  id: Generated<string>;
  user_id: string;
  kind: 'password' | 'mfa';
  password_hash: string | null;
  status: 'pending' | 'approved' | 'rejected';
  requested_by: string;
  decided_by: string | null;
  decided_at: Timestamp | null;
  reason: string | null;
  created_at: Timestamp;
}

export interface UserSessionTable {
  id: Generated<string>;
  token_hash: string;
  user_id: string;
  stage: 'active' | 'password_change' | 'mfa_enrollment';
  csrf_token: string;
  ip: string | null;
  user_agent: string | null;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
  revoked_at: Timestamp | null;
}

export interface ApiTokenTable {
  id: Generated<string>;
  name: string;
  prefix: string;
  token_hash: string;
  user_id: string;
  scopes: string[];
  created_by: string | null;
  created_at: Timestamp;
  expires_at: Timestamp | null;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
  revoked_by: string | null;
}

export interface AuditLogTable {
  seq: number;
  at: Date;
  actor_id: string | null;
  actor_name: string | null;
  acting_role: string | null;
  action: string;
  outcome: 'success' | 'failure' | 'denied';
  resource_type: string | null;
  resource_id: string | null;
  unit_path: string | null;
  before: unknown;
  after: unknown;
  detail: unknown;
  ip: string | null;
  request_id: string | null;
  prev_hash: string;
  hash: string;
}

export interface AuditHeadTable {
  id: number;
  seq: number;
  hash: string;
}

export interface RevealEventTable {
  id: Generated<string>;
  user_id: string;
  at: Timestamp;
}

export interface IdentityTables {
  app_user: AppUserTable;
  password_history: PasswordHistoryTable;
  recovery_code: RecoveryCodeTable;
  role_grant: RoleGrantTable;
  account_reset_request: AccountResetRequestTable;
  user_session: UserSessionTable;
  api_token: ApiTokenTable;
  audit_log: AuditLogTable;
  audit_head: AuditHeadTable;
  reveal_event: RevealEventTable;
}
