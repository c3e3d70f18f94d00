import type { AccountReset, ApiToken, AuditFilter, ResetPending, Department, Role, RoleGrant, UserAccount, UserDetail, apiTokenScopes } from '@gongzhi/contracts';
import { getJson, sendJson } from './client';

export type Page<T> = { items: T[]; nextCursor: string | null };
export type AccountStatusFilter = 'active' | 'disabled' | 'locked';
export type UserListFilter = { q?: string; unit?: string; role?: Role; status?: AccountStatusFilter; phone?: string };
export type UserCreate = { username: string; displayName: string; phone: string; unit: string; department?: string; password: string };
export type GrantCreate = { role: Role; unit: string; department?: string; reason: string };
export type TokenScope = (typeof apiTokenScopes)[number];
export type TokenCreate = { name: string; username: string; scopes: TokenScope[]; expiresAt?: string };
export type { AuditFilter };

const user = (id: string) => `/api/users/${encodeURIComponent(id)}`;
const grant = (id: string) => `/api/grants/${encodeURIComponent(id)}`;

export const usersApi = {
  list: (f: UserListFilter & { limit: number; cursor?: string | null }, signal?: AbortSignal) =>
    getJson<Page<UserAccount>>('/api/users', f, signal),
  get: (id: string, signal?: AbortSignal) => getJson<UserDetail>(user(id), undefined, signal),
  create: (body: UserCreate) => sendJson<UserDetail>('POST', '/api/users', body),
  patch: (id: string, body: { displayName?: string; phone?: string; status?: 'active' | 'disabled' }) => sendJson<UserDetail>('PATCH', user(id), body),
  unlock: (id: string) => sendJson<UserDetail>('POST', `${user(id)}/unlock`),
  /** An administrator account's reset answers 202 with a pending request instead of the account. */
  resetPassword: (id: string, password: string) => sendJson<UserDetail | ResetPending>('POST', `${user(id)}/reset-password`, { password }),
  resetMfa: (id: string) => sendJson<UserDetail | ResetPending>('POST', `${user(id)}/reset-mfa`),
  grants: (id: string, signal?: AbortSignal) => getJson<{ items: RoleGrant[] }>(`${user(id)}/grants`, undefined, signal),
  grant: (id: string, body: GrantCreate) => sendJson<RoleGrant>('POST', `${user(id)}/grants`, body),
};

export const grantsApi = {
  list: (f: { status?: RoleGrant['status']; limit: number; cursor?: string | null }, signal?: AbortSignal) =>
    getJson<Page<RoleGrant>>('/api/grants', f, signal),
  approve: (id: string, note?: string) => sendJson<RoleGrant>('POST', `${grant(id)}/approve`, note ? { note } : {}),
  reject: (id: string, note?: string) => sendJson<RoleGrant>('POST', `${grant(id)}/reject`, note ? { note } : {}),
  revoke: (id: string) => sendJson<RoleGrant>('DELETE', grant(id)),
};

const reset = (id: string) => `/api/account-resets/${encodeURIComponent(id)}`;

export const resetsApi = {
  list: (f: { status?: AccountReset['status']; limit: number; cursor?: string | null }, signal?: AbortSignal) =>
    getJson<Page<AccountReset>>('/api/account-resets', f, signal),
  approve: (id: string, note?: string) => sendJson<AccountReset>('POST', `${reset(id)}/approve`, note ? { note } : {}),
  reject: (id: string, note?: string) => sendJson<AccountReset>('POST', `${reset(id)}/reject`, note ? { note } : {}),
};

export const tokensApi = {
  list: (signal?: AbortSignal) => getJson<{ items: ApiToken[] }>('/api/tokens', undefined, signal),
  create: (body: TokenCreate) => sendJson<ApiToken & { token: string }>('POST', '/api/tokens', body),
  revoke: (id: string) => sendJson<ApiToken>('DELETE', `/api/tokens/${encodeURIComponent(id)}`),
};

export const departmentsApi = {
  list: (unit: string, signal?: AbortSignal) => getJson<{ items: Department[] }>('/api/departments', { unit }, signal),
};

export const revealApi = {
  /** One personal field of one record in plain text; audited and rate-limited by the server. */
  reveal: (body: { resourceType: string; id: string; field: string; reason: string }) =>
    sendJson<{ value: string | null }>('POST', '/api/personal-data/reveal', body),
};
