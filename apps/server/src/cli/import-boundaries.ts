import { readFile } from 'node:fs/promises';
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';
import { importBoundaries } from '../modules/geo/import-boundaries.js';
import { osUser } from './os-user.js';

export async function importBoundariesCommand(
  file: string,
  opts: { level: 'subdistrict' | 'neighborhood' | 'grid'; nameProperty: string; rewind: boolean; dryRun: boolean },
): Promise<void> {
  let collection: unknown;
  try {
    collection = JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    throw new Error(`无法读取 GeoJSON 文件 ${file}: ${(err as Error).message}`);
  }
  const config = loadConfig();
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrateToLatest(database.db);
    const report = await importBoundaries(database.db, { ...opts, collection, seed: config.seed, suite: config.crypto, actor: `cli:${osUser()}` });
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    for (const p of report.problems) process.stderr.write(`错误 ${p.message}\n`);
    for (const u of report.unmatched) process.stderr.write(`未匹配 ${u.reason}\n`);
    if (report.problems.length > 0) {
      process.stderr.write('边界数据有误，未导入任何要素 (invalid input: nothing imported)\n');
      process.exitCode = 2;
    } else if (report.applied) {
      process.stderr.write(`已导入 ${report.matched.length} 个边界，更新 ${report.unitsUpdated} 个单元，${report.compoundsMoved} 个小区改属新网格\n`);
    }
  } finally {
    await database.close();
  }
}
