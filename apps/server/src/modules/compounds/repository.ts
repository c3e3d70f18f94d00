import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import { escapeLike } from '../jurisdiction/repository.js';

export interface CompoundFilter {
  /** The caller's subtrees (from the policy); an empty list sees nothing. */
  scope: string[];
  path?: string | undefined;
  type?: string | undefined;
  q?: string | undefined;
  after?: string | undefined;
  limit: number;
}

/** SQL for compounds; scope is a path prefix applied in the query. */
export class CompoundRepository {
  constructor(private readonly db: Kysely<DB>) {}

  list(f: CompoundFilter) {
    let q = this.db
      .selectFrom('compound as c')
      .innerJoin('jurisdiction_unit as n', 'n.id', 'c.neighborhood_id')
      .leftJoin('jurisdiction_unit as g', 'g.id', 'c.grid_id')
      .select([
        'c.id',
        'c.code',
        'c.name',
        'c.type',
        'c.address',
        'c.year_built',
        'c.household_count',
        'c.lng',
        'c.lat',
        'n.code as n_code',
        'n.name as n_name',
        'g.code as g_code',
        'g.name as g_name',
      ])
      .select((eb) => eb.selectFrom('building as b').select(eb.fn.countAll<number>().as('n')).whereRef('b.compound_id', '=', 'c.id').as('building_count'));
    q = q.where(sql<boolean>`c.path <@ ANY(${f.scope}::ltree[])`);
    if (f.path) q = q.where(sql<boolean>`c.path <@ ${f.path}::ltree`);
    if (f.type) q = q.where('c.type', '=', f.type);
    if (f.q) q = q.where((eb) => eb.or([eb('c.name', 'ilike', `%${escapeLike(f.q!)}%`), eb('c.address', 'ilike', `%${escapeLike(f.q!)}%`)]));
    if (f.after) q = q.where('c.code', '>', f.after);
    return q.orderBy('c.code').limit(f.limit + 1).execute();
  }
}
