// Snapshots of database state, to assert that requests or failed imports wrote nothing.
import { type Kysely, sql } from 'kysely';

/** Row count of every table in the public schema. */
export async function rowCounts(db: Kysely<any>): Promise<Record<string, number>> {
  const tables = await sql<{ table_name: string }>`
    select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name
  `.execute(db);
  const out: Record<string, number> = {};
  for (const { table_name } of tables.rows) {
    const r = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table_name)}`.execute(db);
    out[table_name] = Number(r.rows[0]!.n);
  }
  return out;
}

/** Everything a boundary import may change: unit geometry and derived columns, compound and building placement. */
export async function geometrySnapshot(db: Kysely<any>): Promise<string> {
  const units = await sql`
    select code, boundary_source, geometry::text as g, min_lng, min_lat, max_lng, max_lat, center_lng, center_lat, seed_lng, seed_lat
    from jurisdiction_unit order by code`.execute(db);
  const compounds = await sql`select code, grid_id, path::text from compound order by code`.execute(db);
  const buildings = await sql`select md5(string_agg(code || ':' || path::text, ',' order by code)) as h from building`.execute(db);
  const meta = await sql`select key, value::text from app_meta order by key`.execute(db);
  return JSON.stringify({ units: units.rows, compounds: compounds.rows, buildings: buildings.rows, meta: meta.rows });
}
