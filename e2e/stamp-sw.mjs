// Trunk post-build hook: stamps the service worker with this build's id, a hash of every file
// the build ships (but the HTML pages, which other hooks are still writing, and sw.js itself).
// A new deploy is then a byte-different sw.js, which browsers install, and a new cache.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const dir = process.env.TRUNK_STAGING_DIR ?? process.argv[2];
if (!dir) throw new Error('run as a Trunk post_build hook (TRUNK_STAGING_DIR) or pass the folder');
const files = [];
(function walk(d) {
  for (const name of readdirSync(d).sort()) {
    const path = join(d, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (!name.endsWith('.html') && name !== 'sw.js') files.push(path);
  }
})(dir);
const hash = createHash('sha256');
for (const f of files) hash.update(relative(dir, f)).update('\0').update(readFileSync(f));
const build = hash.digest('hex').slice(0, 16);

const sw = join(dir, 'sw.js');
const text = readFileSync(sw, 'utf8');
const placeholder = "const BUILD = 'dev';";
if (!text.includes(placeholder)) throw new Error(`sw.js lacks ${placeholder}`);
writeFileSync(sw, text.replace(placeholder, `const BUILD = '${build}';`));
