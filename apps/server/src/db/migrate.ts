import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { type Kysely, type Migration, type MigrationProvider, Migrator, sql } from 'kysely';
import { migrateJobQueues } from '../jobs/pg-boss.js';
import { migrationsDir } from '../paths.js';

/** Migrations are plain PostgreSQL 15 SQL files, `NNNN_name.sql`, applied in name order. */
class SqlFileMigrationProvider implements MigrationProvider {
  constructor(private readonly dir: string) {}
  async getMigrations(): Promise<Record<string, Migration>> {
    const files = (await readdir(this.dir)).filter((f) => /^\d{4}_.+\.sql$/.test(f)).sort();
    const out: Record<string, Migration> = {};
    for (const f of files) {
      const text = await readFile(path.join(this.dir, f), 'utf8');
      // No parameters: the driver sends it as one simple query, so several statements run in order.
      out[f.replace(/\.sql$/, '')] = { up: async (db) => void (await sql.raw(text).execute(db)) };
    }
    return out;
  }
}

export interface MigrateResult {
  applied: string[];
}

export async function migrateToLatest(db: Kysely<any>, dir = migrationsDir): Promise<MigrateResult> {
  const migrator = new Migrator({
    db,
    provider: new SqlFileMigrationProvider(dir),
    migrationTableName: 'schema_migration',
    migrationLockTableName: 'schema_migration_lock',
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new Error(`数据库迁移失败 (migration failed)${failed ? `: ${failed.migrationName}` : ''}: ${String(error)}`);
  }
  // pg-boss's schema and queues: DDL, so the owner does it here, with the other migrations.
  await migrateJobQueues(db);
  return { applied: (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName) };
}
