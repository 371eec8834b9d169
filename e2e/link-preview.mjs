// Trunk post-build hook: link previews need the card image's absolute address (WhatsApp and the
// social networks do not resolve a relative one). The build cannot know where the site will be
// published, so the address is made absolute only when CUENCA_PUBLIC_URL says it (e.g.
// `CUENCA_PUBLIC_URL=https://example.org/cuenca/ cargo xtask sizes --build`); without it the
// relative address stays, which browsers and some CMSs still resolve.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.env.TRUNK_STAGING_DIR ?? process.argv[2];
if (!dir) throw new Error('run as a Trunk post_build hook (TRUNK_STAGING_DIR) or pass the folder');
const base = process.env.CUENCA_PUBLIC_URL;
if (base) {
  const url = new URL(base.endsWith('/') ? base : `${base}/`);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`CUENCA_PUBLIC_URL is not a web address: ${base}`);
  const page = join(dir, 'index.html');
  const html = readFileSync(page, 'utf8');
  const image = '<meta property="og:image" content="og-image.png"';
  if (!html.includes(image)) throw new Error('index.html lacks the og:image tag');
  writeFileSync(
    page,
    html
      .replace(image, `<meta property="og:image" content="${new URL('og-image.png', url).href}"`)
      .replace('<meta property="og:type"', `<meta property="og:url" content="${url.href}" />\n    <meta property="og:type"`),
  );
}
