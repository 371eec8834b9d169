// How far to trust the model: the trust pages the build writes (`cuenca validate --pages`) show
// every row the native CLI computes, with the same status, in Spanish and English at a phone's
// size, reachable from the app's footer, with no serious accessibility violation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cuenca, ROOT } from './support/cli.mjs';
import { browser, server, useServerAndBrowser } from './support/fixture.mjs';
import { seriousViolations } from './support/axe.mjs';
import { openPage, OUTPUT } from './support/browser.mjs';

useServerAndBrowser();

/** The table as the native CLI computes it now. */
const native = JSON.parse(cuenca(['validate', '--format', 'json']));

const LANGS = {
  es: { locale: 'es-AR', link: 'Cuánto confiar en el modelo', page: 'confianza.html', met: 'se cumple', notMet: 'no se cumple' },
  en: { locale: 'en-GB', link: 'How far to trust the model', page: 'trust.html', met: 'met', notMet: 'not met' },
};

for (const [lang, t] of Object.entries(LANGS)) {
  test(`trust page (${lang}, phone): every target with the status the model computes`, async () => {
    const { context, page, errors } = await openPage(browser, 'phone', t.locale);
    await page.goto(server.url);
    await page.getByTestId('indicator-cards').locator('li').first().waitFor();
    const link = page.getByTestId('trust-link');
    assert.equal((await link.textContent()).trim(), t.link);
    await Promise.all([page.waitForURL(new RegExp(`${t.page}$`)), link.click()]);

    const rows = page.locator('section.check');
    assert.equal(await rows.count(), native.checks.length, 'one section per row of the table');
    for (const check of native.checks) {
      const row = page.locator(`section.check[data-id="${check.id}"]`);
      assert.equal(await row.getAttribute('data-status'), check.status, check.id);
    }
    // Every target of the brief's list is on the page, and the known miss reads as one.
    const targets = await page.locator('section.check h2').allTextContents();
    for (let k = 1; k <= 11; k++) {
      assert.ok(targets.some((h) => new RegExp(`^(Meta|Target) ${k}:`).test(h)), `target ${k}`);
    }
    const vega = page.locator('section.check[data-id="vega_et_mm_per_yr"] .status');
    assert.equal((await vega.textContent()).trim(), t.notMet);
    // What most needs measuring: the factors the native ensemble ranks, in its order.
    const factors = await page.locator('li[data-factor]').evaluateAll((li) => li.map((e) => e.dataset.factor));
    assert.deepEqual(factors, native.unknowns.map((u) => u.factor));
    assert.ok(factors.length >= 1);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 390, `no sideways scrolling on a phone (${width} px)`);

    await page.screenshot({ path: `${OUTPUT}/trust-phone-${lang}.png`, fullPage: false });
    assert.deepEqual(await seriousViolations(page), [], 'no serious or critical accessibility violations');
    assert.deepEqual(errors, []);
    await context.close();
  });
}

test('a link made with an older model says so and points to what changed, which reads on a phone', async () => {
  const { context, page, errors } = await openPage(browser, 'phone', 'es-AR');
  await page.goto(`${server.url}?v=1&m=0.1.0&lang=es&prod=24000`);
  const notice = page.getByTestId('link-issues');
  await notice.waitFor();
  assert.match(await notice.textContent(), /El enlace se hizo con el modelo 0\.1\.0/);
  const link = notice.getByTestId('model-changes');
  assert.equal((await link.textContent()).trim(), 'Qué cambió en el modelo desde entonces (en inglés)');
  // The rest of the link was kept.
  assert.equal(await page.getByTestId('lever-prod').inputValue(), '24000');
  await Promise.all([page.waitForURL(/changes\.html$/), link.click()]);
  const log = await page.getByTestId('changelog').textContent();
  const version = execFileSync('cargo', ['pkgid', '-p', 'cuenca-model'], { cwd: ROOT, encoding: 'utf8' }).trim().split(/[@#]/).at(-1);
  assert.ok(log.includes(`## ${version} (`), `the changelog has the shipped model ${version}`);
  assert.ok(log.includes('## 0.3.3 ('), 'and the versions before it');
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 390, `no sideways scrolling on a phone (${width} px)`);
  assert.deepEqual(await seriousViolations(page), [], 'no serious or critical accessibility violations');
  // A link from the shipped model says nothing of it.
  await page.goto(`${server.url}?v=1&lang=es&prod=24000`);
  await page.getByTestId('indicator-cards').locator('li').first().waitFor();
  assert.equal(await page.getByTestId('model-changes').count(), 0);
  assert.deepEqual(errors, []);
  await context.close();
});
