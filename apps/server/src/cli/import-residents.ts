import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { loadConfig } from '../config.js';
import { loadCipher } from '../crypto/load.js';
import { openDatabase } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';
import { AppError } from '../http/app-error.js';
import { AuditWriter } from '../modules/audit/writer.js';
import { importResidents } from '../modules/resident-import/service.js';
import { osUser } from './os-user.js';

/**
 * `gongzhi import residents <file> --neighborhood <code>`: the same run as the web import (one
 * transaction, the same per-row report), filed under the operator's OS user. Prints the JSON
 * summary; exit code 2 when the file as a whole is refused.
 */
export async function importResidentsCommand(file: string, opts: { neighborhood: string }): Promise<void> {
  if (!/^\d{12}$/.test(opts.neighborhood)) throw new Error('--neighborhood 应为 12 位居民区代码');
  const config = loadConfig();
  const size = await stat(file).then((s) => s.size, () => -1);
  if (size < 0) throw new Error(`无法读取文件 ${file}`);
  if (size > config.residentImport.maxBytes) throw new Error(`文件超过 ${Math.round(config.residentImport.maxBytes / 1024 / 1024)} MB 上限 (GONGZHI_RESIDENT_IMPORT_MAX_BYTES)`);
  const bytes = await readFile(file);
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrateToLatest(database.db);
    const r = await importResidents(
      { db: database.db, cipher: loadCipher(config), audit: new AuditWriter(database.db, config.crypto), config },
      { neighborhoodCode: opts.neighborhood, fileName: path.basename(file), bytes, actorId: null, actorName: `cli:${osUser()}`, actingRole: 'operator' },
    );
    const { id, neighborhood, accepted, updated, unchanged, rejected, rows, conflictsOpened, householdsCreated } = r;
    process.stdout.write(`${JSON.stringify({ id, neighborhood, accepted, updated, unchanged, rejected, householdsCreated, conflictsOpened, rows })}\n`);
    process.stderr.write(`新增 ${accepted}，更新 ${updated}，无变化 ${unchanged}，未导入 ${rejected} (accepted/updated/unchanged/rejected)\n`);
  } catch (err) {
    if (!(err instanceof AppError) || err.status >= 500) throw err;
    process.stdout.write(`${JSON.stringify({ error: { code: err.code, message: err.message, details: err.details } })}\n`);
    process.stderr.write(`gongzhi: ${err.message}\n`);
    process.exitCode = 2;
  } finally {
    await database.close();
  }
}
