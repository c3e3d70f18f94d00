import type {
  Case,
  CaseAction,
  CaseActionRequest,
  CaseCategoryTree,
  CaseClassification,
  CaseEventView,
  CaseStatus,
  CaseSummary,
  Department,
  DispatchSuggestion,
} from '@gongzhi/contracts';
import { ApiError, csrfToken, getJson, saveBlob, sendJson, withQuery } from './client';

/**
 * The case engine's API for the console (docs/cases.md): lists, one case, its timeline, workflow
 * actions, suggestions, photos and the reference lists the forms need. One client for every case
 * screen (workbench, handler inbox, grid worker, dashboards).
 */

export type Page<T> = { items: T[]; nextCursor: string | null };

/** GET /api/cases filters as the URL carries them (CaseListQuerySchema); comma lists for the multi-value ones. */
export type CaseListFilter = {
  status?: CaseStatus[];
  type?: string[];
  channel?: string[];
  category?: string;
  unit?: string;
  department?: string;
  overdue?: boolean;
  warning?: 'yellow' | 'red';
  supervised?: boolean;
  extensionRequested?: boolean;
  from?: string;
  to?: string;
  q?: string;
  mine?: boolean;
  sort?: 'received_desc' | 'received_asc' | 'due_asc';
};

export type DuplicateCandidate = { id: string; number: string; title: string; status: CaseStatus; distanceMeters: number; similarity: number; receivedAt: string };
export type PhotoUploaded = { id: string; contentType: string; sizeBytes: number; width: number | null; height: number | null };

/** The filter as query parameters: lists joined by commas, empty values left out. */
export function caseQuery(f: CaseListFilter): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(f) as [string, unknown][]) {
    if (v === undefined || v === null || v === '') continue;
    if (Array.isArray(v)) {
      if (v.length) out[k] = v.join(',');
    } else out[k] = String(v);
  }
  return out;
}

const one = (id: string) => `/api/cases/${encodeURIComponent(id)}`;

export const casesApi = {
  list: (f: CaseListFilter & { limit?: number; cursor?: string | null }, signal?: AbortSignal) =>
    getJson<Page<CaseSummary>>('/api/cases', { ...caseQuery(f), limit: f.limit, cursor: f.cursor }, signal),
  get: (id: string, signal?: AbortSignal) => getJson<Case>(one(id), undefined, signal),
  events: (id: string, signal?: AbortSignal) => getJson<{ items: CaseEventView[] }>(`${one(id)}/events`, undefined, signal),
  /** A workflow action; answers the case as it now stands (with its new allowedActions). */
  act: (id: string, action: CaseAction, body: CaseActionRequest = {}) => sendJson<Case>('POST', `${one(id)}/actions/${action}`, body),
  suggestion: (id: string, signal?: AbortSignal) => getJson<DispatchSuggestion>(`${one(id)}/dispatch-suggestion`, undefined, signal),
  duplicates: (id: string, signal?: AbortSignal) => getJson<{ items: DuplicateCandidate[] }>(`${one(id)}/duplicates`, undefined, signal),
  classify: (text: string) => sendJson<CaseClassification>('POST', '/api/cases/classify', { text }),
  /** Saves the list as an Excel file (same filters, no paging; the server caps the rows and audits the export). */
  exportXlsx: (f: CaseListFilter) => exportXlsx(f),
  photoUrl: (id: string) => `/api/cases/photos/${encodeURIComponent(id)}`,
  /** Uploads one photo (raw body); attach it by id to a case or an action afterwards. */
  uploadPhoto: (file: Blob, signal?: AbortSignal) => uploadPhoto(file, signal),
  /** The server-sent events URL (EventSource; see useCaseStream). */
  streamUrl: '/api/cases/stream',
};

export const caseRefApi = {
  categories: (signal?: AbortSignal) => getJson<CaseCategoryTree>('/api/case-categories', undefined, signal),
  /** Departments that serve a unit (its own and the district's); every one is a possible dispatch target. */
  departments: (unit?: string, signal?: AbortSignal) => getJson<{ items: Department[] }>('/api/departments', { unit }, signal),
};

async function uploadPhoto(file: Blob, signal?: AbortSignal): Promise<PhotoUploaded> {
  const headers: Record<string, string> = { 'content-type': file.type || 'application/octet-stream' };
  const token = csrfToken();
  if (token) headers['x-csrf-token'] = token;
  let res: Response;
  try {
    res = await fetch('/api/cases/photos', { method: 'POST', headers, body: file, signal, credentials: 'same-origin' });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new ApiError('NETWORK', '无法连接服务器，请检查网络后重试', 0);
  }
  const body = (await res.json().catch(() => null)) as { error?: { code: string; message: string; details?: unknown } } | PhotoUploaded | null;
  if (!res.ok) {
    const e = (body as { error?: { code: string; message: string; details?: unknown } } | null)?.error;
    throw new ApiError(e?.code ?? `HTTP_${res.status}`, e?.message ?? `上传失败（HTTP ${res.status}）`, res.status, e?.details);
  }
  return body as PhotoUploaded;
}

/** Rows in the file and whether the server's cap cut the list. */
export type ExportResult = { rows: number; capped: boolean };

async function exportXlsx(f: CaseListFilter): Promise<ExportResult> {
  let res: Response;
  try {
    res = await fetch(withQuery('/api/cases/export.xlsx', caseQuery(f)), { credentials: 'same-origin' });
  } catch {
    throw new ApiError('NETWORK', '无法连接服务器，请检查网络后重试', 0);
  }
  if (!res.ok) {
    const e = ((await res.json().catch(() => null)) as { error?: { code: string; message: string } } | null)?.error;
    throw new ApiError(e?.code ?? `HTTP_${res.status}`, e?.message ?? `导出失败（HTTP ${res.status}）`, res.status);
  }
  const cd = res.headers.get('content-disposition') ?? '';
  const star = /filename\*=UTF-8''([^;]+)/i.exec(cd);
  saveBlob(await res.blob(), star ? decodeURIComponent(star[1]!) : 'cases.xlsx');
  return { rows: Number(res.headers.get('x-export-rows') ?? 0), capped: res.headers.get('x-export-capped') === '1' };
}
