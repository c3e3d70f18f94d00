import { describe, expect, it } from 'vitest';
import type { CryptoSuite } from '../../../src/crypto/digest.js';
import { FieldCipher } from '../../../src/crypto/field-cipher.js';
import { Keyring, keyId, newKey } from '../../../src/crypto/keyring.js';

const suites: CryptoSuite[] = ['standard', 'sm'];

/** Changes one character of one base64url part of a ciphertext (index 3 iv, 4 tag, 5 data). */
function flip(text: string, part: number): string {
  const parts = text.split('.');
  const s = parts[part]!;
  const c = s[0] === 'A' ? 'B' : 'A';
  parts[part] = c + s.slice(1);
  return parts.join('.');
}

describe.each(suites)('FieldCipher (%s)', (suite) => {
  const keyring = Keyring.ephemeral();
  const cipher = new FieldCipher(keyring, suite);
  const tag = suite === 'sm' ? 'sm' : 'aes';

  it('round-trips Chinese text, ID numbers and the empty string', () => {
    for (const v of ['13800000006', '310105199001011234', '张三明', '长宁路100弄5号601室', '']) {
      const c = cipher.encrypt(v, 'app_user.phone');
      expect(c.startsWith(`gz1.${tag}.${keyring.activeId}.`)).toBe(true);
      expect(c).not.toContain(v || '\u0000');
      expect(cipher.decrypt(c, 'app_user.phone')).toBe(v);
    }
  });

  it('uses a fresh IV: the same value never encrypts the same twice', () => {
    const a = cipher.encrypt('13800000006', 'f.x');
    const b = cipher.encrypt('13800000006', 'f.x');
    expect(a).not.toBe(b);
    expect(cipher.decrypt(a, 'f.x')).toBe(cipher.decrypt(b, 'f.x'));
  });

  it('detects tampering with the data, the tag or the IV', () => {
    const c = cipher.encrypt('310105199001011234', 'resident.id_number');
    for (const part of [3, 4, 5]) expect(() => cipher.decrypt(flip(c, part), 'resident.id_number')).toThrow();
  });

  it('refuses a truncated tag', () => {
    const c = cipher.encrypt('13800000006', 'app_user.phone');
    const parts = c.split('.');
    parts[4] = parts[4]!.slice(0, 6); // 4 bytes
    expect(() => cipher.decrypt(parts.join('.'), 'app_user.phone')).toThrow();
  });

  it('binds the value to its field: another field name cannot open it', () => {
    const c = cipher.encrypt('13800000006', 'app_user.phone');
    expect(() => cipher.decrypt(c, 'resident.phone')).toThrow();
  });

  it('names the key in the ciphertext and asks for rotation only under another key or suite', () => {
    const c = cipher.encrypt('x', 'f.x');
    expect(FieldCipher.keyIdOf(c)).toBe(keyring.activeId);
    expect(cipher.needsRotation(c)).toBe(false);
    const other = new FieldCipher(Keyring.ephemeral(), suite).encrypt('x', 'f.x');
    expect(cipher.needsRotation(other)).toBe(true);
    const otherSuite = new FieldCipher(keyring, suite === 'sm' ? 'standard' : 'sm').encrypt('x', 'f.x');
    expect(cipher.needsRotation(otherSuite)).toBe(true);
    // …but still opens it: the suite is read from the ciphertext.
    expect(cipher.decrypt(otherSuite, 'f.x')).toBe('x');
  });

  it('says which key is missing', () => {
    const c = new FieldCipher(Keyring.ephemeral(), suite).encrypt('x', 'f.x');
    expect(() => cipher.decrypt(c, 'f.x')).toThrow(/缺少密钥 k[0-9a-f]{10}/);
  });

  it('rejects text that is not a ciphertext', () => {
    expect(() => cipher.decrypt('13800000006', 'f.x')).toThrow(/不是有效的加密字段/);
  });

  it('blind index: deterministic, keyed, separated per kind', () => {
    const a = cipher.blindIndex('phone', '13800000006');
    expect(cipher.blindIndex('phone', '13800000006')).toBe(a);
    expect(cipher.blindIndex('phone', '13800000007')).not.toBe(a);
    expect(cipher.blindIndex('id_number', '13800000006')).not.toBe(a);
    expect(a).not.toContain('13800000006');
    // Another blind key, another index: nobody can compute it without the key.
    expect(new FieldCipher(Keyring.ephemeral(), suite).blindIndex('phone', '13800000006')).not.toBe(a);
  });
});

describe('key ids', () => {
  it('derive from the key: same key, same id; 10 hex digits', () => {
    const k = newKey();
    expect(keyId(k)).toBe(keyId(k));
    expect(keyId(k)).toMatch(/^k[0-9a-f]{10}$/);
    expect(keyId(newKey())).not.toBe(keyId(k));
  });

  it('the two suites give different blind indexes for the same key (SM3 vs SHA-256 HMAC)', () => {
    const ring = Keyring.ephemeral();
    expect(new FieldCipher(ring, 'sm').blindIndex('phone', '13800000006')).not.toBe(new FieldCipher(ring, 'standard').blindIndex('phone', '13800000006'));
  });
});
