import type { Me } from '@gongzhi/contracts';
import { getJson, getQuiet, sendJson } from './client';

export type SessionView = {
  id: string;
  current: boolean;
  ip: string | null;
  userAgent: string | null;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
};

export type LoginInput = { username: string; password: string; totp?: string; recoveryCode?: string };

export const authApi = {
  // Sign-in failures (wrong password, code required) are the form's business, not a redirect.
  login: (body: LoginInput) => sendJson<Me>('POST', '/api/auth/login', body, { quiet: true }),
  me: (signal?: AbortSignal) => getQuiet<Me>('/api/me', signal),
  logout: () => sendJson<{ ok: true }>('POST', '/api/auth/logout', undefined, { quiet: true }),
  logoutAll: () => sendJson<{ revoked: number }>('POST', '/api/auth/logout-all'),
  changePassword: (currentPassword: string, newPassword: string) =>
    sendJson<Me>('POST', '/api/auth/password', { currentPassword, newPassword }, { quiet: true }),
  mfaEnroll: () => sendJson<{ secret: string; otpauthUri: string }>('POST', '/api/auth/mfa/enroll', undefined, { quiet: true }),
  mfaConfirm: (code: string) => sendJson<{ recoveryCodes: string[] }>('POST', '/api/auth/mfa/confirm', { code }, { quiet: true }),
  sessions: (signal?: AbortSignal) => getJson<{ items: SessionView[] }>('/api/me/sessions', undefined, signal),
  endSession: (id: string) => sendJson<{ ok: true }>('DELETE', `/api/me/sessions/${encodeURIComponent(id)}`),
};
