import { describe, expect, it } from 'vitest';
import { distanceMeters, formatDistance, geoUri, pointInGeometry } from '../../src/admin/grid/geo';
import {
  applyOutcome,
  BACKOFF_BASE_MS,
  BACKOFF_MAX_MS,
  backoffDelay,
  caseBody,
  editReport,
  freshStart,
  isDue,
  newReport,
  outcomeOfError,
  type QueuedReport,
} from '../../src/admin/grid/queue/model';
import { ReportQueue } from '../../src/admin/grid/queue/runner';
import { sendReport, type QueueApi, type ReportStore } from '../../src/admin/grid/queue/sender';
import { fitWithin } from '../../src/shared/photo-rules';
import { homePath } from '../../src/admin/auth/paths';

const draft = { categoryCode: 'B0101', description: '巡查发现暴露垃圾，请处理。', location: [121.42, 31.2] as [number, number], address: '' };
const bytes = () => new Uint8Array([0xff, 0xd8, 0xff, 1]).buffer;
const report = (photos = 2, now = 1000): QueuedReport =>
  newReport({ id: 'key-1', userId: 'u1', draft, photos: Array.from({ length: photos }, (_, i) => ({ localId: `p${i}`, bytes: bytes(), type: 'image/jpeg' })), now });
const half = () => 0.5;

/** A Map in place of IndexedDB; `failPut` makes the next put throw (storage trouble). */
function memoryStore(): ReportStore & { rows: Map<string, QueuedReport> } {
  const rows = new Map<string, QueuedReport>();
  return {
    rows,
    list: async () => [...rows.values()].map((r) => structuredClone(r)),
    get: async (id) => (rows.has(id) ? structuredClone(rows.get(id)!) : undefined),
    put: async (r) => void rows.set(r.id, structuredClone(r)),
    remove: async (id) => void rows.delete(id),
  };
}

/**
 * The server's side as far as the queue sees it: photos uploaded, cases keyed by Idempotency-Key
 * (same key + same body = replay; same key + other body = IDEMPOTENCY_MISMATCH), and ways to lose
 * an answer after the work was done.
 */
function fakeServer() {
  const photos: string[] = [];
  const cases = new Map<string, { body: string; number: string; photoIds: string[] }>();
  const calls = { upload: 0, create: 0 };
  const fail = { uploadAnswerLost: 0, createAnswerLost: 0, offline: false, refuse: null as null | { status: number; code: string } };
  const network = () => ({ status: 0, code: 'NETWORK', message: '无法连接服务器' });
  const api: QueueApi = {
    async uploadPhoto() {
      calls.upload++;
      if (fail.offline) throw network();
      const id = `photo-${photos.length + 1}`;
      photos.push(id);
      if (fail.uploadAnswerLost > 0) {
        fail.uploadAnswerLost--;
        throw network();
      }
      return id;
    },
    async createCase(body, key) {
      calls.create++;
      if (fail.offline) throw network();
      if (fail.refuse) throw { ...fail.refuse, message: '该位置不在本区范围内' };
      const json = JSON.stringify(body);
      const prior = cases.get(key);
      if (prior && prior.body !== json) throw { status: 422, code: 'IDEMPOTENCY_MISMATCH', message: '同一幂等键已用于另一个不同的请求' };
      const replayed = !!prior;
      if (!prior) cases.set(key, { body: json, number: `2025112800000${cases.size + 1}`, photoIds: body.photoIds });
      if (fail.createAnswerLost > 0) {
        fail.createAnswerLost--;
        throw network();
      }
      return { caseId: `case-${key}`, number: cases.get(key)!.number, replayed };
    },
  };
  return { api, photos, cases, calls, fail };
}

describe('patrol queue: backoff', () => {
  it('doubles from 2 s up to 5 minutes, spread ±25 %', () => {
    expect(backoffDelay(1, half)).toBe(BACKOFF_BASE_MS);
    expect(backoffDelay(2, half)).toBe(4000);
    expect(backoffDelay(5, half)).toBe(32_000);
    expect(backoffDelay(40, half)).toBe(BACKOFF_MAX_MS);
    expect(backoffDelay(1, () => 0)).toBe(1500);
    expect(backoffDelay(1, () => 1)).toBe(2500);
    expect(backoffDelay(0, half)).toBe(BACKOFF_BASE_MS);
    for (let a = 1; a < 30; a++) expect(backoffDelay(a, Math.random)).toBeLessThanOrEqual(BACKOFF_MAX_MS * 1.25);
  });
});

