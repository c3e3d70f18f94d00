import { loadConfig } from '../config.js';
import { openDatabase } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';
import { loadCipher } from '../crypto/load.js';
import { populationFor, seedPopulation } from '../seed/population.js';
import { seedChangning } from '../seed/changning.js';

export async function seedCommand(opts: { scale: 'demo' | 'district' }): Promise<void> {
  const config = loadConfig();
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrateToLatest(database.db);
    const summary = await seedChangning(database.db, { seed: config.seed, scale: opts.scale });
    if (summary.alreadySeeded) process.stderr.write('数据库已有演示数据，未重复生成 (already seeded; nothing written)\n');
    const population = await seedPopulation(database.db, { cipher: loadCipher(config), residents: populationFor(opts.scale, config.demoResidents), seed: config.seed });
    process.stdout.write(`${JSON.stringify({ ...summary, population })}\n`);
  } finally {
    await database.close();
  }
}
