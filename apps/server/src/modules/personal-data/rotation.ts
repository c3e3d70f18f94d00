import type { Kysely } from 'kysely';
import type { FieldCipher } from '../../crypto/field-cipher.js';
import type { Keyring } from '../../crypto/keyring.js';
import type { DB } from '../../db/schema.js';
import type { AuditWriter } from '../audit/writer.js';
import { columnName, type EncryptedField, encryptedFields } from './registry.js';
import { PersonalDataRepository } from './repository.js';

export interface RotationOptions {
  db: Kysely<DB>;
  keyring: Keyring;
  cipher: FieldCipher;
  audit: AuditWriter;
  fields?: readonly EncryptedField[];
  batchSize?: number;
  /** Who runs it, for the audit trail (the command passes the operating-system user). */
  actor?: string;
  /** Called after each committed batch (progress; tests interrupt a rotation here). */
  onBatch?: (column: string, rows: number) => void | Promise<void>;
}

export interface RotationReport {
  activeKey: string;
  /** Rows re-encrypted per column (`table.column`). */
  reencrypted: Record<string, number>;
  /** Keys dropped from the key file (none with keys from the environment). */
  retired: string[];
  /** With keys from the environment: old keys no row needs any more, to drop from GONGZHI_DATA_KEYS_OLD. */
  unusedEnvKeys?: string[];
  /** True when this run continued an interrupted one. */
  resumed: boolean;
  ms: number;
}

/**
 * Re-encrypts every registered column under a new key without stopping readers:
 * 1. a new key becomes active (file keyring), so every new write already uses it;
 * 2. rows still under another key are re-encrypted in batches, each batch one transaction, so a
 *    row is readable at every moment (old keys stay in the keyring until the end);
 * 3. only when no row in any column needs an old key are the old keys retired.
 * A marker in app_meta makes an interrupted run resumable: the rerun keeps the key it had made.
 */
export async function rotateKeys(o: RotationOptions): Promise<RotationReport> {
  const t0 = Date.now();
  const fields = o.fields ?? encryptedFields;
  const batch = o.batchSize ?? 500;
  const repo = new PersonalDataRepository(o.db);
  const fromFile = o.keyring.file !== null;

  const marker = await repo.rotationMarker();
  const resumed = marker !== null;
  if (fromFile && !resumed) {
    const before = o.keyring.activeId;
    const target = o.keyring.addActiveKey();
    await repo.setRotationMarker({ target, startedAt: new Date().toISOString() });
    await o.audit.append({ actorName: o.actor ?? 'cli', action: 'keys.rotate.start', detail: { from: before, to: target } });
  }
  const active = o.keyring.activeId;

  const reencrypted: Record<string, number> = Object.fromEntries(fields.map((f) => [columnName(f), 0]));
  // Pass after pass until nothing is left: a server that encrypted under the old key just before it
  // noticed the new one may have written a row behind the first pass.
  for (let pass = 0; ; pass++) {
    let moved = 0;
    for (const f of fields) {
      const n = await reencryptColumn(o, f, active, batch);
      reencrypted[columnName(f)]! += n;
      moved += n;
    }
    if (moved === 0) break;
    if (pass >= 10) throw new Error('轮换未能收敛：仍有数据在旧密钥下，请检查是否有进程使用旧的密钥文件');
  }
  const stale = await Promise.all(fields.map((f) => repo.countStale(f, active, o.cipher.suiteTag)));
  if (stale.some((n) => n > 0)) throw new Error('仍有数据未重新加密，旧密钥未退役；请重新运行 keys rotate');

  const oldIds = o.keyring.ids.filter((id) => id !== active);
  const retired = fromFile ? o.keyring.retireOldKeys() : [];
  await repo.clearRotationMarker();
  const report: RotationReport = {
    activeKey: active,
    reencrypted,
    retired,
    ...(fromFile ? {} : { unusedEnvKeys: oldIds }),
    resumed,
    ms: Date.now() - t0,
  };
  await o.audit.append({
    actorName: o.actor ?? 'cli',
    action: 'keys.rotate',
    detail: { activeKey: report.activeKey, reencrypted, retired, unusedEnvKeys: report.unusedEnvKeys ?? [], resumed },
  });
  return report;
}

async function reencryptColumn(o: RotationOptions, f: EncryptedField, active: string, batch: number): Promise<number> {
  let total = 0;
  let after: string | null = null;
  for (;;) {
    const n = await o.db.transaction().execute(async (trx) => {
      const repo = new PersonalDataRepository(trx);
      const rows = await repo.staleBatch(f, active, o.cipher.suiteTag, batch, after);
      let done = 0;
      for (const r of rows) {
        let plain: string;
        try {
          plain = o.cipher.decrypt(r.v, f.field);
        } catch (err) {
          throw new Error(`无法解密 ${columnName(f)}（${f.idColumn} = ${r.id}）：${(err as Error).message}`);
        }
        if (await repo.replaceCiphertext(f, r.id, r.v, o.cipher.encrypt(plain, f.field))) done++;
      }
      return { rows: rows.length, done, last: rows.at(-1)?.id ?? null };
    });
    total += n.done;
    if (n.rows === 0) return total;
    after = n.last;
    await o.onBatch?.(columnName(f), n.done);
  }
}
