import { Command, InvalidArgumentError } from 'commander';
import { ConfigError, loadConfig } from '../config.js';
import { ensureAppRole } from '../db/app-role.js';
import { openDatabase } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';
import { version } from '../version.js';
import { registerAuditCommands } from './audit.js';
import { registerBackupCommands } from './backup.js';
import { importBoundariesCommand } from './import-boundaries.js';
import { importResidentsCommand } from './import-residents.js';
import { registerKeysCommands } from './keys.js';
import { registerLedgerCommand } from './ledger.js';
import { seedCommand } from './seed.js';
import { registerStatsCommands } from './stats.js';

/** Operators' commands. Each prints JSON on stdout, messages on stderr, and exits non-zero on failure. */
const program = new Command('gongzhi')
  .description('共治 Gongzhi 运维命令 (operator commands)')
  .version(version)
  .showHelpAfterError();

program
  .command('migrate')
  .description('执行数据库迁移 (run database migrations)')
  .action(async () => {
    const config = loadConfig();
    const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
    try {
      const r = await migrateToLatest(database.db);
      if (database.kind === 'postgres') await ensureAppRole(database.db);
      process.stdout.write(`${JSON.stringify({ database: database.kind, applied: r.applied })}\n`);
    } finally {
      await database.close();
    }
  });

program
  .command('seed')
  .description('生成长宁区演示数据 (seed the Changning demo)')
  .option('--scale <scale>', 'demo | district', (v) => {
    if (v !== 'demo' && v !== 'district') throw new InvalidArgumentError('只能是 demo 或 district');
    return v;
  }, 'demo')
  .action(seedCommand);

program
  .command('import-boundaries')
  .description('导入真实边界 GeoJSON (import real boundaries)')
  .requiredOption('--level <level>', 'subdistrict | neighborhood | grid', (v) => {
    if (!['subdistrict', 'neighborhood', 'grid'].includes(v)) throw new InvalidArgumentError('只能是 subdistrict、neighborhood 或 grid');
    return v;
  })
  .option('--name-property <prop>', '要素中用于匹配名称或代码的属性 (feature property holding the unit name or code)', 'name')
  .option('--rewind', '自动纠正环方向 (fix ring order instead of reporting it)', false)
  .option('--dry-run', '只检查不写入 (check only, write nothing)', false)
  .argument('<file>', 'GeoJSON FeatureCollection (WGS84)')
  .action(importBoundariesCommand);

program
  .command('import')
  .description('导入数据 (import data)')
  .command('residents')
  .description('导入居民信息 .xlsx 或 CSV，打印逐行报告 JSON (import residents and households; prints the per-row report)')
  .requiredOption('--neighborhood <code>', '12 位居民区代码 (12-digit neighborhood code)')
  .argument('<file>', '.xlsx 或 CSV 文件（导入模板格式）')
  .action(importResidentsCommand);

registerAuditCommands(program);
registerKeysCommands(program);
registerLedgerCommand(program);
registerBackupCommands(program);
registerStatsCommands(program);

program.parseAsync(process.argv).catch((err: unknown) => {
  const msg = err instanceof ConfigError ? err.message : err instanceof Error ? err.message : String(err);
  process.stderr.write(`gongzhi: ${msg}\n`);
  process.exit(1);
});
