-- Dashboard rollups (docs/case-stats.md, "Rollups"). At city scale (10 million cases) counting the
-- district's figures over the cases themselves takes seconds; these tables keep them counted as
-- cases change, so a dashboard reads a few hundred to a few thousand rollup rows instead.
--
-- Case writes never touch a shared counter: a trigger appends one row per changed
-- case to case_stat_delta (-1 for the case as it was, +1 as it is now). Appending takes no row lock,
-- so concurrent intakes do not queue on "today's district total". case_stat_fold() moves the
-- deltas into the rollups (one folder at a time, under an advisory lock); readers add the deltas
-- not yet folded, in the same statement, so the figures are exact whenever they are read.

-- What of a case the statistics look at: its fact. Two facts that are equal count the same.
CREATE TABLE case_stat_delta (
  sign smallint NOT NULL,
  rday integer NOT NULL,          -- Shanghai day of received_at (days since 1970-01-01)
  path ltree NOT NULL,
  dept uuid,                      -- lead department
  cat text NOT NULL,              -- category code, '' when not classified
  status text NOT NULL,
  resolved_day integer,           -- Shanghai day of resolved_at
  on_time boolean NOT NULL,       -- resolved by the handling deadline
  overdue boolean NOT NULL,       -- being handled and flagged overdue by the deadline job
  sat text                        -- latest rating (an unsatisfied one that reopened the case counts)
);

-- Per receipt day: the period's figures of the cases received that day, and (dim 'a' only) the
-- cases resolved that day (resolved_on, the trend). node: the district, 街镇 and 居民区 prefixes of
-- the case's path; dim 'a' = all cases of the node, 'd' = by lead department (key = its id), 'c' =
-- by category (key = its code); 'd' and 'c' only at the district and 街镇 levels.
CREATE TABLE case_stat_day (
  node ltree NOT NULL,
  dim "char" NOT NULL,
  day integer NOT NULL,
  key text NOT NULL,
  intake integer NOT NULL DEFAULT 0,
  effective integer NOT NULL DEFAULT 0,
  resolved integer NOT NULL DEFAULT 0,
  closed integer NOT NULL DEFAULT 0,
  on_time integer NOT NULL DEFAULT 0,
  due_judged integer NOT NULL DEFAULT 0,
  satisfied integer NOT NULL DEFAULT 0,
  basically_satisfied integer NOT NULL DEFAULT 0,
  unsatisfied integer NOT NULL DEFAULT 0,
  resolved_on integer NOT NULL DEFAULT 0,
  PRIMARY KEY (node, dim, day, key)
);

-- Figures of "now", whatever the receipt day: open, and flagged overdue.
CREATE TABLE case_stat_now (
  node ltree NOT NULL,
  dim "char" NOT NULL,
  key text NOT NULL,
  open integer NOT NULL DEFAULT 0,
  overdue integer NOT NULL DEFAULT 0,
  PRIMARY KEY (node, dim, key)
);

-- Cases past their handling deadline that the deadline job has not flagged yet (it flags them on its
-- next scan): few at any time; readers count them from here so "overdue" is right between scans.
CREATE INDEX case_record_due_unflagged ON case_record (handle_due_at)
  WHERE status IN ('dispatched', 'signed', 'in_progress') AND NOT overdue AND NOT extension_requested;

CREATE FUNCTION case_stat_day_of(t timestamptz) RETURNS integer LANGUAGE sql IMMUTABLE AS
  $$ SELECT floor((extract(epoch FROM t) + 28800) / 86400)::integer $$;

CREATE FUNCTION case_stat_fact(p_id uuid, p_received_at timestamptz, p_path ltree, p_dept uuid, p_category_code text,
    p_status text, p_resolved_at timestamptz, p_handle_due_at timestamptz, p_overdue boolean, p_satisfaction text, p_reopen_count integer)
  RETURNS TABLE (rday integer, path ltree, dept uuid, cat text, status text, resolved_day integer, on_time boolean, overdue boolean, sat text)
  LANGUAGE sql STABLE AS $$
  SELECT case_stat_day_of(p_received_at), p_path, p_dept, coalesce(p_category_code, ''), p_status, case_stat_day_of(p_resolved_at),
    p_resolved_at IS NOT NULL AND (p_handle_due_at IS NULL OR p_resolved_at <= p_handle_due_at),
    p_status IN ('dispatched', 'signed', 'in_progress') AND p_overdue,
    coalesce(p_satisfaction, CASE WHEN p_reopen_count > 0 AND EXISTS (
      SELECT 1 FROM case_event e WHERE e.case_id = p_id AND e.action IN ('rate', 'follow_up') AND (e.data->>'satisfaction') = 'unsatisfied'
    ) THEN 'unsatisfied' END)
