// The native command-line tool, for tests that compare the page with it (cargo builds it first
// if `cargo test` has not).
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The repository's root. */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** `cuenca ARGS…`: what it prints on stdout. */
export function cuenca(args) {
  return execFileSync('cargo', ['run', '--quiet', '--locked', '-p', 'cuenca-cli', '--', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
}
