import type { Case, CaseEventView } from '@gongzhi/contracts';
import { useCallback, useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { api, messageOf } from '../api';
import { useLang } from '../i18n';
import { sessionGone, useSession } from '../session';
import { CaseFacts } from './CaseFacts';
import { RatingForm } from './RatingForm';
import { stepOf, Timeline } from './Timeline';

/** One of the signed-in resident's cases: progress, handler, deadline, notes, photos, timeline, rating. */
export function CaseDetailPage() {
  const { id } = useParams();
  const { t, lang } = useLang();
  const { lost } = useSession();
  const [c, setC] = useState<Case | null>(null);
  const [events, setEvents] = useState<CaseEventView[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [rated, setRated] = useState<'thanks' | 'reopened' | null>(null);

  const load = useCallback(async () => {
    setError(null);
    try {
      const [cc, ev] = await Promise.all([api<Case>(`/api/cases/${id}`), api<{ items: CaseEventView[] }>(`/api/cases/${id}/events`)]);
      setC(cc);
      setEvents(ev.items);
    } catch (err) {
      if (sessionGone(err)) lost();
      setError(messageOf(err));
    }
  }, [id, lost]);

  useEffect(() => {
    void load();
    // The server words some notes in the chosen language: read again when it changes.
  }, [load, lang]);

  if (error)
    return (
      <section className="page">
        <p className="error" role="alert">
          {error}
        </p>
        <Link to="/cases">{t('common.back')}</Link>
      </section>
    );
  if (!c) return <p className="page muted">{t('common.loading')}</p>;

  const category = c.category ? (c.category.parentName ? `${c.category.parentName} · ${c.category.name}` : c.category.name) : null;
  return (
    <section className="page detail" data-testid="case-detail" aria-labelledby="detail-title">
      <p className="crumb">
        <Link to="/cases">← {t('nav.mine')}</Link>
      </p>
      {/* The title is the description's first words: the category reads better as a heading. */}
      <h1 id="detail-title">{c.category?.name ?? t('detail.heading')}</h1>
      <CaseFacts
        f={{
          number: c.number,
          status: c.status,
          category,
          handler: c.leadDepartment?.name ?? null,
          assists: c.assistDepartments.map((d) => d.name),
          due: c.deadlines.handleDueAt,
          closedAt: c.status === 'closed' ? c.closedAt : null,
          overdue: c.deadlines.overdue,
          paused: c.deadlines.paused,
          publicNote: c.publicNote,
          description: c.description,
          address: c.address,
          receivedAt: c.receivedAt,
        }}
      />
      {(c.flags.satisfaction || c.flags.reopenCount > 0 || rated) && (
        <div className={`card notice${rated === 'reopened' ? ' notice-warn' : ''}`} data-testid="rating-result" role="status">
          {rated === 'thanks' && <p>{t('rate.thanks')}</p>}
          {rated === 'reopened' && <p>{t('rate.reopened')}</p>}
          {c.flags.satisfaction && <p>{t('detail.ratedAs', { level: t(`satisfaction.${c.flags.satisfaction}`) })}</p>}
          {c.flags.reopenCount > 0 && rated !== 'reopened' && <p>{t('detail.reopened', { n: c.flags.reopenCount })}</p>}
        </div>
      )}
      {c.allowedActions.includes('rate') && (
        <RatingForm
          c={c}
          onRated={(updated, reopened) => {
            setC(updated);
            setRated(reopened ? 'reopened' : 'thanks');
            void api<{ items: CaseEventView[] }>(`/api/cases/${c.id}/events`).then((ev) => setEvents(ev.items), () => undefined);
          }}
        />
      )}
      {c.photos.length > 0 && (
        <div className="card">
          <h2>{t('detail.photos')}</h2>
          <ul className="photos">
            {c.photos.map((p, i) => (
              <li key={p.id} className="photo">
                <a href={p.url} target="_blank" rel="noreferrer">
                  <img src={p.url} alt={t('report.photoAlt', { n: i + 1 })} loading="lazy" />
                </a>
              </li>
            ))}
          </ul>
        </div>
      )}
      <div className="card">
        <h2>{t('detail.timeline')}</h2>
        <Timeline steps={events.map((e) => stepOf(e, t))} />
      </div>
    </section>
  );
}
