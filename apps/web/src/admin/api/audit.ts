import type { AuditFilter, AuditPage, AuditVerify } from '@gongzhi/contracts';
import { download, getJson } from './client';

export const auditApi = {
  list: (f: AuditFilter & { limit: number; cursor?: string | null }, signal?: AbortSignal) => getJson<AuditPage>('/api/audit', f, signal),
  export: (f: AuditFilter) => download('/api/audit/export.xlsx', f, 'audit.xlsx'),
  verify: () => getJson<AuditVerify>('/api/audit/verify'),
};
