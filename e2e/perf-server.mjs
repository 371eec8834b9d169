// A static server for the release build (../dist) that compresses like a static host would:
// each file is compressed once at start (brotli quality 11 and gzip level 9) and sent with the
// encoding the browser asks for (`br`, else `gzip`, else raw). Used by report.mjs to time a
// first visit over an emulated slow network, where transfer size matters. Every request is
// logged with the bytes sent.
import { createServer } from 'node:http';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { DIST, TYPES } from './support/server.mjs';


/** Every file of the build, with its raw, gzip and brotli bodies (keys are URL paths). */
export function compressedFiles(root = DIST) {
  const files = new Map();
  (function walk(dir) {
    for (const name of readdirSync(dir)) {
      if (name.startsWith('.')) continue; // trunk's .stage/ while a build is running
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else {
        const raw = readFileSync(path);
        files.set('/' + relative(root, path).split(sep).join('/'), {
          type: TYPES[extname(path)] ?? 'application/octet-stream',
          raw,
          gzip: gzipSync(raw, { level: 9 }),
          br: brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
        });
      }
    }
  })(root);
  return files;
}

/** Starts the server on a free port; resolves to { url, requests, close, files }. */
export async function serveCompressed(root = DIST) {
  const files = compressedFiles(root);
  const requests = [];
  const server = createServer((req, res) => {
    let path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (path.endsWith('/')) path += 'index.html';
    const file = files.get(path);
    if (!file) {
      requests.push({ path, encoding: 'none', bytes: 0, status: 404 });
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    const accept = String(req.headers['accept-encoding'] ?? '');
    const encoding = /\bbr\b/.test(accept) ? 'br' : /\bgzip\b/.test(accept) ? 'gzip' : 'identity';
    const body = encoding === 'br' ? file.br : encoding === 'gzip' ? file.gzip : file.raw;
    const headers = { 'content-type': file.type, 'content-length': body.length, vary: 'accept-encoding' };
    if (encoding !== 'identity') headers['content-encoding'] = encoding;
    requests.push({ path, encoding, bytes: body.length, status: 200 });
    res.writeHead(200, headers).end(body);
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}/`,
    requests,
    files,
    close: () => new Promise((ok) => {
      server.close(ok);
      server.closeAllConnections();
    }),
  };
}
