// Where the pumped brine comes from: for a project preset, one row per pumping decade whose
// shares are the native CLI's split; without a project, a sentence saying no brine is pumped.
// At a phone's size in Spanish and English, accessible.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browser, server, useServerAndBrowser } from './support/fixture.mjs';
import { seriousViolations } from './support/axe.mjs';
import { openPage, OUTPUT, unfold } from './support/browser.mjs';


useServerAndBrowser();

const LANGS = {
  es: { locale: 'es-AR', storage: 'salmuera almacenada', empty: 'Sin proyecto no se bombea salmuera.' },
  en: { locale: 'en-GB', storage: 'stored brine', empty: 'Without a project no brine is pumped.' },
};

for (const [lang, t] of Object.entries(LANGS)) {
  test(`pumped-brine sources (${lang}, phone): rows for the 2025 plan, none without a project`, async () => {
    const { context, page, errors } = await openPage(browser, 'phone', t.locale);
    await page.goto(`${server.url}?v=1&lang=${lang}`);
    await unfold(page, 'charts-title');
    const panel = page.getByTestId('pumped-sources');
    await panel.waitFor();
    const empty = panel.getByTestId('pumped-sources-empty');
    assert.equal((await empty.textContent()).trim(), t.empty);
    assert.ok(await empty.isVisible());
    assert.equal(await panel.locator('li').count(), 0);

    await page.getByTestId('preset-jv2025').click();
    await panel.locator('li').first().waitFor();
    const rows = await panel.locator('li').evaluateAll((li) => li.map((e) => ({
      from: Number(e.dataset.from),
      text: e.querySelector('.sources-text').textContent,
      widths: [...e.querySelectorAll('.stack rect')].map((s) => parseFloat(s.getAttribute('width'))),
    })));
    assert.ok(rows.length >= 3, `pumping decades shown (${rows.length})`);
    assert.ok(!(await empty.isVisible()), 'the no-project sentence is gone');
    assert.deepEqual(rows.map((r) => r.from), [...rows.map((r) => r.from)].sort((a, b) => a - b));
    for (const r of rows) {
      assert.match(r.text, new RegExp(t.storage));
      // The stacked segments fill the bar: the four shares add up to the brine pumped.
      const total = r.widths.reduce((a, b) => a + b, 0);
      assert.ok(Math.abs(total - 100) < 1.5 || r.widths.some((w) => w === 0), `${r.from}: ${total}`);
    }
    await panel.scrollIntoViewIfNeeded();
    await panel.screenshot({ path: `${OUTPUT}/pumped-sources-phone-${lang}.png` });
    assert.deepEqual(await seriousViolations(page, '[data-testid=pumped-sources]'), []);
    assert.deepEqual(errors, []);
    await context.close();
  });
}
