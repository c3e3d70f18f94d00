import pg from 'pg';
import type { TestProject } from 'vitest/node';

/** The real PostgreSQL server the `db-postgres` project runs against (tests create their own databases in it). */
export function adminUrl(): string {
  return process.env.GONGZHI_TEST_PG_ADMIN_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
}

declare module 'vitest' {
  export interface ProvidedContext {
    postgresAvailable: boolean;
  }
}

export default async function setup(project: TestProject): Promise<void> {
  if (process.env.GONGZHI_TEST_DB !== 'postgres' && project.name !== 'db-postgres') return;
  const client = new pg.Client({ connectionString: adminUrl(), connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    project.provide('postgresAvailable', true);
  } catch (err) {
    // In CI the server must be there: .ci/run starts it. On a developer's machine without one, skip loudly.
    if (process.env.CI) throw new Error(`PostgreSQL is not reachable at ${adminUrl()}: ${(err as Error).message}`);
    process.stderr.write(`\n[db-postgres] PostgreSQL not reachable at ${adminUrl()}; skipping the real-server run.\n`);
    project.provide('postgresAvailable', false);
  } finally {
    await client.end().catch(() => undefined);
  }
}
