import type { LocateResult } from '@gongzhi/contracts';
import { lazy, Suspense, useEffect, useState } from 'react';
import { api, ApiError, messageOf } from '../api';
import { useLang } from '../i18n';
import type { LngLat } from './MapPicker';

const MapPicker = lazy(() => import('./MapPicker'));

type Props = {
  value: LngLat | null;
  onChange: (p: LngLat | null) => void;
  /** Set when the place is refused (outside the district): the form will not submit. */
  onValidity: (problem: string | null) => void;
  error?: string | null;
};

/** Where the problem is: the phone's location or a point tapped on the map; named by /api/geo/locate. */
export function LocationField({ value, onChange, onValidity, error }: Props) {
  const { t } = useLang();
  const [picking, setPicking] = useState(false);
  const [locating, setLocating] = useState(false);
  const [place, setPlace] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [checking, setChecking] = useState(false);

  useEffect(() => {
    setPlace(null);
    setProblem(null);
    onValidity(null);
    if (!value) return;
    const ctl = new AbortController();
    setChecking(true);
    api<LocateResult>(`/api/geo/locate?lng=${value[0]}&lat=${value[1]}`, { signal: ctl.signal })
      .then((r) => setPlace(`${r.subdistrict.name} · ${r.neighborhood.name}`))
      .catch((err) => {
        if (ctl.signal.aborted) return;
        const msg = err instanceof ApiError && err.code === 'OUTSIDE_JURISDICTION' ? t('map.pickOutside') : messageOf(err);
        setProblem(msg);
        if (err instanceof ApiError && err.code === 'OUTSIDE_JURISDICTION') onValidity(msg);
      })
      .finally(() => !ctl.signal.aborted && setChecking(false));
    return () => ctl.abort();
    // onValidity is the parent's setter: stable.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [value, t]);

  const useMyLocation = () => {
    if (!('geolocation' in navigator)) {
      setProblem(t('report.geoUnsupported'));
      return;
    }
    setLocating(true);
    setProblem(null);
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        setLocating(false);
        // Browsers report WGS84, the API's datum.
        onChange([Math.round(pos.coords.longitude * 1e6) / 1e6, Math.round(pos.coords.latitude * 1e6) / 1e6]);
      },
      () => {
        setLocating(false);
        setProblem(t('report.geoDenied'));
      },
      { enableHighAccuracy: true, timeout: 15_000, maximumAge: 60_000 },
    );
  };

  const shown = error ?? problem;
  return (
    <fieldset className="field" aria-describedby={shown ? 'location-error' : undefined}>
      <legend>
        {t('report.location')} <span className="req">*</span>
      </legend>
      <div className="row">
        <button type="button" className="btn" data-testid="use-location" onClick={useMyLocation} disabled={locating}>
          {locating ? t('report.locating') : t('report.useMyLocation')}
        </button>
        <button type="button" className="btn" data-testid="pick-on-map" onClick={() => setPicking(true)}>
          {value ? t('report.changeOnMap') : t('report.pickOnMap')}
        </button>
      </div>
      <p className="place" aria-live="polite" data-testid="report-place">
        {checking ? t('report.placeChecking') : place ? t('report.placeIs', { place }) : ''}
      </p>
      {shown && (
        <p className="error" id="location-error" role="alert">
          {shown}
        </p>
      )}
      {picking && (
        <Suspense fallback={<div className="picker picker-loading">{t('common.loading')}</div>}>
          <MapPicker
            initial={value}
            onClose={() => setPicking(false)}
            onPick={(p) => {
              setPicking(false);
              onChange(p);
            }}
          />
        </Suspense>
      )}
    </fieldset>
  );
}
