import { openDatabase } from '../../src/db/database.js';
import { createTestDb, type TestDb, testDbKind } from './test-db.js';
import { TEMPLATE_ENV } from './test-template.js';

/**
 * A database for a spawned server that starts from the run's seeded template (test-template.ts)
 * instead of seeding the demo on its first start: a copy on the PostgreSQL server, or the
 * template unpacked into `dataDir` (embedded). `env` holds the template's keys and seed settings.
 */
export async function seededServerDb(dataDir: string): Promise<{ env: Record<string, string>; testDb: TestDb | undefined }> {
  const keys = { GONGZHI_DATA_KEY: TEMPLATE_ENV.GONGZHI_DATA_KEY!, GONGZHI_BLIND_KEY: TEMPLATE_ENV.GONGZHI_BLIND_KEY! };
  const base = { GONGZHI_DATA_DIR: dataDir, GONGZHI_DEMO_RESIDENTS: '0', GONGZHI_DEMO_CASES: '0', ...keys };
  const testDb = await createTestDb({ fromTemplate: true });
  if (testDbKind() === 'postgres') return { env: { ...base, DATABASE_URL: testDb.databaseUrl! }, testDb };
  // Unpacked once by opening the folder with the template's tarball; the server then finds it seeded.
  const database = await openDatabase({ dataDir, ...(testDb.initialData ? { initialData: testDb.initialData } : {}) });
  await database.close();
  return { env: base, testDb: undefined };
}
