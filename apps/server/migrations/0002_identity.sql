-- Identity, sessions, role grants, machine tokens and the tamper-evident audit trail.

CREATE TABLE app_user (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  username text NOT NULL UNIQUE CHECK (username ~ '^[a-z0-9][a-z0-9._-]{2,49}$'),
  display_name text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 50),
  kind text NOT NULL DEFAULT 'staff' CHECK (kind IN ('staff', 'resident', 'machine')),
  -- Personal data: ciphertext plus a keyed blind index for exact lookup.
  phone_enc text,
  phone_bidx text,
  unit_id uuid REFERENCES jurisdiction_unit (id),
  department_id uuid REFERENCES department (id),
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
  password_hash text,
  password_changed_at timestamptz,
  must_change_password boolean NOT NULL DEFAULT true,
  failed_logins integer NOT NULL DEFAULT 0,
  locked_until timestamptz,
  totp_secret_enc text,
  totp_enabled_at timestamptz,
  -- Seeded demo accounts: no forced password change, second factor only with GONGZHI_DEMO_MFA=1.
  is_demo boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX app_user_phone_bidx ON app_user (phone_bidx);

CREATE TABLE password_history (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES app_user (id),
  password_hash text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX password_history_user ON password_history (user_id, created_at DESC);

CREATE TABLE recovery_code (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES app_user (id),
  code_hash text NOT NULL,
  used_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX recovery_code_user ON recovery_code (user_id);

-- A role granted at a node of the jurisdiction tree (path) or of a department; reaches the subtree.
CREATE TABLE role_grant (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES app_user (id),
  role text NOT NULL,
  unit_id uuid NOT NULL REFERENCES jurisdiction_unit (id),
  department_id uuid REFERENCES department (id),
  path ltree NOT NULL,
  status text NOT NULL CHECK (status IN ('pending', 'active', 'rejected', 'revoked')),
  reason text,
  requested_by uuid REFERENCES app_user (id),
  decided_by uuid REFERENCES app_user (id),
  decided_at timestamptz,
  revoked_by uuid REFERENCES app_user (id),
  revoked_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX role_grant_user ON role_grant (user_id) WHERE status = 'active';
CREATE INDEX role_grant_pending ON role_grant (created_at) WHERE status = 'pending';
CREATE UNIQUE INDEX role_grant_one_live ON role_grant (user_id, role, unit_id, coalesce(department_id, '00000000-0000-0000-0000-000000000000'::uuid))
  WHERE status IN ('pending', 'active');

CREATE TABLE user_session (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  token_hash text NOT NULL UNIQUE,
  user_id uuid NOT NULL REFERENCES app_user (id),
  -- A session that still has to change its password or enrol a second factor can do only that.
  stage text NOT NULL CHECK (stage IN ('active', 'password_change', 'mfa_enrollment')),
  csrf_token text NOT NULL,
  ip text,
  user_agent text,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  revoked_at timestamptz
);
CREATE INDEX user_session_user ON user_session (user_id) WHERE revoked_at IS NULL;

CREATE TABLE api_token (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  prefix text NOT NULL,
  token_hash text NOT NULL UNIQUE,
  user_id uuid NOT NULL REFERENCES app_user (id),
  scopes text[] NOT NULL DEFAULT '{}',
  created_by uuid REFERENCES app_user (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz,
  last_used_at timestamptz,
  revoked_at timestamptz,
  revoked_by uuid REFERENCES app_user (id)
);

-- Append-only audit trail. Each row stores the hash of the previous one (a chain); the head row
-- makes concurrent appends take turns. UPDATE and DELETE are refused by trigger on every engine,
-- and on a real server the application's role holds no UPDATE/DELETE privilege on it either.
CREATE TABLE audit_log (
  seq bigint PRIMARY KEY,
  at timestamptz NOT NULL,
  actor_id uuid,
  actor_name text,
  acting_role text,
  action text NOT NULL,
  outcome text NOT NULL CHECK (outcome IN ('success', 'failure', 'denied')),
  resource_type text,
  resource_id text,
  unit_path ltree,
  before jsonb,
  after jsonb,
  detail jsonb,
  ip text,
  request_id text,
  prev_hash text NOT NULL,
  hash text NOT NULL
);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_actor ON audit_log (actor_id, at);
CREATE INDEX audit_log_resource ON audit_log (resource_type, resource_id);
CREATE INDEX audit_log_action ON audit_log (action, at);

CREATE TABLE audit_head (
  id integer PRIMARY KEY CHECK (id = 1),
  seq bigint NOT NULL,
  hash text NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, repeat('0', 64));

CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only (审计日志只允许追加)' USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();

-- Reveals of plain personal data are rate-limited per user: the log of them is this table.
CREATE TABLE reveal_event (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES app_user (id),
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX reveal_event_user ON reveal_event (user_id, at);
