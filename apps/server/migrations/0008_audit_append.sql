-- Appending to the audit chain inside the statement that makes the change (case intake), so the
-- chain head's row lock is held for the rest of that one statement and its commit, not across
-- round trips to the server. Same record and the same hash as AuditWriter (standard suite:
-- sha256 over prevHash, a newline and the canonical JSON), so verification does not change.
--
-- p_canonical is the record's canonical JSON as the server computed it, with a marker where the
-- sequence number goes (p_seq_marker, quotes included: the number replaces it), which only the
-- database knows under the lock. The marker carries a random nonce per server process, so no
-- text a user writes into a record can imitate it.
CREATE FUNCTION gz_audit_append(
  p_at timestamptz, p_actor_id uuid, p_actor_name text, p_acting_role text, p_action text, p_outcome text,
  p_resource_type text, p_resource_id text, p_unit_path ltree, p_before jsonb, p_after jsonb, p_detail jsonb,
  p_ip text, p_request_id text, p_canonical text, p_seq_marker text
) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
  v_prev text;
  v_seq bigint;
  v_hash text;
BEGIN
  SELECT seq + 1, hash INTO v_seq, v_prev FROM audit_head WHERE id = 1 FOR UPDATE;
  v_hash := 'sha256:' || encode(digest(v_prev || E'\n' || replace(p_canonical, p_seq_marker, v_seq::text), 'sha256'), 'hex');
  INSERT INTO audit_log (seq, at, actor_id, actor_name, acting_role, action, outcome, resource_type, resource_id,
    unit_path, before, after, detail, ip, request_id, prev_hash, hash)
  VALUES (v_seq, p_at, p_actor_id, p_actor_name, p_acting_role, p_action, p_outcome, p_resource_type, p_resource_id,
    p_unit_path, p_before, p_after, p_detail, p_ip, p_request_id, v_prev, v_hash);
  UPDATE audit_head SET seq = v_seq, hash = v_hash WHERE id = 1;
  RETURN v_seq;
END;
$$;

-- Aborts the statement it is part of when a condition fails: lets one INSERT … WITH … statement
-- refuse a whole write (e.g. a photo that is no longer attachable) instead of committing part of it.
CREATE FUNCTION gz_check(p_ok boolean, p_reason text) RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
  IF p_ok IS NOT TRUE THEN
    RAISE EXCEPTION '%', p_reason USING ERRCODE = 'P0001';
  END IF;
  RETURN true;
END;
$$;