$$;

-- Row-level triggers: an intake or a step writes one case per statement, and a row trigger costs
-- less there than a statement trigger's transition tables. Bulk writers disable case_stat_insert
-- and call case_stat_rebuild() once (bench/lib/dashboard.mjs).
-- The fact is computed here as case_stat_fact does (written out: a SQL function called from a row
-- trigger is planned on every call); the rollup test checks both agree (a rebuild equals the rollups).
CREATE FUNCTION case_stat_capture() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE old_f case_stat_delta; new_f case_stat_delta;
BEGIN
  IF TG_OP <> 'INSERT' THEN
    old_f := ROW(-1, floor((extract(epoch FROM OLD.received_at) + 28800) / 86400)::integer, OLD.path, OLD.lead_department_id,
      coalesce(OLD.category_code, ''), OLD.status, floor((extract(epoch FROM OLD.resolved_at) + 28800) / 86400)::integer,
      OLD.resolved_at IS NOT NULL AND (OLD.handle_due_at IS NULL OR OLD.resolved_at <= OLD.handle_due_at),
      OLD.status IN ('dispatched', 'signed', 'in_progress') AND OLD.overdue, OLD.satisfaction);
    IF OLD.satisfaction IS NULL AND OLD.reopen_count > 0 AND EXISTS (
      SELECT 1 FROM case_event e WHERE e.case_id = OLD.id AND e.action IN ('rate', 'follow_up') AND (e.data->>'satisfaction') = 'unsatisfied'
    ) THEN old_f.sat := 'unsatisfied'; END IF;
  END IF;
  IF TG_OP <> 'DELETE' THEN
    new_f := ROW(1, floor((extract(epoch FROM NEW.received_at) + 28800) / 86400)::integer, NEW.path, NEW.lead_department_id,
      coalesce(NEW.category_code, ''), NEW.status, floor((extract(epoch FROM NEW.resolved_at) + 28800) / 86400)::integer,
      NEW.resolved_at IS NOT NULL AND (NEW.handle_due_at IS NULL OR NEW.resolved_at <= NEW.handle_due_at),
      NEW.status IN ('dispatched', 'signed', 'in_progress') AND NEW.overdue, NEW.satisfaction);
    IF NEW.satisfaction IS NULL AND NEW.reopen_count > 0 AND EXISTS (
      SELECT 1 FROM case_event e WHERE e.case_id = NEW.id AND e.action IN ('rate', 'follow_up') AND (e.data->>'satisfaction') = 'unsatisfied'
    ) THEN new_f.sat := 'unsatisfied'; END IF;
  END IF;
  -- An update that moves no figure (a new deadline before resolution, say) appends nothing.
  IF TG_OP = 'UPDATE' AND (old_f.rday, old_f.path, old_f.dept, old_f.cat, old_f.status, old_f.resolved_day, old_f.on_time, old_f.overdue, old_f.sat)
      IS NOT DISTINCT FROM (new_f.rday, new_f.path, new_f.dept, new_f.cat, new_f.status, new_f.resolved_day, new_f.on_time, new_f.overdue, new_f.sat) THEN
    RETURN NULL;
  END IF;
  IF TG_OP <> 'INSERT' THEN INSERT INTO case_stat_delta VALUES (old_f.*); END IF;
  IF TG_OP <> 'DELETE' THEN INSERT INTO case_stat_delta VALUES (new_f.*); END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER case_stat_insert AFTER INSERT ON case_record FOR EACH ROW EXECUTE FUNCTION case_stat_capture();
