/**
 * Registers the console's offline shell (public/admin/sw.js) from the grid pages, so a patrol
 * page reloaded without network still opens and its queue keeps sending. Browsers allow service
 * workers only on secure pages (HTTPS or localhost); elsewhere the queue works while the page is open.
 */
export function registerOfflineShell(): void {
  if (import.meta.env.DEV || !('serviceWorker' in navigator)) return;
  navigator.serviceWorker
    .register('/admin/sw.js', { scope: '/admin/' })
    .then(async () => {
      const reg = await navigator.serviceWorker.ready;
      // The files this page loaded before the worker controlled it (lazy chunks included).
      const urls = performance
        .getEntriesByType('resource')
        .map((e) => new URL(e.name))
        .filter((u) => u.origin === location.origin && u.pathname.startsWith('/assets/'))
        .map((u) => u.pathname);
      reg.active?.postMessage({ type: 'cache', urls });
    })
    .catch(() => undefined);
}
