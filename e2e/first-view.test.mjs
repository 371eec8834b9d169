// The first view before the wasm arrives (issue #19): the first HTML already shows the default
// scenario's headline cards and springs chart, written at build time by the native model; the
// app replaces them with the same sentences; a link to another scenario shows them dimmed under
// "calculando tu escenario…" rather than as its numbers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cuenca } from './support/cli.mjs';
import { browser, server, useServerAndBrowser } from './support/fixture.mjs';
import { cardSentences, openPage, OUTPUT } from './support/browser.mjs';
import { seriousViolations } from './support/axe.mjs';

useServerAndBrowser();

const natural = JSON.parse(cuenca(['run', '--format', 'json'])).indicators;
const prerendered = (page) => page.locator('#prerender .prerender:not([hidden]) [data-testid=prerender-cards] li').allTextContents();

/** A phone page whose wasm never arrives: what a visitor sees while it downloads. */
async function beforeTheApp(locale, query) {
  const opened = await openPage(browser, 'phone', locale);
  await opened.page.route('**/*.wasm', (route) => route.abort());
  await opened.page.goto(`${server.url}${query}`);
  return opened;
}

test('before the wasm: the default scenario in the visitor language, its note hidden; another scenario dimmed under the note', async () => {
  for (const [locale, query, sentences, note] of [
    ['es-AR', '?v=1', natural.sentences_es, /Calculando tu escenario/],
    ['en-GB', '?v=1', natural.sentences_en, /Calculating your scenario/],
    ['en-GB', '?v=1&lang=es', natural.sentences_es, /Calculando tu escenario/],
  ]) {
    const { context, page } = await beforeTheApp(locale, query);
    assert.deepEqual(await prerendered(page), sentences.slice(0, 4), `${locale} ${query}: the native run's first four sentences`);
    await assert.doesNotReject(page.locator('#prerender .prerender:not([hidden]) .prerender-chart svg polyline').first().waitFor({ state: 'visible' }));
    const status = page.locator('#prerender .prerender:not([hidden]) .prerender-note');
    assert.match(await status.textContent(), note);
    assert.equal(await status.isVisible(), false, 'the default scenario is what is shown: no note');
    await context.close();
  }

  const { context, page } = await beforeTheApp('es-AR', '?v=1&lang=es&prod=24000&start=2027');
  const status = page.locator('#prerender .prerender:not([hidden]) .prerender-note');
  await status.waitFor({ state: 'visible' });
  assert.match(await status.textContent(), /Calculando tu escenario… Mientras tanto, esto es la cuenca sin proyecto\./);
  const opacity = await page.locator('#prerender .prerender:not([hidden]) .cards').evaluate((el) => Number(getComputedStyle(el).opacity));
  assert.ok(opacity < 1, `the natural basin's cards are dimmed under another scenario's link (opacity ${opacity})`);
  await page.screenshot({ path: `${OUTPUT}first-view-pending-phone-es.png` });
  assert.deepEqual(await seriousViolations(page), []);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.equal(overflow, 0, 'no sideways scroll on a phone');
  await context.close();
});

test('the app replaces the first view with the same sentences, computed in the browser', async () => {
  const { context, page, errors } = await openPage(browser, 'phone', 'es-AR');
  // Read the first view before the app can remove it.
  let first = null;
  await page.route('**/*.wasm', async (route) => {
    if (first === null) {
      await page.locator('#prerender [data-testid=prerender-cards] li').first().waitFor({ state: 'attached' });
      first = await prerendered(page);
    }
    await route.continue();
  });
  await page.goto(`${server.url}?v=1`);
  await page.getByTestId('indicator-cards').locator('li').first().waitFor();
  assert.equal(await page.locator('#prerender').count(), 0, 'the first view is gone once the app has mounted');
  assert.deepEqual(await cardSentences(page).then((s) => s.slice(0, 4)), natural.sentences_es.slice(0, 4));
  assert.deepEqual(first, natural.sentences_es.slice(0, 4), 'the first view showed the sentences the app computes');
  await page.screenshot({ path: `${OUTPUT}first-view-mounted-phone-es.png` });
  assert.deepEqual(errors, []);
  await context.close();
});