-- Only updates of the columns a fact is made of (not notes, versions, warning colours). The path is
-- compared as text: pg_dump restores with an empty search_path, where ltree's = (in public) is not
-- found for IS DISTINCT FROM, which cannot name an operator's schema.
CREATE TRIGGER case_stat_update AFTER UPDATE ON case_record FOR EACH ROW
  WHEN ((OLD.received_at, OLD.path::text, OLD.lead_department_id, OLD.category_code, OLD.status, OLD.resolved_at, OLD.handle_due_at,
         OLD.overdue, OLD.satisfaction, OLD.reopen_count)
        IS DISTINCT FROM (NEW.received_at, NEW.path::text, NEW.lead_department_id, NEW.category_code, NEW.status, NEW.resolved_at,
         NEW.handle_due_at, NEW.overdue, NEW.satisfaction, NEW.reopen_count))
  EXECUTE FUNCTION case_stat_capture();
CREATE TRIGGER case_stat_delete AFTER DELETE ON case_record FOR EACH ROW EXECUTE FUNCTION case_stat_capture();

-- An unsatisfied rating is recorded as a step after the case row is updated (the case's rating is
-- cleared as it reopens): the case's fact changes with the step. Only a case's first such step
-- changes it (case_stat_fact finds it from then on). Other steps do not call the function.
CREATE FUNCTION case_stat_capture_rating() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO case_stat_delta
    WITH c AS (
      SELECT c.* FROM case_record c
      WHERE c.id = NEW.case_id AND c.satisfaction IS NULL AND c.reopen_count > 0
        AND NOT EXISTS (
          SELECT 1 FROM case_event e WHERE e.case_id = c.id AND e.id <> NEW.id
            AND e.action IN ('rate', 'follow_up') AND (e.data->>'satisfaction') = 'unsatisfied'
        )
    ), f AS (
      SELECT f.* FROM c, LATERAL case_stat_fact(c.id, c.received_at, c.path, c.lead_department_id, c.category_code,
        c.status, c.resolved_at, c.handle_due_at, c.overdue, c.satisfaction, c.reopen_count) f
    )
    SELECT -1, rday, path, dept, cat, status, resolved_day, on_time, overdue, NULL FROM f
    UNION ALL
    SELECT 1, rday, path, dept, cat, status, resolved_day, on_time, overdue, 'unsatisfied' FROM f;
  RETURN NULL;
END $$;

CREATE TRIGGER case_stat_rating AFTER INSERT ON case_event FOR EACH ROW
  WHEN (NEW.action IN ('rate', 'follow_up') AND (NEW.data->>'satisfaction') = 'unsatisfied')
  EXECUTE FUNCTION case_stat_capture_rating();

-- TRUNCATE case_record (tests, a rebuilt demo) empties the rollups with it.
CREATE FUNCTION case_stat_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  TRUNCATE case_stat_delta, case_stat_day, case_stat_now;
  RETURN NULL;
END $$;
CREATE TRIGGER case_stat_truncate AFTER TRUNCATE ON case_record FOR EACH STATEMENT EXECUTE FUNCTION case_stat_truncate();

-- One fact (or its negation: sign -1) as the rollup rows it adds to: at each of its nodes (the
-- district, 街镇 and 居民区 prefixes of its path) and dims ('a' all, 'd' lead department, 'c'
-- category; 'd' and 'c' at the district and 街镇 levels only), on its receipt day; plus, for dim
-- 'a', one row on the day it was resolved (the trend). open/overdue are the figures of now.
CREATE FUNCTION case_stat_expand(p_sign integer, p_rday integer, p_path ltree, p_dept uuid, p_cat text, p_status text,
    p_resolved_day integer, p_on_time boolean, p_overdue boolean, p_sat text)
  RETURNS TABLE (node ltree, dim "char", day integer, key text, intake integer, effective integer, resolved integer,
    closed integer, on_time integer, due_judged integer, satisfied integer, basically_satisfied integer, unsatisfied integer,
    resolved_on integer, open integer, overdue integer)
  LANGUAGE sql IMMUTABLE AS $$
  SELECT subpath(p_path, 0, k), v.dim, p_rday, v.key, p_sign,
    p_sign * (p_status NOT IN ('merged', 'cancelled'))::int,
    p_sign * (p_status IN ('resolved', 'verified', 'followed_up', 'closed'))::int,
    p_sign * (p_status = 'closed')::int,
    p_sign * p_on_time::int,
    p_sign * (p_resolved_day IS NOT NULL OR p_overdue)::int,
    p_sign * (p_sat IS NOT DISTINCT FROM 'satisfied')::int,
    p_sign * (p_sat IS NOT DISTINCT FROM 'basically_satisfied')::int,
    p_sign * (p_sat IS NOT DISTINCT FROM 'unsatisfied')::int,
    0,
    p_sign * (p_status IN ('received', 'dispatched', 'signed', 'in_progress', 'returned'))::int,
    p_sign * p_overdue::int
  FROM generate_series(1, least(3, nlevel(p_path))) k
  CROSS JOIN (VALUES ('a'::"char", ''), ('d'::"char", coalesce(p_dept::text, '')), ('c'::"char", p_cat)) v(dim, key)
  WHERE v.dim = 'a' OR k <= 2
  UNION ALL
  SELECT subpath(p_path, 0, k), 'a', p_resolved_day, '', 0, 0, 0, 0, 0, 0, 0, 0, 0, p_sign, 0, 0
  FROM generate_series(1, least(3, nlevel(p_path))) k
  WHERE p_resolved_day IS NOT NULL
