// End to end: the release build, served on 127.0.0.1, in Debian's Chromium.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { serveDist } from './support/server.mjs';
import { launch, openPage, OUTPUT } from './support/browser.mjs';

const require = createRequire(import.meta.url);
const AXE_SOURCE = await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');

let server;
let browser;
before(async () => {
  server = await serveDist();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

/** Non-white pixels of a canvas, counted in the page. */
const inked = (page, selector) =>
  page.$eval(selector, (canvas) => {
    const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
    let n = 0;
    for (let i = 0; i < data.length; i += 4) if (data[i] < 250 || data[i + 1] < 250 || data[i + 2] < 250) n++;
    return n;
  });

async function axeViolations(page) {
  await page.addScriptTag({ content: AXE_SOURCE });
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

for (const viewport of ['phone', 'desktop']) {
  describe(`the explorer at the ${viewport} viewport`, () => {
    test('loads in Spanish, a lever changes what is shown, no console errors, no horizontal scroll', async () => {
      const { context, page, errors } = await openPage(browser, viewport, 'es-AR');
      await page.goto(server.url);
      const output = page.getByTestId('prod-value');
      await output.waitFor();
      assert.match(await output.textContent(), /24\.000 t LCE\/año/);
      assert.equal(await page.getAttribute('html', 'lang'), 'es');
      const chart = '[data-testid=chart-production]';
      await page.waitForFunction((s) => document.querySelector(s)?.width > 0, chart);
      const before = await inked(page, chart);
      assert.ok(before > 500, `the chart is drawn (${before} inked pixels)`);

      const slider = page.getByTestId('lever-prod');
      await slider.focus();
      for (let i = 0; i < 10; i++) await slider.press('ArrowRight');
      await page.waitForFunction(() => /34\.000/.test(document.querySelector('[data-testid=prod-value]').textContent));
      assert.notEqual(await inked(page, chart), before, 'the chart was redrawn');

      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `no horizontal scroll (overflow ${overflow}px)`);
      await page.screenshot({ path: `${OUTPUT}/${viewport}-es.png`, fullPage: true });

      const violations = await axeViolations(page);
      assert.deepEqual(violations.map((v) => `${v.id}: ${v.help}`), [], 'no serious or critical accessibility violations');
      assert.deepEqual(errors, [], 'no console errors');
      await context.close();
    });
  });
}

test('an English browser gets English, and the switch goes back to Spanish', async () => {
  const { context, page, errors } = await openPage(browser, 'phone', 'en-GB');
  await page.goto(server.url);
  const output = page.getByTestId('prod-value');
  await output.waitFor();
  assert.match(await output.textContent(), /24,000 t LCE\/yr/);
  await page.screenshot({ path: `${OUTPUT}/phone-en.png`, fullPage: true });
  await page.getByRole('button', { name: 'ES, español' }).click();
  await page.waitForFunction(() => document.documentElement.lang === 'es');
  assert.match(await output.textContent(), /24\.000 t LCE\/año/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the page asks nothing of any origin but its own', async () => {
  const { context, page } = await openPage(browser, 'phone');
  const foreign = [];
  page.on('request', (r) => {
    const url = new URL(r.url());
    if (!['127.0.0.1', 'localhost'].includes(url.hostname) && !['data:', 'blob:'].includes(url.protocol)) foreign.push(r.url());
  });
  await page.goto(server.url);
  await page.getByTestId('prod-value').waitFor();
  await page.waitForLoadState('networkidle');
  assert.deepEqual(foreign, []);
  await context.close();
});
