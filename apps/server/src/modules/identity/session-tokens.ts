import { randomBytes } from 'node:crypto';
import { sha256Hex } from '../../crypto/digest.js';

/** Bearer secrets: 32 random bytes; only their hash is stored. */
export const newSecret = () => randomBytes(32).toString('base64url');
export const hashSecret = (token: string) => sha256Hex(token);

export const sessionCookie = 'gz_session';
export const csrfCookie = 'gz_csrf';
export const csrfHeader = 'x-csrf-token';
