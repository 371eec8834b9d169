// Offline: after one visit the page reopens and runs with no network, and it is installable.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browser, server, useServerAndBrowser } from './support/fixture.mjs';
import { openPage, OUTPUT } from './support/browser.mjs';

useServerAndBrowser();

test('after one visit the page reloads and runs with no network', async () => {
  const { context, page, errors } = await openPage(browser, 'phone', 'es-AR');
  await page.goto(`${server.url}?v=1&lang=es&prod=24000`);
  await page.getByTestId('indicator-cards').locator('li').first().waitFor();
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }));
    }
  });
  const online = await page.getByTestId('indicator-cards').textContent();

  await context.setOffline(true);
  const served = server.requests.length;
  await page.goto(`${server.url}?v=1&lang=es&prod=60000`);
  await page.getByTestId('indicator-cards').locator('li').first().waitFor();
  assert.equal(server.requests.length, served, 'nothing reached the server while offline');
  assert.match(await page.getByTestId('value-prod').textContent(), /60\.000/);
  assert.notEqual(await page.getByTestId('indicator-cards').textContent(), online, 'the model ran offline');
  await page.screenshot({ path: `${OUTPUT}/offline-phone-es.png` });
  // The ensemble worker also runs offline: its bands arrive.
  await page.waitForFunction(() => performance.getEntriesByName('cuenca:ensemble').length > 0, null, { timeout: 120_000 });
  assert.deepEqual(errors.filter((e) => !/ERR_INTERNET_DISCONNECTED/.test(e)), []);

  const manifest = await page.evaluate(async () => {
    const link = document.querySelector('link[rel=manifest]');
    return (await fetch(link.href)).json();
  });
  assert.equal(manifest.short_name, 'Cuenca');
  assert.ok(manifest.icons.some((i) => i.sizes === '512x512'));
  await context.close();
});
