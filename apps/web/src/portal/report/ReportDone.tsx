import type { Case } from '@gongzhi/contracts';
import { Link } from 'react-router';
import { useLang } from '../i18n';

export type Created = { case: Case; replayed: boolean; autoDispatched: boolean };

/** The answer to a report: its number (to keep), where it went, and the way to follow it. */
export function ReportDone({ created, signedIn, onAnother }: { created: Created; signedIn: boolean; onAnother: () => void }) {
  const { t } = useLang();
  const c = created.case;
  return (
    <section className="page done" data-testid="report-done" aria-labelledby="done-title">
      <div className="done-icon" aria-hidden="true">
        ✓
      </div>
      <h1 id="done-title" tabIndex={-1} ref={(el) => el?.focus()}>
        {t('report.done.heading')}
      </h1>
      <p className="muted">{t('report.done.number')}</p>
      <p className="case-number" data-testid="done-number">
        {c.number}
      </p>
      <p>{t('report.done.keep')}</p>
      {!signedIn && <p className="muted">{t('report.done.saved')}</p>}
      <p>{c.leadDepartment ? t('report.done.dispatched', { dept: c.leadDepartment.name }) : t('report.done.received')}</p>
      {created.replayed && <p className="muted">{t('report.done.replayed')}</p>}
      <div className="stack">
        <Link className="btn btn-primary btn-block" to={signedIn ? `/cases/${c.id}` : `/track/${c.number}`} data-testid="done-view">
          {t('report.done.view')}
        </Link>
        <button type="button" className="btn btn-block" onClick={onAnother}>
          {t('report.done.another')}
        </button>
      </div>
    </section>
  );
}
