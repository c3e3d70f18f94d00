import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import { type Area, loadNeighborhoods } from './area';

/** From this zoom the 居委 outlines and names replace the 街镇 names. */
const DETAIL_ZOOM = 14;

type Feature = Area['geometry']['features'][number];

function labels(features: Feature[], className: string): L.LayerGroup {
  const group = L.layerGroup();
  for (const f of features) {
    const centre = L.geoJSON(f as never).getBounds().getCenter();
    group.addLayer(L.tooltip({ permanent: true, direction: 'center', className, interactive: false, pane: 'labels' }).setLatLng(centre).setContent(f.properties.name));
  }
  return group;
}

/**
 * A Leaflet map of the district drawn from our own boundaries (no tiles from the internet; a
 * configured tile URL is added underneath): the district outline and its 街镇 with their names;
 * zoomed in, the 居委 with theirs, so a place can be found without a street map.
 */
export function createBaseMap(el: HTMLElement, area: Area): { map: L.Map; bounds: L.LatLngBounds; remove: () => void } {
  const map = L.map(el, { zoomSnap: 0.25, attributionControl: Boolean(area.tileUrl), minZoom: 11, maxZoom: 18 });
  // Leaflet ends a zoom animation from a timer that remove() does not clear: removing the map in
  // the middle of one throws `_leaflet_pos`, so removal waits for the animation's end.
  let zooming = false;
  map.on('zoomanim', () => (zooming = true)).on('zoomend', () => (zooming = false));
  const remove = () => (zooming ? map.once('zoomend', () => map.remove()) : map.remove());

  // Place names above the boundaries (the overlay pane is 400) and under the points (the
  // `points` pane, for case points and the picked point), never over them.
  const labelPane = map.createPane('labels');
  labelPane.style.zIndex = '420';
  labelPane.style.pointerEvents = 'none';
  map.createPane('points').style.zIndex = '450';
  if (area.tileUrl) L.tileLayer(area.tileUrl, { maxZoom: 19 }).addTo(map);
  const features = area.geometry.features.filter((f) => f.geometry);
  const subs = features.filter((f) => f.properties.role === 'child');
  const self = features.filter((f) => f.properties.role === 'self');
  L.geoJSON(subs as never, { interactive: false, style: { color: '#7a8aa6', weight: 1, fillColor: '#eef3fb', fillOpacity: area.tileUrl ? 0 : 1 } }).addTo(map);
  const subLabels = labels(subs, 'area-label');
  const outline = L.geoJSON(self as never, { interactive: false, style: { color: '#0b3d91', weight: 2.5, fill: false } }).addTo(map);

  let detail: L.LayerGroup | null = null;
  let asked = false;
  const showDetail = () => {
    const near = map.getZoom() >= DETAIL_ZOOM;
    if (near && !asked) {
      asked = true;
      loadNeighborhoods()
        .then((fc) => {
          const nbs = fc.features.filter((f) => f.geometry);
          detail = L.layerGroup([
            L.geoJSON(nbs as never, { interactive: false, style: { color: '#8c97a8', weight: 1, dashArray: '4 3', fill: false } }),
            labels(nbs, 'area-label area-label-small'),
          ]);
          showDetail();
        })
        .catch(() => (asked = false));
    }
    if (detail) {
      if (near) detail.addTo(map);
      else detail.remove();
    }
    if (near) subLabels.remove();
    else subLabels.addTo(map);
  };
  map.on('zoomend', showDetail);

  const bounds = outline.getBounds().isValid() ? outline.getBounds() : L.latLngBounds([31.17, 121.33], [31.25, 121.44]);
  map.fitBounds(bounds, { padding: [8, 8] });
  map.setMaxBounds(bounds.pad(0.3));
  showDetail();
  return { map, bounds, remove };
}
