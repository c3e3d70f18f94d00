import type { UnitFeatureCollection } from '@gongzhi/contracts';
import L from 'leaflet';
import { useEffect, useRef } from 'react';
import { api as jurisdictionApi } from '../api/jurisdictions';
import { useAsync } from '../hooks/useAsync';
import { useLang } from '../i18n';

export type MapPoint = { id: string; lng: number; lat: number; label: string; kind: 'main' | 'other' };

const pointStyle = (kind: MapPoint['kind']): L.CircleMarkerOptions => ({
  radius: kind === 'main' ? 9 : 8,
  color: '#fff',
  weight: 2,
  fillColor: kind === 'main' ? '#d4380d' : '#1677ff',
  fillOpacity: 0.95,
  className: `gz-case-point gz-case-point-${kind}`,
});

/**
 * The case's point(s) over the boundary of its 居民区 and the grids inside it (our own GeoJSON,
 * no tile server: the console works on closed networks). Two points for a duplicate pair.
 */
export function CaseMap({
  points,
  unitCode,
  height = 240,
  outline,
  permanentLabels,
}: {
  points: MapPoint[];
  unitCode?: string | null;
  height?: number;
  /** An extra outline drawn over the unit's (a compound's, on its page). */
  outline?: { type: 'Polygon'; coordinates: [number, number][][] } | null;
  /** Labels always shown (default: when there are several points, as for a duplicate pair). */
  permanentLabels?: boolean;
}) {
  const { t } = useLang();
  const el = useRef<HTMLDivElement>(null);
  const map = useRef<L.Map | null>(null);
  // What the map should show; refitted when the map's box changes size (it opens inside an animating dialog).
  const fit = useRef<(() => void) | null>(null);
  const geo = useAsync<UnitFeatureCollection | null>(unitCode ? (s) => jurisdictionApi.geometry(unitCode, s) : null, [unitCode]);

  useEffect(() => {
    const m = L.map(el.current!, { zoomSnap: 0.25, attributionControl: false });
    m.setView([31.22, 121.42], 14);
    map.current = m;
    const ro = new ResizeObserver(() => {
      m.invalidateSize();
      fit.current?.();
    });
    ro.observe(el.current!);
    let zooming = false;
    m.on('zoomanim', () => (zooming = true)).on('zoomend', () => (zooming = false));
    return () => {
      ro.disconnect();
      map.current = null;
      // Removing the map mid-animation throws inside Leaflet: wait for the animation to end.
      if (zooming) m.once('zoomend', () => m.remove());
      else m.remove();
    };
  }, []);

  const key = points.map((p) => `${p.id}:${p.lng},${p.lat}`).join('|');
  useEffect(() => {
    const m = map.current;
    if (!m) return;
    const layers: L.Layer[] = [];
    const features = geo.data?.features.filter((f) => f.geometry) ?? [];
    if (features.length) {
      layers.push(
        L.geoJSON(features as never, {
          interactive: false,
          style: (f) =>
            (f as { properties?: { role?: string } } | undefined)?.properties?.role === 'self'
              ? { color: '#0b3d91', weight: 2, fillColor: '#0b3d91', fillOpacity: 0.04 }
              : { color: '#8c9bb5', weight: 1, dashArray: '3 3', fillOpacity: 0 },
        }),
      );
    }
    if (outline) layers.push(L.geoJSON(outline as never, { interactive: false, style: { color: '#d46b08', weight: 2, fillColor: '#fa8c16', fillOpacity: 0.08 } }));
    const markers = points.map((p) => {
      const marker = L.circleMarker([p.lat, p.lng], pointStyle(p.kind)).bindTooltip(p.label, { permanent: permanentLabels ?? points.length > 1, direction: 'top', offset: [0, -8], className: 'gz-map-label' });
      marker.on('add', () => marker.getElement()?.setAttribute('data-case', p.id));
      return marker;
    });
    const group = L.featureGroup([...layers, ...markers]).addTo(m);
    const pts = L.featureGroup(markers);
    fit.current = () => {
      if (!m.getSize().x) return;
      if (points.length === 1) {
        const selfBounds = layers[0] ? (layers[0] as L.GeoJSON).getBounds() : null;
        if (selfBounds?.isValid()) m.fitBounds(selfBounds.extend(pts.getBounds()), { padding: [16, 16], maxZoom: 17, animate: false });
        else m.setView([points[0]!.lat, points[0]!.lng], 16, { animate: false });
      } else if (points.length > 1) {
        // A duplicate pair is often a few metres apart: zoom in until the two points separate.
        m.fitBounds(pts.getBounds(), { padding: [60, 60], maxZoom: 19, animate: false });
      }
    };
    fit.current();
    return () => {
      fit.current = null;
      group.remove();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, geo.data, outline]);

  return <div ref={el} className="gz-case-map" style={{ height }} data-testid="case-map" aria-label={t('caseDetail.map')} />;
}
