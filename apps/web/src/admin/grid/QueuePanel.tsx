import { CheckCircleOutlined, CloudUploadOutlined, DeleteOutlined, EditOutlined, ReloadOutlined } from '@ant-design/icons';
import { Button, Popconfirm, Tag } from 'antd';
import { useLang } from '../i18n';
import type { CategoryOption } from './hooks/useCategories';
import type { QueuedReport } from './queue/model';
import { useQueue } from './queue/QueueContext';

const clock = (ms: number, lang: string) =>
  new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'zh-CN', { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false }).format(ms);

type Props = { categories: CategoryOption[]; onEdit: (r: QueuedReport) => void; editingId: string | null };

/** Reports not yet delivered (waiting, or refused and kept for the worker), and those just delivered. */
export function QueuePanel({ categories, onEdit, editingId }: Props) {
  const { t, lang } = useLang();
  const { queue, snapshot, online } = useQueue();
  const waiting = snapshot.reports.filter((r) => r.state !== 'delivered');
  const delivered = snapshot.reports.filter((r) => r.state === 'delivered').reverse();
  if (!waiting.length && !delivered.length) return null;
  const catName = (code: string) => {
    const c = categories.find((o) => o.code === code);
    return c ? (lang === 'en' && c.nameEn ? c.nameEn : c.name) : code;
  };

  const stateTag = (r: QueuedReport) => {
    if (snapshot.sending.has(r.id)) return <Tag color="processing">{t('grid.queue.sending')}</Tag>;
    if (r.state === 'failed') return <Tag color="error">{t('grid.queue.failed')}</Tag>;
    return <Tag color="warning">{r.offline ? t('grid.queue.offline') : t('grid.queue.pending')}</Tag>;
  };
  const errorText = (r: QueuedReport) => {
    if (!r.lastError) return null;
    if (r.lastError.code === 'IDEMPOTENCY_MISMATCH') return t('grid.queue.maybeDelivered');
    if (r.state === 'pending' && r.lastError.status === 401) return t('grid.queue.signIn');
    if (r.state === 'pending' && r.offline) return null;
    return r.lastError.message;
  };

  return (
    <section className={`gz-grid-section ${waiting.length ? 'gz-queue' : ''}`} data-testid="queue-panel" aria-live="polite">
      {waiting.length > 0 && (
        <>
          <div className="gz-grid-section-head">
            <h2>
              <CloudUploadOutlined /> {t('grid.queue.title')}
            </h2>
            <span className="gz-queue-count" data-testid="queue-count">
              {t('grid.queue.waiting', { count: waiting.length })}
            </span>
          </div>
          <ul className="gz-queue-list">
            {waiting.map((r) => {
              const sending = snapshot.sending.has(r.id);
              const err = errorText(r);
              return (
                <li key={r.id} className={`gz-queue-item ${r.state === 'failed' ? 'gz-queue-failed' : ''}`} data-testid="queue-item" data-state={r.state}>
                  <div className="gz-queue-line">
                    {stateTag(r)}
                    <span className="gz-queue-cat">{catName(r.draft.categoryCode)}</span>
                    <span className="gz-muted gz-small">{clock(r.createdAt, lang)}</span>
                  </div>
                  <div className="gz-queue-desc">{r.draft.description}</div>
                  <div className="gz-muted gz-small">
                    {r.photos.length > 0 && <span>{t('grid.queue.photoCount', { count: r.photos.length })} · </span>}
                    {r.state === 'pending' && !sending && (!online ? t('grid.queue.whenOnline') : r.attempts > 0 && Number.isFinite(r.nextAttemptAt) ? t('grid.queue.nextTry', { time: clock(r.nextAttemptAt, lang) }) : null)}
                  </div>
                  {err && (
                    <div className="gz-error-text" data-testid="queue-error">
                      {err}
                    </div>
                  )}
                  <div className="gz-queue-actions">
                    <Button size="small" icon={<ReloadOutlined />} disabled={sending} onClick={() => void queue.retry(r.id)} data-testid="queue-retry">
                      {t('grid.queue.retry')}
                    </Button>
                    {r.state === 'failed' && (
                      <Button size="small" icon={<EditOutlined />} disabled={sending || editingId === r.id} onClick={() => onEdit(r)} data-testid="queue-edit">
                        {t('grid.queue.edit')}
                      </Button>
                    )}
                    <Popconfirm title={t('grid.queue.discardConfirm')} onConfirm={() => queue.discard(r.id)} okText={t('grid.queue.discard')} cancelText={t('common.cancel')}>
                      <Button size="small" danger icon={<DeleteOutlined />} disabled={sending} data-testid="queue-discard">
                        {t('grid.queue.discard')}
                      </Button>
                    </Popconfirm>
                  </div>
                </li>
              );
            })}
          </ul>
        </>
      )}
      {delivered.length > 0 && (
        <div className="gz-queue-delivered" data-testid="queue-delivered">
          <div className="gz-muted gz-small">{t('grid.queue.recent')}</div>
          {delivered.slice(0, 3).map((r) => (
            <div key={r.id} className="gz-queue-done" data-testid="queue-done">
              <CheckCircleOutlined style={{ color: '#52c41a' }} /> <span className="gz-mono">{r.caseNumber}</span> · {catName(r.draft.categoryCode)}
            </div>
          ))}
        </div>
      )}
    </section>
  );
}
