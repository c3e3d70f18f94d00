import type { Command } from 'commander';
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';
import { CaseStatsRollupRepository } from '../modules/case-stats/rollup-repository.js';

/**
 * `stats rebuild`: counts the dashboard rollups again from the cases (docs/case-stats.md, "Rollups"),
 * after a bulk load made with the statistics triggers disabled, or to repair. `stats fold`: folds
 * the pending deltas now (the server does it before each dashboard read and with the deadline scan).
 */
export function registerStatsCommands(program: Command): void {
  const stats = program.command('stats').description('案件统计汇总表 (case statistics rollups)');
  for (const [name, description] of [
    ['rebuild', '由案件重新计算统计汇总表 (recount the rollups from the cases)'],
    ['fold', '归并待处理的统计增量 (fold pending deltas into the rollups)'],
  ] as const) {
    stats
      .command(name)
      .description(description)
      .action(async () => {
        const config = loadConfig();
        const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
        try {
          await migrateToLatest(database.db);
          const repo = new CaseStatsRollupRepository(database.db);
          const t0 = Date.now();
          const n = name === 'rebuild' ? await repo.rebuild() : await repo.fold();
          process.stdout.write(`${JSON.stringify({ [name === 'rebuild' ? 'cases' : 'deltas']: n, ms: Date.now() - t0 })}\n`);
        } finally {
          await database.close();
        }
      });
  }
}
