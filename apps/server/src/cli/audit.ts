import { type Command } from 'commander';
import { sql } from 'kysely';
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/database.js';
import { verifyChain } from '../modules/audit/verify.js';

/**
 * `gongzhi audit verify`: walks the chain and prints `{ ok, records, lastSeq, broken, ms }`; exits 1
 * when a record is broken, naming the first one. Read-only: it does not migrate, so verifying a
 * copy of a production database never changes it.
 */
export async function auditVerifyCommand(): Promise<void> {
  const config = loadConfig();
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: 1 });
  try {
    const table = await sql<{ t: string | null }>`select to_regclass('public.audit_log')::text as t`.execute(database.db);
    if (!table.rows[0]?.t) throw new Error('数据库中没有审计日志表，请先运行 npx gongzhi migrate (no audit_log table; run migrate first)');
    const result = await verifyChain(database.db);
    process.stdout.write(`${JSON.stringify(result)}\n`);
    if (result.broken) {
      process.stderr.write(`审计日志哈希链在记录 ${result.broken.seq} 处断裂：${result.broken.reason} (audit chain broken at record ${result.broken.seq})\n`);
      process.exitCode = 1;
    } else {
      process.stderr.write(`审计日志完整：已校验 ${result.records} 条记录 (audit chain intact)\n`);
    }
  } finally {
    await database.close();
  }
}

export function registerAuditCommands(program: Command): void {
  const audit = program.command('audit').description('审计日志 (audit trail)');
  audit.command('verify').description('校验审计日志哈希链，指出第一条被修改或删除的记录 (verify the audit chain)').action(auditVerifyCommand);
}
