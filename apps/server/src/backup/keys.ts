import { existsSync } from 'node:fs';
import type { Config } from '../config.js';
import type { CryptoSuite } from '../crypto/digest.js';
import { FieldCipher } from '../crypto/field-cipher.js';
import { Keyring } from '../crypto/keyring.js';
import { keyFileOf } from '../crypto/load.js';
import { blindIndexFor } from '../modules/personal-data/blind-index.js';
import { encryptedFields } from '../modules/personal-data/registry.js';
import type { Queryable } from './manifest.js';

/**
 * Backups do NOT carry the encryption keys (docs/decisions.md, "Backups"): a stolen backup file
 * then holds only ciphertext. Instead the manifest says which keys the data needs (their ids,
 * which are hashes of the keys, already written in every ciphertext) and carries one sealed value
 * per encrypted column with its blind index, so that a restore can prove, before it touches the
 * target, that the keys it would run with open the data and find it by blind index.
 */
export interface KeyProbe {
  field: string;
  ciphertext: string;
  blindIndex: string | null;
}

export interface KeyFacts {
  included: false;
  /** GONGZHI_CRYPTO of the process that made the backup (blind indexes depend on it). */
  suite: CryptoSuite;
  /** Ids of the data keys the sealed values were made with. */
  keyIds: string[];
  sealedValues: number;
  probes: KeyProbe[];
}

async function hasColumn(q: Queryable, table: string, column: string): Promise<boolean> {
  const r = await q.query(
    `select 1 from information_schema.columns where table_schema = 'public' and table_name = $1 and column_name = $2`,
    [table, column],
  );
  return r.rows.length > 0;
}

/** Probes of the database: one sealed value (with its blind index where there is one) per registered column. */
export async function readProbes(q: Queryable): Promise<KeyProbe[]> {
  const probes: KeyProbe[] = [];
  for (const f of encryptedFields) {
    if (!(await hasColumn(q, f.table, f.column))) continue;
    const bidx = f.blindIndexColumn && (await hasColumn(q, f.table, f.blindIndexColumn)) ? f.blindIndexColumn : null;
    // Identifiers come from the registry, checked to be plain names when it loads.
    const r = await q.query(
      `select ${f.column} as v, ${bidx ?? 'null::text'} as b from public.${f.table}
       where ${f.column} is not null order by ${bidx ? `(${bidx} is null), ` : ''}${f.idColumn} limit 1`,
    );
    if (r.rows[0]) probes.push({ field: f.field, ciphertext: String(r.rows[0].v), blindIndex: r.rows[0].b == null ? null : String(r.rows[0].b) });
  }
  return probes;
}

export async function keyFacts(q: Queryable, suite: CryptoSuite): Promise<KeyFacts> {
  const ids = new Set<string>();
  let sealed = 0;
  for (const f of encryptedFields) {
    if (!(await hasColumn(q, f.table, f.column))) continue;
    const r = await q.query(
      `select split_part(${f.column}, '.', 3) as k, count(*)::bigint as n from public.${f.table} where ${f.column} is not null group by 1`,
    );
    for (const row of r.rows) {
      ids.add(String(row.k));
      sealed += Number(row.n);
    }
  }
  return { included: false, suite, keyIds: [...ids].sort(), sealedValues: sealed, probes: await readProbes(q) };
}

/**
 * The keys this process would run with, without creating any: `loadKeyring` makes a fresh key
 * file when there is none, and a restore must never invent keys that cannot open the data.
 */
export function availableKeyring(config: Config): { keyring: Keyring; source: string } | null {
  if (config.dataKey) return { keyring: Keyring.fromEnv(config.dataKey, config.dataKeysOld, config.blindKey!), source: 'GONGZHI_DATA_KEY / GONGZHI_BLIND_KEY' };
  if (config.dataDir.startsWith('memory://')) return null;
  const file = keyFileOf(config.dataDir);
  return existsSync(file) ? { keyring: Keyring.fromFile(file), source: file } : null;
}

/** Decrypts each probe and recomputes its blind index; the failures, described. */
export function checkProbes(cipher: FieldCipher, probes: KeyProbe[]): string[] {
  const failures: string[] = [];
  for (const p of probes) {
    const f = encryptedFields.find((e) => e.field === p.field);
    if (!f) continue;
    let plain: string;
    try {
      plain = cipher.decrypt(p.ciphertext, p.field);
    } catch (err) {
      failures.push(`${p.field}: ${(err as Error).message}`);
      continue;
    }
    if (p.blindIndex && f.kind !== 'secret' && blindIndexFor(cipher, f.kind, plain) !== p.blindIndex) {
      failures.push(`${p.field}: 盲索引不符 (blind index differs)`);
    }
  }
  return failures;
}

/**
 * Before a restore: the keys available here must open the backup's data. Throws a message that
 * says what is missing and where to put it. Returns the cipher for the checks after the restore
 * (null when the backup holds no sealed values: any keys will do).
 */
export function precheckKeys(config: Config, keys: KeyFacts): { cipher: FieldCipher; source: string } | null {
  const found = availableKeyring(config);
  if (keys.sealedValues === 0) return found ? { cipher: new FieldCipher(found.keyring, config.crypto), source: found.source } : null;
  const where = config.dataDir.startsWith('memory://') ? '' : `复制到 ${keyFileOf(config.dataDir)}（权限 0600），或`;
  if (!found) {
    throw new Error(
      `备份中有 ${keys.sealedValues} 个加密的个人信息值，但这里找不到密钥（备份文件不含密钥）。请把原服务器的密钥文件${where}设置 GONGZHI_DATA_KEY、GONGZHI_BLIND_KEY 后再恢复；没有原密钥，这些数据无法读取。\n` +
        'The backup holds encrypted personal data but no keys are available here (backups never contain keys): provide the original key file or GONGZHI_DATA_KEY/GONGZHI_BLIND_KEY.',
    );
  }
  const missing = keys.keyIds.filter((id) => !found.keyring.ids.includes(id));
  if (missing.length > 0) {
    throw new Error(
      `当前密钥（${found.source}）缺少备份数据所用的密钥 ${missing.join(', ')}（现有 ${found.keyring.ids.join(', ') || '无'}）：请提供备份时的密钥文件，或把旧密钥放入 GONGZHI_DATA_KEYS_OLD。\n` +
        `The keys here lack ${missing.join(', ')}, which the backup's data was encrypted with.`,
    );
  }
  const cipher = new FieldCipher(found.keyring, config.crypto);
  const failures = checkProbes(cipher, keys.probes);
  if (failures.length > 0) {
    throw new Error(
      `当前密钥（${found.source}）无法正确读取备份中的个人信息：${failures.join('；')}。` +
        `请检查盲索引密钥（GONGZHI_BLIND_KEY 或密钥文件中的 blind）与 GONGZHI_CRYPTO（备份时为 ${keys.suite}）是否与备份来源一致。\n` +
        'The keys here cannot read the backup correctly: check the blind-index key and GONGZHI_CRYPTO.',
    );
  }
  return { cipher, source: found.source };
}