describe('patrol queue: what a failure means', () => {
  const kind = (status: number, code: string, details?: unknown) => outcomeOfError({ status, code, message: 'x', details }).kind;
  it('retries network trouble and busy servers, waits for a sign-in, re-uploads lost photos, keeps refusals', () => {
    expect(kind(0, 'NETWORK')).toBe('transient');
    expect(kind(503, 'DATABASE_UNAVAILABLE')).toBe('transient');
    expect(kind(500, 'INTERNAL')).toBe('transient');
    expect(kind(429, 'RATE_LIMITED')).toBe('transient');
    expect(kind(409, 'CONFLICT')).toBe('transient');
    expect(kind(401, 'SESSION_EXPIRED')).toBe('signedOut');
    expect(kind(403, 'CSRF_FAILED')).toBe('signedOut');
    expect(kind(403, 'PASSWORD_CHANGE_REQUIRED')).toBe('signedOut');
    expect(kind(400, 'VALIDATION_FAILED', { field: 'photoIds' })).toBe('photosGone');
    expect(kind(400, 'VALIDATION_FAILED', [{ path: 'description' }])).toBe('refused');
    expect(kind(403, 'FORBIDDEN')).toBe('refused');
    expect(kind(422, 'OUTSIDE_JURISDICTION')).toBe('refused');
    expect(kind(422, 'UNKNOWN_CATEGORY')).toBe('refused');
    expect(kind(422, 'IDEMPOTENCY_MISMATCH')).toBe('refused');
    expect(kind(413, 'PAYLOAD_TOO_LARGE')).toBe('refused');
  });
});

describe('patrol queue: state of a queued report', () => {
  it('records uploaded photos one by one; the body exists only once all are uploaded, and is the same every time', () => {
    let r = report(2);
    expect(() => caseBody(r)).toThrow();
    r = applyOutcome(r, { kind: 'photoUploaded', index: 1, photoId: 'b' }, 1000);
    expect(r.photos.map((p) => p.uploadedId)).toEqual([null, 'b']);
    r = applyOutcome(r, { kind: 'photoUploaded', index: 0, photoId: 'a' }, 1000);
    expect(caseBody(r)).toEqual({ channel: 'grid_patrol', categoryCode: 'B0101', description: draft.description, location: draft.location, address: '', photoIds: ['a', 'b'] });
    expect(JSON.stringify(caseBody(r))).toBe(JSON.stringify(caseBody(structuredClone(r))));
  });

  it('delivered drops the photo bytes; a network failure backs off; lost photos are uploaded again; a refusal waits for the worker', () => {
    const r = report(1);
    const done = applyOutcome(r, { kind: 'delivered', caseId: 'c', number: 'n', replayed: true }, 5000);
    expect(done).toMatchObject({ state: 'delivered', caseId: 'c', caseNumber: 'n', replayed: true, deliveredAt: 5000 });
    expect(done.photos[0]!.bytes).toBeNull();

    const net = { status: 0, code: 'NETWORK', message: '无法连接服务器' };
    const t1 = applyOutcome(r, { kind: 'transient', error: net }, 5000, half);
    expect(t1).toMatchObject({ state: 'pending', attempts: 1, nextAttemptAt: 7000, offline: true });
    const t2 = applyOutcome(t1, { kind: 'transient', error: { ...net, status: 503 } }, 7000, half);
    expect(t2).toMatchObject({ attempts: 2, nextAttemptAt: 11_000, offline: false });
    expect(isDue(t2, 10_999)).toBe(false);
    expect(isDue(t2, 11_000)).toBe(true);
    expect(isDue(t2, 0, true)).toBe(true);
    expect(freshStart(t2, 8000)).toMatchObject({ attempts: 0, nextAttemptAt: 8000 });

    const uploaded = applyOutcome(r, { kind: 'photoUploaded', index: 0, photoId: 'a' }, 5000);
    const gone = applyOutcome(uploaded, { kind: 'photosGone', error: { status: 400, code: 'VALIDATION_FAILED', message: '照片不存在或已被使用' } }, 5000, half);
    expect(gone.photos[0]!.uploadedId).toBeNull();
    expect(gone.photos[0]!.bytes).not.toBeNull();
    expect(gone.state).toBe('pending');

    const refused = applyOutcome(r, { kind: 'refused', error: { status: 422, code: 'OUTSIDE_JURISDICTION', message: '不在本区' } }, 5000);
    expect(refused.state).toBe('failed');
    expect(isDue(refused, Number.MAX_SAFE_INTEGER, true)).toBe(false);

    const edited = editReport(refused, { ...draft, location: [121.43, 31.21] }, undefined, 6000);
    expect(edited).toMatchObject({ id: 'key-1', state: 'pending', attempts: 0, nextAttemptAt: 6000, lastError: null });
    expect(editReport(done, draft, undefined, 6000)).toBe(done);
    expect(freshStart(refused, 1)).toBe(refused);
  });
});

