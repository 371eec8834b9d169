// Accessibility checks with axe-core, run in the page: the serious and critical violations,
// each with where it is.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { inject } from './browser.mjs';

const require = createRequire(import.meta.url);
const AXE_SOURCE = await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');

/** Serious or critical violations in `scope` (a selector; the whole document by default). */
export async function seriousViolations(page, scope = null) {
  await inject(page, AXE_SOURCE);
  const result = await page.evaluate((s) => window.axe.run(s ?? document, { resultTypes: ['violations'] }), scope);
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`);
}
