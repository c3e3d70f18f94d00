/**
 * The patrol-report queue's pure part: what a queued report is, how a send attempt's outcome
 * changes it, and when to try again. No browser APIs here, so it is unit-tested as is.
 *
 * Exactly once: the report's id IS its Idempotency-Key, made when the report is made. Photos are
 * uploaded first and each photo id is stored as soon as it is known; the case create then always
 * sends the same body under the same key, so a retry after a lost answer is a replay (200,
 * replayed: true), never a second case. A crash between a photo upload and storing its id only
 * re-uploads that photo (an unattached upload is harmless); only the final set is attached.
 */

/** pending: waiting to be sent (new, or after a network failure); failed: refused by the server,
 *  kept for the user to fix or discard; delivered: the case exists. */
export type QueueState = 'pending' | 'failed' | 'delivered';

export interface QueuedPhoto {
  localId: string;
  /** The compressed JPEG (IndexedDB keeps ArrayBuffers reliably everywhere; Blobs not in every browser). */
  bytes: ArrayBuffer | null;
  type: string;
  /** Set once the server took it (POST /api/cases/photos); never uploaded again then. */
  uploadedId: string | null;
}

/** What the worker entered: the case create body is built from this alone. */
export interface ReportDraft {
  categoryCode: string;
  description: string;
  /** WGS84 [lng, lat]. */
  location: [number, number];
  address: string;
}

export interface QueueError {
  code: string;
  message: string;
  status: number;
}

export interface QueuedReport {
  /** Also the Idempotency-Key of the case create. */
  id: string;
  /** Whose report: a queue on a shared phone sends only the signed-in worker's own. */
  userId: string;
  createdAt: number;
  draft: ReportDraft;
  photos: QueuedPhoto[];
  state: QueueState;
  /** Failed attempts since the last success or edit (drives the backoff). */
  attempts: number;
  nextAttemptAt: number;
  lastError: QueueError | null;
  /** The last failure was a lost connection, not a refusal: shown as "offline", not as an error. */
  offline: boolean;
  caseId: string | null;
  caseNumber: string | null;
  deliveredAt: number | null;
  /** The server answered a retry with the first result (the earlier answer was lost). */
  replayed: boolean;
}

export type SendOutcome =
  | { kind: 'photoUploaded'; index: number; photoId: string }
  | { kind: 'delivered'; caseId: string; number: string; replayed: boolean }
  /** Network down, server busy or failing: try again later. */
  | { kind: 'transient'; error: QueueError }
  /** The session ended: wait for the worker to sign in again, then send. */
  | { kind: 'signedOut'; error: QueueError }
  /** The uploaded photos are no longer attachable (the create never ran): upload them again. */
  | { kind: 'photosGone'; error: QueueError }
  /** The server refused the report itself: the worker must fix or discard it. */
  | { kind: 'refused'; error: QueueError };

export const BACKOFF_BASE_MS = 2_000;
export const BACKOFF_MAX_MS = 5 * 60_000;

/**
 * Delay before the next attempt after `attempts` failures: 2 s, 4 s, 8 s … capped at 5 minutes,
 * spread ±25 % so a roomful of phones coming back online does not retry in step.
 */
export function backoffDelay(attempts: number, rand: () => number = Math.random): number {
  const n = Math.max(1, attempts);
  const raw = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.min(n - 1, 20));
  return Math.round(raw * (0.75 + 0.5 * rand()));
}

/** Sorts an API failure into what the queue does about it. */
export function outcomeOfError(err: { status: number; code: string; message: string; details?: unknown }): SendOutcome {
  const error: QueueError = { code: err.code, message: err.message, status: err.status };
  const s = err.status;
  if (s === 0 || s >= 500 || s === 408 || s === 429 || err.code === 'CONFLICT') return { kind: 'transient', error };
  if (s === 401 || ['UNAUTHENTICATED', 'SESSION_EXPIRED', 'PASSWORD_CHANGE_REQUIRED', 'MFA_ENROLLMENT_REQUIRED', 'CSRF_FAILED'].includes(err.code)) {
    return { kind: 'signedOut', error };
  }
  const field = err.details && typeof err.details === 'object' ? (err.details as { field?: unknown }).field : undefined;
  if (err.code === 'VALIDATION_FAILED' && field === 'photoIds') return { kind: 'photosGone', error };
  return { kind: 'refused', error };
}

