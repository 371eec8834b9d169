// The page's first view before the wasm arrives (issue #19): the default scenario's headline
// cards and springs chart, in Spanish and English, from the native model at build time
// (`cuenca-prerender`, src/prerender.rs), and a small script that shows the visitor's language
// and, for a link to another scenario, dims them under "calculando tu escenario…". The app
// removes the block when it mounts. Called by csp.mjs before it hashes the inline scripts.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

// Mirrors the app's choice (Lang::from_tag over `?lang=` and then the browser's languages,
// Spanish when none is Spanish or English) and treats any part of the link beyond `v` and
// `lang` as another scenario.
const PICK = `(() => {
  const q = new URLSearchParams(location.search);
  const primary = (t) => String(t).split(/[-_]/)[0].toLowerCase();
  const known = (t) => ['es', 'en'].includes(primary(t));
  const tag = [q.get('lang'), ...(navigator.languages || [navigator.language])].find((t) => t && known(t));
  const lang = tag ? primary(tag) : 'es';
  for (const el of document.querySelectorAll('#prerender .prerender')) el.hidden = el.lang !== lang;
  document.documentElement.lang = lang;
  if ([...q.keys()].some((k) => k !== 'v' && k !== 'lang')) document.getElementById('prerender').classList.add('pending');
})();`;

/** `html` (the built index.html) with the pre-rendered block at the start of its body. */
export function withPrerender(html) {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const block = execFileSync(
    'cargo',
    ['run', '--quiet', '--locked', '--offline', '-p', 'cuenca', '--bin', 'cuenca-prerender'],
    { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
  );
  if (!block.includes('id="prerender"')) throw new Error('cuenca-prerender printed no block');
  const body = html.match(/<body[^>]*>/);
  if (!body) throw new Error('index.html has no <body>');
  const at = body.index + body[0].length;
  return `${html.slice(0, at)}\n${block}<script>${PICK}</script>\n${html.slice(at)}`;
}
