import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';

export class DepartmentRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** Departments at or below a unit, plus those of its ancestors that serve it (district-level). */
  list(f: { path?: string | undefined; kind?: string | undefined }) {
    let q = this.db
      .selectFrom('department as d')
      .innerJoin('jurisdiction_unit as u', 'u.id', 'd.unit_id')
      .select(['d.id', 'd.code', 'd.name', 'd.kind', 'd.level', 'u.code as u_code', 'u.name as u_name', 'u.level as u_level']);
    if (f.path) q = q.where((eb) => eb.or([eb(sql`d.path <@ ${f.path}::ltree`, '=', sql`true`), eb(sql`d.path @> ${f.path}::ltree`, '=', sql`true`)]));
    if (f.kind) q = q.where('d.kind', '=', f.kind);
    return q.orderBy(sql`nlevel(d.path)`).orderBy('d.code').execute();
  }
}
