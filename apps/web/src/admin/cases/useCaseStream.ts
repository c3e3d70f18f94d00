import type { CaseChangeEvent } from '@gongzhi/contracts';
import { useEffect, useRef, useState } from 'react';
import { casesApi } from '../api/cases';

export type StreamState = 'connecting' | 'open' | 'reconnecting';

/** Waits between reconnection attempts after the browser gave up (server restart, 401, proxy). */
const BACKOFF_MS = [1_000, 2_000, 5_000, 10_000, 15_000];

/**
 * Live case changes in the caller's scope (GET /api/cases/stream, server-sent events). The browser
 * retries a dropped stream by itself; when it gives up (the server answered an error while
 * restarting) a new EventSource is opened with backoff. `onResync` runs after every reconnection:
 * events sent while disconnected are lost, so the screen reloads its lists then.
 */
export function useCaseStream(onEvent: (e: CaseChangeEvent) => void, onResync?: () => void): StreamState {
  const [state, setState] = useState<StreamState>('connecting');
  const handlers = useRef({ onEvent, onResync });
  handlers.current = { onEvent, onResync };

  useEffect(() => {
    let es: EventSource | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let attempt = 0;
    let everOpen = false;
    let stopped = false;

    const connect = () => {
      es = new EventSource(casesApi.streamUrl, { withCredentials: true });
      es.onopen = () => {
        attempt = 0;
        setState('open');
        if (everOpen) handlers.current.onResync?.();
        everOpen = true;
      };
      es.addEventListener('case', (ev) => {
        try {
          handlers.current.onEvent(JSON.parse((ev as MessageEvent<string>).data) as CaseChangeEvent);
        } catch {
          // A malformed event is skipped; the next resync corrects the screen.
        }
      });
      es.onerror = () => {
        if (stopped) return;
        setState('reconnecting');
        if (es && es.readyState === EventSource.CLOSED) {
          es = null;
          const wait = BACKOFF_MS[Math.min(attempt++, BACKOFF_MS.length - 1)]!;
          timer = setTimeout(connect, wait);
        }
      };
    };
    connect();
    return () => {
      stopped = true;
      clearTimeout(timer);
      es?.close();
    };
  }, []);

  return state;
}
