import { createRequire } from 'node:module';
import { CompiledQuery, type Kysely, sql } from 'kysely';
import type PgBoss from 'pg-boss';

/** pg-boss keeps its tables in its own schema, beside the application's `public`. */
export const BOSS_SCHEMA = 'pgboss';

/** The deadline scan (modules/cases/deadline-scheduler.ts). */
export const DEADLINE_SCAN_QUEUE = 'case-deadline-scan';

/**
 * Every queue the server works. Created by the owner at migration: creating a queue creates a
 * partition table, DDL the restricted runtime role (db/app-role.ts) may not run.
 * `singleton`: at most one job of the queue active at a time, whichever instance fetched it.
 */
const queues: PgBoss.Queue[] = [
  // No retries: the next period's scan does the same work. Expiry frees the slot if an instance dies mid-scan.
  { name: DEADLINE_SCAN_QUEUE, policy: 'singleton', retryLimit: 0, expireInSeconds: 600 },
];

/**
 * pg-boss over the application's own pool (kysely): one driver path for both databases, and on
 * PGlite the only possible one (a single session; a second pg.Pool cannot reach it). Statements
 * without parameters go out as simple queries, so pg-boss's multi-statement plans run as written.
 */
export function bossDb(db: Kysely<any>, onUnsettled?: (err: unknown) => void): PgBoss.Db {
  return {
    executeSql: async (text: string, values?: unknown[]) => {
      try {
        const r = await db.executeQuery(CompiledQuery.raw(text, values ?? []));
        return { rows: r.rows as any[] };
      } catch (err) {
        if (!unawaitedStatements().has(text)) throw err;
        onUnsettled?.(err);
        // "Nothing recorded": pg-boss's fail() awaits this and reads rows[0].count (an empty result crashed it).
        return { rows: [{ count: 0 }] };
      }
    },
  };
}

let unawaited: Set<string> | null = null;
/**
 * pg-boss 10 marks a finished job completed or failed without awaiting it (manager.js, `watch`):
 * with the database away at that moment (restart, failover, shutdown) the rejection would be
 * unhandled and end the process. Those two statements never throw here; the job stays active
 * until it expires (`expireInSeconds`) and the next period's job runs after that.
 */
function unawaitedStatements(): Set<string> {
  if (!unawaited) {
    const plans = createRequire(import.meta.url)('pg-boss/src/plans.js') as { completeJobs(s: string): string; failJobsById(s: string): string };
    unawaited = new Set([plans.completeJobs(BOSS_SCHEMA), plans.failJobsById(BOSS_SCHEMA)]);
  }
  return unawaited;
}

/** Loaded when first needed: commands that fail early (bad config, unwritable data folder) stay quick. */
export async function loadPgBoss(): Promise<typeof PgBoss> {
  return (await import('pg-boss')).default;
}

/** Shared settings of every PgBoss instance the server makes. */
export function bossOptions(db: Kysely<any>, onUnsettled?: (err: unknown) => void): PgBoss.ConstructorOptions {
  return {
    db: bossDb(db, onUnsettled),
    schema: BOSS_SCHEMA,
    // The owner migrates (below); at run time pg-boss only checks the schema version.
    migrate: false,
    // No cron: the deadline scan is throttled sends (a cron fires at most once a minute).
    schedule: false,
    supervise: true,
    maintenanceIntervalSeconds: 300,
    archiveCompletedAfterSeconds: 3600,
    deleteAfterDays: 2,
  };
}

/**
 * Installs or upgrades pg-boss's schema and creates the server's queues. Runs as the owner after
 * the SQL migrations (db/migrate.ts); idempotent and cheap once done (three reads). pg-boss's own
 * advisory lock serialises two instances starting at once.
 */
export async function migrateJobQueues(db: Kysely<any>): Promise<void> {
  const boss = new (await loadPgBoss())({ ...bossOptions(db), migrate: true, supervise: false });
  let failure: unknown;
  boss.on('error', (err: unknown) => {
    failure = err;
  });
  try {
    await boss.start();
  } catch (err) {
    throw new Error(`任务队列（pg-boss）表结构安装失败，请以表的所有者运行 npx gongzhi migrate (pg-boss schema install failed): ${(err as Error).message}`);
  }
  try {
    const existing = new Set((await boss.getQueues()).map((q) => q.name));
    for (const q of queues) if (!existing.has(q.name)) await boss.createQueue(q.name, q);
  } finally {
    await boss.stop({ graceful: false, close: false });
  }
  if (failure) throw failure;
}

/** The runtime role's rights on pg-boss's tables (PostgreSQL; called by db/app-role.ts). */
export async function grantJobQueues(db: Kysely<any>, role: string): Promise<void> {
  const exists = await sql<{ n: number }>`select count(*)::int as n from pg_namespace where nspname = ${BOSS_SCHEMA}`.execute(db);
  if (!exists.rows[0]?.n) return;
  await sql.raw(`GRANT USAGE ON SCHEMA ${BOSS_SCHEMA} TO ${role}`).execute(db);
  await sql.raw(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${BOSS_SCHEMA} TO ${role}`).execute(db);
}
