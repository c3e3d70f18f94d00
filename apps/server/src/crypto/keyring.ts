import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

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
  private constructor(
    private data: KeyringData,
    readonly file: string | null,
  ) {}

  static fromEnv(dataKey: string, oldKeys: string[], blindKey: string): Keyring {
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
      mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
      const k = newKey();
      writeKeyFile(file, { version: 1, active: keyId(k), keys: { [keyId(k)]: k }, blind: newKey() });
    }
    return new Keyring(readKeyFile(file), file);
  }

  get activeId(): string {
    return this.data.active;
  }

  get ids(): string[] {
    return Object.keys(this.data.keys);
  }

  key(id: string): Buffer | null {
    let k = this.data.keys[id];
    // Another process (`keys rotate`) may have added a key since we loaded the file.
    if (!k && this.file) {
      this.data = readKeyFile(this.file);
      k = this.data.keys[id];
    }
    return k ? Buffer.from(k, 'base64') : null;
  }

  activeKey(): Buffer {
    return this.key(this.data.active)!;
  }

  blindKey(): Buffer {
    return Buffer.from(this.data.blind, 'base64');
  }

  /** Adds a new active key (file keyrings only); old keys stay readable until `retire`. */
  addActiveKey(): string {
    if (!this.file) throw new Error('密钥来自环境变量：请设置新的 GONGZHI_DATA_KEY，并把旧密钥放入 GONGZHI_DATA_KEYS_OLD 后再轮换');
    const k = newKey();
    this.data = { ...this.data, active: keyId(k), keys: { ...this.data.keys, [keyId(k)]: k } };
    writeKeyFile(this.file, this.data);
    return this.data.active;
  }

  /** Drops every key but the active one (after a complete rotation). */
  retireOldKeys(): string[] {
    const old = this.ids.filter((id) => id !== this.data.active);
    if (!this.file || old.length === 0) return old;
    this.data = { ...this.data, keys: { [this.data.active]: this.data.keys[this.data.active]! } };
    writeKeyFile(this.file, this.data);
    return old;
  }
}

export const newKey = () => randomBytes(32).toString('base64');

/** A key's id is derived from it, so the same key always has the same id. */
export const keyId = (k: string) => `k${createHash('sha256').update(Buffer.from(k, 'base64')).digest('hex').slice(0, 10)}`;

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
