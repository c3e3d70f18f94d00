import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { EChart } from '../stats/EChart';
import { feedTime } from '../stats/format';
import { type ScreenData, SignedOutError, loginUrl, screenApi } from './api';
import { categoryOption, trendOption, trendTitle } from './charts';
import { Clock, EventFeed, Kpis, Panel, UnitTable } from './Panels';
import { ScreenMap } from './ScreenMap';
import { fill, s } from './strings';
import { type LinkState, useLiveStream } from './useLiveStream';

/** The design size; other screens scale it as a whole (a wall shows the same picture everywhere). */
const W = 1920;
const H = 1080;
/** Figures drift with time even without events (deadlines pass): re-read them this often. */
const REFRESH_MS = 60_000;
/** Events come in bursts (a dispatch right after an intake): one re-read per burst. */
const DEBOUNCE_MS = 700;

function useScale() {
  const [scale, setScale] = useState(1);
  useLayoutEffect(() => {
    const fit = () => setScale(Math.min(window.innerWidth / W, window.innerHeight / H));
    fit();
    window.addEventListener('resize', fit);
    return () => window.removeEventListener('resize', fit);
  }, []);
  return scale;
}

type Phase = { kind: 'checking' } | { kind: 'forbidden' } | { kind: 'ready' };

/**
 * /screen/: the 城运中心 big screen. A signed-in staff session with case.read (otherwise: to the
 * console's sign-in page and back). `?unit=` shows one 街镇; default: the viewer's own place.
 */
export function ScreenApp() {
  const scale = useScale();
  const unitParam = useMemo(() => new URLSearchParams(location.search).get('unit'), []);
  const [phase, setPhase] = useState<Phase>({ kind: 'checking' });
  const [data, setData] = useState<ScreenData | null>(null);
  const [error, setError] = useState<string | null>(null);
  const loading = useRef<AbortController | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const signIn = useCallback(() => location.assign(loginUrl()), []);

  const refresh = useCallback(async () => {
    loading.current?.abort();
    const ctrl = new AbortController();
    loading.current = ctrl;
    try {
      const d = await screenApi.load(unitParam, ctrl.signal);
      if (ctrl.signal.aborted) return;
      setData(d);
      setError(null);
    } catch (err) {
      if ((err as Error).name === 'AbortError') return;
      if (err instanceof SignedOutError) return signIn();
      setError((err as Error).message);
    }
  }, [unitParam, signIn]);

  const soon = useCallback(() => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => void refresh(), DEBOUNCE_MS);
  }, [refresh]);

  useEffect(() => {
    let live = true;
    screenApi.me().then(
      (me) => {
        if (!live) return;
        if (me.stage !== 'active') return signIn();
        setPhase(me.permissions.includes('case.read') && me.user.kind === 'staff' ? { kind: 'ready' } : { kind: 'forbidden' });
      },
      (err) => {
        if (err instanceof SignedOutError) signIn();
        else setError((err as Error).message);
      },
    );
    return () => {
      live = false;
    };
  }, [signIn]);

  useEffect(() => {
    if (phase.kind !== 'ready') return;
    void refresh();
    const t = setInterval(() => void refresh(), REFRESH_MS);
    return () => clearInterval(t);
  }, [phase.kind, refresh]);

  const link = useLiveStream(phase.kind === 'ready' ? '/api/cases/stream' : null, {
    onChange: soon,
    onReconnect: soon,
    // Refused rather than broken: ask whether the session still holds; if not, sign in again.
    onRefused: () => void screenApi.me().catch((err) => err instanceof SignedOutError && signIn()),
  });

  const o = data?.overview;
  const catOption = useMemo(() => (o ? categoryOption(o.categories) : null), [o]);
  const trOption = useMemo(() => (o ? trendOption(o.trend) : null), [o]);

  return (
    <div className="scr-stage">
      <div className="scr" style={{ width: W, height: H, transform: `scale(${scale})` }} data-testid="screen">
        <header className="scr-head">
          <div className="scr-head-left">
            <span className="scr-scope" data-testid="screen-unit">{o?.unit.name ?? ''}</span>
            {o && <span className="scr-period">{fill(s.period, { days: o.period.days })} · {o.period.from} ~ {o.period.to}</span>}
          </div>
          <h1>{(o?.ancestors[0]?.name ?? (o?.unit.level === 'district' ? o.unit.name : '')) + s.title}</h1>
          <div className="scr-head-right">
            <LinkBadge state={link} />
            <Clock />
          </div>
        </header>
        {phase.kind === 'forbidden' ? (
          <div className="scr-message">
            <p>{s.noPermission}</p>
            <button type="button" onClick={signIn}>{s.signIn}</button>
          </div>
        ) : !o || !data ? (
          <div className="scr-message" data-testid="screen-loading">{error ? fill(s.loadFailed, { msg: error }) : s.loading}</div>
        ) : (
          <main className="scr-grid">
            <div className="scr-col">
              <Kpis today={o.todayIntake} figures={o.figures} />
              <Panel title={fill(s.categories, { n: o.categories.length || 8 })} className="grow" testId="screen-categories">
                {catOption && <EChart option={catOption} />}
              </Panel>
            </div>
            <div className="scr-col center">
              <ScreenMap unitCode={o.unit.code} rows={o.units} points={data.points} />
              <Panel title={trendTitle(o.period.days)} className="trend" testId="screen-trend">
                {trOption && <EChart option={trOption} />}
              </Panel>
            </div>
            <div className="scr-col">
              {o.childLevel && (
                <Panel title={s.units[o.childLevel]} className="units">
                  <UnitTable rows={o.units} />
                </Panel>
              )}
              <Panel title={s.feed} className="grow" extra={<span className="scr-updated">{fill(s.updated, { time: feedTime(o.asOf) })}</span>}>
                <EventFeed items={data.feed} />
              </Panel>
            </div>
          </main>
        )}
        {error && o && <div className="scr-toast">{fill(s.loadFailed, { msg: error })}</div>}
      </div>
    </div>
  );
}

function LinkBadge({ state }: { state: LinkState }) {
  const label = state === 'live' ? s.live : state === 'connecting' ? s.connecting : s.reconnecting;
  return (
    <span className={`scr-link ${state}`} data-testid="screen-link" data-state={state} role="status">
      <i />
      {label}
    </span>
  );
}
