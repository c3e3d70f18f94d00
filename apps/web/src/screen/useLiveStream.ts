import { useEffect, useRef, useState } from 'react';

export type LinkState = 'connecting' | 'live' | 'reconnecting';

type Handlers = {
  /** A case changed somewhere in scope. */
  onChange: () => void;
  /** The stream is back after a break: whatever happened meanwhile was missed, so re-read. */
  onReconnect: () => void;
  /** The server refused the stream (not a network break): the session may be gone. */
  onRefused: () => void;
};

/**
 * The case change stream (SSE) with reconnection. EventSource retries by itself after a dropped
 * connection or while the server is down; after an HTTP error (a proxy's 502 while the server
 * restarts, a 401) it gives up, so then a new one is opened with a growing pause (1 s … 15 s).
 */
export function useLiveStream(url: string | null, handlers: Handlers): LinkState {
  const [state, setState] = useState<LinkState>('connecting');
  const h = useRef(handlers);
  h.current = handlers;

  useEffect(() => {
    if (!url) return;
    let es: EventSource | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let failures = 0;
    let wasOpen = false;
    let broken = false;
    const connect = () => {
      const source = new EventSource(url, { withCredentials: true });
      es = source;
      source.onopen = () => {
        setState('live');
        if (broken) h.current.onReconnect();
        broken = false;
        wasOpen = true;
        failures = 0;
      };
      source.addEventListener('case', () => h.current.onChange());
      source.onerror = () => {
        broken = true;
        setState(wasOpen ? 'reconnecting' : 'connecting');
        if (source.readyState === EventSource.CLOSED) {
          source.close();
          failures += 1;
          h.current.onRefused();
          timer = setTimeout(connect, Math.min(15_000, 1000 * 2 ** (failures - 1)));
        }
      };
    };
    connect();
    return () => {
      clearTimeout(timer);
      es?.close();
    };
  }, [url]);

  return state;
}
