// Trunk post-build hook: writes the trust pages (confianza.html, trust.html) into the build. They
// are the validation table, computed at build time by the native command-line tool from the same
// model (`cuenca validate --pages DIR`), so the page never claims a target the model misses.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const dir = process.env.TRUNK_STAGING_DIR ?? process.argv[2];
if (!dir) throw new Error('run as a Trunk post_build hook (TRUNK_STAGING_DIR) or pass the folder');
const root = fileURLToPath(new URL('..', import.meta.url));
execFileSync(
  'cargo',
  ['run', '--quiet', '--locked', '--offline', '-p', 'cuenca-cli', '--', 'validate', '--pages', dir],
  { cwd: root, stdio: 'inherit' },
);
