import type { VerificationAssignee, VerificationGenerated, VerificationKind, VerificationProgress, VerificationTask } from '@gongzhi/contracts';
import { getJson, sendJson } from './client';

export type TaskFilter = { kind?: VerificationKind; status?: 'open' | 'done' | 'dismissed' | 'all'; unit?: string; assignee?: string; mine?: boolean };

/** 核查任务 API. */
export const verificationApi = {
  list: (f: TaskFilter & { limit: number; cursor?: string | null }, signal?: AbortSignal) =>
    getJson<{ items: VerificationTask[]; nextCursor: string | null }>('/api/verification/tasks', { ...f, mine: f.mine ? 'true' : undefined }, signal),
  generate: (unit?: string) => sendJson<VerificationGenerated>('POST', '/api/verification/generate', unit ? { unit } : {}),
  assignees: (unit?: string, signal?: AbortSignal) => getJson<{ items: VerificationAssignee[] }>('/api/verification/assignees', { unit }, signal),
  assign: (taskIds: string[], assigneeId: string | null) => sendJson<{ assigned: number }>('POST', '/api/verification/tasks/assign', { taskIds, assigneeId }),
  complete: (id: string, note: string) => sendJson<{ ok: true }>('POST', `/api/verification/tasks/${id}/complete`, { note }),
  dismiss: (id: string, reason: string) => sendJson<{ ok: true }>('POST', `/api/verification/tasks/${id}/dismiss`, { reason }),
  progress: (unit?: string, signal?: AbortSignal) => getJson<VerificationProgress>('/api/verification/progress', { unit }, signal),
};
