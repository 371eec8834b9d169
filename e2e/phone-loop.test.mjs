// A participant's loop on a phone: move a lever and see its effect on the headline figures on the
// same screen, without scrolling back up (the levers sit below the results on a phone).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { cuenca } from './support/cli.mjs';
import { browser, server, useServerAndBrowser } from './support/fixture.mjs';
import { seriousViolations } from './support/axe.mjs';
import { ENGINE, openPage, OUTPUT, unfold, VIEWPORTS } from './support/browser.mjs';


useServerAndBrowser();

/** Native indicators for a scenario query. */
const native = (query) =>
  JSON.parse(cuenca(['run', '--scenario', query, '--format', 'json'])).indicators.values;

for (const [viewport, locale] of [['phone', 'es-AR'], ['small', 'en-GB']]) {
  test(`${viewport}: moving production changes the headline figures in view, with what they were`, async () => {
    const { context, page, errors } = await openPage(browser, viewport, locale);
    const height = VIEWPORTS[viewport].viewport.height;
    await page.goto(server.url);
    await page.getByTestId('indicator-cards').locator('li').first().waitFor();
    const bar = page.getByTestId('headline-bar');
    const lithium = bar.locator('[data-figure=lithium] .value');
    assert.equal(await lithium.textContent(), '0 t');

    const lever = page.getByTestId('lever-prod');
    await lever.scrollIntoViewIfNeeded();
    await lever.fill('24000');
    await lever.dispatchEvent('change');
    await page.waitForFunction(() => document.querySelector('[data-testid=headline-bar] [data-figure=lithium] .value').textContent !== '0 t');

    // The lever and the changed figure are both on the screen, the figure unhidden by anything.
    const inView = async (locator) => {
      const box = await locator.boundingBox();
      return box && box.y >= 0 && box.y + box.height <= height;
    };
    assert.ok(await inView(lever), 'the lever is on the screen');
    assert.ok(await inView(lithium), 'the lithium figure is on the screen');
    const onTop = await lithium.evaluate((el) => {
      const r = el.getBoundingClientRect();
      return el.contains(document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2));
    });
    assert.ok(onTop, 'nothing covers the figure');

    // The figures are the native run's, as the cards round them, and say what they were.
    const values = native('prod=24000');
    const decimal = (x, d) => (locale === 'es-AR' ? x.toFixed(d).replace('.', ',') : x.toFixed(d));
    // Two significant figures in thousands of tonnes below a million.
    const kt = Number((values.lithium_total_t_lce / 1e3).toPrecision(2));
    assert.equal(await lithium.textContent(), `${kt.toLocaleString(locale === 'es-AR' ? 'es-AR' : 'en-GB')} kt`);
    const was = locale === 'es-AR' ? 'antes 0 t' : 'was 0 t';
    assert.equal(await bar.locator('[data-figure=lithium] .was').textContent(), was);
    const village = values.sites.find((s) => s.kind === 'village');
    assert.equal(await bar.locator('[data-figure=village] .value').textContent(), `−${decimal(village.max_drawdown_m, 1)} m`);
    assert.equal(await bar.locator('[data-figure=vegas] .value').textContent(), `−${decimal(values.vega_area_lost_pct, 0)} %`);
    // What the screen shows (Playwright's own capture of a scrolled mobile page leaves fixed
    // elements out; the browser's, limited to the viewport, does not).
    const shot = ENGINE === 'chromium'
      ? Buffer.from((await (await context.newCDPSession(page)).send('Page.captureScreenshot', { format: 'png', captureBeyondViewport: false })).data, 'base64')
      : await page.screenshot();
    await writeFile(`${OUTPUT}/phone-loop-${viewport}-${locale}.png`, shot);

    assert.deepEqual(await seriousViolations(page), [], 'no serious or critical accessibility violations');
    assert.deepEqual(errors, []);
    await context.close();
  });
}

