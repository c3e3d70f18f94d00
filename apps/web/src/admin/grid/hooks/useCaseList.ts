import type { CaseSummary } from '@gongzhi/contracts';
import { useCallback, useEffect, useRef, useState } from 'react';
import { gridCasesApi, type CaseListQuery } from '../../api/grid-cases';

/** A case list read page by page ("load more" on a phone rather than numbered pages). */
export function useCaseList(query: Omit<CaseListQuery, 'cursor'>) {
  const [items, setItems] = useState<CaseSummary[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<Error | null>(null);
  const key = JSON.stringify(query);
  const ctrl = useRef<AbortController | null>(null);

  const load = useCallback(
    async (after: string | null) => {
      ctrl.current?.abort();
      const c = new AbortController();
      ctrl.current = c;
      setLoading(true);
      setError(null);
      try {
        const page = await gridCasesApi.list({ ...(JSON.parse(key) as CaseListQuery), cursor: after }, c.signal);
        if (c.signal.aborted) return;
        setItems((prev) => (after ? [...prev, ...page.items] : page.items));
        setCursor(page.nextCursor);
      } catch (err) {
        if (!c.signal.aborted) setError(err as Error);
      } finally {
        if (!c.signal.aborted) setLoading(false);
      }
    },
    [key],
  );

  useEffect(() => {
    void load(null);
    return () => ctrl.current?.abort();
  }, [load]);

  return { items, loading, error, hasMore: cursor !== null, more: () => void load(cursor), reload: () => void load(null) };
}
