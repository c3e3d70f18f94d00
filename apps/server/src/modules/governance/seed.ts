import { compoundTypes, governanceListKinds } from '@gongzhi/contracts';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { sanitizeGuide } from './sanitize.js';
import { governanceSeed } from './seed-content.js';

/**
 * The default lists, guides and indicators of the six compound types, written once per database
 * (like seedCaseConfig): a district's own edits are never overwritten. Runs on every boot.
 */
export async function seedGovernance(db: Kysely<DB>): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const done = await trx.selectFrom('app_meta').select('key').where('key', '=', 'seed_governance').forUpdate().executeTakeFirst();
    if (done) return false;
    for (const type of compoundTypes) {
      const seed = governanceSeed[type];
      const items = governanceListKinds.flatMap((kind) => seed.lists[kind].map(([title, detail], i) => ({ compound_type: type, list_kind: kind, title, detail, sort_order: i })));
      await trx.insertInto('governance_item').values(items).execute();
      await trx
        .insertInto('governance_guide')
        .values({ compound_type: type, strategy_html: sanitizeGuide(seed.guide) })
        .onConflict((oc) => oc.column('compound_type').doNothing())
        .execute();
      await trx
        .insertInto('governance_indicator')
        .values(seed.indicators.map(([name, description, weight], i) => ({ compound_type: type, name, description, weight, sort_order: i })))
        .execute();
    }
    await trx.insertInto('app_meta').values({ key: 'seed_governance', value: JSON.stringify({ types: compoundTypes.length }) }).execute();
    return true;
  });
}
