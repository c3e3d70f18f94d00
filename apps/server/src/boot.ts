import type { Config } from './config.js';
import type { AppContext } from './context.js';
import { openMigratedDatabase } from './db/app-role.js';
import type { Database } from './db/database.js';
import { loadCipher } from './crypto/load.js';
import { AuditWriter } from './modules/audit/writer.js';
import { LocatorService } from './modules/geo/locator-service.js';
import { createClassifier } from './modules/cases/classify/service.js';
import { CaseEventBus } from './modules/cases/events.js';
import { seedCaseConfig } from './modules/cases/seed-config.js';
import { CaseConfigCache } from './modules/cases/config-cache.js';
import { seedDemoCases } from './modules/cases/seed-demo.js';
import { seedGovernance } from './modules/governance/seed.js';
import { WorkingCalendar } from './modules/calendar/working-calendar.js';
import { type SeedSummary, seedChangning } from './seed/changning.js';
import { populationFor, seedPopulation } from './seed/population.js';
import { seedDemoUsers } from './seed/users.js';

export interface Booted {
  ctx: AppContext;
  database: Database;
  migrations: string[];
  seed: SeedSummary | null;
}

/** Open the database, migrate, seed on first run, build the in-memory indexes. Shared by server, CLI and tests. */
export async function boot(config: Config, opts: { seed?: boolean; initialData?: Blob } = {}): Promise<Booted> {
  // Migrates as the owner; on PostgreSQL the returned pool acts as the restricted role (db/app-role.ts).
  const { database, applied } = await openMigratedDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: config.dbPoolSize, initialData: opts.initialData });
  try {
    const cipher = loadCipher(config);
    await seedCaseConfig(database.db);
    await seedGovernance(database.db);
    const scale = opts.seed === false || config.seedScale === 'none' ? null : config.seedScale;
    const seed = scale ? await seedChangning(database.db, { seed: config.seed, scale }) : null;
    if (scale) await seedDemoUsers(database.db, cipher, { password: config.demoPassword, open311Key: config.demoOpen311Key });
    const locator = new LocatorService();
    await locator.rebuild(database.db);
    if (scale) {
      const calendar = new WorkingCalendar({ workHours: config.workHours, unknownYears: 'weekends' });
      const cfg = await new CaseConfigCache(database.db).get();
      await seedDemoCases(database.db, { cipher, calendar, cfg, count: config.demoCases, seed: config.seed });
      await seedPopulation(database.db, { cipher, residents: populationFor(scale, config.demoResidents), seed: config.seed });
    }
    const ctx: AppContext = {
      config,
      db: database.db,
      dbKind: database.kind,
      locator,
      cipher,
      audit: new AuditWriter(database.db, config.crypto),
      classifier: await createClassifier(database.db),
      caseEvents: new CaseEventBus(),
      startedAt: Date.now(),
    };
    return { ctx, database, migrations: applied, seed };
  } catch (err) {
    await database.close().catch(() => undefined);
    throw err;
  }
}
