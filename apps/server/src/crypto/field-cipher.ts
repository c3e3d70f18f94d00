import { createCipheriv, createDecipheriv, randomBytes, timingSafeEqual } from 'node:crypto';
import { type CryptoSuite, hmac } from './digest.js';
import type { Keyring } from './keyring.js';

/**
 * Encryption of personal fields at rest. Ciphertext is text: `gz1.<suite>.<keyId>.<iv>.<tag>.<data>`
 * (base64url parts), so it fits any text column and names the key that opens it.
 * - standard: AES-256-GCM.
 * - sm (国密): SM4-CTR with HMAC-SM3 over iv‖data (encrypt-then-MAC). Node's OpenSSL 3.0 has SM4
 *   in CTR but not GCM; the MAC gives the same integrity guarantee.
 * The field name is bound as associated data, so a value copied into another column fails to open.
 */
export class FieldCipher {
  constructor(
    private readonly keyring: Keyring,
    readonly suite: CryptoSuite,
  ) {}

  encrypt(plain: string, field: string): string {
    // The key by the id just read: asking for "the active key" again could meet a newer key file
    // and pair one key's id with another key's ciphertext.
    const kid = this.keyring.activeId;
    const key = this.keyring.key(kid);
    if (!key) throw new Error(`缺少密钥 ${kid}，无法加密`);
    const data = Buffer.from(plain, 'utf8');
    if (this.suite === 'sm') {
      const { enc, mac } = smKeys(key);
      const iv = randomBytes(16);
      const c = createCipheriv('sm4-ctr', enc, iv);
      const ct = Buffer.concat([c.update(data), c.final()]);
      const tag = hmac('sm', mac, Buffer.concat([Buffer.from(field), iv, ct])).subarray(0, 16);
      return ['gz1', 'sm', kid, b64(iv), b64(tag), b64(ct)].join('.');
    }
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', key, iv);
    c.setAAD(Buffer.from(field));
    const ct = Buffer.concat([c.update(data), c.final()]);
    return ['gz1', 'aes', kid, b64(iv), b64(c.getAuthTag()), b64(ct)].join('.');
  }

  decrypt(text: string, field: string): string {
    const parts = text.split('.');
    if (parts.length !== 6 || parts[0] !== 'gz1') throw new Error('不是有效的加密字段');
    const [, suite, kid, ivS, tagS, ctS] = parts as [string, string, string, string, string, string];
    const key = this.keyring.key(kid);
    if (!key) throw new Error(`缺少密钥 ${kid}，无法解密`);
    const iv = unb64(ivS);
    const tag = unb64(tagS);
    const ct = unb64(ctS);
    if (suite === 'sm') {
      const { enc, mac } = smKeys(key);
      const want = hmac('sm', mac, Buffer.concat([Buffer.from(field), iv, ct])).subarray(0, 16);
      if (want.length !== tag.length || !timingSafeEqual(want, tag)) throw new Error('加密字段校验失败（数据被篡改或字段不匹配）');
      const d = createDecipheriv('sm4-ctr', enc, iv);
      return Buffer.concat([d.update(ct), d.final()]).toString('utf8');
    }
    if (suite !== 'aes') throw new Error(`未知的加密算法标记 ${suite}`);
    // A fixed tag length: GCM would otherwise accept a truncated (forgeable) tag.
    if (tag.length !== 16) throw new Error('加密字段校验失败（数据被篡改或字段不匹配）');
    const d = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: 16 });
    d.setAAD(Buffer.from(field));
    d.setAuthTag(tag);
    return Buffer.concat([d.update(ct), d.final()]).toString('utf8');
  }

  /** The id of the key a ciphertext was made with (rotation skips values already under the active key). */
  static keyIdOf(text: string): string | null {
    const parts = text.split('.');
    return parts.length === 6 ? parts[2]! : null;
  }

  /** Made with another key, or under the other suite (switching GONGZHI_CRYPTO re-encrypts on rotation). */
  needsRotation(text: string): boolean {
    const parts = text.split('.');
    return parts[2] !== this.keyring.activeId || parts[1] !== this.suiteTag;
  }

  /** The suite's mark inside ciphertexts. */
  get suiteTag(): 'aes' | 'sm' {
    return this.suite === 'sm' ? 'sm' : 'aes';
  }

  /**
   * Keyed blind index for exact-match lookup (HMAC of the normalised value with the blind key,
   * separated per kind): equal inputs find each other, the index reveals nothing without the key.
   */
  blindIndex(kind: string, normalized: string): string {
    return hmac(this.suite, this.keyring.blindKey(), `${kind}\u0000${normalized}`).toString('base64url');
  }
}

const b64 = (b: Buffer) => b.toString('base64url');
const unb64 = (s: string) => Buffer.from(s, 'base64url');

/** SM4 takes 128-bit keys: split one 256-bit data key into an encryption half and a MAC half. */
function smKeys(key: Buffer): { enc: Buffer; mac: Buffer } {
  return { enc: key.subarray(0, 16), mac: key.subarray(16, 32) };
}
