import { App } from 'antd';
import { createContext, useContext, useEffect, useMemo, useState, useSyncExternalStore, type ReactNode } from 'react';
import { gridCasesApi } from '../../api/grid-cases';
import { useMe } from '../../auth/AuthContext';
import i18n, { useLang } from '../../i18n';
import { idbReportStore } from './idb';
import { ReportQueue, type QueueSnapshot } from './runner';

type QueueValue = { queue: ReportQueue; snapshot: QueueSnapshot; online: boolean };
const QueueContext = createContext<QueueValue | null>(null);

/** navigator.onLine, kept current (a hint only: the queue retries whatever it says). */
export function useOnline(): boolean {
  return useSyncExternalStore(
    (cb) => {
      window.addEventListener('online', cb);
      window.addEventListener('offline', cb);
      return () => {
        window.removeEventListener('online', cb);
        window.removeEventListener('offline', cb);
      };
    },
    () => navigator.onLine,
  );
}

/** The signed-in worker's patrol-report queue, running while any grid page is open. */
export function QueueProvider({ children }: { children: ReactNode }) {
  const me = useMe();
  const { t } = useLang();
  const { message } = App.useApp();
  const online = useOnline();
  const [queue] = useState(
    () =>
      new ReportQueue(idbReportStore(me.user.id), gridCasesApi, {
        // i18n.t, not the render's t: the queue outlives a language switch.
        onDelivered: (r) => void message.success({ content: i18n.t(r.replayed ? 'grid.queue.deliveredReplay' : 'grid.queue.delivered', { number: r.caseNumber }), key: `q-${r.id}` }),
        onRefused: (r) => void message.error({ content: i18n.t('grid.queue.refused', { message: r.lastError?.message ?? '' }), key: `q-${r.id}`, duration: 6 }),
      }),
  );
  useEffect(() => {
    void queue.start().catch(() => message.error(t('grid.queue.storageFailed')));
    return () => queue.stop();
    // The queue lives as long as the grid pages; the user does not change under it (sign-out unmounts).
  }, [queue]); // eslint-disable-line react-hooks/exhaustive-deps
  const snapshot = useSyncExternalStore(queue.subscribe, queue.snapshot);
  const value = useMemo(() => ({ queue, snapshot, online }), [queue, snapshot, online]);
  return <QueueContext.Provider value={value}>{children}</QueueContext.Provider>;
}

export function useQueue(): QueueValue {
  const v = useContext(QueueContext);
  if (!v) throw new Error('useQueue outside QueueProvider');
  return v;
}
