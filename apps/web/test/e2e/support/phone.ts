import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { ApiSession } from './auth';
import type { RunningServer } from './server';

/**
 * A phone (375×667, touch, Chinese) standing at `at` ([lng, lat]) with location allowed, collecting
 * page errors and failed requests like newPage() does. Service workers are allowed (the offline shell).
 */
export async function newPhonePage(browser: Browser, baseURL: string, at: [number, number]): Promise<{ context: BrowserContext; page: Page & { errors: string[] } }> {
  const context = await browser.newContext({
    baseURL,
    viewport: { width: 375, height: 667 },
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    geolocation: { longitude: at[0], latitude: at[1], accuracy: 12 },
    permissions: ['geolocation'],
    serviceWorkers: 'allow',
  });
  const page = (await context.newPage()) as Page & { errors: string[] };
  page.errors = [];
  page.on('pageerror', (err) => page.errors.push(err.message));
  page.on('response', (res) => res.status() >= 400 && page.errors.push(`${res.status()} ${res.url()}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !msg.text().startsWith('Failed to load resource')) page.errors.push(msg.text());
  });
  return { context, page };
}

/** A camera-sized JPEG drawn by the browser (the page must shrink it to 1600 px before sending). */
export async function cameraJpeg(page: Page, width = 2400, height = 1800, tint = 0): Promise<Buffer> {
  const bytes = await page.evaluate(
    async ({ width, height, tint }) => {
      const c = document.createElement('canvas');
      c.width = width;
      c.height = height;
      const g = c.getContext('2d')!;
      g.fillStyle = `rgb(${110 + tint},${150 - tint},90)`;
      g.fillRect(0, 0, width, height);
      g.fillStyle = '#5a6b3c';
      g.beginPath();
      g.arc(width / 2, height / 2, height / 3, 0, Math.PI * 2);
      g.fill();
      g.fillStyle = '#d9c48c';
      g.fillRect(width / 8, height / 8, width / 4, height / 5);
      const blob = await new Promise<Blob>((resolve) => c.toBlob((b) => resolve(b!), 'image/jpeg', 0.85));
      return Array.from(new Uint8Array(await blob.arrayBuffer()));
    },
    { width, height, tint },
  );
  return Buffer.from(bytes);
}

/** A JPEG's pixel size from its start-of-frame marker. */
export function jpegSize(buf: Buffer): { width: number; height: number } {
  let i = 2;
  while (i + 9 < buf.length) {
    if (buf[i] !== 0xff) throw new Error('not a JPEG marker');
    const marker = buf[i + 1]!;
    const len = buf.readUInt16BE(i + 2);
    if (marker >= 0xc0 && marker <= 0xc3) return { height: buf.readUInt16BE(i + 5), width: buf.readUInt16BE(i + 7) };
    i += 2 + len;
  }
  throw new Error('no frame in the JPEG');
}

/** Uploads a photo through the API as `session` and answers its id. */
export async function apiPhoto(server: RunningServer, session: ApiSession, bytes: Buffer): Promise<string> {
  const res = await fetch(`${server.baseUrl}/api/cases/photos`, { method: 'POST', headers: { ...session.headers, 'content-type': 'image/jpeg' }, body: new Uint8Array(bytes) });
  const json = (await res.json()) as { id: string };
  if (!res.ok) throw new Error(`photo upload → ${res.status} ${JSON.stringify(json)}`);
  return json.id;
}

/** Points inside a grid: its label point and points part way from it toward the outline's corners, kept when /api/geo/locate says they are in the grid. */
export async function pointsInGrid(server: RunningServer, session: ApiSession, code: string, count: number): Promise<{ center: [number, number]; points: [number, number][] }> {
  const get = async <T>(path: string) => {
    const res = await fetch(server.baseUrl + path, { headers: session.headers });
    return { ok: res.ok, json: (await res.json()) as T };
  };
  const unit = (await get<{ center: [number, number] }>(`/api/jurisdictions/${code}`)).json;
  const geo = (await get<{ features: { geometry: { type: string; coordinates: unknown } }[] }>(`/api/jurisdictions/${code}/geometry?children=0`)).json;
  const g = geo.features[0]!.geometry;
  const ring = (g.type === 'Polygon' ? (g.coordinates as number[][][])[0] : (g.coordinates as number[][][][])[0]![0])!;
  const points: [number, number][] = [];
  for (const f of [0.45, 0.3]) {
    for (let i = 0; i < ring.length - 1 && points.length < count; i += Math.max(1, Math.floor((ring.length - 1) / count))) {
      const v = ring[i]!;
      const p: [number, number] = [unit.center[0] + (v[0]! - unit.center[0]) * f, unit.center[1] + (v[1]! - unit.center[1]) * f];
      const at = await get<{ grid?: { code: string } }>(`/api/geo/locate?lng=${p[0]}&lat=${p[1]}`);
      if (at.ok && at.json.grid?.code === code) points.push(p);
    }
    if (points.length >= count) break;
  }
  if (points.length < count) throw new Error(`only ${points.length} points found inside ${code}`);
  return { center: unit.center, points };
}
