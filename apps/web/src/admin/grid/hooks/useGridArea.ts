import type { UnitFeatureCollection, UnitRef } from '@gongzhi/contracts';
import { useEffect, useState } from 'react';
import { api } from '../../api/jurisdictions';
import { useMe } from '../../auth/AuthContext';
import { offlineCache } from '../queue/idb';

export type GridArea = {
  /** The worker's own unit (a grid; a neighborhood for neighborhood staff). */
  unit: UnitRef;
  /** What the map shows around it: the grid's neighborhood with its grids. */
  contextCode: string;
};

/** The unit the signed-in worker patrols, from its grant (grid worker first, then neighborhood staff). */
export function useGridAreaRef(): GridArea | null {
  const me = useMe();
  const g = me.grants.find((x) => x.role === 'grid_worker') ?? me.grants.find((x) => x.role === 'neighborhood_staff');
  if (!g) return null;
  const contextCode = g.unit.level === 'grid' ? g.unit.code.slice(0, 12) : g.unit.code;
  return { unit: g.unit, contextCode };
}

/**
 * The boundaries around the worker's unit, from the jurisdiction API, kept in the browser so the
 * patrol map still draws without network.
 */
export function useAreaGeometry(area: GridArea | null): { geometry: UnitFeatureCollection | undefined; loading: boolean; failed: boolean } {
  const [geometry, setGeometry] = useState<UnitFeatureCollection>();
  const [loading, setLoading] = useState(true);
  const [failed, setFailed] = useState(false);
  const code = area?.contextCode;
  useEffect(() => {
    if (!code) {
      setLoading(false);
      return;
    }
    const ctrl = new AbortController();
    const key = `geometry:${code}`;
    let fresh = false;
    void offlineCache.get<UnitFeatureCollection>(key).then((cached) => {
      if (cached && !fresh && !ctrl.signal.aborted) setGeometry(cached);
    });
    api.geometry(code, ctrl.signal).then(
      (g) => {
        fresh = true;
        setGeometry(g);
        setLoading(false);
        void offlineCache.set(key, g);
      },
      async () => {
        if (ctrl.signal.aborted) return;
        const cached = await offlineCache.get<UnitFeatureCollection>(key);
        if (cached) setGeometry(cached);
        else setFailed(true);
        setLoading(false);
      },
    );
    return () => ctrl.abort();
  }, [code]);
  return { geometry, loading, failed };
}
