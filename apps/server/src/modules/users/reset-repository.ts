import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';

export type ResetKind = 'password' | 'mfa';
type ResetStatus = 'pending' | 'approved' | 'rejected';

/** SQL of account reset requests. A request's place is its account's unit path. */
export class ResetRepository {
  constructor(private readonly db: Kysely<DB>) {}

  private base() {
    return this.db
      .selectFrom('account_reset_request as r')
      .innerJoin('app_user as u', 'u.id', 'r.user_id')
      .leftJoin('jurisdiction_unit as ju', 'ju.id', 'u.unit_id')
      .innerJoin('app_user as rq', 'rq.id', 'r.requested_by')
      .leftJoin('app_user as dc', 'dc.id', 'r.decided_by')
      .select([
        'r.id',
        'r.user_id',
        'r.kind',
        'r.password_hash',
        'r.status',
        'r.reason',
        'r.requested_by',
        'r.decided_at',
        'r.created_at',
        'u.username as user_username',
        'u.display_name as user_display_name',
        'u.totp_enabled_at as user_totp_enabled_at',
        'ju.path as unit_path',
        'rq.username as rq_username',
        'rq.display_name as rq_display_name',
        'dc.id as dc_id',
        'dc.username as dc_username',
        'dc.display_name as dc_display_name',
      ]);
  }

  byId(id: string) {
    return this.base().where('r.id', '=', id).executeTakeFirst();
  }

  /** Requests on accounts inside the scope, newest first; the cursor is (created_at, id). */
  list(f: { scope: string[]; status?: ResetStatus | undefined; after?: [string, string] | undefined; limit: number }) {
    let q = this.base().where(sql<boolean>`ju.path <@ ANY(${f.scope}::ltree[])`);
    if (f.status) q = q.where('r.status', '=', f.status);
    if (f.after) q = q.where(sql<boolean>`(r.created_at, r.id) < (${f.after[0]}::timestamptz, ${f.after[1]}::uuid)`);
    return q.orderBy('r.created_at', 'desc').orderBy('r.id', 'desc').limit(f.limit + 1).execute();
  }

  /** A new pending request; null when one of the same kind already waits for the account (the unique index). */
  async insert(v: { userId: string; kind: ResetKind; passwordHash: string | null; reason: string | null; requestedBy: string }): Promise<string | null> {
    const row = await this.db
      .insertInto('account_reset_request')
      .values({ user_id: v.userId, kind: v.kind, password_hash: v.passwordHash, status: 'pending', reason: v.reason, requested_by: v.requestedBy })
      .onConflict((oc) => oc.columns(['user_id', 'kind']).where(sql<boolean>`status = 'pending'`).doNothing())
      .returning('id')
      .executeTakeFirst();
    return row?.id ?? null;
  }

  /**
   * Compare-and-set from pending: false when someone else decided first. The password hash is
   * dropped either way: once applied it lives in app_user, once rejected it has no use.
   */
  async decide(id: string, to: 'approved' | 'rejected', by: string): Promise<boolean> {
    const r = await this.db
      .updateTable('account_reset_request')
      .set({ status: to, decided_by: by, decided_at: new Date(), password_hash: null })
      .where('id', '=', id)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }
}

export type ResetRow = NonNullable<Awaited<ReturnType<ResetRepository['byId']>>>;
