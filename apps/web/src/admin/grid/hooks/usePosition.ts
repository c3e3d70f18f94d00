import { useCallback, useEffect, useRef, useState } from 'react';
import type { LngLat } from '../geo';

export type PositionStatus = 'locating' | 'ok' | 'denied' | 'unavailable';
export type Position = { at: LngLat; accuracy: number; time: number };

/**
 * The phone's position, watched while the page is open. Browsers give it only on secure pages
 * (HTTPS or localhost) and with the user's consent; otherwise the worker taps the map instead.
 */
export function usePosition(): { position: Position | null; status: PositionStatus; relocate: () => void } {
  const [position, setPosition] = useState<Position | null>(null);
  const [status, setStatus] = useState<PositionStatus>('locating');
  const [nonce, setNonce] = useState(0);
  const got = useRef(false);

  useEffect(() => {
    if (!('geolocation' in navigator)) {
      setStatus('unavailable');
      return;
    }
    setStatus(got.current ? 'ok' : 'locating');
    const id = navigator.geolocation.watchPosition(
      (p) => {
        got.current = true;
        setPosition({ at: [p.coords.longitude, p.coords.latitude], accuracy: p.coords.accuracy, time: p.timestamp });
        setStatus('ok');
      },
      (err) => {
        // A lost fix after a good one keeps the last position.
        if (got.current) return;
        setStatus(err.code === err.PERMISSION_DENIED ? 'denied' : 'unavailable');
      },
      { enableHighAccuracy: true, timeout: 15_000, maximumAge: 30_000 },
    );
    return () => navigator.geolocation.clearWatch(id);
  }, [nonce]);

  const relocate = useCallback(() => {
    got.current = false;
    setPosition(null);
    setNonce((n) => n + 1);
  }, []);
  return { position, status, relocate };
}
