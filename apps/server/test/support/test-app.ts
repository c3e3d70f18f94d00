import type { FastifyInstance } from 'fastify';
import { boot, type Booted } from '../../src/boot.js';
import { loadConfig } from '../../src/config.js';
import { buildApp, type BuildAppOptions } from '../../src/http/app.js';
import { createTestDb, type TestDb } from './test-db.js';
import { TEMPLATE_ENV, templateFits } from './test-template.js';

export interface TestApp extends Booted {
  app: FastifyInstance;
  testDb: TestDb;
  close(): Promise<void>;
}

/** A seeded server in process (fastify inject), on the database kind this project runs. */
export async function startTestApp(env: Record<string, string> = {}, opts: Pick<BuildAppOptions, 'onRoute'> = {}): Promise<TestApp> {
  const fromTemplate = templateFits(env);
  const testDb = await createTestDb({ fromTemplate });
  // Without the template, in-memory data folders get fresh random keys (no fixed test keys).
  const { GONGZHI_DATA_KEY: _k, GONGZHI_BLIND_KEY: _b, ...base } = TEMPLATE_ENV;
  const config = loadConfig({
    ...(fromTemplate ? TEMPLATE_ENV : base),
    GONGZHI_DATA_DIR: testDb.dataDir,
    ...(testDb.databaseUrl ? { DATABASE_URL: testDb.databaseUrl } : {}),
    ...env,
  });
  const booted = await boot(config, testDb.initialData ? { initialData: testDb.initialData } : {});
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
