import type { UnitFeatureCollection } from '@gongzhi/contracts';
import L from 'leaflet';
import { useEffect, useRef } from 'react';
import type { LngLat } from './geo';

export type MapPoint = {
  id: string;
  at: LngLat;
  /** pick: the report's point (draggable); me: the worker; case: a case to visit. */
  kind: 'pick' | 'me' | 'case';
  label?: string;
  accuracy?: number;
};

type Props = {
  geometry: UnitFeatureCollection | undefined;
  /** The worker's own unit, drawn stronger than its neighbours. */
  ownCode?: string;
  points: MapPoint[];
  /** A straight line from the worker to the case (no road network offline: direction and distance). */
  line?: [LngLat, LngLat] | null;
  /** A tap on the map, or the pick marker dragged. */
  onPick?: (at: LngLat) => void;
  onPointClick?: (id: string) => void;
  /** What to frame: the own unit, or all the points (re-framed when this key changes). */
  fitKey: string;
  fit: 'own' | 'points';
  height: number;
  testId: string;
  ariaLabel: string;
};

const ll = (p: LngLat): L.LatLngExpression => [p[1], p[0]];
const pinIcon = (kind: 'pick' | 'case', label?: string) =>
  L.divIcon({
    className: `gz-pin gz-pin-${kind}`,
    html: `<span class="gz-pin-head"><b>${label ? label.replace(/[<>&"]/g, '') : ''}</b></span>`,
    iconSize: [26, 34],
    iconAnchor: [13, 34],
  });

/**
 * The grid worker's map: our own boundaries on a plain background (no internet tiles), the
 * worker's position, the report's point or the cases to visit. Leaflet, like the jurisdiction map.
 */
export function GridMap({ geometry, ownCode, points, line, onPick, onPointClick, fitKey, fit, height, testId, ariaLabel }: Props) {
  const el = useRef<HTMLDivElement>(null);
  const map = useRef<L.Map | null>(null);
  const bounds = useRef<{ own: L.LatLngBounds | null }>({ own: null });
  const handlers = useRef({ onPick, onPointClick });
  handlers.current = { onPick, onPointClick };
  const framed = useRef<string | null>(null);

  useEffect(() => {
    const m = L.map(el.current!, { zoomSnap: 0.25, attributionControl: false, zoomControl: true, tapTolerance: 20 });
    m.setView([31.22, 121.42], 15);
    m.on('click', (e: L.LeafletMouseEvent) => handlers.current.onPick?.([e.latlng.lng, e.latlng.lat]));
    map.current = m;
    const ro = new ResizeObserver(() => m.invalidateSize());
    ro.observe(el.current!);
    let zooming = false;
    m.on('zoomanim', () => (zooming = true)).on('zoomend', () => (zooming = false));
    return () => {
      ro.disconnect();
      map.current = null;
      // Removing the map mid-animation throws in Leaflet (see UnitMap.tsx).
      if (zooming) m.once('zoomend', () => m.remove());
      else m.remove();
    };
  }, []);

  // Boundaries: the neighbours faint, the own unit outlined.
  useEffect(() => {
    const m = map.current;
    if (!m || !geometry) return;
    const feats = geometry.features.filter((f) => f.geometry);
    const own = feats.filter((f) => f.properties.code === ownCode);
    const others = feats.filter((f) => f.properties.code !== ownCode && f.properties.role === 'child');
    const otherLayer = L.geoJSON(others as never, { interactive: false, style: { color: '#8c9bb5', weight: 1, fillColor: '#dfe6f1', fillOpacity: 0.5 } });
    const ownLayer = L.geoJSON(own as never, {
      interactive: false,
      style: { color: '#0b3d91', weight: 3, fillColor: '#91caff', fillOpacity: 0.25, className: 'gz-grid-own' },
    });
    const group = L.featureGroup([otherLayer, ownLayer]).addTo(m);
    group.bringToBack();
    bounds.current.own = own.length ? ownLayer.getBounds() : group.getBounds();
    framed.current = null; // frame again now that the boundaries are known
    return () => void group.remove();
  }, [geometry, ownCode]);

  // Points and the line; framing when asked for.
  useEffect(() => {
    const m = map.current;
    if (!m) return;
    const layers: L.Layer[] = [];
    if (line) layers.push(L.polyline([ll(line[0]), ll(line[1])], { color: '#fa541c', weight: 3, dashArray: '6 6', className: 'gz-route-line', interactive: false }));
    for (const p of points) {
      if (p.kind === 'me') {
        if (p.accuracy && p.accuracy < 500) layers.push(L.circle(ll(p.at), { radius: p.accuracy, color: '#1677ff', weight: 1, fillOpacity: 0.08, interactive: false }));
        layers.push(L.circleMarker(ll(p.at), { radius: 7, color: '#fff', weight: 2, fillColor: '#1677ff', fillOpacity: 1, className: 'gz-me', interactive: false }));
        continue;
      }
      const marker = L.marker(ll(p.at), { icon: pinIcon(p.kind, p.label), draggable: p.kind === 'pick', keyboard: false, autoPan: true });
      if (p.kind === 'pick') marker.on('dragend', () => handlers.current.onPick?.([marker.getLatLng().lng, marker.getLatLng().lat]));
      if (p.kind === 'case') marker.on('click', () => handlers.current.onPointClick?.(p.id));
      marker.on('add', () => marker.getElement()?.setAttribute('data-point', p.id));
      layers.push(marker);
    }
    const group = L.featureGroup(layers).addTo(m);
    if (framed.current !== fitKey) {
      const own = bounds.current.own;
      const target = fit === 'own' || !points.length ? own : group.getBounds();
      if (target?.isValid()) {
        framed.current = fitKey;
        if (fit === 'points' && points.length === 1 && !line) m.setView(ll(points[0]!.at), 17);
        // Room above the points for the pins, which stand 34 px tall on their point.
        else m.fitBounds(target, { paddingTopLeft: [24, 44], paddingBottomRight: [24, 16], maxZoom: 18 });
      }
    }
    return () => void group.remove();
  }, [points, line, fit, fitKey, geometry]);

  return <div ref={el} className="gz-grid-map" style={{ height }} data-testid={testId} aria-label={ariaLabel} role="application" />;
}
