import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { TEMPLATE_ENV } from './test-template.js';

/** The real PostgreSQL server the `db-postgres` project runs against (tests create their own databases in it). */
export function adminUrl(): string {
  return process.env.GONGZHI_TEST_PG_ADMIN_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
}

declare module 'vitest' {
  export interface ProvidedContext {
    postgresAvailable: boolean;
    /** A tarball of a seeded embedded data folder (db-embedded), see test-template.ts. */
    embeddedTemplate: string | null;
    /** A seeded database on the server to copy with CREATE DATABASE … TEMPLATE (db-postgres). */
    postgresTemplate: string | null;
  }
}

export const dbUrl = (name: string): string => {
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  return url.toString();
};

async function adminQuery(text: string): Promise<void> {
  const c = new pg.Client({ connectionString: adminUrl() });
  await c.connect();
  try {
    await c.query(text);
  } finally {
    await c.end();
  }
}

/** Migrates and seeds one database the way startTestApp would, then closes it so it can be copied. */
async function seedTemplate(env: Record<string, string>, keep: (db: import('../../src/db/database.js').Database) => Promise<void>): Promise<void> {
  const { boot } = await import('../../src/boot.js');
  const { loadConfig } = await import('../../src/config.js');
  const booted = await boot(loadConfig({ ...TEMPLATE_ENV, ...env }));
  try {
    await keep(booted.database);
  } finally {
    await booted.database.close();
  }
}

async function embeddedSetup(project: TestProject): Promise<() => void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'gz-template-'));
  const file = path.join(dir, 'pglite.tar');
  await seedTemplate({}, async (database) => {
    const blob = await database.dumpDataDir!();
    writeFileSync(file, Buffer.from(await blob.arrayBuffer()));
  });
  project.provide('embeddedTemplate', file);
  return () => rmSync(dir, { recursive: true, force: true });
}

async function postgresSetup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
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
    project.provide('postgresTemplate', null);
    return undefined;
  } finally {
    await client.end().catch(() => undefined);
  }
  const name = `gongzhi_tpl_${randomBytes(6).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${name}`);
  try {
    await seedTemplate({ DATABASE_URL: dbUrl(name) }, async () => undefined);
  } catch (err) {
    await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    throw err;
  }
  project.provide('postgresTemplate', name);
  return () => adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
}

export default async function setup(project: TestProject): Promise<(() => unknown) | undefined> {
  if (project.name === 'db-postgres') return postgresSetup(project);
  if (project.name === 'db-embedded') return embeddedSetup(project);
  return undefined;
}
