import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ensureDir } from '../data-dir.js';

/**
 * Keys for personal-data encryption. Data keys encrypt (the active one) and decrypt (all of them,
 * named by id in every ciphertext); the blind-index key is separate and never rotates with them,
 * so exact-match lookups keep working during and after a rotation.
 *
 * Source: GONGZHI_DATA_KEY (+ GONGZHI_DATA_KEYS_OLD, GONGZHI_BLIND_KEY) when set, else the key file
 * `<data dir>/keys/keyring.json`, created on first start with mode 0600.
 */
export interface KeyringData {
  version: 1;
  active: string;
  keys: Record<string, string>;
  blind: string;
}

export class Keyring {
  /** Identity of the key file version last read (inode + mtime: every write is a rename). */
  private stamp: string | null = null;

  private constructor(
    private data: KeyringData,
    readonly file: string | null,
  ) {}

  static fromEnv(dataKey: string, oldKeys: string[], blindKey: string): Keyring {
    // A mistyped old key would otherwise surface only as "cannot decrypt" on some rows, much later.
    for (const [i, k] of oldKeys.entries()) {
      if (Buffer.from(k, 'base64').length !== 32) throw new Error(`GONGZHI_DATA_KEYS_OLD 第 ${i + 1} 个密钥不是 32 字节密钥的 base64`);
    }
    const keys: Record<string, string> = {};
    for (const k of [...oldKeys, dataKey]) keys[keyId(k)] = k;
    return new Keyring({ version: 1, active: keyId(dataKey), keys, blind: blindKey }, null);
  }

  /** Keys that live only in this process (in-memory test databases). */
  static ephemeral(): Keyring {
    const k = newKey();
    return new Keyring({ version: 1, active: keyId(k), keys: { [keyId(k)]: k }, blind: newKey() }, null);
  }

  /** Loads the key file, creating it (0600) when absent. */
  static fromFile(file: string): Keyring {
    if (!existsSync(file)) {
      ensureDir(path.dirname(file), 0o700);
      const k = newKey();
      writeKeyFile(file, { version: 1, active: keyId(k), keys: { [keyId(k)]: k }, blind: newKey() });
    }
    const stamp = fileStamp(file);
    const ring = new Keyring(readKeyFile(file), file);
    ring.stamp = stamp;
    return ring;
  }

  get activeId(): string {
    this.refreshIfChanged();
    return this.data.active;
  }

  get ids(): string[] {
    return Object.keys(this.data.keys);
  }

  key(id: string): Buffer | null {
    let k = this.data.keys[id];
    // Another process (`keys rotate`) may have added a key since we loaded the file.
    if (!k && this.file) {
      this.reload();
      k = this.data.keys[id];
    }
    return k ? Buffer.from(k, 'base64') : null;
  }

  activeKey(): Buffer {
    return this.key(this.activeId)!;
  }

  blindKey(): Buffer {
    return Buffer.from(this.data.blind, 'base64');
  }

  /** Adds a new active key (file keyrings only); old keys stay readable until `retire`. */
  addActiveKey(): string {
    if (!this.file) throw new Error('密钥来自环境变量：请设置新的 GONGZHI_DATA_KEY，并把旧密钥放入 GONGZHI_DATA_KEYS_OLD 后再轮换');
    this.refreshIfChanged();
    const k = newKey();
    this.data = { ...this.data, active: keyId(k), keys: { ...this.data.keys, [keyId(k)]: k } };
    writeKeyFile(this.file, this.data);
    this.stamp = fileStamp(this.file);
    return this.data.active;
  }

  /** Drops every key but the active one (after a complete rotation). */
  retireOldKeys(): string[] {
    this.refreshIfChanged();
    const old = this.ids.filter((id) => id !== this.data.active);
    if (!this.file || old.length === 0) return old;
    this.data = { ...this.data, keys: { [this.data.active]: this.data.keys[this.data.active]! } };
    writeKeyFile(this.file, this.data);
    this.stamp = fileStamp(this.file);
    return old;
  }

  /**
   * A running server must encrypt under the key `keys rotate` made active, not the one it started
   * with: otherwise rows it writes during a rotation would end under a key the rotation retires.
   * One stat per encryption is cheap next to the database write it precedes.
   */
  private refreshIfChanged(): void {
    if (!this.file) return;
    const now = fileStamp(this.file);
    if (now !== null && now !== this.stamp) this.reload();
  }

  private reload(): void {
    this.stamp = fileStamp(this.file!);
    this.data = readKeyFile(this.file!);
  }
}

export const newKey = () => randomBytes(32).toString('base64');

/** A key's id is derived from it, so the same key always has the same id. */
export const keyId = (k: string) => `k${createHash('sha256').update(Buffer.from(k, 'base64')).digest('hex').slice(0, 10)}`;

function fileStamp(file: string): string | null {
  try {
    const st = statSync(file, { bigint: true });
    return `${st.ino}:${st.mtimeNs}`;
  } catch {
    return null;
  }
}

function readKeyFile(file: string): KeyringData {
  const data = JSON.parse(readFileSync(file, 'utf8')) as KeyringData;
  if (data.version !== 1 || !data.keys[data.active] || !data.blind) throw new Error(`密钥文件格式不正确: ${file}`);
  return data;
}

/** Write-then-rename so a crash never leaves half a key file. */
function writeKeyFile(file: string, data: KeyringData): void {
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(data, null, 2)}\n`, { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, file);
}
