import { createHash, createHmac } from 'node:crypto';

export type CryptoSuite = 'standard' | 'sm';

/** SHA-256, or SM3 (GB/T 32905) under the 国密 suite; both from the OpenSSL that Node ships. */
export const digestName = (suite: CryptoSuite) => (suite === 'sm' ? 'sm3' : 'sha256');

export function digestHex(suite: CryptoSuite, data: string | Buffer): string {
  return createHash(digestName(suite)).update(data).digest('hex');
}

export function hmac(suite: CryptoSuite, key: Buffer, data: string | Buffer): Buffer {
  return createHmac(digestName(suite), key).update(data).digest();
}

/** For high-entropy secrets (session tokens, API tokens, recovery codes) a plain hash is enough. */
export const sha256Hex = (data: string) => createHash('sha256').update(data).digest('hex');