$$;

-- Moves the appended deltas into the rollups. Rows are taken by DELETE ... RETURNING: deltas of
-- transactions that commit meanwhile stay for the next fold. Returns the number of deltas folded.
CREATE FUNCTION case_stat_fold() RETURNS bigint LANGUAGE sql AS $$
  WITH d AS (
    DELETE FROM case_stat_delta RETURNING *
  ), days AS (
    INSERT INTO case_stat_day AS t (node, dim, day, key, intake, effective, resolved, closed, on_time, due_judged,
        satisfied, basically_satisfied, unsatisfied, resolved_on)
      SELECT e.node, e.dim, e.day, e.key, sum(e.intake), sum(e.effective), sum(e.resolved), sum(e.closed), sum(e.on_time),
        sum(e.due_judged), sum(e.satisfied), sum(e.basically_satisfied), sum(e.unsatisfied), sum(e.resolved_on)
      FROM d, LATERAL case_stat_expand(d.sign, d.rday, d.path, d.dept, d.cat, d.status, d.resolved_day, d.on_time, d.overdue, d.sat) e
      GROUP BY e.node, e.dim, e.day, e.key
    ON CONFLICT (node, dim, day, key) DO UPDATE SET
      intake = t.intake + excluded.intake, effective = t.effective + excluded.effective, resolved = t.resolved + excluded.resolved,
      closed = t.closed + excluded.closed, on_time = t.on_time + excluded.on_time, due_judged = t.due_judged + excluded.due_judged,
      satisfied = t.satisfied + excluded.satisfied, basically_satisfied = t.basically_satisfied + excluded.basically_satisfied,
      unsatisfied = t.unsatisfied + excluded.unsatisfied, resolved_on = t.resolved_on + excluded.resolved_on
  ), nows AS (
    INSERT INTO case_stat_now AS t (node, dim, key, open, overdue)
      SELECT e.node, e.dim, e.key, sum(e.open), sum(e.overdue)
      FROM d, LATERAL case_stat_expand(d.sign, d.rday, d.path, d.dept, d.cat, d.status, d.resolved_day, d.on_time, d.overdue, d.sat) e
      WHERE e.open <> 0 OR e.overdue <> 0
      GROUP BY e.node, e.dim, e.key
    ON CONFLICT (node, dim, key) DO UPDATE SET open = t.open + excluded.open, overdue = t.overdue + excluded.overdue
  )
  SELECT count(*) FROM d
$$;

-- Counts everything again from the cases: after a bulk load made with the triggers disabled, or
-- to repair.
CREATE FUNCTION case_stat_rebuild() RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE n bigint;
BEGIN
  -- Writers wait meanwhile; DELETE rather than TRUNCATE, which the server's own role may not do.
  LOCK TABLE case_record IN SHARE MODE;
  DELETE FROM case_stat_delta;
  DELETE FROM case_stat_day;
  DELETE FROM case_stat_now;
  INSERT INTO case_stat_delta
    SELECT 1, f.* FROM case_record c, LATERAL case_stat_fact(c.id, c.received_at, c.path, c.lead_department_id, c.category_code,
      c.status, c.resolved_at, c.handle_due_at, c.overdue, c.satisfaction, c.reopen_count) f;
  GET DIAGNOSTICS n = ROW_COUNT;
  PERFORM case_stat_fold();
  RETURN n;
END $$;

SELECT case_stat_rebuild();
