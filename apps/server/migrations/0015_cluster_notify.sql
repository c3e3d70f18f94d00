-- Several server instances on one database (docs/operations.md, "Several instances"): each keeps
-- short-lived copies (resolved principals, the case configuration). A change to what they copy
-- sends a NOTIFY from the writing transaction, which PostgreSQL delivers only at its commit, so
-- every instance (and a change made by the CLI) ends its copies the moment the change is visible.
-- Statement-level, and identical notifications of one transaction are folded into one. Columns
-- written on every request (last_seen_at, last_used_at, failed logins) do not notify.

CREATE FUNCTION gongzhi_notify_identity() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('gongzhi_identity', TG_TABLE_NAME);
  RETURN NULL;
END $$;

CREATE TRIGGER app_user_notify AFTER UPDATE OF status, password_hash, must_change_password, totp_secret_enc, totp_enabled_at,
  display_name, unit_id, department_id, kind, is_demo OR DELETE ON app_user
  FOR EACH STATEMENT EXECUTE FUNCTION gongzhi_notify_identity();
CREATE TRIGGER user_session_notify AFTER UPDATE OF revoked_at, stage, expires_at, user_id OR DELETE ON user_session
  FOR EACH STATEMENT EXECUTE FUNCTION gongzhi_notify_identity();
CREATE TRIGGER role_grant_notify AFTER INSERT OR UPDATE OR DELETE ON role_grant
  FOR EACH STATEMENT EXECUTE FUNCTION gongzhi_notify_identity();
CREATE TRIGGER api_token_notify AFTER UPDATE OF revoked_at, expires_at, scopes, user_id OR DELETE ON api_token
  FOR EACH STATEMENT EXECUTE FUNCTION gongzhi_notify_identity();

-- Version stamps other instances cache by: the payload is the key that moved.
CREATE FUNCTION gongzhi_notify_meta() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('gongzhi_meta', NEW.key);
  RETURN NULL;
END $$;

CREATE TRIGGER app_meta_notify AFTER INSERT OR UPDATE ON app_meta
  FOR EACH ROW WHEN (NEW.key IN ('case_config_version', 'boundary_version')) EXECUTE FUNCTION gongzhi_notify_meta();
