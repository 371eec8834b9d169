// Trunk post-build hook: puts the pre-rendered first view in the built index.html
// (prerender.mjs) and adds a Content-Security-Policy. Trunk starts the app with one inline
// module script and the first view has one more; their SHA-256 are allowed by hash, so the
// policy needs no 'unsafe-inline'. Nothing else may run: no other inline script, no foreign
// origin.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { withPrerender } from './prerender.mjs';

const dir = process.env.TRUNK_STAGING_DIR ?? process.argv[2];
if (!dir) throw new Error('run as a Trunk post_build hook (TRUNK_STAGING_DIR) or pass the folder');
const file = join(dir, 'index.html');
// First the pre-rendered first view, whose script is hashed with Trunk's.
let html = withPrerender(readFileSync(file, 'utf8'));

const hashes = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map(
  ([, body]) => `'sha256-${createHash('sha256').update(body, 'utf8').digest('base64')}'`,
);
const policy = [
  "default-src 'self'",
  // WebAssembly compilation needs 'wasm-unsafe-eval'; it does not allow eval() of JavaScript.
  `script-src 'self' 'wasm-unsafe-eval' ${hashes.join(' ')}`.trim(),
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "worker-src 'self'",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

html = html.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>\s*/g, '');
html = html.replace('<meta charset="utf-8" />', `<meta charset="utf-8" />\n    <meta http-equiv="Content-Security-Policy" content="${policy}" />`);
if (!html.includes('Content-Security-Policy')) throw new Error('index.html has no <meta charset="utf-8" /> to anchor the policy');
writeFileSync(file, html);
