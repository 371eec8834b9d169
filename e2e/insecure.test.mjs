// A workshop laptop serving the site over plain http on the local network: not a secure context,
// so the browser has no clipboard, share sheet or service worker. The page must still run, and
// "Copy link" must leave the link selected with a message instead of throwing. Browsers treat
// 127.0.0.1 as secure, so the test reaches the same server by a host name mapped to it.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist } from './support/server.mjs';
import { harnessNoise, launch, VIEWPORTS } from './support/browser.mjs';

let server;
let browser;
before(async () => {
  server = await serveDist();
  browser = await launch(['--host-resolver-rules=MAP workshop.test 127.0.0.1'], { hosts: ['workshop.test'] });
});
after(async () => {
  await browser?.close();
  await server?.close();
});

test('plain http on a LAN name: the page runs, and copying the link falls back to selecting it', async () => {
  const context = await browser.newContext({ ...VIEWPORTS.phone, locale: 'es-AR' });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => { if (!harnessNoise(e.message)) errors.push(`pageerror: ${e.message}`); });
  page.on('console', (m) => { if (m.type() === 'error' && !harnessNoise(m.text())) errors.push(`console: ${m.text()}`); });
  const url = new URL(server.url);
  await page.goto(`http://workshop.test:${url.port}/?v=1&lang=es&prod=24000`);
  await page.getByTestId('indicator-cards').locator('li').first().waitFor();
  const context_ = await page.evaluate(() => ({
    secure: window.isSecureContext,
    clipboard: 'clipboard' in navigator,
    share: 'share' in navigator,
    serviceWorker: 'serviceWorker' in navigator,
  }));
  assert.deepEqual(context_, { secure: false, clipboard: false, share: false, serviceWorker: false });

  await page.getByTestId('share').locator('summary').click();
  const copy = page.getByTestId('copy-link');
  await copy.click();
  const hint = page.getByTestId('copy-by-hand');
  await hint.waitFor();
  assert.match(await hint.textContent(), /copialo a mano/);
  const selected = await page.evaluate(() => {
    const input = document.querySelector('[data-testid=share-url]');
    return document.activeElement === input && input.selectionStart === 0 && input.selectionEnd === input.value.length;
  });
  assert.ok(selected, 'the whole link is selected for the person to copy');
  assert.match(await page.getByTestId('share-url').inputValue(), /^http:\/\/workshop\.test:\d+\/\?v=1&/);
  assert.equal((await copy.textContent()).trim(), 'Copiar enlace', 'the button never claims it copied');
  // The message goes after a few seconds and the button works again.
  await hint.waitFor({ state: 'detached', timeout: 8000 });
  await copy.click();
  await hint.waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});
