import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { api, messageOf } from '../api';
import { useLang } from '../i18n';
import { CaseFacts } from './CaseFacts';
import { isCaseNumber } from './localCases';
import { Timeline } from './Timeline';

/** What Open311 publishes of a request (GeoReport v2 with our extensions): masked, no contact data. */
type PublicRequest = {
  service_request_id: string;
  status: 'open' | 'closed';
  status_notes: string | null;
  service_name: string | null;
  description: string;
  agency_responsible: string | null;
  requested_datetime: string;
  expected_datetime: string | null;
  address: string | null;
  extended_attributes?: { detailed_status: string };
  notes?: { datetime: string; type: string; status: string; summary: string; description: string | null }[];
};

/**
 * A case followed by its number, for visitors who reported without an account: the public view
 * (the same as Open311's lookup by number), so knowing a number reveals nothing personal.
 */
export function TrackPage() {
  const { number = '' } = useParams();
  const { t, lang } = useLang();
  const [r, setR] = useState<PublicRequest | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    setError(null);
    if (!isCaseNumber(number)) {
      setError(t('mine.lookupBad'));
      return;
    }
    api<PublicRequest[]>(`/open311/v2/requests/${number}.json?extensions=true`)
      .then((list) => (list[0] ? setR(list[0]) : setError(t('detail.notFound'))))
      .catch((err) => setError(messageOf(err)));
  }, [number, lang, t]);

  if (error)
    return (
      <section className="page">
        <p className="error" role="alert" data-testid="track-error">
          {error}
        </p>
        <Link to="/cases">← {t('nav.mine')}</Link>
      </section>
    );
  if (!r) return <p className="page muted">{t('common.loading')}</p>;
  const notes = r.notes ?? [];
  return (
    <section className="page detail" data-testid="track-detail" aria-labelledby="track-title">
      <p className="crumb">
        <Link to="/cases">← {t('nav.mine')}</Link>
      </p>
      <h1 id="track-title">{r.service_name ?? t('detail.heading')}</h1>
      <p className="muted small">{t('detail.trackSource')}</p>
      <CaseFacts
        f={{
          number: r.service_request_id,
          status: r.extended_attributes?.detailed_status ?? (r.status === 'closed' ? 'closed' : 'in_progress'),
          category: r.service_name,
          handler: r.agency_responsible,
          due: r.status === 'open' ? r.expected_datetime : null,
          publicNote: r.status_notes,
          description: r.description,
          address: r.address,
          receivedAt: r.requested_datetime,
        }}
      />
      <p className="muted small">{t('detail.anonRateHint')}</p>
      <div className="card">
        <h2>{t('detail.timeline')}</h2>
        <Timeline steps={notes.map((n, i) => ({ id: String(i), at: n.datetime, title: n.summary, note: n.description }))} />
      </div>
    </section>
  );
}
