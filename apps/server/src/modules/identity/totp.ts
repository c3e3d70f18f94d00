import { randomBytes } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import { sha256Hex } from '../../crypto/digest.js';

/** RFC 6238 TOTP (SHA-1, 6 digits, 30 s) as every authenticator app expects; ±1 step of clock drift. */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

function totpOf(secretBase32: string, username: string): TOTP {
  return new TOTP({ issuer: '共治 Gongzhi', label: username, algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(secretBase32) });
}

export const totpUri = (secretBase32: string, username: string) => totpOf(secretBase32, username).toString();

export function checkTotp(secretBase32: string, username: string, code: string): boolean {
  return totpStep(secretBase32, username, code) !== null;
}

/** The time step a valid code belongs to (for replay protection), or null when the code is wrong. */
export function totpStep(secretBase32: string, username: string, code: string, now = Date.now()): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const delta = totpOf(secretBase32, username).validate({ token: code, window: 1, timestamp: now });
  return delta === null ? null : Math.floor(now / 1000 / 30) + delta;
}

/** The current code (tests and the CLI's enrolment helper). */
export const currentTotp = (secretBase32: string, username: string) => totpOf(secretBase32, username).generate();

/** Ten single-use recovery codes, `xxxxx-xxxxx`, stored hashed. */
export function newRecoveryCodes(): { plain: string[]; hashes: string[] } {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  const plain = Array.from({ length: 10 }, () => {
    const b = randomBytes(10);
    const s = [...b].map((x) => alphabet[x % alphabet.length]).join('');
    return `${s.slice(0, 5)}-${s.slice(5)}`;
  });
  return { plain, hashes: plain.map(hashRecoveryCode) };
}

export const hashRecoveryCode = (code: string) => sha256Hex(code.trim().toLowerCase());
