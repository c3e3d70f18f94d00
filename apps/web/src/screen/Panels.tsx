import type { CaseFigures, CaseStatsFeedItem, CaseStatsUnitRow } from '@gongzhi/contracts';
import { type ReactNode, useEffect, useState } from 'react';
import { feedTime, formatCount, formatRate } from '../stats/format';
import { fill, lang, s } from './strings';

export function Panel({ title, extra, children, className, testId }: { title: string; extra?: ReactNode; children: ReactNode; className?: string; testId?: string }) {
  return (
    <section className={`scr-panel ${className ?? ''}`} data-testid={testId}>
      <header className="scr-panel-head">
        <h2>{title}</h2>
        {extra}
      </header>
      <div className="scr-panel-body">{children}</div>
    </section>
  );
}

type Kpi = { id: string; label: string; value: string; sub: string; tone: 'cyan' | 'amber' | 'red' | 'green' };

/** The six headline figures: counts now, rates over the period. */
export function Kpis({ today, figures }: { today: number; figures: CaseFigures }) {
  const f = figures;
  const items: Kpi[] = [
    { id: 'today', label: s.today, value: formatCount(today), sub: fill(s.intakePeriod, { n: formatCount(f.intake) }), tone: 'cyan' },
    { id: 'open', label: s.open, value: formatCount(f.open), sub: s.openHint, tone: 'amber' },
    { id: 'overdue', label: s.overdue, value: formatCount(f.overdue), sub: s.overdueHint, tone: f.overdue > 0 ? 'red' : 'green' },
    { id: 'closure', label: s.closure, value: formatRate(f.closureRate.rate), sub: fill(s.ofEffective, { n: formatCount(f.closureRate.denominator) }), tone: 'green' },
    { id: 'ontime', label: s.onTime, value: formatRate(f.onTimeRate.rate), sub: fill(s.ofJudged, { n: formatCount(f.onTimeRate.denominator) }), tone: 'green' },
    { id: 'satisfaction', label: s.satisfaction, value: formatRate(f.satisfactionRate.rate), sub: fill(s.ofRated, { n: formatCount(f.satisfactionRate.denominator) }), tone: 'cyan' },
  ];
  return (
    <div className="scr-kpis">
      {items.map((k) => (
        <div key={k.id} className={`scr-kpi tone-${k.tone}`}>
          <div className="scr-kpi-label">{k.label}</div>
          <div className="scr-kpi-value" data-testid={`kpi-${k.id}`}>
            {k.value}
          </div>
          <div className="scr-kpi-sub">{k.sub}</div>
        </div>
      ))}
    </div>
  );
}

/** The children of the unit, most cases first. */
export function UnitTable({ rows }: { rows: CaseStatsUnitRow[] }) {
  const sorted = [...rows].sort((a, b) => b.figures.intake - a.figures.intake || a.code.localeCompare(b.code)).slice(0, 12);
  const max = Math.max(1, ...sorted.map((r) => r.figures.intake));
  return (
    <table className="scr-table" data-testid="screen-units">
      <thead>
        <tr>
          <th>{s.unitCols.name}</th>
          <th>{s.unitCols.intake}</th>
          <th>{s.unitCols.open}</th>
          <th>{s.unitCols.overdue}</th>
          <th>{s.unitCols.satisfaction}</th>
        </tr>
      </thead>
      <tbody>
        {sorted.map((r, i) => (
          <tr key={r.code}>
            <td className="name">
              <span className={`rank r${i < 3 ? i + 1 : 0}`}>{i + 1}</span>
              {r.name}
            </td>
            <td className="bar">
              <i style={{ width: `${(r.figures.intake / max) * 100}%` }} />
              <span>{formatCount(r.figures.intake)}</span>
            </td>
            <td>{formatCount(r.figures.open)}</td>
            <td className={r.figures.overdue ? 'warn' : ''}>{formatCount(r.figures.overdue)}</td>
            <td>{formatRate(r.figures.satisfactionRate.rate, 1)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * The latest public steps, scrolling upwards without end when they do not fit (the list is
 * doubled so the loop has no seam); new items appear at the top on the next refresh.
 */
export function EventFeed({ items }: { items: CaseStatsFeedItem[] }) {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 60_000);
    return () => clearInterval(t);
  }, []);
  if (items.length === 0) return <div className="scr-empty">{s.feedEmpty}</div>;
  const scroll = items.length > 8;
  const row = (e: CaseStatsFeedItem, key: string) => (
    <li key={key} className={`scr-feed-item a-${e.action}`}>
      <time>{feedTime(e.at, now)}</time>
      <span className="act">{lang === 'en' ? e.action.replace('_', ' ') : e.actionName}</span>
      <span className="what">
        {e.category ?? '—'}
        <em>{[e.subdistrict, e.neighborhood].filter(Boolean).join(' · ')}</em>
      </span>
    </li>
  );
  return (
    <div className="scr-feed" data-testid="screen-feed">
      <ul className={scroll ? 'scrolling' : ''} style={scroll ? { animationDuration: `${items.length * 3}s` } : undefined}>
        {items.map((e) => row(e, e.id))}
        {scroll && items.map((e) => row(e, `again-${e.id}`))}
      </ul>
    </div>
  );
}

export function Clock() {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const t = setInterval(() => setNow(new Date()), 1000);
    return () => clearInterval(t);
  }, []);
  const local = new Date(+now + 8 * 3600_000).toISOString();
  const week = lang === 'en' ? ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] : ['星期日', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六'];
  return (
    <div className="scr-clock">
      <span className="time">{local.slice(11, 19)}</span>
      <span className="date">
        {local.slice(0, 10)} {week[new Date(local.slice(0, 10)).getUTCDay()]}
      </span>
    </div>
  );
}
