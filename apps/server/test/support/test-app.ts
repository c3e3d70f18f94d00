import type { FastifyInstance } from 'fastify';
import { boot, type Booted } from '../../src/boot.js';
import { loadConfig } from '../../src/config.js';
import { buildApp, type BuildAppOptions } from '../../src/http/app.js';
import { createTestDb, type TestDb } from './test-db.js';

export interface TestApp extends Booted {
  app: FastifyInstance;
  testDb: TestDb;
  close(): Promise<void>;
}

/** A seeded server in process (fastify inject), on the database kind this project runs. */
export async function startTestApp(env: Record<string, string> = {}, opts: Pick<BuildAppOptions, 'onRoute'> = {}): Promise<TestApp> {
  const testDb = await createTestDb();
  const config = loadConfig({
    GONGZHI_DATA_DIR: testDb.dataDir,
    GONGZHI_LOG_LEVEL: 'silent',
    // Tests make the cases they look at; a test that wants the demo history asks for it.
    GONGZHI_DEMO_CASES: '0',
    GONGZHI_DEMO_RESIDENTS: '0',
    ...(testDb.databaseUrl ? { DATABASE_URL: testDb.databaseUrl } : {}),
    ...env,
  });
  const booted = await boot(config);
  const app = await buildApp(booted.ctx, { logger: false, serveWeb: false, ...opts });
  await app.ready();
  return {
    ...booted,
    app,
    testDb,
    close: async () => {
      await app.close();
      await booted.database.close();
      await testDb.drop();
    },
  };
}