describe('patrol queue: sending', () => {
  it('uploads the photos, then creates the case once under the report id', async () => {
    const store = memoryStore();
    const server = fakeServer();
    await store.put(report(2));
    const r = await sendReport(store, server.api, 'key-1', () => 2000);
    expect(r).toMatchObject({ state: 'delivered', caseId: 'case-key-1', replayed: false });
    expect(server.cases.get('key-1')!.photoIds).toEqual(['photo-1', 'photo-2']);
    expect(server.calls).toEqual({ upload: 2, create: 1 });
    // Sending a delivered report again does nothing.
    await sendReport(store, server.api, 'key-1');
    expect(server.calls.create).toBe(1);
  });

  it('a lost create answer is retried as a replay: one case, photos not uploaded again', async () => {
    const store = memoryStore();
    const server = fakeServer();
    await store.put(report(2));
    server.fail.createAnswerLost = 1;
    const first = await sendReport(store, server.api, 'key-1', () => 2000);
    expect(first).toMatchObject({ state: 'pending', attempts: 1 });
    expect(first!.photos.every((p) => p.uploadedId)).toBe(true);
    const second = await sendReport(store, server.api, 'key-1', () => 9000);
    expect(second).toMatchObject({ state: 'delivered', replayed: true });
    expect(server.cases.size).toBe(1);
    expect(server.calls).toEqual({ upload: 2, create: 2 });
  });

  it('a lost photo answer uploads that photo again; only the final set is attached', async () => {
    const store = memoryStore();
    const server = fakeServer();
    await store.put(report(2));
    server.fail.uploadAnswerLost = 1; // the first upload reaches the server, its answer does not come back
    expect((await sendReport(store, server.api, 'key-1'))!.state).toBe('pending');
    const r = await sendReport(store, server.api, 'key-1');
    expect(r!.state).toBe('delivered');
    expect(server.photos).toEqual(['photo-1', 'photo-2', 'photo-3']);
    expect(server.cases.get('key-1')!.photoIds).toEqual(['photo-2', 'photo-3']);
  });

  it('offline: nothing reaches the server and the report waits; a refusal is kept, never sent again on its own', async () => {
    const store = memoryStore();
    const server = fakeServer();
    await store.put(report(1));
    server.fail.offline = true;
    expect(await sendReport(store, server.api, 'key-1')).toMatchObject({ state: 'pending', offline: true, attempts: 1 });
    server.fail.offline = false;
    server.fail.refuse = { status: 422, code: 'OUTSIDE_JURISDICTION' };
    const refused = await sendReport(store, server.api, 'key-1');
    expect(refused).toMatchObject({ state: 'failed', lastError: { code: 'OUTSIDE_JURISDICTION', status: 422 } });
    const calls = server.calls.create;
    await sendReport(store, server.api, 'key-1');
    expect(server.calls.create).toBe(calls);
    expect(store.rows.has('key-1')).toBe(true);
  });
});

