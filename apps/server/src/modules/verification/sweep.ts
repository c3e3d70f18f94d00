import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import { VerificationRepository } from './repository.js';

/** Shanghai calendar day and hour of an instant. */
const shanghai = (d: Date) => {
  const s = new Date(d.getTime() + 8 * 3600_000).toISOString();
  return { day: s.slice(0, 10), hour: Number(s.slice(11, 13)) };
};

/**
 * The nightly 核查 sweep: once per Shanghai day, between 02:00 and 05:00, stale and missing-field
 * tasks are opened for the whole district (idempotent through the unique open index). Called by
 * the deadline scheduler's periodic job, so one instance runs it (pg-boss singleton queue); the
 * day it last ran is kept in app_meta, so a restart does not run it twice.
 */
export async function nightlyVerificationSweep(db: Kysely<DB>, now: Date): Promise<{ stale: number; missing_fields: number } | null> {
  const { day, hour } = shanghai(now);
  if (hour < 2 || hour >= 5) return null;
  return db.transaction().execute(async (trx) => {
    const last = await trx.selectFrom('app_meta').select('value').where('key', '=', 'verification_sweep').forUpdate().executeTakeFirst();
    if ((last?.value as { day?: string } | undefined)?.day === day) return null;
    const root = await trx.selectFrom('jurisdiction_unit').select('path').where('parent_id', 'is', null).orderBy('code').executeTakeFirst();
    if (!root) return null;
    const repo = new VerificationRepository(trx);
    const opened = { stale: await repo.generate(trx, 'stale', [root.path], null), missing_fields: await repo.generate(trx, 'missing_fields', [root.path], null) };
    const value = JSON.stringify({ day, opened });
    await trx
      .insertInto('app_meta')
      .values({ key: 'verification_sweep', value })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: sql`now()` }))
      .execute();
    return opened;
  });
}
