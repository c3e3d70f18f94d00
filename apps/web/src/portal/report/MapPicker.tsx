import L from 'leaflet';
import { useEffect, useRef, useState } from 'react';
import { messageOf } from '../api';
import { useLang } from '../i18n';
import { type Area, loadArea } from '../map/area';
import { createBaseMap } from '../map/baseMap';

export type LngLat = [number, number];

type Props = {
  initial: LngLat | null;
  onPick: (point: LngLat) => void;
  onClose: () => void;
};

/** A full-screen map to tap the problem's place on (loaded only when opened: Leaflet is not in the first screen). */
export default function MapPicker({ initial, onPick, onClose }: Props) {
  const { t } = useLang();
  const el = useRef<HTMLDivElement>(null);
  const [area, setArea] = useState<Area | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [point, setPoint] = useState<LngLat | null>(initial);

  useEffect(() => {
    loadArea().then(setArea, (e) => setError(messageOf(e)));
  }, []);

  useEffect(() => {
    if (!area || !el.current) return;
    const { map, remove } = createBaseMap(el.current, area);
    let marker: L.CircleMarker | null = null;
    const place = (p: LngLat) => {
      const ll = L.latLng(p[1], p[0]);
      if (marker) marker.setLatLng(ll);
      else marker = L.circleMarker(ll, { radius: 10, color: '#fff', weight: 3, fillColor: '#d93025', fillOpacity: 1, className: 'pick-marker', pane: 'points' }).addTo(map);
    };
    if (initial) {
      place(initial);
      // Close enough for the 居委 outlines and names: with no tiles, they are what there is to go by.
      map.setView([initial[1], initial[0]], 15, { animate: false });
    }
    map.on('click', (e: L.LeafletMouseEvent) => {
      const p: LngLat = [Math.round(e.latlng.lng * 1e6) / 1e6, Math.round(e.latlng.lat * 1e6) / 1e6];
      place(p);
      setPoint(p);
    });
    return remove;
  }, [area, initial]);

  // Escape closes, as any dialog.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && onClose();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);

  return (
    <div className="picker" role="dialog" aria-modal="true" aria-labelledby="picker-title" data-testid="map-picker">
      <div className="picker-head">
        <h2 id="picker-title">{t('map.pickTitle')}</h2>
        <button type="button" className="btn btn-text" onClick={onClose}>
          {t('common.cancel')}
        </button>
      </div>
      <p className="picker-hint">
        {t('map.pickHint')}
        {area && !area.tileUrl && <span className="muted"> · {t('map.noTiles')}</span>}
      </p>
      <div className="picker-map" ref={el} data-testid="picker-map" role="application" aria-label={t('map.mapLabel')} />
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <div className="picker-foot">
        <span className="muted" data-testid="picker-point">
          {point ? `${point[1].toFixed(5)}, ${point[0].toFixed(5)}` : t('map.pickNone')}
        </span>
        <button type="button" className="btn btn-primary" data-testid="picker-use" disabled={!point} onClick={() => point && onPick(point)}>
          {t('map.use')}
        </button>
      </div>
    </div>
  );
}
