import { CompiledQuery, type DatabaseConnection, type Kysely, sql } from 'kysely';
import { type Database, type OpenOptions, openDatabase } from './database.js';
import { grantJobQueues } from '../jobs/pg-boss.js';
import { migrateToLatest } from './migrate.js';

/**
 * The role the running server acts as on real PostgreSQL. Migrations run as the connecting user,
 * who owns the tables; the server then switches every pooled connection to this role, which may
 * read and write the application's tables but only SELECT and INSERT the audit trail, so a bug or
 * an injected statement in the running server cannot rewrite history. The append-only triggers
 * stay as a second line on every engine (PGlite has a single superuser session and no roles).
 *
 * SET ROLE is not a wall against someone who can run arbitrary SQL (they could RESET ROLE): for
 * production, docs/operations.md ("Database roles") recommends a separate login role that is only
 * a member of this one.
 */
export const appRole = 'gongzhi_app';

const pgCode = (err: unknown): string | undefined => (err as { code?: string } | null)?.code;

/** Errors of two databases on one server setting up the same (cluster-wide) role at once. */
const isConcurrentCatalogChange = (err: unknown): boolean =>
  ['42710', '23505', '40001', '40P01'].includes(pgCode(err) ?? '') || /tuple concurrently (updated|deleted)/.test(String((err as Error)?.message));

async function retrying(step: () => Promise<void>): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await step();
    } catch (err) {
      if (!isConcurrentCatalogChange(err) || attempt >= 5) throw err;
      await new Promise((r) => setTimeout(r, 20 * attempt));
    }
  }
}

/**
 * Creates the role if needed and gives it the application's rights. Idempotent; runs after every
 * migration. Returns false, changing nothing, when the connecting user does not own the tables:
 * that is the recommended production setup, where the server logs in as its own role and the
 * owner's `npx gongzhi migrate` has granted the rights.
 */
export async function ensureAppRole(db: Kysely<any>): Promise<boolean> {
  const owns = await sql<{ owns: boolean }>`
    select pg_has_role(current_user, c.relowner, 'USAGE') as owns from pg_class c where c.oid = 'public.audit_log'::regclass`.execute(db);
  if (!owns.rows[0]?.owns) return false;
  await retrying(async () => {
    const exists = await sql<{ n: number }>`select count(*)::int as n from pg_roles where rolname = ${appRole}`.execute(db);
    if (Number(exists.rows[0]!.n) > 0) return;
    try {
      await sql.raw(`CREATE ROLE ${appRole} NOLOGIN`).execute(db);
    } catch (err) {
      // Another database on this server created it at the same moment: that is the goal.
      if (pgCode(err) === '42710') return;
      if (pgCode(err) === '42501') {
        throw new Error(
          `数据库用户无权创建角色 ${appRole}：请由数据库管理员执行 CREATE ROLE ${appRole} NOLOGIN; GRANT ${appRole} TO <迁移用户>; (see docs/operations.md, "Database roles")`,
        );
      }
      throw err;
    }
  });
  // Membership lets the owner SET ROLE to it. Already a member (or a superuser): granting again
  // would need ADMIN OPTION on the role, which a DBA-made setup does not give.
  await retrying(async () => {
    const member = await sql<{ m: boolean }>`select pg_has_role(current_user, ${appRole}, 'MEMBER') as m`.execute(db);
    if (!member.rows[0]?.m) await sql.raw(`GRANT ${appRole} TO CURRENT_USER`).execute(db);
  });
  // One transaction: there is no moment at which the role holds UPDATE/DELETE on audit_log.
  await retrying(() =>
    db.transaction().execute(async (trx) => {
      for (const stmt of [
        `GRANT USAGE ON SCHEMA public TO ${appRole}`,
        `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${appRole}`,
        `GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${appRole}`,
        `REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON audit_log FROM ${appRole}`,
        // The head only ever moves forward (UPDATE under lock); it is never removed.
        `REVOKE DELETE, TRUNCATE ON audit_head FROM ${appRole}`,
      ]) {
        await sql.raw(stmt).execute(trx);
      }
    }),
  );
  await retrying(() => grantJobQueues(db, appRole));
  return true;
}

/** Runs first on every new pooled connection of the runtime database. */
export async function actAsAppRole(connection: DatabaseConnection): Promise<void> {
  await connection.executeQuery(CompiledQuery.raw(`SET ROLE ${appRole}`));
}

/**
 * Opens the database and migrates it as the connecting user. On PostgreSQL it then sets up the
 * restricted role, closes that owner pool and returns a fresh pool whose connections act as
 * `gongzhi_app` (a new pool, so no connection opened as owner lingers in it). PGlite is returned
 * as is: it is one embedded session, guarded by the triggers.
 */
export async function openMigratedDatabase(opts: OpenOptions): Promise<{ database: Database; applied: string[] }> {
  const owner = await openDatabase(opts);
  let applied: string[];
  try {
    ({ applied } = await migrateToLatest(owner.db));
    // Embedded, or a login that does not own the tables (its own grants limit it): use as is.
    if (owner.kind !== 'postgres' || !(await ensureAppRole(owner.db))) return { database: owner, applied };
  } catch (err) {
    await owner.close().catch(() => undefined);
    throw err;
  }
  await owner.close();
  return { database: await openDatabase({ ...opts, onConnect: actAsAppRole }), applied };
}
