import { applyOutcome, caseBody, outcomeOfError, type QueuedReport } from './model';

/** Where queued reports live (IndexedDB in the browser, a Map in tests). */
export interface ReportStore {
  list(): Promise<QueuedReport[]>;
  get(id: string): Promise<QueuedReport | undefined>;
  put(r: QueuedReport): Promise<void>;
  remove(id: string): Promise<void>;
}

/** The two calls a send needs; failures throw `{ status, code, message, details }` (status 0: no network). */
export interface QueueApi {
  uploadPhoto(bytes: ArrayBuffer, type: string): Promise<string>;
  createCase(body: ReturnType<typeof caseBody>, idempotencyKey: string): Promise<{ caseId: string; number: string; replayed: boolean }>;
}

type ApiFailure = { status: number; code: string; message: string; details?: unknown };
const asFailure = (err: unknown): ApiFailure => {
  const e = err as Partial<ApiFailure> & { message?: string };
  return { status: typeof e.status === 'number' ? e.status : 0, code: e.code ?? 'NETWORK', message: e.message ?? String(err), details: e.details };
};

/**
 * One send attempt of one report, step by step, storing each step before the next: photo
 * uploads (skipping those already taken), then the keyed case create. Reads the record afresh
 * (another tab may have sent it) and returns its new state.
 */
export async function sendReport(store: ReportStore, api: QueueApi, id: string, now: () => number = Date.now): Promise<QueuedReport | undefined> {
  let r = await store.get(id);
  if (!r || r.state !== 'pending') return r;
  try {
    for (let i = 0; i < r.photos.length; i++) {
      const photo = r.photos[i]!;
      if (photo.uploadedId) continue;
      if (!photo.bytes) throw { status: 0, code: 'PHOTO_LOST', message: '照片数据丢失' };
      const photoId = await api.uploadPhoto(photo.bytes, photo.type);
      r = applyOutcome(r, { kind: 'photoUploaded', index: i, photoId }, now());
      await store.put(r);
    }
    const created = await api.createCase(caseBody(r), r.id);
    r = applyOutcome(r, { kind: 'delivered', ...created }, now());
  } catch (err) {
    const failure = asFailure(err);
    // Photo bytes lost from storage cannot be fixed by waiting: the worker must act.
    r = applyOutcome(r, failure.code === 'PHOTO_LOST' ? { kind: 'refused', error: { ...failure, status: 0 } } : outcomeOfError(failure), now());
  }
  await store.put(r);
  return r;
}
