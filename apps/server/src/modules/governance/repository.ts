import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';

export type ListKind = 'problems' | 'resources' | 'services';
export interface ScoreRow {
  indicatorId: string;
  name: string;
  weight: number;
  score: number;
}

/** SQL of 分类治理: lists, guides, indicators and compound evaluations. */
export class GovernanceRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** Per type: list sizes, active indicators, compounds in scope. */
  async overview(scope: string[]) {
    const items = await this.db.selectFrom('governance_item').select(['compound_type', 'list_kind', (eb) => eb.fn.countAll<string>().as('n')]).groupBy(['compound_type', 'list_kind']).execute();
    const indicators = await this.db
      .selectFrom('governance_indicator')
      .select(['compound_type', (eb) => eb.fn.countAll<string>().as('n')])
      .where('active', '=', true)
      .groupBy('compound_type')
      .execute();
    const compounds = await this.db
      .selectFrom('compound as c')
      .select(['c.type', (eb) => eb.fn.countAll<string>().as('n')])
      .where(sql<boolean>`c.path <@ ANY(${scope}::ltree[])`)
      .groupBy('c.type')
      .execute();
    return { items, indicators, compounds };
  }

  items(type: string, trx: Kysely<DB> = this.db) {
    return trx.selectFrom('governance_item').selectAll().where('compound_type', '=', type).orderBy('list_kind').orderBy('sort_order').orderBy('updated_at').execute();
  }

  item(type: string, id: string, trx: Kysely<DB> = this.db) {
    return trx.selectFrom('governance_item').selectAll().where('compound_type', '=', type).where('id', '=', id).forUpdate().executeTakeFirst();
  }

  async insertItem(trx: Kysely<DB>, v: { type: string; kind: ListKind; title: string; detail: string; userId: string }) {
    const max = await trx
      .selectFrom('governance_item')
      .select((eb) => eb.fn.max('sort_order').as('m'))
      .where('compound_type', '=', v.type)
      .where('list_kind', '=', v.kind)
      .executeTakeFirst();
    return trx
      .insertInto('governance_item')
      .values({ compound_type: v.type, list_kind: v.kind, title: v.title, detail: v.detail, sort_order: Number(max?.m ?? -1) + 1, updated_by: v.userId })
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  updateItem(trx: Kysely<DB>, id: string, v: { title?: string | undefined; detail?: string | undefined; userId: string }) {
    return trx
      .updateTable('governance_item')
      .set({ ...(v.title !== undefined ? { title: v.title } : {}), ...(v.detail !== undefined ? { detail: v.detail } : {}), updated_by: v.userId, updated_at: sql`now()` })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  deleteItem(trx: Kysely<DB>, id: string) {
    return trx.deleteFrom('governance_item').where('id', '=', id).execute();
  }

  /** The ids of a list, locked, for a reorder. */
  listIds(trx: Kysely<DB>, type: string, kind: ListKind) {
    return trx.selectFrom('governance_item').select('id').where('compound_type', '=', type).where('list_kind', '=', kind).forUpdate().execute();
  }

  async setOrder(trx: Kysely<DB>, ids: string[]) {
    // One statement: each id gets its position in the array.
    await sql`UPDATE governance_item g SET sort_order = o.ord - 1, updated_at = now()
      FROM unnest(${ids}::uuid[]) WITH ORDINALITY AS o(id, ord) WHERE g.id = o.id`.execute(trx);
  }

  async guide(type: string, trx: Kysely<DB> = this.db) {
    return trx
      .selectFrom('governance_guide as g')
      .leftJoin('app_user as u', 'u.id', 'g.updated_by')
      .select(['g.strategy_html', 'g.version', 'g.updated_at', 'u.display_name'])
      .where('g.compound_type', '=', type)
      .executeTakeFirst();
  }

  /** Compare-and-set on the version: undefined when someone saved in between. */
  async saveGuide(trx: Kysely<DB>, type: string, html: string, version: number, userId: string) {
    await trx.insertInto('governance_guide').values({ compound_type: type }).onConflict((oc) => oc.column('compound_type').doNothing()).execute();
    return trx
      .updateTable('governance_guide')
      .set({ strategy_html: html, version: sql`version + 1`, updated_by: userId, updated_at: sql`now()` })
      .where('compound_type', '=', type)
      .where('version', '=', version)
      .returning(['version', 'updated_at'])
      .executeTakeFirst();
  }

  indicators(type: string, trx: Kysely<DB> = this.db, opts: { activeOnly?: boolean; lock?: boolean } = {}) {
    let q = trx.selectFrom('governance_indicator').selectAll().where('compound_type', '=', type);
    if (opts.activeOnly) q = q.where('active', '=', true);
    const ordered = q.orderBy('sort_order').orderBy('name');
    return opts.lock ? ordered.forUpdate().execute() : ordered.execute();
  }

  async replaceIndicators(
    trx: Kysely<DB>,
    type: string,
    rows: { id?: string | undefined; name: string; description: string; weight: number; active: boolean }[],
  ): Promise<void> {
    const keep = rows.flatMap((r) => (r.id ? [r.id] : []));
    let del = trx.deleteFrom('governance_indicator').where('compound_type', '=', type);
    if (keep.length) del = del.where('id', 'not in', keep);
    await del.execute();
    for (const [i, r] of rows.entries()) {
      const values = { name: r.name, description: r.description, weight: r.weight, active: r.active, sort_order: i, updated_at: sql<Date>`now()` };
      if (r.id) await trx.updateTable('governance_indicator').set(values).where('id', '=', r.id).execute();
      else await trx.insertInto('governance_indicator').values({ compound_type: type, ...values }).execute();
    }
  }

  compound(id: string) {
    return this.db
      .selectFrom('compound as c')
      .innerJoin('jurisdiction_unit as n', 'n.id', 'c.neighborhood_id')
      .select(['c.id', 'c.code', 'c.name', 'c.type', 'c.path', 'n.code as n_code', 'n.name as n_name'])
      .where('c.id', '=', id)
      .executeTakeFirst();
  }

  evaluation(trx: Kysely<DB>, compoundId: string, year: number) {
    return trx.selectFrom('compound_evaluation').selectAll().where('compound_id', '=', compoundId).where('year', '=', year).forUpdate().executeTakeFirst();
  }

  saveEvaluation(trx: Kysely<DB>, v: { compoundId: string; year: number; scores: ScoreRow[]; total: number; note: string | null; userId: string }) {
    const values = { scores: JSON.stringify(v.scores), total: v.total, note: v.note, evaluated_by: v.userId, evaluated_at: sql<Date>`now()` };
    return trx
      .insertInto('compound_evaluation')
      .values({ compound_id: v.compoundId, year: v.year, ...values })
      .onConflict((oc) => oc.columns(['compound_id', 'year']).doUpdateSet(values))
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  history(compoundId: string) {
    return this.db
      .selectFrom('compound_evaluation as e')
      .leftJoin('app_user as u', 'u.id', 'e.evaluated_by')
      .selectAll('e')
      .select('u.display_name')
      .where('e.compound_id', '=', compoundId)
      .orderBy('e.year', 'desc')
      .execute();
  }

  /** Evaluations of a type's compounds in scope for a year, best first. */
  comparison(type: string, year: number, scope: string[], path?: string) {
    let q = this.db
      .selectFrom('compound_evaluation as e')
      .innerJoin('compound as c', 'c.id', 'e.compound_id')
      .innerJoin('jurisdiction_unit as n', 'n.id', 'c.neighborhood_id')
      .select(['c.id', 'c.code', 'c.name', 'n.code as n_code', 'n.name as n_name', 'e.total', 'e.scores'])
      .where('c.type', '=', type)
      .where('e.year', '=', year)
      .where(sql<boolean>`c.path <@ ANY(${scope}::ltree[])`);
    if (path) q = q.where(sql<boolean>`c.path <@ ${path}::ltree`);
    return q.orderBy('e.total', 'desc').orderBy('c.code').limit(2000).execute();
  }

  async compoundsOfType(type: string, scope: string[], path?: string): Promise<number> {
    let q = this.db
      .selectFrom('compound as c')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('c.type', '=', type)
      .where(sql<boolean>`c.path <@ ANY(${scope}::ltree[])`);
    if (path) q = q.where(sql<boolean>`c.path <@ ${path}::ltree`);
    return Number((await q.executeTakeFirst())?.n ?? 0);
  }
}
