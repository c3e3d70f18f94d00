import type { CaseSummary } from '@gongzhi/contracts';
import { type FormEvent, useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { api, messageOf } from '../api';
import { shanghaiDay, shanghaiTime } from '../format';
import { useLang } from '../i18n';
import { sessionGone, useSession } from '../session';
import { forgetCase, isCaseNumber, type LocalCase, localCases } from './localCases';

const PAGE = 20;

/** 我的案件: the account's cases when signed in, the ones reported from this device, and a lookup by number. */
export function MyCasesPage() {
  const { t } = useLang();
  const { me } = useSession();
  const [local, setLocal] = useState<LocalCase[]>(() => localCases());

  return (
    <section className="page mine" aria-labelledby="mine-title">
      <h1 id="mine-title">{t('mine.heading')}</h1>
      {me && <AccountCases />}
      {me === null && (
        <p className="muted">
          {t('mine.emptyAnon')} <Link to="/login?next=/cases">{t('app.signIn')}</Link>
        </p>
      )}
      {local.length > 0 && (
        <div className="card">
          <h2>{t('mine.local')}</h2>
          <ul className="case-list" data-testid="local-cases">
            {local.map((c) => (
              <li key={c.number} className="case-item">
                <Link to={`/track/${c.number}`} className="case-link">
                  <span className="case-title">{c.title}</span>
                  <span className="muted small">
                    {c.number} · {shanghaiDay(c.reportedAt)}
                  </span>
                </Link>
                <button
                  type="button"
                  className="btn btn-text small"
                  aria-label={t('mine.forget', { number: c.number })}
                  onClick={() => {
                    forgetCase(c.number);
                    setLocal(localCases());
                  }}
                >
                  ×
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
      <Lookup />
    </section>
  );
}

function AccountCases() {
  const { t } = useLang();
  const { lost } = useSession();
  const [items, setItems] = useState<CaseSummary[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);

  const load = async (after: string | null) => {
    setLoading(true);
    setError(null);
    try {
      const q = new URLSearchParams({ mine: 'true', limit: String(PAGE) });
      if (after) q.set('cursor', after);
      const page = await api<{ items: CaseSummary[]; nextCursor: string | null }>(`/api/cases?${q}`);
      setItems((xs) => (after ? [...(xs ?? []), ...page.items] : page.items));
      setCursor(page.nextCursor);
    } catch (err) {
      if (sessionGone(err)) lost();
      setError(messageOf(err));
    } finally {
      setLoading(false);
    }
  };

  useEffect(() => {
    void load(null);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  return (
    <div className="card">
      <h2>{t('mine.account')}</h2>
      {error && (
        <p className="error" role="alert">
          {error}{' '}
          <button type="button" className="btn btn-text" onClick={() => void load(null)}>
            {t('common.retry')}
          </button>
        </p>
      )}
      {items === null && !error && <p className="muted">{t('common.loading')}</p>}
      {items && items.length === 0 && (
        <p className="muted">
          {t('mine.empty')} · <Link to="/">{t('nav.report')}</Link>
        </p>
      )}
      {items && items.length > 0 && (
        <ul className="case-list" data-testid="account-cases">
          {items.map((c) => (
            <li key={c.id} className="case-item">
              <Link to={`/cases/${c.id}`} className="case-link" data-number={c.number}>
                <span className="case-title">{c.title}</span>
                <span className={`badge badge-${c.status}`}>{t(`status.${c.status}`)}</span>
                <span className="muted small">
                  {c.number} · {shanghaiDay(c.receivedAt)}
                  {c.category ? ` · ${c.category.name}` : ''}
                </span>
                {c.deadlines.handleDueAt && !['closed', 'cancelled', 'merged'].includes(c.status) && (
                  <span className={`small ${c.deadlines.overdue ? 'text-red' : 'muted'}`}>
                    {c.deadlines.overdue ? t('mine.overdue') : t('mine.due', { at: shanghaiTime(c.deadlines.handleDueAt) })}
                  </span>
                )}
              </Link>
            </li>
          ))}
        </ul>
      )}
      {cursor && (
        <button type="button" className="btn btn-block" disabled={loading} onClick={() => void load(cursor)}>
          {loading ? t('common.loading') : t('common.loadMore')}
        </button>
      )}
    </div>
  );
}

function Lookup() {
  const { t } = useLang();
  const navigate = useNavigate();
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const n = value.replace(/\s/g, '');
    if (!isCaseNumber(n)) {
      setError(t('mine.lookupBad'));
      return;
    }
    navigate(`/track/${n}`);
  };
  return (
    <form className="card" onSubmit={submit} noValidate>
      <h2>{t('mine.lookup')}</h2>
      <label htmlFor="lookup-number">{t('mine.lookupLabel')}</label>
      <div className="row">
        <input
          id="lookup-number"
          data-testid="lookup-number"
          inputMode="numeric"
          maxLength={20}
          placeholder={t('mine.lookupPlaceholder')}
          value={value}
          aria-invalid={!!error}
          aria-describedby={error ? 'lookup-error' : undefined}
          onChange={(e) => setValue(e.target.value)}
        />
        <button type="submit" className="btn">
          {t('mine.lookupGo')}
        </button>
      </div>
      {error && (
        <p className="error" id="lookup-error">
          {error}
        </p>
      )}
    </form>
  );
}
