/**
 * One Idempotency-Key per draft: made when a draft starts, sent with every submission of that
 * draft (a double tap, a retry after a lost answer, a reload), replaced only when the draft is
 * done or the user starts a new one. The server answers a repeated key with the first case.
 */

type Store = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

const KEY_PATTERN = /^portal-[0-9a-f]{32}$/;

/** A fresh key: 128 random bits (getRandomValues works outside secure contexts too, unlike randomUUID). */
export function newDraftKey(random: (bytes: Uint8Array<ArrayBuffer>) => Uint8Array = (b) => crypto.getRandomValues(b)): string {
  const bytes = random(new Uint8Array(16));
  return `portal-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

export interface DraftKeeper {
  /** The current draft's key (made on first use, kept in storage across reloads). */
  key(): string;
  /** The draft is done or abandoned: the next one gets a new key. */
  reset(): string;
}

export function draftKeeper(store: Store | null, name = 'gongzhi.portal.draftKey', make: () => string = () => newDraftKey()): DraftKeeper {
  let current: string | null = null;
  const read = () => {
    try {
      const v = store?.getItem(name) ?? null;
      return v && KEY_PATTERN.test(v) ? v : null;
    } catch {
      return null;
    }
  };
  const write = (v: string) => {
    try {
      store?.setItem(name, v);
    } catch {
      // Storage full or blocked: the key still lasts for this page.
    }
  };
  return {
    key() {
      current ??= read();
      if (!current) {
        current = make();
        write(current);
      }
      return current;
    },
    reset() {
      current = make();
      write(current);
      return current;
    },
  };
}

/**
 * Runs `fn` once at a time: a call made while one is in flight shares its result instead of
 * sending a second request (a double tap lands before React has disabled the button).
 */
export function once<A extends unknown[], T>(fn: (...args: A) => Promise<T>): (...args: A) => Promise<T> {
  let inFlight: Promise<T> | null = null;
  return (...args: A) => {
    inFlight ??= fn(...args).finally(() => {
      inFlight = null;
    });
    return inFlight;
  };
}
