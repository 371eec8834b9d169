// Same numbers everywhere: every preset gives, in the browser, the same digest of all its series
// and the same sentences as the native command-line tool.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cuenca } from './support/cli.mjs';
import { browser, server, useServerAndBrowser } from './support/fixture.mjs';
import { BROWSER_NAME, cardSentences, openPage } from './support/browser.mjs';

const PRESETS = ['natural', 'fs2019', 'jv2025', 'dle_reinjection', 'dry_natural', 'dry_fs2019'];

useServerAndBrowser();

test('every preset: the browser digest and sentences equal the native ones', async () => {
  const { context, page, errors } = await openPage(browser, 'desktop', 'es-AR');
  await page.goto(`${server.url}?v=1&lang=es`);
  await page.getByTestId('indicator-cards').locator('li').first().waitFor();
  for (const id of PRESETS) {
    const digest = cuenca(['run', '--preset', id, '--format', 'digest']).trim();
    const json = JSON.parse(cuenca(['run', '--preset', id, '--format', 'json']));
    await page.getByTestId(`preset-${id}`).click();
    await page.waitForFunction((d) => document.querySelector('[data-testid=digest]')?.textContent === d, digest, { timeout: 10_000 })
      .catch(() => {});
    assert.equal(await page.getByTestId('digest').textContent(), digest, `${id}: same digest natively and in ${BROWSER_NAME}`);
    const headline = await cardSentences(page);
    assert.deepEqual(headline, json.indicators.sentences_es.slice(0, headline.length), `${id}: same sentences`);
  }
  assert.deepEqual(errors, []);
  await context.close();
});

// The bands are split across one worker per core but one: one worker and three (on a phone-like
// four cores) must both give the command line's bands, bit for bit.
for (const cores of [2, 4]) {
  test(`the uncertainty bands of the 2025 joint-venture plan are the same natively and in ${BROWSER_NAME} (${cores - 1} worker${cores > 2 ? 's' : ''})`, async () => {
    const digest = cuenca(['ensemble', '--preset', 'jv2025', '--members', '100', '--format', 'digest']).trim();
    const { context, page, errors } = await openPage(browser, 'desktop', 'es-AR');
    await context.addInitScript((n) => Object.defineProperty(Navigator.prototype, 'hardwareConcurrency', { get: () => n }), cores);
    const workers = [];
    page.on('worker', (w) => workers.push(w.url()));
    await page.goto(`${server.url}?v=1&lang=es&prod=150000&start=2028&ramp=2&life=30&stages=3&gap=5&share=75&dle=50&reinj=90&fw_src=este`);
    await page.waitForFunction(() => (document.querySelector('[data-testid=ensemble-digest]')?.textContent ?? '').length === 16, null, { timeout: 120_000 });
    assert.equal(await page.getByTestId('ensemble-digest').textContent(), digest, 'same bands, bit for bit');
    assert.equal(workers.filter((u) => u.includes('ensemble-worker.js')).length, cores - 1, 'one worker per core but one');
    assert.deepEqual(errors, []);
    await context.close();
  });
}
