import L from 'leaflet';
import { Empty, Spin } from 'antd';
import type { UnitFeatureCollection } from '@gongzhi/contracts';
import { useEffect, useRef } from 'react';
import { useLang } from '../i18n';

type Props = {
  geometry: UnitFeatureCollection | undefined;
  loading: boolean;
  onSelect: (code: string) => void;
  /** Optional XYZ tile URL; without one the boundaries are drawn on a plain background. */
  tileUrl?: string;
};

type Feature = UnitFeatureCollection['features'][number];

// Distinguishable fills for neighbouring children, repeated when there are more of them.
const palette = ['#69b1ff', '#95de64', '#ffc069', '#ff85c0', '#b37feb', '#5cdbd3', '#ffd666', '#ff9c6e'];

const childStyle = (i: number): L.PathOptions => ({
  color: '#1f3a68',
  weight: 1,
  fillColor: palette[i % palette.length],
  fillOpacity: 0.35,
  className: 'gz-unit-child',
});

export function UnitMap({ geometry, loading, onSelect, tileUrl }: Props) {
  const { t } = useLang();
  const el = useRef<HTMLDivElement>(null);
  const map = useRef<L.Map | null>(null);
  const select = useRef(onSelect);
  select.current = onSelect;

  useEffect(() => {
    const m = L.map(el.current!, { zoomSnap: 0.25, attributionControl: Boolean(tileUrl), preferCanvas: false });
    if (tileUrl) L.tileLayer(tileUrl, { maxZoom: 19 }).addTo(m);
    m.setView([31.22, 121.42], 13); // Changning, until the first boundary arrives.
    map.current = m;
    // The map sits in a resizable layout: keep Leaflet's idea of its size current.
    const ro = new ResizeObserver(() => m.invalidateSize());
    ro.observe(el.current!);
    // Leaflet ends a zoom animation from a timer that remove() does not clear; removing the map
    // mid-animation (leaving the page right after fitBounds) then throws `_leaflet_pos`.
    let zooming = false;
    m.on('zoomanim', () => (zooming = true)).on('zoomend', () => (zooming = false));
    return () => {
      ro.disconnect();
      map.current = null;
      if (zooming) m.once('zoomend', () => m.remove());
      else m.remove();
    };
  }, [tileUrl]);

  useEffect(() => {
    const m = map.current;
    if (!m || !geometry) return;
    const features = geometry.features.filter((f) => f.geometry);
    const self = features.filter((f) => f.properties.role === 'self');
    const kids = features.filter((f) => f.properties.role === 'child');

    // The unit's own outline underneath and not clickable, so clicks land on its children.
    const selfLayer = L.geoJSON(self as never, {
      interactive: false,
      style: { color: '#0b3d91', weight: 3, fillColor: '#0b3d91', fillOpacity: 0.05, className: 'gz-unit-self' },
    });
    let i = 0;
    const kidLayer = L.geoJSON<Feature['properties']>(kids as never, {
      style: () => childStyle(i++),
      onEachFeature: (feature, layer) => {
        const path = layer as L.Path;
        path.bindTooltip(feature.properties.name, { sticky: true, direction: 'top', className: 'gz-map-label' });
        path.on('mouseover', () => path.setStyle({ weight: 3, fillOpacity: 0.6 }));
        path.on('mouseout', () => path.setStyle({ weight: 1, fillOpacity: 0.35 }));
        path.on('click', () => select.current(feature.properties.code));
        // Lets tests and assistive tools find a child by its code.
        path.on('add', () => {
          path.getElement()?.setAttribute('data-code', feature.properties.code);
          path.getElement()?.setAttribute('aria-label', feature.properties.name);
        });
      },
    });
    const group = L.featureGroup([selfLayer, kidLayer]).addTo(m);
    const bounds = (self.length ? selfLayer : group).getBounds();
    if (bounds.isValid()) m.fitBounds(bounds, { padding: [12, 12] });
    return () => {
      group.remove();
    };
  }, [geometry]);

  const empty = geometry && !geometry.features.some((f) => f.geometry);
  return (
    <div className="gz-map-wrap">
      <div ref={el} className="gz-map" data-testid="unit-map" aria-label={t('jurisdiction.map')} />
      {(loading || empty) && (
        <div className="gz-map-overlay">
          {loading ? <Spin /> : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('jurisdiction.mapNoGeometry')} />}
        </div>
      )}
    </div>
  );
}
