import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { type Config, loadConfig } from '../config.js';
import { FieldCipher } from '../crypto/field-cipher.js';
import { newKey } from '../crypto/keyring.js';
import { loadKeyring } from '../crypto/load.js';
import { openDatabase } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';
import { osUser } from './os-user.js';
import { AuditWriter } from '../modules/audit/writer.js';
import { type RotationReport, rotateKeys } from '../modules/personal-data/rotation.js';

/** `keys rotate` as a function, for the command and for tests that run it in process. */
export async function runKeysRotate(config: Config, opts: { batchSize?: number } = {}): Promise<RotationReport> {
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrateToLatest(database.db);
    const keyring = loadKeyring(config);
    const cipher = new FieldCipher(keyring, config.crypto);
    return await rotateKeys({
      db: database.db,
      keyring,
      cipher,
      audit: new AuditWriter(database.db, config.crypto),
      actor: `cli:${osUser()}`,
      ...(opts.batchSize ? { batchSize: opts.batchSize } : {}),
      onBatch: (column, rows) => void process.stderr.write(`  ${column}: +${rows}\n`),
    });
  } finally {
    await database.close();
  }
}


/** Registers `keys generate` and `keys rotate` on the operators' command line. */
export function registerKeysCommands(program: Command): void {
  const keys = program.command('keys').description('个人信息加密密钥 (personal-data encryption keys)');

  keys
    .command('generate')
    .description('生成一个新的 32 字节密钥（base64），用于 GONGZHI_DATA_KEY 或 GONGZHI_BLIND_KEY (print a fresh key)')
    // The bare key, not JSON, so `GONGZHI_DATA_KEY=$(npx gongzhi keys generate)` works.
    .action(() => {
      process.stdout.write(`${newKey()}\n`);
    });

  keys
    .command('rotate')
    .description('换用新密钥并重新加密全部个人信息，读取不中断；中断后重新运行即可继续 (re-encrypt everything under a new key; resumable)')
    .option('--batch-size <n>', '每个事务处理的行数 (rows per transaction)', (v) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 1 || n > 10_000) throw new InvalidArgumentError('应为 1–10000 的整数');
      return n;
    }, 500)
    .action(async (opts: { batchSize: number }) => {
      const config = loadConfig();
      const fromEnv = Boolean(config.dataKey);
      if (fromEnv) process.stderr.write('密钥来自环境变量：将把数据重新加密到 GONGZHI_DATA_KEY (keys from the environment)\n');
      const r = await runKeysRotate(config, { batchSize: opts.batchSize });
      const { unusedEnvKeys, resumed, ...shown } = r;
      process.stdout.write(`${JSON.stringify({ ...shown, ...(unusedEnvKeys ? { unusedEnvKeys } : {}), ...(resumed ? { resumed } : {}) })}\n`);
      if (fromEnv && unusedEnvKeys && unusedEnvKeys.length > 0) {
        process.stderr.write(
          `全部数据已在新密钥 ${r.activeKey} 下：请从 GONGZHI_DATA_KEYS_OLD 中删除旧密钥（${unusedEnvKeys.join(', ')}）并重启服务。\n` +
            'Everything is under the new key: drop the old keys from GONGZHI_DATA_KEYS_OLD and restart.\n',
        );
      } else if (!fromEnv) {
        process.stderr.write(`已换用新密钥 ${r.activeKey}，退役旧密钥 ${r.retired.join(', ') || '（无）'}。请备份密钥文件。\n`);
      }
    });
}
