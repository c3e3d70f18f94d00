/** Small geometry for the grid worker's pages: distances, "is this point in my grid", map links. WGS84 [lng, lat]. */
export type LngLat = [number, number];

type Ring = number[][];
type Geometry = { type: 'Polygon' | 'MultiPolygon'; coordinates: unknown[] };

const R = 6_371_008.8; // mean Earth radius, metres
const rad = (d: number) => (d * Math.PI) / 180;

/** Great-circle distance in metres (haversine): plenty for walking distances in a district. */
export function distanceMeters(a: LngLat, b: LngLat): number {
  const dLat = rad(b[1] - a[1]);
  const dLng = rad(b[0] - a[0]);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a[1])) * Math.cos(rad(b[1])) * Math.sin(dLng / 2) ** 2;
  return 2 * R * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** "350 米" / "1.2 公里" (or m / km): whole metres under a kilometre, one decimal above. */
export function formatDistance(m: number, lang: 'zh-CN' | 'en'): string {
  if (m < 1000) return lang === 'en' ? `${Math.round(m)} m` : `${Math.round(m)} 米`;
  const km = (m / 1000).toFixed(m < 10_000 ? 1 : 0);
  return lang === 'en' ? `${km} km` : `${km} 公里`;
}

/** Compass direction from a to b in eight steps (0 = north), for "东北方向 350 米". */
export function compassStep(a: LngLat, b: LngLat): number {
  const y = Math.sin(rad(b[0] - a[0])) * Math.cos(rad(b[1]));
  const x = Math.cos(rad(a[1])) * Math.sin(rad(b[1])) - Math.sin(rad(a[1])) * Math.cos(rad(b[1])) * Math.cos(rad(b[0] - a[0]));
  const deg = ((Math.atan2(y, x) * 180) / Math.PI + 360) % 360;
  return Math.round(deg / 45) % 8;
}

function inRing(pt: LngLat, ring: Ring): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i] as [number, number];
    const [xj, yj] = ring[j] as [number, number];
    if (yi > pt[1] !== yj > pt[1] && pt[0] < ((xj - xi) * (pt[1] - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function inPolygon(pt: LngLat, rings: Ring[]): boolean {
  const [outer, ...holes] = rings;
  return !!outer && inRing(pt, outer) && !holes.some((h) => inRing(pt, h));
}

/** Whether the point lies in a GeoJSON Polygon or MultiPolygon (even-odd rule, holes respected). */
export function pointInGeometry(pt: LngLat, g: Geometry | null | undefined): boolean {
  if (!g) return false;
  if (g.type === 'Polygon') return inPolygon(pt, g.coordinates as Ring[]);
  return (g.coordinates as Ring[][]).some((poly) => inPolygon(pt, poly));
}

/**
 * A geo: URI (RFC 5870) that phones hand to their map app for directions. Latitude first; the
 * label in parentheses is what Android map apps show on the pin.
 */
export function geoUri(at: LngLat, label?: string): string {
  const lat = at[1].toFixed(6);
  const lng = at[0].toFixed(6);
  const q = label ? `(${encodeURIComponent(label.replace(/[()]/g, ' ').trim())})` : '';
  return `geo:${lat},${lng}?q=${lat},${lng}${q}`;
}
