// A small static server for the release build (../dist) on 127.0.0.1, with the right MIME
// types (.wasm must be application/wasm for streaming compilation) and every request logged,
// so tests can assert that nothing else was asked for.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Content types of the files a build ships. */
export const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

export const DIST = resolve(fileURLToPath(new URL('../../dist', import.meta.url)));

/**
 * Starts the server on a free port; resolves to { url, requests, close }. `prefix` serves the
 * site under a sub-path (e.g. '/cuenca/'), as a static host would.
 */
export async function serveDist(root = DIST, prefix = '/') {
  const requests = [];
  // A permissive host: links of 100 kB must reach the page so that the page can refuse them.
  let down = false;
  const server = createServer({ maxHeaderSize: 1024 * 1024 }, async (req, res) => {
    if (down) {
      // The network is down: the connection breaks with no answer.
      req.socket.destroy();
      return;
    }
    requests.push(req.url);
    const full = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (!full.startsWith(prefix)) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    const path = '/' + full.slice(prefix.length);
    let file = normalize(join(root, path));
    if (!file.startsWith(root)) {
      res.writeHead(403).end();
      return;
    }
    try {
      if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}${prefix}`,
    requests,
    /** Serves another folder from now on: a new deploy at the same address. */
    setRoot: (dir) => {
      root = resolve(dir);
    },
    /**
     * Breaks every connection from now on (`true`) or serves again: offline for any engine.
     * Firefox over WebDriver BiDi does not apply Playwright's `setOffline`.
     */
    setDown: (value) => {
      down = value;
    },
    close: () => new Promise((ok) => server.close(ok)),
  };
}
