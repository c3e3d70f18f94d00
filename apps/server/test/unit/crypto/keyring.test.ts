import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import { FieldCipher } from '../../../src/crypto/field-cipher.js';
import { Keyring, keyId, newKey } from '../../../src/crypto/keyring.js';
import { keyFileOf, loadKeyring } from '../../../src/crypto/load.js';

const dirs: string[] = [];
const tempFile = () => {
  const d = mkdtempSync(path.join(tmpdir(), 'gz-keyring-'));
  dirs.push(d);
  return path.join(d, 'keys', 'keyring.json');
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('Keyring from a file', () => {
  it('is created on first use with mode 0600 in a 0700 folder, and loads the same keys again', () => {
    const file = tempFile();
    const a = Keyring.fromFile(file);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
    const data = JSON.parse(readFileSync(file, 'utf8'));
    expect(data.active).toBe(a.activeId);
    expect(Buffer.from(data.keys[a.activeId], 'base64')).toHaveLength(32);
    expect(Buffer.from(data.blind, 'base64')).toHaveLength(32);
    const b = Keyring.fromFile(file);
    expect(b.activeId).toBe(a.activeId);
    expect(b.blindKey().equals(a.blindKey())).toBe(true);
  });

  it('adds a key, keeps the old one until retired, and keeps the 0600 mode through rewrites', () => {
    const file = tempFile();
    const ring = Keyring.fromFile(file);
    const first = ring.activeId;
    const second = ring.addActiveKey();
    expect(second).not.toBe(first);
    expect(ring.ids.sort()).toEqual([first, second].sort());
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(ring.retireOldKeys()).toEqual([first]);
    expect(ring.ids).toEqual([second]);
    expect(Keyring.fromFile(file).ids).toEqual([second]);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('the blind key never changes with rotation', () => {
    const ring = Keyring.fromFile(tempFile());
    const blind = ring.blindKey();
    ring.addActiveKey();
    ring.retireOldKeys();
    expect(ring.blindKey().equals(blind)).toBe(true);
  });

  it('a cipher made before a rotation by another process decrypts values made after it, and then encrypts under the new key', () => {
    const file = tempFile();
    const server = new FieldCipher(Keyring.fromFile(file), 'standard');
    const before = server.encrypt('13800000006', 'app_user.phone');

    // `keys rotate` in another process: its own keyring over the same file.
    const cliRing = Keyring.fromFile(file);
    const cli = new FieldCipher(cliRing, 'standard');
    const newId = cliRing.addActiveKey();
    const rotated = cli.encrypt(cli.decrypt(before, 'app_user.phone'), 'app_user.phone');
    expect(FieldCipher.keyIdOf(rotated)).toBe(newId);
    expect(server.decrypt(rotated, 'app_user.phone')).toBe('13800000006');
    // Writes the server makes now use the new key, so retiring the old one cannot strand them.
    const written = server.encrypt('13800000007', 'app_user.phone');
    expect(FieldCipher.keyIdOf(written)).toBe(newId);
    cliRing.retireOldKeys();
    expect(cli.decrypt(written, 'app_user.phone')).toBe('13800000007');
    expect(server.decrypt(rotated, 'app_user.phone')).toBe('13800000006');
    // The retired key is gone for a fresh reader.
    expect(() => new FieldCipher(Keyring.fromFile(file), 'standard').decrypt(before, 'app_user.phone')).toThrow(/缺少密钥/);
  });

  it('refuses a malformed key file with a clear message', () => {
    const file = tempFile();
    Keyring.fromFile(file);
    writeFileSync(file, JSON.stringify({ version: 1, active: 'kx', keys: {}, blind: 'x' }));
    expect(() => Keyring.fromFile(file)).toThrow(/密钥文件格式不正确/);
  });
});

describe('Keyring from the environment', () => {
  const dataKey = newKey();
  const oldKey = newKey();
  const blindKey = newKey();

  it('uses GONGZHI_DATA_KEY as the active key and still opens values under the old keys', () => {
    const old = new FieldCipher(Keyring.fromEnv(oldKey, [], blindKey), 'standard');
    const under = old.encrypt('310105199001011234', 'resident.id_number');
    const ring = Keyring.fromEnv(dataKey, [oldKey], blindKey);
    expect(ring.activeId).toBe(keyId(dataKey));
    expect(ring.ids.sort()).toEqual([keyId(dataKey), keyId(oldKey)].sort());
    expect(ring.file).toBeNull();
    const cipher = new FieldCipher(ring, 'standard');
    expect(cipher.decrypt(under, 'resident.id_number')).toBe('310105199001011234');
    expect(cipher.needsRotation(under)).toBe(true);
    // Same blind key, same index, whichever data key is active.
    expect(cipher.blindIndex('phone', '13800000006')).toBe(old.blindIndex('phone', '13800000006'));
  });

  it('cannot add keys itself: the operator sets a new GONGZHI_DATA_KEY', () => {
    const ring = Keyring.fromEnv(dataKey, [oldKey], blindKey);
    expect(() => ring.addActiveKey()).toThrow(/GONGZHI_DATA_KEY/);
    expect(ring.retireOldKeys()).toEqual([keyId(oldKey)]);
    expect(ring.ids).toContain(keyId(oldKey));
  });

  it('rejects an old key that is not 32 bytes of base64', () => {
    expect(() => Keyring.fromEnv(dataKey, ['not-a-key'], blindKey)).toThrow(/GONGZHI_DATA_KEYS_OLD/);
  });

  it('is what loadKeyring picks when GONGZHI_DATA_KEY is set; else the data folder key file', () => {
    const env = loadKeyring(loadConfig({ GONGZHI_DATA_KEY: dataKey, GONGZHI_BLIND_KEY: blindKey, GONGZHI_DATA_KEYS_OLD: `${oldKey}, ` }));
    expect(env.file).toBeNull();
    expect(env.activeId).toBe(keyId(dataKey));
    const dir = path.dirname(path.dirname(tempFile()));
    const file = loadKeyring(loadConfig({ GONGZHI_DATA_DIR: dir }));
    expect(file.file).toBe(keyFileOf(dir));
    expect(statSync(keyFileOf(dir)).mode & 0o777).toBe(0o600);
  });
});
