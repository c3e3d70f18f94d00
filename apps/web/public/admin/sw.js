/*
 * The staff console's offline shell, registered by the grid worker's pages: a patrol page
 * reloaded without network still opens, and the report queue kept in IndexedDB carries on.
 *
 * - Page loads under /admin/: network first (a new release is picked up at once); without
 *   network, the last console page seen.
 * - /assets/*: file names carry a content hash, so a cached copy is always right: cache first.
 * - Everything else, the API above all, goes to the network untouched: no case data, personal
 *   data or queued report is ever stored here.
 */
const CACHE = 'gongzhi-admin-shell-v1';
const SHELL = '/admin/';

self.addEventListener('install', (event) => {
  event.waitUntil(precache().catch(() => undefined));
  self.skipWaiting();
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) if (key.startsWith('gongzhi-admin-shell-') && key !== CACHE) await caches.delete(key);
      await self.clients.claim();
    })(),
  );
});

/** The console page and the files it names. */
async function precache() {
  const cache = await caches.open(CACHE);
  const res = await fetch(SHELL, { cache: 'no-cache' });
  if (!res.ok) return;
  const html = await res.clone().text();
  await cache.put(SHELL, res);
  const urls = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]);
  await Promise.all(urls.map((u) => cache.add(u).catch(() => undefined)));
}

// The page lists the files it loaded before this worker took control (lazy chunks too).
self.addEventListener('message', (event) => {
  const data = event.data;
  if (!data || data.type !== 'cache' || !Array.isArray(data.urls)) return;
  const urls = data.urls.filter((u) => typeof u === 'string' && u.startsWith('/assets/'));
  event.waitUntil(
    caches.open(CACHE).then((cache) =>
      Promise.all(urls.map(async (u) => ((await cache.match(u)) ? undefined : cache.add(u).catch(() => undefined)))),
    ),
  );
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET') return;
  const url = new URL(req.url);
  if (url.origin !== self.location.origin) return;
  if (req.mode === 'navigate' && url.pathname.startsWith('/admin/')) {
    event.respondWith(shell(req));
  } else if (url.pathname.startsWith('/assets/')) {
    event.respondWith(asset(req));
  }
});

async function shell(req) {
  try {
    const res = await fetch(req);
    if (res.ok && (res.headers.get('content-type') || '').includes('text/html')) {
      const copy = res.clone();
      caches.open(CACHE).then((c) => c.put(SHELL, copy));
    }
    return res;
  } catch (err) {
    const hit = await caches.match(SHELL);
    if (hit) return hit;
    throw err;
  }
}

async function asset(req) {
  const hit = await caches.match(req);
  if (hit) return hit;
  const res = await fetch(req);
  if (res.ok) {
    const copy = res.clone();
    caches.open(CACHE).then((c) => c.put(req, copy));
  }
  return res;
}