describe('patrol queue: the runner', () => {
  const serial = () => {
    let chain = Promise.resolve();
    return <T>(fn: () => Promise<T>) => {
      const run = chain.then(fn);
      chain = run.then(
        () => undefined,
        () => undefined,
      );
      return run;
    };
  };

  it('sends what waits on start, once, even when asked to flush several times at once', async () => {
    const store = memoryStore();
    const server = fakeServer();
    await store.put({ ...report(1), id: 'a', createdAt: 1 });
    await store.put({ ...report(0), id: 'b', createdAt: 2 });
    const delivered: string[] = [];
    const q = new ReportQueue(store, server.api, { lock: serial(), onDelivered: (r) => delivered.push(r.id) });
    await Promise.all([q.start(), q.flush(true), q.flush(true), q.flush(false)]);
    await q.flush(true);
    q.stop();
    expect(server.cases.size).toBe(2);
    expect(server.calls.create).toBe(2);
    expect(delivered).toEqual(['a', 'b']);
    expect(q.snapshot().reports.map((r) => r.state)).toEqual(['delivered', 'delivered']);
  });

  it('the network coming back resets the backoff and sends at once; discard removes only on request', async () => {
    const store = memoryStore();
    const server = fakeServer();
    let now = 1000;
    const q = new ReportQueue(store, server.api, { lock: serial(), now: () => now });
    server.fail.offline = true;
    await store.put({ ...report(0), attempts: 6, nextAttemptAt: now + 600_000 });
    await store.put({ ...report(0), id: 'gone', createdAt: 5 });
    await q.start();
    expect((await store.get('key-1'))!.state).toBe('pending');
    server.fail.offline = false;
    now = 2000;
    await q.networkBack();
    expect((await store.get('key-1'))!.state).toBe('delivered');
    await q.discard('gone');
    expect(await store.get('gone')).toBeUndefined();
    q.stop();
  });

  it('forgets deliveries older than a day on start', async () => {
    const store = memoryStore();
    const now = 10 * 24 * 3600_000;
    await store.put({ ...report(0), id: 'old', state: 'delivered', deliveredAt: now - 25 * 3600_000 });
    await store.put({ ...report(0), id: 'new', state: 'delivered', deliveredAt: now - 3600_000 });
    const q = new ReportQueue(store, fakeServer().api, { lock: serial(), now: () => now });
    await q.start();
    q.stop();
    expect([...store.rows.keys()]).toEqual(['new']);
  });
});

describe('grid helpers', () => {
  it('grid workers start on the patrol page; others keep the menu order', () => {
    expect(homePath(['jurisdiction.read', 'case.read', 'case.create'], ['grid_worker'])).toBe('/grid/patrol');
    expect(homePath(['jurisdiction.read', 'case.read', 'case.create'], ['subdistrict_dispatcher'])).toBe('/jurisdictions');
    expect(homePath(['jurisdiction.read'], ['grid_worker'])).toBe('/jurisdictions');
  });

  it('distances, "in my grid", map links, photo sizes', () => {
    expect(distanceMeters([121.42, 31.2], [121.42, 31.201])).toBeCloseTo(111.2, 0);
    expect(formatDistance(74.4, 'zh-CN')).toBe('74 米');
    expect(formatDistance(1234, 'zh-CN')).toBe('1.2 公里');
    expect(formatDistance(1234, 'en')).toBe('1.2 km');
    const square = { type: 'Polygon' as const, coordinates: [[[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]], [[4, 4], [6, 4], [6, 6], [4, 6], [4, 4]]] };
    expect(pointInGeometry([2, 2], square)).toBe(true);
    expect(pointInGeometry([5, 5], square)).toBe(false); // in the hole
    expect(pointInGeometry([11, 5], square)).toBe(false);
    expect(pointInGeometry([12, 12], { type: 'MultiPolygon', coordinates: [square.coordinates, [[[11, 11], [13, 11], [13, 13], [11, 13], [11, 11]]]] })).toBe(true);
    expect(geoUri([121.4234567, 31.2012345], '番禺路 (东)')).toBe(`geo:31.201235,121.423457?q=31.201235,121.423457(${encodeURIComponent('番禺路  东')})`);
    expect(fitWithin(4000, 3000)).toEqual({ width: 1600, height: 1200, scaled: true });
    expect(fitWithin(1200, 5000)).toEqual({ width: 384, height: 1600, scaled: true });
    expect(fitWithin(800, 600)).toEqual({ width: 800, height: 600, scaled: false });
  });
});
