import type { PublicCasePoint } from '@gongzhi/contracts';
import L from 'leaflet';
import { useEffect, useRef, useState } from 'react';
import { messageOf } from '../api';
import { shanghaiDay } from '../format';
import { useLang } from '../i18n';
import { type Area, loadArea } from './area';
import { createBaseMap } from './baseMap';

export const stageColors = { open: '#c5221f', resolved: '#e37400', closed: '#188038' } as const;

/** The public map's Leaflet part (lazy: not in the first screen). Points only, no personal data. */
export default function CasePointsMap({ items }: { items: PublicCasePoint[] }) {
  const { t, lang } = useLang();
  const el = useRef<HTMLDivElement>(null);
  const map = useRef<L.Map | null>(null);
  const [area, setArea] = useState<Area | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    loadArea().then(setArea, (e) => setError(messageOf(e)));
  }, []);

  useEffect(() => {
    if (!area || !el.current) return;
    const base = createBaseMap(el.current, area);
    map.current = base.map;
    return () => {
      map.current = null;
      base.remove();
    };
  }, [area]);

  useEffect(() => {
    const m = map.current;
    if (!m) return;
    const layer = L.layerGroup(
      items.map((p) => {
        const name = p.categoryName ? (lang === 'en' && p.categoryNameEn ? p.categoryNameEn : p.categoryName) : t('map.noCategory');
        const marker = L.circleMarker([p.location[1], p.location[0]], {
          radius: 7,
          color: '#fff',
          weight: 1.5,
          fillColor: stageColors[p.stage],
          fillOpacity: 0.9,
          className: `case-point case-point-${p.stage}`,
          pane: 'points',
        });
        const box = document.createElement('div');
        box.className = 'point-popup';
        for (const [cls, text] of [
          ['strong', name],
          ['', `${t(`stage.${p.stage}`)} · ${t(`status.${p.status}`)}`],
          ['muted', `${p.subdistrict ?? ''} · ${shanghaiDay(p.receivedAt)}`],
          ['muted', p.number],
        ] as const) {
          const line = document.createElement('div');
          line.className = cls;
          line.textContent = text;
          box.appendChild(line);
        }
        marker.bindPopup(box);
        return marker;
      }),
    ).addTo(m);
    return () => {
      layer.remove();
    };
  }, [items, area, t, lang]);

  return (
    <>
      <div className="points-map" ref={el} data-testid="public-map" role="region" aria-label={t('map.mapLabel')} />
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </>
  );
}
