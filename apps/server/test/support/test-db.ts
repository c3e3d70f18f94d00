import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { inject } from 'vitest';
import { adminUrl, dbUrl } from './global-setup.js';

export type TestDbKind = 'embedded' | 'postgres';

export const testDbKind = (): TestDbKind => (process.env.GONGZHI_TEST_DB === 'postgres' ? 'postgres' : 'embedded');

/** False when the db-postgres project runs on a machine without a server (tests then skip). */
export const testDbAvailable = (): boolean => testDbKind() === 'embedded' || inject('postgresAvailable') === true;

export interface TestDb {
  kind: TestDbKind;
  databaseUrl: string | undefined;
  dataDir: string;
  /** Embedded copies of the template: the data folder to start from. */
  initialData?: Blob;
  drop(): Promise<void>;
}

/**
 * A fresh database for one test file: in-memory PGlite, or a new database on the real server, dropped
 * afterwards. `fromTemplate`: a copy of the run's seeded template (test-template.ts) instead of an empty one.
 */
export async function createTestDb(opts: { fromTemplate?: boolean } = {}): Promise<TestDb> {
  if (testDbKind() === 'embedded') {
    const tpl = opts.fromTemplate ? inject('embeddedTemplate') : null;
    const initialData = tpl ? new Blob([readFileSync(tpl)]) : undefined;
    return { kind: 'embedded', databaseUrl: undefined, dataDir: 'memory://', ...(initialData ? { initialData } : {}), drop: async () => undefined };
  }
  const name = `gongzhi_t_${randomBytes(6).toString('hex')}`;
  const tpl = opts.fromTemplate ? inject('postgresTemplate') : null;
  const admin = new pg.Client({ connectionString: adminUrl() });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}${tpl ? ` TEMPLATE ${tpl}` : ''}`);
  } finally {
    await admin.end();
  }
  return {
    kind: 'postgres',
    databaseUrl: dbUrl(name),
    dataDir: 'memory://',
    drop: async () => {
      const c = new pg.Client({ connectionString: adminUrl() });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}
