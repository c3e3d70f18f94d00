import type { QueuedReport } from './model';
import type { ReportStore } from './sender';

/**
 * The grid worker's browser storage (IndexedDB): queued patrol reports with their photo bytes,
 * and a small cache of reference data (own grid's boundaries, the category list) for working
 * without network. A tiny promise wrapper: no library for three calls.
 */
const DB_NAME = 'gongzhi-grid';
const VERSION = 1;

let opening: Promise<IDBDatabase> | null = null;

function open(): Promise<IDBDatabase> {
  opening ??= new Promise<IDBDatabase>((resolve, reject) => {
    const req = indexedDB.open(DB_NAME, VERSION);
    req.onupgradeneeded = () => {
      const db = req.result;
      if (!db.objectStoreNames.contains('reports')) db.createObjectStore('reports', { keyPath: 'id' });
      if (!db.objectStoreNames.contains('cache')) db.createObjectStore('cache', { keyPath: 'key' });
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB unavailable'));
  }).catch((err: unknown) => {
    opening = null;
    throw err;
  });
  return opening;
}

function run<T>(store: 'reports' | 'cache', mode: IDBTransactionMode, op: (s: IDBObjectStore) => IDBRequest<T> | void): Promise<T> {
  return open().then(
    (db) =>
      new Promise<T>((resolve, reject) => {
        const tx = db.transaction(store, mode);
        const req = op(tx.objectStore(store));
        // Resolve on commit, not on the request: a write is durable only then.
        tx.oncomplete = () => resolve(req ? req.result : (undefined as T));
        tx.onerror = () => reject(tx.error ?? new Error('IndexedDB error'));
        tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
      }),
  );
}

/** The reports of one account (a shared phone keeps each worker's queue apart). */
export function idbReportStore(userId: string): ReportStore {
  return {
    list: async () => (await run<QueuedReport[]>('reports', 'readonly', (s) => s.getAll())).filter((r) => r.userId === userId),
    get: async (id) => {
      const r = await run<QueuedReport | undefined>('reports', 'readonly', (s) => s.get(id));
      return r && r.userId === userId ? r : undefined;
    },
    put: (r) => run('reports', 'readwrite', (s) => void s.put(r)),
    remove: (id) => run('reports', 'readwrite', (s) => void s.delete(id)),
  };
}

/** Reference data kept for offline use. */
export const offlineCache = {
  async get<T>(key: string): Promise<T | undefined> {
    try {
      const row = await run<{ key: string; value: T } | undefined>('cache', 'readonly', (s) => s.get(key));
      return row?.value;
    } catch {
      return undefined;
    }
  },
  async set<T>(key: string, value: T): Promise<void> {
    try {
      await run('cache', 'readwrite', (s) => void s.put({ key, value, at: Date.now() }));
    } catch {
      // Private mode or storage full: the page still works online.
    }
  },
};
