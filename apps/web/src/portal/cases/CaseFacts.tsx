import { shanghaiTime } from '../format';
import { useLang } from '../i18n';

export type Facts = {
  number: string;
  status: string;
  category: string | null;
  handler: string | null;
  assists?: string[];
  due: string | null;
  /** Shown instead of the deadline once the case is closed. */
  closedAt?: string | null;
  overdue?: boolean;
  paused?: boolean;
  publicNote: string | null;
  description: string;
  address: string | null;
  receivedAt: string;
};

/** The head of a case page: progress in plain words, who handles it, by when, the office's note. */
export function CaseFacts({ f }: { f: Facts }) {
  const { t } = useLang();
  return (
    <>
      <div className="card status-card" data-testid="case-status">
        <p className="muted">{t('detail.number', { number: f.number })}</p>
        <p className="status-now">{t(`status.${f.status}`, { defaultValue: f.status })}</p>
        <dl className="facts">
          <dt>{t('detail.handler')}</dt>
          <dd data-testid="case-handler">
            {f.handler ?? t('detail.handlerNone')}
            {f.assists && f.assists.length > 0 && <span className="muted"> · {t('detail.assist', { names: f.assists.join('、') })}</span>}
          </dd>
          {f.closedAt ? (
            <>
              <dt>{t('detail.closedAt')}</dt>
              <dd data-testid="case-closed-at">{shanghaiTime(f.closedAt)}</dd>
            </>
          ) : (
            <>
              <dt>{t('detail.deadline')}</dt>
              <dd data-testid="case-deadline">
                {f.due ? shanghaiTime(f.due) : ['closed', 'cancelled', 'merged'].includes(f.status) ? '—' : t('detail.deadlineNone')}
                {f.overdue && <span className="tag tag-red">{t('detail.overdue')}</span>}
                {f.paused && <span className="tag">{t('detail.paused')}</span>}
              </dd>
            </>
          )}
        </dl>
        {f.publicNote && (
          <div className="public-note" data-testid="case-public-note">
            <p className="muted">{t('detail.publicNote')}</p>
            <p>{f.publicNote}</p>
          </div>
        )}
      </div>
      <div className="card">
        <h2>{t('detail.reported')}</h2>
        <p className="description">{f.description}</p>
        <dl className="facts">
          {f.category && (
            <>
              <dt>{t('detail.category')}</dt>
              <dd>{f.category}</dd>
            </>
          )}
          {f.address && (
            <>
              <dt>{t('detail.address')}</dt>
              <dd>{f.address}</dd>
            </>
          )}
          <dt>{t('detail.receivedAt')}</dt>
          <dd>{shanghaiTime(f.receivedAt)}</dd>
        </dl>
      </div>
    </>
  );
}
