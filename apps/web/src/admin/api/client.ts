import type { ErrorBody } from '@gongzhi/contracts';
import i18n from '../i18n';

/** An API failure carrying the server's machine code, its human (Chinese) message and details. */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

type Query = Record<string, string | number | boolean | undefined | null>;

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    // Empty filters are left out so the server applies its defaults.
    if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

/** Codes that mean "no usable session": the console sends the user to sign in. */
const signedOutCodes = new Set(['UNAUTHENTICATED', 'SESSION_EXPIRED']);
/** Codes that mean "the session must finish a stage first": the console re-reads /api/me. */
const stageCodes = new Set(['PASSWORD_CHANGE_REQUIRED', 'MFA_ENROLLMENT_REQUIRED']);

type Listener = (err: ApiError) => void;
const listeners = new Set<Listener>();

/** The auth provider listens here so a 401 from any call (an expired session) leads to the sign-in page. */
export function onSessionProblem(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The CSRF token the server put in the readable `gz_csrf` cookie; echoed on every write. */
export function csrfToken(): string | undefined {
  const m = /(?:^|;\s*)gz_csrf=([^;]+)/.exec(document.cookie);
  return m ? decodeURIComponent(m[1]!) : undefined;
}

// The server words its error messages in the console's language.
function currentLang(): string {
  return i18n.language === 'en' ? 'en' : 'zh-CN';
}

type Options = { method?: string; body?: unknown; signal?: AbortSignal; quiet?: boolean };

async function request(path: string, opts: Options): Promise<Response> {
  const method = opts.method ?? 'GET';
  const headers: Record<string, string> = { 'accept-language': currentLang() };
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET') {
    const token = csrfToken();
    if (token) headers['x-csrf-token'] = token;
  }
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      signal: opts.signal,
      credentials: 'same-origin',
    });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new ApiError('NETWORK', '无法连接服务器，请检查网络后重试', 0);
  }
  if (!res.ok) {
    const body: unknown = await res.json().catch(() => null);
    const error = (body as Partial<ErrorBody> | null)?.error;
    const err = new ApiError(error?.code ?? 'HTTP_' + res.status, error?.message ?? `请求失败（HTTP ${res.status}）`, res.status, error?.details);
    // Sign-in and /api/me answer 401 as part of their normal work; they never trigger the redirect.
    if (!opts.quiet && (signedOutCodes.has(err.code) || stageCodes.has(err.code))) listeners.forEach((l) => l(err));
    throw err;
  }
  return res;
}

export async function getJson<T>(path: string, query?: Query, signal?: AbortSignal): Promise<T> {
  const res = await request(withQuery(path, query), { signal });
  return (await res.json()) as T;
}

/** A write (POST/PATCH/PUT/DELETE) with the CSRF header. */
export async function sendJson<T>(method: 'POST' | 'PATCH' | 'PUT' | 'DELETE', path: string, body?: unknown, opts: { quiet?: boolean } = {}): Promise<T> {
  const res = await request(path, { method, body, quiet: opts.quiet });
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

/** GET that leaves session problems to the caller (used for the first /api/me). */
export async function getQuiet<T>(path: string, signal?: AbortSignal): Promise<T> {
  const res = await request(path, { signal, quiet: true });
  return (await res.json()) as T;
}

/** Downloads a file the API generates (an export) under the name the server suggests. */
export async function download(path: string, query: Query, fallbackName: string): Promise<void> {
  const res = await request(withQuery(path, query), {});
  const blob = await res.blob();
  const cd = res.headers.get('content-disposition') ?? '';
  const star = /filename\*=UTF-8''([^;]+)/i.exec(cd);
  const plain = /filename="?([^";]+)"?/i.exec(cd);
  const name = star ? decodeURIComponent(star[1]!) : plain ? plain[1]! : fallbackName;
  saveBlob(blob, name);
}

export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
