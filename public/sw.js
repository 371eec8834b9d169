// Cuenca's service worker: after one visit the page opens and runs with no network (the whole
// model runs in the page anyway) and can be installed on a phone's home screen.
//
// - The page (index.html) and every file whose name carries no content hash (the ensemble
//   worker, the manifest, the icons, the trust pages) are fetched from the network first, so a
//   new version is picked up as soon as there is signal; without signal the cached copy serves.
// - Files the build names by their content hash never change: they are served from the cache.
// - BUILD is stamped by the build (e2e/stamp-sw.mjs) with a hash of every file it ships, so each
//   deploy is a new service worker with its own cache, and the old caches are dropped.
const BUILD = 'dev';
const CACHE = `cuenca-${BUILD}`;
const SCOPE = new URL('./', self.location).href;
/** The negotiation tools' module, fetched only when someone opens them: kept once fetched, for
 *  offline use, but never fetched ahead (most visitors never open them). */
const ON_DEMAND = ['cuenca-tools.js', 'cuenca-tools_bg.wasm'].map((name) => new URL(name, SCOPE).href);
/** Trunk's hashed names: `name-0123456789abcdef.ext` or `..._bg.wasm`. */
const HASHED = /-[0-9a-f]{16}(_bg)?\.(wasm|js|css)$/;

/** Same-origin files named by a page: href="..." and src="..." that are not external. */
function assetsOf(html) {
  // The manifest and the ensemble worker are named by the app, not by the page's markup.
  // The trust pages are linked from the app's footer, the model's changes from a notice
  // (e2e/trust-pages.mjs writes them).
  const named = ['manifest.webmanifest', 'ensemble-worker.js', 'confianza.html', 'trust.html', 'changes.html'];
  const urls = new Set([SCOPE, ...named.map((name) => new URL(name, SCOPE).href)]);
  for (const [, url] of html.matchAll(/(?:href|src)="([^"#?]+)"/g)) {
    const absolute = new URL(url, SCOPE);
    if (absolute.origin === self.location.origin) urls.add(absolute.href);
  }
  return [...urls];
}

/** Caches a page and what it names: hashed files once, the others fresh from the network. */
async function cachePage(response) {
  const cache = await caches.open(CACHE);
  const html = await response.clone().text();
  const wanted = assetsOf(html);
  await cache.put(SCOPE, response.clone());
  await Promise.all(wanted.filter((u) => u !== SCOPE).map(async (url) => {
    if (HASHED.test(url) && (await cache.match(url))) return;
    await cache.add(new Request(url, { cache: 'no-cache' }));
  }));
  for (const request of await cache.keys()) {
    if (!wanted.includes(request.url) && !ON_DEMAND.includes(request.url)) await cache.delete(request);
  }
}

self.addEventListener('install', (event) => {
  event.waitUntil(fetch(SCOPE, { cache: 'no-cache' }).then(cachePage).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) {
      if (key !== CACHE) await caches.delete(key);
    }
    await self.clients.claim();
  })());
});

/** The network's answer (kept for offline use when it is a named file), else the cache's. */
async function networkFirst(event, cacheKey) {
  try {
    const response = await fetch(event.request, { cache: 'no-cache' });
    if (response.ok && cacheKey === SCOPE) event.waitUntil(cachePage(response.clone()));
    if (response.ok && ON_DEMAND.includes(cacheKey)) {
      const copy = response.clone();
      event.waitUntil(caches.open(CACHE).then((cache) => cache.put(cacheKey, copy)));
    }
    return response;
  } catch {
    return (await caches.match(cacheKey, { ignoreSearch: true })) ?? Response.error();
  }
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin) return;
  if (request.mode === 'navigate') {
    // The scenario is in the query string: every address is the same page. (The trust pages
    // are their own files.)
    const page = url.pathname.endsWith('.html') && !url.pathname.endsWith('/index.html');
    event.respondWith(networkFirst(event, page ? url.href.split('?')[0] : SCOPE));
    return;
  }
  if (HASHED.test(url.pathname)) {
    event.respondWith(caches.match(request).then((hit) => hit ?? fetch(request)));
    return;
  }
  event.respondWith(networkFirst(event, url.href.split('?')[0]));
});
