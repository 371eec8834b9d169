// Trunk post-build hook: writes the trust pages (confianza.html, trust.html) into the build. They
// are the validation table, computed at build time by the native command-line tool from the same
// model (`cuenca validate --pages DIR`), so the page never claims a target the model misses.
// It also writes changes.html, the model's CHANGELOG.md as a page a phone can read, which the
// notice on a link from another model version points to.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = process.env.TRUNK_STAGING_DIR ?? process.argv[2];
if (!dir) throw new Error('run as a Trunk post_build hook (TRUNK_STAGING_DIR) or pass the folder');
const root = fileURLToPath(new URL('..', import.meta.url));
execFileSync(
  'cargo',
  ['run', '--quiet', '--locked', '--offline', '-p', 'cuenca-cli', '--', 'validate', '--pages', dir],
  { cwd: root, stdio: 'inherit' },
);

const escape = (s) => s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
const changelog = readFileSync(join(root, 'CHANGELOG.md'), 'utf8');
writeFileSync(
  join(dir, 'changes.html'),
  `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src 'self'">
<link rel="icon" href="icons/icon-192.png">
<title>What changed in the model — Cuenca</title>
<style>
body { font: 16px/1.45 system-ui, sans-serif; margin: 0 auto; max-width: 60rem; padding: 1rem; color: #1a1a1a; }
a { color: #004a80; }
pre { white-space: pre-wrap; overflow-wrap: anywhere; font: inherit; }
</style>
</head>
<body>
<p><a href="./">← Back to the explorer</a> · <span lang="es">Esta página está en inglés.</span></p>
<main>
<pre data-testid="changelog">${escape(changelog)}</pre>
</main>
</body>
</html>
`,
);
