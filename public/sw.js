// Cuenca's service worker: after one visit the page opens and runs with no network (the whole
// model runs in the page anyway) and can be installed on a phone's home screen.
//
// - The page (index.html) is fetched from the network first, so a new version is picked up as
//   soon as there is signal; without signal the cached page is served.
// - Every file the page names (hashed by the build, so never stale) is cached at install and
//   whenever a new page arrives; files no longer named are dropped, so a new version replaces
//   the old one cleanly.
const CACHE = 'cuenca';
const SCOPE = new URL('./', self.location).href;

/** Same-origin files named by a page: href="..." and src="..." that are not external. */
function assetsOf(html) {
  // The manifest and the ensemble worker are named by the app, not by the page's markup.
  const urls = new Set([SCOPE, new URL('manifest.webmanifest', SCOPE).href, new URL('ensemble-worker.js', SCOPE).href]);
  for (const [, url] of html.matchAll(/(?:href|src)="([^"#?]+)"/g)) {
    const absolute = new URL(url, SCOPE);
    if (absolute.origin === self.location.origin) urls.add(absolute.href);
  }
  return [...urls];
}

async function cachePage(response) {
  const cache = await caches.open(CACHE);
  const html = await response.clone().text();
  const wanted = assetsOf(html);
  await cache.put(SCOPE, response.clone());
  await Promise.all(wanted.filter((u) => u !== SCOPE).map(async (url) => {
    if (!(await cache.match(url))) await cache.add(url);
  }));
  for (const request of await cache.keys()) {
    if (!wanted.includes(request.url)) await cache.delete(request);
  }
}

self.addEventListener('install', (event) => {
  event.waitUntil(fetch(SCOPE, { cache: 'no-cache' }).then(cachePage).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(self.clients.claim());
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  if (request.mode === 'navigate') {
    // The scenario is in the query string: every address is the same page.
    event.respondWith(
      fetch(request)
        .then((response) => {
          if (response.ok) event.waitUntil(cachePage(response.clone()));
          return response;
        })
        .catch(async () => (await caches.match(SCOPE)) ?? Response.error()),
    );
    return;
  }
  event.respondWith(caches.match(request).then((hit) => hit ?? fetch(request)));
});
