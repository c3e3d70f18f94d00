import type { CaseClassification } from '@gongzhi/contracts';
import { useEffect, useState } from 'react';
import { api, isAbort } from '../api';

/** Asks the classification assist about the description once typing pauses (600 ms). */
export function useClassify(text: string, delayMs = 600): { suggestion: CaseClassification | null; busy: boolean } {
  const [suggestion, setSuggestion] = useState<CaseClassification | null>(null);
  const [busy, setBusy] = useState(false);
  const trimmed = text.trim();

  useEffect(() => {
    if (trimmed.length < 5) {
      setSuggestion(null);
      setBusy(false);
      return;
    }
    const ctl = new AbortController();
    setBusy(true);
    const timer = setTimeout(() => {
      api<CaseClassification>('/api/cases/classify', { method: 'POST', body: { text: trimmed.slice(0, 2000) }, signal: ctl.signal })
        .then((s) => setSuggestion(s))
        .catch((err) => {
          // The assist is a help, not a step: when it fails the user just picks a category.
          if (!isAbort(err)) setSuggestion(null);
        })
        .finally(() => {
          if (!ctl.signal.aborted) setBusy(false);
        });
    }, delayMs);
    return () => {
      clearTimeout(timer);
      ctl.abort();
    };
  }, [trimmed, delayMs]);

  return { suggestion, busy };
}
