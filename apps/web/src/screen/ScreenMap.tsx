import type { CaseStatsPoints, CaseStatsUnitRow, UnitFeatureCollection } from '@gongzhi/contracts';
import L from 'leaflet';
import { useEffect, useRef, useState } from 'react';
import { formatCount, heatColor, heatLegend } from '../stats/format';
import { screenApi } from './api';
import { fill, s } from './strings';

type Props = {
  unitCode: string;
  /** The unit's children with their figures: the heat layer. */
  rows: CaseStatsUnitRow[];
  points: CaseStatsPoints;
};

const pointStyle: Record<number, { color: string; radius: number }> = {
  0: { color: '#3fd0ff', radius: 3 },
  1: { color: '#ff4d4f', radius: 4.5 },
  2: { color: '#ffd23f', radius: 5 },
};

/**
 * The district (or the viewer's 街镇) on a dark background, no tiles: children filled by the
 * period's intake (choropleth) with their names, every grid's outline, open cases as points.
 * Drawn on a canvas renderer: thousands of points and a thousand grid outlines stay smooth.
 */
export function ScreenMap({ unitCode, rows, points }: Props) {
  const el = useRef<HTMLDivElement>(null);
  const map = useRef<L.Map | null>(null);
  const layers = useRef<{ heat?: L.GeoJSON; grids?: L.GeoJSON; points?: L.LayerGroup }>({});
  const [shapes, setShapes] = useState<{ children: UnitFeatureCollection; grids: UnitFeatureCollection | null } | null>(null);

  useEffect(() => {
    const m = L.map(el.current!, { zoomControl: false, attributionControl: false, zoomSnap: 0.1, preferCanvas: true, scrollWheelZoom: false });
    m.setView([31.21, 121.41], 13);
    map.current = m;
    const ro = new ResizeObserver(() => m.invalidateSize());
    ro.observe(el.current!);
    return () => {
      ro.disconnect();
      map.current = null;
      m.remove();
    };
  }, []);

  // Boundaries change only with the unit: fetched once, kept across refreshes.
  useEffect(() => {
    let live = true;
    const level = unitCode.length < 15 ? 'grid' : undefined;
    void Promise.all([screenApi.geometry(unitCode), level ? screenApi.geometry(unitCode, level) : Promise.resolve(null)]).then(
      ([children, grids]) => live && setShapes({ children, grids }),
      () => undefined, // the next refresh of the page's data retries with a new unit render
    );
    return () => {
      live = false;
    };
  }, [unitCode]);

  // Grid outlines and the fit: once per unit.
  useEffect(() => {
    const m = map.current;
    if (!m || !shapes) return;
    const self = shapes.children.features.filter((f) => f.properties.role === 'self' && f.geometry);
    const outline = L.geoJSON(self as never, { interactive: false, style: { color: '#4aa8ff', weight: 2.5, fill: false } });
    const grids = shapes.grids
      ? L.geoJSON(shapes.grids.features.filter((f) => f.properties.role === 'child' && f.geometry) as never, {
          interactive: false,
          style: { color: 'rgba(120,170,230,0.28)', weight: 0.6, fill: false },
        })
      : null;
    outline.addTo(m);
    grids?.addTo(m);
    layers.current.grids = grids ?? undefined;
    const b = outline.getBounds();
    if (b.isValid()) m.fitBounds(b, { padding: [12, 12] });
    return () => {
      outline.remove();
      grids?.remove();
    };
  }, [shapes]);

  // The heat layer: redrawn with every refresh of the figures.
  useEffect(() => {
    const m = map.current;
    if (!m || !shapes) return;
    const byCode = new Map(rows.map((r) => [r.code, r]));
    const max = Math.max(0, ...rows.map((r) => r.figures.intake));
    const kids = shapes.children.features.filter((f) => f.properties.role === 'child' && f.geometry);
    const heat = L.geoJSON(kids as never, {
      interactive: false,
      style: (f) => ({ color: '#6fa8ff', weight: 1.2, fillColor: heatColor(byCode.get(f!.properties.code)?.figures.intake ?? 0, max), fillOpacity: 0.55 }),
      onEachFeature: (f, layer) => {
        const r = byCode.get(f.properties.code);
        // Names on the map only where there is room: a 街镇 or a neighborhood, not a grid.
        if (kids.length <= 40) {
          layer.bindTooltip(`${f.properties.name}<b>${formatCount(r?.figures.intake ?? 0)}</b>`, { permanent: true, direction: 'center', className: 'scr-map-label' });
        }
      },
    });
    heat.addTo(m);
    heat.bringToBack();
    layers.current.heat = heat;
    return () => {
      heat.remove();
    };
  }, [shapes, rows]);

  // Case points: over everything.
  useEffect(() => {
    const m = map.current;
    if (!m) return;
    const group = L.layerGroup();
    // Overdue and new points drawn last, so they stay visible among the many open ones.
    const ordered = [...points.items].sort((a, b) => (a[2] === 0 ? 0 : 1) - (b[2] === 0 ? 0 : 1));
    for (const [lng, lat, kind] of ordered) {
      const st = pointStyle[kind] ?? pointStyle[0]!;
      L.circleMarker([lat, lng], { radius: st.radius, color: st.color, weight: 1, fillColor: st.color, fillOpacity: 0.85, interactive: false }).addTo(group);
    }
    group.addTo(m);
    layers.current.points = group;
    return () => {
      group.remove();
    };
  }, [points]);

  const max = Math.max(0, ...rows.map((r) => r.figures.intake));
  const counts = [0, 1, 2].map((k) => points.items.filter((p) => p[2] === k).length);
  return (
    <div className="scr-map-wrap">
      <div ref={el} className="scr-map" data-testid="screen-map" data-points={points.items.length} data-shapes={shapes ? shapes.children.features.length : 0} />
      <div className="scr-legend">
        <div className="scr-legend-title">{s.legendHeat}</div>
        <div className="scr-legend-steps">
          {heatLegend(max).map((step) => (
            <span key={step.color}>
              <i style={{ background: step.color }} />
              {step.upTo === 0 ? '0' : `≤${formatCount(step.upTo)}`}
            </span>
          ))}
        </div>
        <div className="scr-legend-points">
          <span><i className="dot" style={{ background: pointStyle[0]!.color }} />{s.legendOpen} {formatCount(counts[0])}</span>
          <span><i className="dot" style={{ background: pointStyle[1]!.color }} />{s.legendOverdue} {formatCount(counts[1])}</span>
          <span><i className="dot" style={{ background: pointStyle[2]!.color }} />{s.legendNew} {formatCount(counts[2])}</span>
        </div>
        {points.capped && <div className="scr-legend-note">{fill(s.capped, { n: formatCount(points.items.length) })}</div>}
      </div>
    </div>
  );
}
