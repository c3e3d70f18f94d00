import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { identityChanged } from '../identity/principal-cache.js';

/** SQL of machine tokens. Only the hash of a token is stored; the secret is never read back. */
export class TokenRepository {
  constructor(private readonly db: Kysely<DB>) {}

  private base() {
    return this.db
      .selectFrom('api_token as t')
      .innerJoin('app_user as u', 'u.id', 't.user_id')
      .leftJoin('app_user as c', 'c.id', 't.created_by')
      .select([
        't.id',
        't.name',
        't.prefix',
        't.scopes',
        't.user_id',
        't.created_at',
        't.expires_at',
        't.last_used_at',
        't.revoked_at',
        'u.username',
        'c.username as created_by_username',
      ]);
  }

  list() {
    return this.base().orderBy('t.created_at', 'desc').orderBy('t.id').execute();
  }

  byId(id: string) {
    return this.base().where('t.id', '=', id).executeTakeFirst();
  }

  machineUser(username: string) {
    return this.db.selectFrom('app_user').select(['id', 'kind', 'status']).where('username', '=', username).executeTakeFirst();
  }

  async insert(v: { name: string; prefix: string; tokenHash: string; userId: string; scopes: string[]; createdBy: string; expiresAt: Date | null }): Promise<string> {
    const row = await this.db
      .insertInto('api_token')
      .values({ name: v.name, prefix: v.prefix, token_hash: v.tokenHash, user_id: v.userId, scopes: v.scopes, created_by: v.createdBy, expires_at: v.expiresAt })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  /** False when the token was already revoked (or does not exist). */
  async revoke(id: string, by: string): Promise<boolean> {
    identityChanged();
    const r = await this.db
      .updateTable('api_token')
      .set({ revoked_at: new Date(), revoked_by: by })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }
}

export type TokenRow = NonNullable<Awaited<ReturnType<TokenRepository['byId']>>>;