test('phone: the long sections start folded, so the levers are a short scroll below the results', async () => {
  const { context, page, errors } = await openPage(browser, 'phone', 'es-AR');
  const height = VIEWPORTS.phone.viewport.height;
  await page.goto(server.url);
  await page.getByTestId('indicator-cards').locator('li').first().waitFor();
  const folds = page.locator('details.fold');
  assert.deepEqual(await folds.evaluateAll((ds) => ds.map((d) => d.open)), [false, false, false], 'ranges, charts and map folded');
  assert.equal(await page.locator('figure.chart canvas').first().isVisible(), false);
  // Ten screens of charts, ranges and the map stood between the results and the levers.
  const leversAt = await page.locator('#levers-title').evaluate((el) => el.getBoundingClientRect().top + window.scrollY);
  assert.ok(leversAt < 3 * height, `the levers start ${Math.round(leversAt)} px down, under three screens`);

  // A tap on a title opens it; its charts are drawn at the phone's width, not the folded one.
  const charts = page.locator('details.fold > summary', { has: page.locator('#charts-title') });
  await charts.click();
  const canvas = page.locator('figure.chart canvas').first();
  await canvas.waitFor();
  await page.waitForFunction(() => {
    const c = document.querySelector('figure.chart canvas');
    return c && c.clientWidth > 300 && Math.abs(c.width / window.devicePixelRatio - c.clientWidth) < 2;
  });
  assert.equal(await folds.nth(1).evaluate((d) => d.open), true);
  assert.deepEqual(await seriousViolations(page), [], 'no serious or critical accessibility violations');
  assert.deepEqual(errors, []);
  await context.close();
});

test('phone: a folded chart is not redrawn while a lever moves; it shows the new scenario when opened, and is drawn for printing', async () => {
  const { context, page, errors } = await openPage(browser, 'phone', 'es-AR');
  await page.goto(server.url);
  await page.getByTestId('indicator-cards').locator('li').first().waitFor();
  const springs = '[data-testid=chart-springs] canvas';
  const pixels = () => page.$eval(springs, (c) => c.toDataURL());
  const inked = () =>
    page.$eval(springs, (c) => {
      const { data } = c.getContext('2d').getImageData(0, 0, c.width, c.height);
      return data.some((v, i) => i % 4 === 3 && v > 0);
    });
  const runs = () => page.evaluate(() => performance.getEntriesByName('cuenca:run').length);
  const move = async (key) => {
    const before = await runs();
    const lever = page.getByTestId('lever-prod');
    await lever.focus();
    await lever.press(key);
    await page.waitForFunction((n) => performance.getEntriesByName('cuenca:run').length > n, before);
    // The effects of the run have had a frame to draw in.
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  };
  // Folded on arrival: never drawn, not even after a lever move.
  assert.equal(await inked(), false, 'a folded chart is not drawn on arrival');
  const movedAt = await page.evaluate(() => performance.now());
  await move('End');
  assert.equal(await inked(), false, 'a folded chart is not drawn on a lever move');

  // Printing shows folded sections, so their charts are drawn before the page is laid out.
  await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
  await page.waitForFunction((s) => {
    const c = document.querySelector(s);
    const { data } = c.getContext('2d').getImageData(0, 0, c.width, c.height);
    return data.some((v, i) => i % 4 === 3 && v > 0);
  }, springs);
  await page.evaluate(() => window.dispatchEvent(new Event('afterprint')));

  // Opened, drawn at its width; folded again, a lever move leaves its pixels as they were.
  await unfold(page, 'charts-title');
  const drawnAtWidth = () =>
    page.waitForFunction((s) => {
      const c = document.querySelector(s);
      return c.clientWidth > 300 && Math.abs(c.width / window.devicePixelRatio - c.clientWidth) < 2;
    }, springs);
  await drawnAtWidth();
  // The bands keep arriving (and the open chart keeps redrawing) until the ensemble is complete:
  // on a slow machine that can be after this point, so wait for it before reading the pixels.
  await page.waitForFunction(
    (t) => performance.getEntriesByName('cuenca:ensemble').some((e) => e.startTime >= t),
    movedAt,
    { timeout: 120_000 },
  );
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const opened = await pixels();
  await page.locator('details.fold > summary', { has: page.locator('#charts-title') }).click();
  assert.equal(await page.locator('details.fold', { has: page.locator('#charts-title') }).evaluate((d) => d.open), false);
  await move('Home');
  assert.equal(await pixels(), opened, 'the folded chart was not redrawn');
  // Opened again, it shows the scenario as it is now.
  await unfold(page, 'charts-title');
  await page.waitForFunction(([s, was]) => document.querySelector(s).toDataURL() !== was, [springs, opened]);
  await drawnAtWidth();
  assert.deepEqual(errors, []);
  await context.close();
});

test('desktop: the levers sit beside the results and the bar is not shown', async () => {
  const { context, page, errors } = await openPage(browser, 'desktop', 'es-AR');
  await page.goto(server.url);
  await page.getByTestId('indicator-cards').locator('li').first().waitFor();
  assert.equal(await page.getByTestId('headline-bar').isVisible(), false);
  assert.deepEqual(await page.locator('details.fold').evaluateAll((ds) => ds.map((d) => d.open)), [true, true, true], 'every section open beside the levers');
  assert.deepEqual(errors, []);
  await context.close();
});
