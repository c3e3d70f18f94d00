import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { adminUrl } from './global-setup.js';

export type TestDbKind = 'embedded' | 'postgres';

export const testDbKind = (): TestDbKind => (process.env.GONGZHI_TEST_DB === 'postgres' ? 'postgres' : 'embedded');

/** False when the db-postgres project runs on a machine without a server (tests then skip). */
export const testDbAvailable = (): boolean => testDbKind() === 'embedded' || inject('postgresAvailable') === true;

export interface TestDb {
  kind: TestDbKind;
  databaseUrl: string | undefined;
  dataDir: string;
  drop(): Promise<void>;
}

/** A fresh database for one test file: in-memory PGlite, or a new database on the real server, dropped afterwards. */
export async function createTestDb(): Promise<TestDb> {
  if (testDbKind() === 'embedded') return { kind: 'embedded', databaseUrl: undefined, dataDir: 'memory://', drop: async () => undefined };
  const name = `gongzhi_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl() });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  return {
    kind: 'postgres',
    databaseUrl: url.toString(),
    dataDir: 'memory://',
    drop: async () => {
      const c = new pg.Client({ connectionString: adminUrl() });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}
