import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { type Command, InvalidArgumentError } from 'commander';
import { loadConfig } from '../config.js';
import { loadCipher } from '../crypto/load.js';
import { openDatabase } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';
import { AuditWriter } from '../modules/audit/writer.js';
import { ledgerDef, ledgerDefs } from '../modules/ledgers/definitions.js';
import { ledgerWorkbook } from '../modules/ledgers/excel.js';
import type { LedgerUnit } from '../modules/ledgers/repository.js';
import { LedgerService } from '../modules/ledgers/service.js';
import { osUser } from './os-user.js';

/**
 * `ledger --list` and `ledger <id> --unit <code> --out <file.xlsx>`: the same workbook as the API,
 * always masked (plain values only through the audited console/API flow). The file written is
 * recorded in the audit trail as `cli:<os user>`.
 */
export function registerLedgerCommand(program: Command): void {
  program
    .command('ledger')
    .description('生成台账报表 (generate a ledger as Excel; --list names the ledgers)')
    .argument('[ledger-id]', 'ledger id, e.g. population')
    .option('--list', '列出全部台账 (list the ledgers)', false)
    .option('--unit <code>', '区（6 位）、街镇（9 位）或居民区（12 位）代码 (unit code)', (v) => {
      if (!/^\d{6}(\d{3}){0,2}$/.test(v)) throw new InvalidArgumentError('应为 6、9 或 12 位区划代码');
      return v;
    })
    .option('--out <file>', '输出的 .xlsx 文件 (output file)')
    .action(async (id: string | undefined, opts: { list: boolean; unit?: string; out?: string }) => {
      if (opts.list || !id) {
        if (!opts.list) throw new Error('请给出台账编号，或用 --list 查看全部台账');
        process.stdout.write(`${JSON.stringify({ ledgers: ledgerDefs.map((d) => ({ id: d.id, name: d.name, nameEn: d.nameEn })) })}\n`);
        return;
      }
      const def = ledgerDef(id);
      if (!def) throw new Error(`没有台账 ${id}（可用：${ledgerDefs.map((d) => d.id).join(', ')}）`);
      if (!opts.unit) throw new Error('请用 --unit 给出统计单位代码');
      if (!opts.out) throw new Error('请用 --out 给出输出文件（.xlsx）');
      if (!opts.out.toLowerCase().endsWith('.xlsx')) throw new Error('输出文件应以 .xlsx 结尾');
      const config = loadConfig();
      const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
      try {
        await migrateToLatest(database.db);
        const u = await database.db.selectFrom('jurisdiction_unit').select(['id', 'code', 'name', 'level', 'path']).where('code', '=', opts.unit).executeTakeFirst();
        if (!u || u.level === 'grid') throw new Error(`找不到代码为 ${opts.unit} 的区、街镇或居民区`);
        const unit: LedgerUnit = { ...u, level: u.level as LedgerUnit['level'] };
        const { result, persons } = await new LedgerService(database.db, loadCipher(config)).generate(def, unit, { plain: false });
        const out = path.resolve(opts.out);
        writeFileSync(out, await ledgerWorkbook(result));
        await new AuditWriter(database.db, config.crypto).append({
          actorName: `cli:${osUser()}`,
          action: 'ledger.export',
          resourceType: 'ledger',
          resourceId: def.id,
          unitPath: unit.path,
          detail: { ledger: def.id, ledgerName: def.name, unit: unit.code, persons, format: 'xlsx', via: 'cli' },
        });
        process.stdout.write(
          `${JSON.stringify({ ledger: def.id, name: def.name, unit: { code: unit.code, name: unit.name }, asOf: result.asOf, rows: result.main.rows.length, totals: result.main.totals, lists: result.lists.map((l) => ({ key: l.key, rows: l.rows.length })), out })}\n`,
        );
      } finally {
        await database.close();
      }
    });
}
