-- Password and second-factor resets of administrator accounts wait for a second security
-- administrator (三权分立): otherwise the security administrator could reset the audit
-- administrator's password and read the audit trail as it.
CREATE TABLE account_reset_request (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES app_user (id),
  kind text NOT NULL CHECK (kind IN ('password', 'mfa')),
  -- The new initial password, hashed when requested so the approver never sees it; cleared once decided.
  password_hash text,
  status text NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
  requested_by uuid NOT NULL REFERENCES app_user (id),
  decided_by uuid REFERENCES app_user (id),
  decided_at timestamptz,
  reason text,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (kind = 'password' OR password_hash IS NULL),
  CHECK (status <> 'pending' OR kind = 'mfa' OR password_hash IS NOT NULL),
  CHECK ((status = 'pending') = (decided_at IS NULL))
);
CREATE UNIQUE INDEX account_reset_one_pending ON account_reset_request (user_id, kind) WHERE status = 'pending';
CREATE INDEX account_reset_pending ON account_reset_request (created_at) WHERE status = 'pending';
