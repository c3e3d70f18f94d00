import { useCallback, useState } from 'react';

/**
 * Cursor paging (the API pages by cursor, not offset): cursors[i] opens page i, page 0 needs none.
 * `reset` goes back to the first page, e.g. when a filter changes.
 */
export function useCursorPages() {
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const page = cursors.length - 1;
  return {
    page,
    cursor: cursors[page] ?? null,
    next: useCallback((c: string | null) => c && setCursors((cs) => [...cs, c]), []),
    prev: useCallback(() => setCursors((cs) => (cs.length > 1 ? cs.slice(0, -1) : cs)), []),
    reset: useCallback(() => setCursors([null]), []),
  };
}
