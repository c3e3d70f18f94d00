import type { PublicCaseMap, PublicCaseStage } from '@gongzhi/contracts';
import { lazy, Suspense, useEffect, useState } from 'react';
import { api, messageOf } from '../api';
import { shanghaiDay } from '../format';
import { useLang } from '../i18n';
import { useCategories } from '../report/categories';

const CasePointsMap = lazy(() => import('./CasePointsMap'));
const stages: PublicCaseStage[] = ['open', 'resolved', 'closed'];
const periods = [7, 30, 90];
const LIMIT = 500;
// Kept here too so the legend needs no Leaflet: the same colours as the points.
const colors: Record<PublicCaseStage, string> = { open: '#c5221f', resolved: '#e37400', closed: '#188038' };

/** 案件地图: recent cases in the district as points, by category and status; no personal data. */
export function PublicMapPage() {
  const { t, lang } = useLang();
  const tree = useCategories();
  const [category, setCategory] = useState('');
  const [stage, setStage] = useState<PublicCaseStage | ''>('');
  const [days, setDays] = useState(30);
  const [data, setData] = useState<PublicCaseMap | null>(null);
  const [error, setError] = useState<string | null>(null);
  const en = lang === 'en';

  useEffect(() => {
    const ctl = new AbortController();
    setError(null);
    const q = new URLSearchParams({ days: String(days), limit: String(LIMIT) });
    if (category) q.set('category', category);
    if (stage) q.set('stage', stage);
    api<PublicCaseMap>(`/api/cases/public/map?${q}`, { signal: ctl.signal })
      .then(setData)
      .catch((err) => !ctl.signal.aborted && setError(messageOf(err)));
    return () => ctl.abort();
  }, [category, stage, days]);

  const items = data?.items ?? [];
  return (
    <section className="page public-map" aria-labelledby="map-title">
      <div className="title-row">
        <h1 id="map-title">{t('map.heading')}</h1>
        <p className="map-count" aria-live="polite" data-testid="map-count">
          {data ? t('map.count', { n: items.length }) + (data.truncated ? t('map.truncated', { n: LIMIT }) : '') : t('common.loading')}
        </p>
      </div>
      <div className="filters">
        <label>
          <span>{t('map.filterCategory')}</span>
          <select value={category} onChange={(e) => setCategory(e.target.value)} data-testid="map-category">
            <option value="">{t('map.allCategories')}</option>
            {(tree ?? []).map((g) => (
              <optgroup key={g.code} label={en && g.nameEn ? g.nameEn : g.name}>
                <option value={g.code}>
                  {en && g.nameEn ? g.nameEn : g.name} · {t('map.allCategories')}
                </option>
                {g.children.map((c) => (
                  <option key={c.code} value={c.code}>
                    {en && c.nameEn ? c.nameEn : c.name}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
        </label>
        <label>
          <span>{t('map.filterDays')}</span>
          <select value={days} onChange={(e) => setDays(Number(e.target.value))} data-testid="map-days">
            {periods.map((d) => (
              <option key={d} value={d}>
                {t('map.days', { n: d })}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div className="segmented" role="group" aria-label={t('map.filterStage')}>
        {(['', ...stages] as const).map((s) => (
          <button key={s || 'all'} type="button" aria-pressed={stage === s} onClick={() => setStage(s)} data-testid={`map-stage-${s || 'all'}`}>
            {s && <span className="dot" style={{ background: colors[s] }} aria-hidden="true" />}
            {s ? t(`stage.${s}`) : t('map.allStages')}
          </button>
        ))}
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <Suspense fallback={<div className="points-map map-loading">{t('common.loading')}</div>}>
        <CasePointsMap items={items} />
      </Suspense>
      {data && items.length === 0 && <p className="muted">{t('map.empty')}</p>}
      <p className="muted small">{t('map.intro')}</p>
      {items.length > 0 && (
        <details className="card">
          <summary>{t('map.list')}</summary>
          <ul className="point-list" data-testid="map-list">
            {items.slice(0, 100).map((p) => (
              <li key={p.number}>
                <span className="dot" style={{ background: colors[p.stage] }} aria-hidden="true" />
                <span>{p.categoryName ? (en && p.categoryNameEn ? p.categoryNameEn : p.categoryName) : t('map.noCategory')}</span>
                <span className="muted small">
                  {t(`stage.${p.stage}`)} · {p.subdistrict} · {shanghaiDay(p.receivedAt)}
                </span>
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}
