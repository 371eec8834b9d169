// Link previews: the built page names its card image, the image is a 1200×630 PNG, and the
// build hook makes its address absolute when told where the site will be published.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DIST } from './support/server.mjs';

const HOOK = fileURLToPath(new URL('link-preview.mjs', import.meta.url));
const meta = (html, property) => html.match(new RegExp(`<meta (?:property|name)="${property}" content="([^"]*)"`))?.[1];

test('the page names its preview card, a 1200×630 PNG, with a Spanish description', () => {
  const html = readFileSync(join(DIST, 'index.html'), 'utf8');
  assert.equal(meta(html, 'og:image'), 'og-image.png');
  assert.equal(meta(html, 'twitter:card'), 'summary_large_image');
  assert.match(meta(html, 'og:description'), /napa, las vertientes, las vegas/);
  const png = readFileSync(join(DIST, 'og-image.png'));
  assert.equal(png.subarray(1, 4).toString(), 'PNG');
  // IHDR: width and height, big-endian, at bytes 16 and 20.
  assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [1200, 630]);
});

test('with CUENCA_PUBLIC_URL the card and the page get absolute addresses; a bad one is refused', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cuenca-preview-'));
  try {
    cpSync(join(DIST, 'index.html'), join(dir, 'index.html'));
    const run = (url) => execFileSync('node', [HOOK, dir], { env: { ...process.env, CUENCA_PUBLIC_URL: url }, stdio: 'pipe' });
    assert.throws(() => run('javascript:alert(1)'));
    run('https://example.org/cuenca');
    const html = readFileSync(join(dir, 'index.html'), 'utf8');
    assert.equal(meta(html, 'og:image'), 'https://example.org/cuenca/og-image.png');
    assert.equal(meta(html, 'og:url'), 'https://example.org/cuenca/');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
