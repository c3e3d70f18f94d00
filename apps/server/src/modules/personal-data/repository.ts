import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { EncryptedField } from './registry.js';

const rotationKey = 'key_rotation';

export interface RotationMarker {
  /** The key the interrupted rotation was moving everything to. */
  target: string;
  startedAt: string;
}

/**
 * SQL over the registered encrypted columns. Table and column names come from the registry
 * (checked to be plain identifiers when it loads), values are always bound parameters.
 */
export class PersonalDataRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** The record's jurisdiction path; undefined when there is no such record, null when it has no place. */
  async recordPath(f: EncryptedField, id: string): Promise<string | null | undefined> {
    const p = f.pathOf;
    if (!p) return null;
    const t = sql.table(f.table);
    const idRef = sql.ref(`t.${f.idColumn}`);
    const q =
      'column' in p
        ? sql<{ path: string | null }>`select ${sql.ref(`t.${p.column}`)}::text as path from ${t} as t where ${idRef} = ${id}::uuid`
        : sql<{ path: string | null }>`
            select u.path::text as path from ${t} as t left join jurisdiction_unit u on u.id = ${sql.ref(`t.${p.unitIdColumn}`)}
            where ${idRef} = ${id}::uuid`;
    const r = await q.execute(this.db);
    return r.rows.length === 0 ? undefined : r.rows[0]!.path;
  }

  async ciphertext(f: EncryptedField, id: string): Promise<string | null> {
    const r = await sql<{ v: string | null }>`select ${sql.ref(f.column)} as v from ${sql.table(f.table)} where ${sql.ref(f.idColumn)} = ${id}::uuid`.execute(this.db);
    return r.rows[0]?.v ?? null;
  }

  /** Takes the caller's row lock, so two reveals by one person count in turn (no slipping past the limit). */
  async lockUser(userId: string): Promise<void> {
    await sql`select id from app_user where id = ${userId}::uuid for update`.execute(this.db);
  }

  async revealsSince(userId: string, since: Date): Promise<number> {
    const r = await this.db
      .selectFrom('reveal_event')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('user_id', '=', userId)
      .where('at', '>', since)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  async recordReveal(userId: string): Promise<void> {
    await this.db.insertInto('reveal_event').values({ user_id: userId }).execute();
  }

  /**
   * Up to `limit` rows after `afterId` not yet under the active key and suite, locked for this
   * transaction. The key id and suite are the 3rd and 2nd dot-separated parts of the ciphertext
   * (`gz1.<suite>.<kid>.…`). Walking on from the last id keeps a pass over a big table linear.
   */
  async staleBatch(f: EncryptedField, activeKey: string, suiteTag: string, limit: number, afterId: string | null): Promise<{ id: string; v: string }[]> {
    const col = sql.ref(f.column);
    const id = sql.ref(f.idColumn);
    const r = await sql<{ id: string; v: string }>`
      select ${id}::text as id, ${col} as v from ${sql.table(f.table)}
      where ${col} is not null and (split_part(${col}, '.', 3) <> ${activeKey} or split_part(${col}, '.', 2) <> ${suiteTag})
        ${afterId === null ? sql`` : sql`and ${id} > ${afterId}::uuid`}
      order by ${id}
      limit ${limit}
      for update`.execute(this.db);
    return r.rows;
  }

  async countStale(f: EncryptedField, activeKey: string, suiteTag: string): Promise<number> {
    const col = sql.ref(f.column);
    const r = await sql<{ n: number }>`
      select count(*)::int as n from ${sql.table(f.table)}
      where ${col} is not null and (split_part(${col}, '.', 3) <> ${activeKey} or split_part(${col}, '.', 2) <> ${suiteTag})`.execute(this.db);
    return Number(r.rows[0]!.n);
  }

  /** Compare-and-set: a value a user changed meanwhile is left alone (it was written under the active key). */
  async replaceCiphertext(f: EncryptedField, id: string, from: string, to: string): Promise<boolean> {
    const col = sql.ref(f.column);
    const r = await sql`update ${sql.table(f.table)} set ${col} = ${to} where ${sql.ref(f.idColumn)} = ${id}::uuid and ${col} = ${from}`.execute(this.db);
    return Number(r.numAffectedRows ?? 0) === 1;
  }

  async rotationMarker(): Promise<RotationMarker | null> {
    const r = await this.db.selectFrom('app_meta').select('value').where('key', '=', rotationKey).executeTakeFirst();
    return r ? (r.value as RotationMarker) : null;
  }

  async setRotationMarker(m: RotationMarker): Promise<void> {
    await this.db
      .insertInto('app_meta')
      .values({ key: rotationKey, value: JSON.stringify(m), updated_at: new Date() })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(m), updated_at: new Date() }))
      .execute();
  }

  async clearRotationMarker(): Promise<void> {
    await this.db.deleteFrom('app_meta').where('key', '=', rotationKey).execute();
  }
}