/** The next state of a queued report after one step of a send. Pure. */
export function applyOutcome(r: QueuedReport, o: SendOutcome, now: number, rand: () => number = Math.random): QueuedReport {
  switch (o.kind) {
    case 'photoUploaded':
      return { ...r, photos: r.photos.map((p, i) => (i === o.index ? { ...p, uploadedId: o.photoId } : p)) };
    case 'delivered':
      // The photos' bytes are no longer needed once the case holds them.
      return {
        ...r,
        state: 'delivered',
        caseId: o.caseId,
        caseNumber: o.number,
        replayed: o.replayed,
        deliveredAt: now,
        lastError: null,
        offline: false,
        photos: r.photos.map((p) => ({ ...p, bytes: null })),
      };
    case 'transient':
    case 'signedOut': {
      const attempts = r.attempts + 1;
      return { ...r, state: 'pending', attempts, nextAttemptAt: now + backoffDelay(attempts, rand), lastError: o.error, offline: o.error.status === 0 };
    }
    case 'photosGone': {
      const attempts = r.attempts + 1;
      return {
        ...r,
        state: 'pending',
        attempts,
        nextAttemptAt: now + backoffDelay(attempts, rand),
        lastError: o.error,
        offline: false,
        photos: r.photos.map((p) => ({ ...p, uploadedId: null })),
      };
    }
    case 'refused':
      return { ...r, state: 'failed', lastError: o.error, offline: false, nextAttemptAt: Number.POSITIVE_INFINITY };
  }
}

/** A new report, ready to be sent at once. */
export function newReport(input: { id: string; userId: string; draft: ReportDraft; photos: { localId: string; bytes: ArrayBuffer; type: string }[]; now: number }): QueuedReport {
  return {
    id: input.id,
    userId: input.userId,
    createdAt: input.now,
    draft: input.draft,
    photos: input.photos.map((p) => ({ ...p, uploadedId: null })),
    state: 'pending',
    attempts: 0,
    nextAttemptAt: input.now,
    lastError: null,
    offline: false,
    caseId: null,
    caseNumber: null,
    deliveredAt: null,
    replayed: false,
  };
}

/**
 * The worker changed a report (after a refusal, or while it waited): it is sent again at once.
 * The key stays: a refused create stored nothing under it, and if an earlier attempt did get
 * through, the server says IDEMPOTENCY_MISMATCH instead of making a second case.
 */
export function editReport(r: QueuedReport, draft: ReportDraft, photos: QueuedPhoto[] | undefined, now: number): QueuedReport {
  if (r.state === 'delivered') return r;
  return { ...r, draft, photos: photos ?? r.photos, state: 'pending', attempts: 0, nextAttemptAt: now, lastError: null, offline: false };
}

/** Retry now: a refused report the worker wants to send unchanged, or a pending one without waiting. */
export function retryNow(r: QueuedReport, now: number): QueuedReport {
  if (r.state === 'delivered') return r;
  return { ...r, state: 'pending', nextAttemptAt: now };
}

/** The network just came back: waiting reports start their backoff afresh (failures while offline say nothing about the server). */
export function freshStart(r: QueuedReport, now: number): QueuedReport {
  return r.state === 'pending' ? { ...r, attempts: 0, nextAttemptAt: now } : r;
}

/** Whether a pending report's time has come (`force`: the network just came back, or the page loaded). */
export function isDue(r: QueuedReport, now: number, force = false): boolean {
  return r.state === 'pending' && (force || r.nextAttemptAt <= now);
}

/** The case create body: only from what is stored, so every attempt sends the same bytes. */
export function caseBody(r: QueuedReport) {
  const photoIds = r.photos.map((p) => p.uploadedId);
  if (photoIds.some((id) => !id)) throw new Error('photos not uploaded yet');
  return {
    channel: 'grid_patrol' as const,
    categoryCode: r.draft.categoryCode,
    description: r.draft.description,
    location: r.draft.location,
    address: r.draft.address,
    photoIds: photoIds as string[],
  };
}

/** How long delivered reports stay listed under "recently delivered". */
export const DELIVERED_KEEP_MS = 24 * 3600_000;
