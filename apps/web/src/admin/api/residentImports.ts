import type { ResidentImport, ResidentImportSummary } from '@gongzhi/contracts';
import { ApiError, csrfToken, download, getJson } from './client';

/** 居民信息导入: upload (with progress), history, one report, the template and the report as .xlsx. */
export const residentImportsApi = {
  list: (q: { neighborhood?: string; limit?: number; cursor?: string | null }, signal?: AbortSignal) =>
    getJson<{ items: ResidentImportSummary[]; nextCursor: string | null }>('/api/residents/imports', { ...q, cursor: q.cursor ?? undefined }, signal),
  get: (id: string, signal?: AbortSignal) => getJson<ResidentImport>(`/api/residents/imports/${id}`, undefined, signal),
  template: () => download('/api/residents/import-template.xlsx', {}, '居民信息导入模板.xlsx'),
  reportXlsx: (id: string) => download(`/api/residents/imports/${id}/report.xlsx`, {}, '居民导入报告.xlsx'),
  upload,
};

/**
 * POSTs the raw file. XMLHttpRequest rather than fetch: only it reports upload progress, which a
 * several-megabyte spreadsheet on a community office line needs. `onProgress` gets 0–1; when the
 * bytes are sent the server is still checking rows (the caller shows that).
 */
function upload(file: File, neighborhood: string, onProgress: (fraction: number) => void): { done: Promise<ResidentImport>; abort: () => void } {
  const xhr = new XMLHttpRequest();
  const url = `/api/residents/imports?neighborhood=${encodeURIComponent(neighborhood)}&fileName=${encodeURIComponent(file.name.slice(0, 200))}`;
  const done = new Promise<ResidentImport>((resolve, reject) => {
    xhr.open('POST', url);
    const csv = /\.csv$/i.test(file.name);
    xhr.setRequestHeader('content-type', csv ? 'text/csv' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const token = csrfToken();
    if (token) xhr.setRequestHeader('x-csrf-token', token);
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    xhr.onerror = () => reject(new ApiError('NETWORK', '无法连接服务器，请检查网络后重试', 0));
    xhr.onabort = () => reject(new ApiError('ABORTED', '已取消上传', 0));
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        // not JSON: a proxy's page
      }
      if (xhr.status >= 200 && xhr.status < 300) return resolve(body as ResidentImport);
      const e = (body as { error?: { code: string; message: string; details?: unknown } } | null)?.error;
      reject(new ApiError(e?.code ?? `HTTP_${xhr.status}`, e?.message ?? (xhr.status === 413 ? '文件过大，请拆分后分批导入' : `导入失败（HTTP ${xhr.status}）`), xhr.status, e?.details));
    };
    xhr.send(file);
  });
  return { done, abort: () => xhr.abort() };
}
