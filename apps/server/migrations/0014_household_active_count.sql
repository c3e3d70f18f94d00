-- Ledgers count 户数 as households with at least one active resident. Counting that over the
-- residents (a DISTINCT over ~690k rows) cost more than every other figure of a district ledger
-- together, so each household keeps its number of active residents. Statement-level triggers with
-- transition tables keep it right for any writer (editor, import, seed) at one UPDATE per statement.

ALTER TABLE household ADD COLUMN active_residents integer NOT NULL DEFAULT 0;

CREATE FUNCTION household_active_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    UPDATE household h SET active_residents = h.active_residents + d.n
      FROM (SELECT household_id, count(*)::int AS n FROM new_rows WHERE status = 'active' GROUP BY 1) d
      WHERE h.id = d.household_id;
  ELSIF TG_OP = 'DELETE' THEN
    UPDATE household h SET active_residents = h.active_residents - d.n
      FROM (SELECT household_id, count(*)::int AS n FROM old_rows WHERE status = 'active' GROUP BY 1) d
      WHERE h.id = d.household_id;
  ELSE
    UPDATE household h SET active_residents = h.active_residents + d.n
      FROM (
        SELECT household_id, sum(n)::int AS n FROM (
          SELECT household_id, 1 AS n FROM new_rows WHERE status = 'active'
          UNION ALL
          SELECT household_id, -1 AS n FROM old_rows WHERE status = 'active'
        ) x GROUP BY 1 HAVING sum(n) <> 0
      ) d
      WHERE h.id = d.household_id;
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER resident_active_insert AFTER INSERT ON resident
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION household_active_apply();
CREATE TRIGGER resident_active_update AFTER UPDATE ON resident
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION household_active_apply();
CREATE TRIGGER resident_active_delete AFTER DELETE ON resident
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION household_active_apply();

UPDATE household h SET active_residents = d.n
  FROM (SELECT household_id, count(*)::int AS n FROM resident WHERE status = 'active' GROUP BY 1) d
  WHERE h.id = d.household_id;
