import type { ErrorBody } from '@gongzhi/contracts';
import { i18n } from './i18n';

/** An API failure with the server's machine code and its (already translated) message. */
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

/** The CSRF token of a signed-in session, from the readable `gz_csrf` cookie. */
function csrfToken(): string | undefined {
  const m = /(?:^|;\s*)gz_csrf=([^;]+)/.exec(document.cookie);
  return m ? decodeURIComponent(m[1]!) : undefined;
}

type Options = { method?: string; body?: unknown; raw?: Blob; contentType?: string; headers?: Record<string, string>; signal?: AbortSignal };

/** Fetch with the portal's language and, on writes, the CSRF header; failures become ApiError. */
export async function api<T>(path: string, opts: Options = {}): Promise<T> {
  const method = opts.method ?? 'GET';
  const headers: Record<string, string> = { 'accept-language': i18n.language === 'en' ? 'en' : 'zh-CN', ...opts.headers };
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  if (opts.raw) headers['content-type'] = opts.contentType ?? opts.raw.type;
  const token = method !== 'GET' ? csrfToken() : undefined;
  if (token) headers['x-csrf-token'] = token;
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      body: opts.raw ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body)),
      signal: opts.signal,
      credentials: 'same-origin',
    });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new ApiError('NETWORK', i18n.t('common.networkError'), 0);
  }
  const text = await res.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  if (!res.ok) {
    const error = (json as Partial<ErrorBody> | null)?.error;
    // Open311 answers errors as [{ code, description }].
    const o311 = Array.isArray(json) ? (json[0] as { description?: string } | undefined) : undefined;
    const message = error?.message ?? o311?.description ?? `HTTP ${res.status}`;
    throw new ApiError(error?.code ?? `HTTP_${res.status}`, message, res.status, error?.details);
  }
  return json as T;
}

export const isAbort = (err: unknown) => (err as Error)?.name === 'AbortError';
/** A message to show for any failure. */
export const messageOf = (err: unknown) => (err instanceof ApiError ? err.message : i18n.t('common.networkError'));
