import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import type { Area } from './area';

/**
 * A Leaflet map of the district drawn from our own boundaries (no tiles from the internet; a
 * configured tile URL is added underneath): the district outline and its 街镇 with their names.
 */
export function createBaseMap(el: HTMLElement, area: Area, opts: { labels?: boolean } = {}): { map: L.Map; bounds: L.LatLngBounds; remove: () => void } {
  const map = L.map(el, { zoomSnap: 0.25, attributionControl: Boolean(area.tileUrl), minZoom: 11, maxZoom: 18 });
  // Leaflet ends a zoom animation from a timer that remove() does not clear: removing the map in
  // the middle of one throws `_leaflet_pos`, so removal waits for the animation's end.
  let zooming = false;
  map.on('zoomanim', () => (zooming = true)).on('zoomend', () => (zooming = false));
  const remove = () => (zooming ? map.once('zoomend', () => map.remove()) : map.remove());
  if (area.tileUrl) L.tileLayer(area.tileUrl, { maxZoom: 19 }).addTo(map);
  const features = area.geometry.features.filter((f) => f.geometry);
  const subs = features.filter((f) => f.properties.role === 'child');
  const self = features.filter((f) => f.properties.role === 'self');
  L.geoJSON(subs as never, {
    interactive: false,
    style: { color: '#7a8aa6', weight: 1, fillColor: '#eef3fb', fillOpacity: area.tileUrl ? 0 : 1 },
    onEachFeature: (f, layer) => {
      if (opts.labels === false) return;
      const name = (f.properties as { name: string }).name;
      const centre = (layer as L.Polygon).getBounds().getCenter();
      L.tooltip({ permanent: true, direction: 'center', className: 'area-label', interactive: false }).setLatLng(centre).setContent(name).addTo(map);
    },
  }).addTo(map);
  const outline = L.geoJSON(self as never, { interactive: false, style: { color: '#0b3d91', weight: 2.5, fill: false } }).addTo(map);
  const bounds = outline.getBounds().isValid() ? outline.getBounds() : L.latLngBounds([31.17, 121.33], [31.25, 121.44]);
  map.fitBounds(bounds, { padding: [8, 8] });
  map.setMaxBounds(bounds.pad(0.3));
  return { map, bounds, remove };
}
