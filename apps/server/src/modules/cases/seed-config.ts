import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { seedDeadlineRules, seedTaxonomy } from './taxonomy.js';

/**
 * The default taxonomy, 权责清单 and deadline rules, written once per database (a district's own
 * edits are never overwritten). Runs on every boot, demo or not: the case engine needs them.
 */
export async function seedCaseConfig(db: Kysely<DB>): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const done = await trx.selectFrom('app_meta').select('key').where('key', '=', 'seed_case_config').forUpdate().executeTakeFirst();
    if (done) return false;
    let order = 0;
    for (const group of seedTaxonomy) {
      await trx
        .insertInto('case_category')
        .values({ code: group.code, parent_code: null, name: group.name, name_en: group.nameEn, kind: group.kind, sort_order: order++ })
        .onConflict((oc) => oc.column('code').doNothing())
        .execute();
      for (const c of group.children) {
        await trx
          .insertInto('case_category')
          .values({
            code: c.code,
            parent_code: group.code,
            name: c.name,
            name_en: c.nameEn,
            kind: group.kind,
            default_type: c.defaultType ?? 'complaint',
            complex: c.complex ?? false,
            urgent: c.urgent ?? false,
            sort_order: order++,
          })
          .onConflict((oc) => oc.column('code').doNothing())
          .execute();
        if (c.lead) {
          await trx
            .insertInto('responsibility_rule')
            .values({ category_code: c.code, subdistrict_id: null, lead_kind: c.lead.kind, lead_level: c.lead.level, assist_kinds: c.assist ?? [], note: '默认权责清单' })
            .execute();
        }
      }
    }
    for (const r of seedDeadlineRules) {
      await trx
        .insertInto('deadline_rule')
        .values({
          case_type: r.caseType,
          category_code: null,
          sign_working_hours: r.signWorkingHours,
          urgent_sign_hours: r.urgentSignHours,
          handle_working_days: r.handleWorkingDays,
          complex_working_days: r.complexWorkingDays,
          follow_up_working_days: r.followUpWorkingDays,
        })
        .execute();
    }
    await trx.insertInto('app_meta').values({ key: 'seed_case_config', value: JSON.stringify({ categories: order }) }).execute();
    return true;
  });
}
