import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';

/** SQL for the case engine's configuration: categories, 权责清单, deadline rules, departments. */
export class CaseConfigRepository {
  constructor(private readonly db: Kysely<DB>) {}

  categories() {
    return this.db.selectFrom('case_category').selectAll().orderBy('sort_order').orderBy('code').execute();
  }

  responsibilityRules() {
    return this.db.selectFrom('responsibility_rule').selectAll().orderBy('category_code').execute();
  }

  deadlineRules() {
    return this.db.selectFrom('deadline_rule').selectAll().execute();
  }

  departments() {
    return this.db
      .selectFrom('department as d')
      .innerJoin('jurisdiction_unit as u', 'u.id', 'd.unit_id')
      .select(['d.id', 'd.code', 'd.name', 'd.kind', 'd.level', 'd.unit_id', 'd.path', 'u.level as unit_level'])
      .execute();
  }

  async version(): Promise<string | null> {
    const row = await this.db.selectFrom('app_meta').select('value').where('key', '=', 'case_config_version').executeTakeFirst();
    return row ? JSON.stringify(row.value) : null;
  }

  /** Other instances see the change at their next poll. */
  async bumpVersion(db: Kysely<DB> = this.db): Promise<void> {
    const stamp = JSON.stringify(new Date().toISOString());
    await db
      .insertInto('app_meta')
      .values({ key: 'case_config_version', value: stamp })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: stamp, updated_at: sql`now()` }))
      .execute();
  }
}
