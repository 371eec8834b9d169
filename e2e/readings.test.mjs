// One's own readings: pasted into the tools, checked row by row, kept on the device only, and
// weighing the ensemble as `cuenca ensemble --observations` weighs it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cuenca } from './support/cli.mjs';
import { browser, server, useServerAndBrowser } from './support/fixture.mjs';
import { BROWSER_NAME, OUTPUT, download, openPage, openTools, unfold } from './support/browser.mjs';
import { seriousViolations } from './support/axe.mjs';

useServerAndBrowser();

/** Waits until the page's bands (its ensemble of the scenario on screen) are complete. */
const bandsComplete = (page) =>
  page.waitForFunction(() => performance.getEntriesByName('cuenca:ensemble').length > 0, null, { timeout: 120_000 });

const FS2019 = 'prod=24000&start=2027&ramp=2&life=40&fw_src=este';
// Three readings at the east vega and a row at a place the model does not have.
const READINGS = [
  'site,date,quantity,value,unit,who,error',
  'vega_este,2030-03,depth_to_water_m,1.6,m,prueba,0.1',
  'vega_este,2032-03,depth_to_water_m,1.9,m,prueba,0.1',
  'vega_este,2034-03,depth_to_water_m,2.3,m,prueba,0.1',
  'nowhere,2030-03,depth_to_water_m,1.0,m,prueba,0.1',
].join('\n');

test('readings: each bad row named, kept on the device and out of the link, weighing the ensemble as the CLI does', async () => {
  const { context, page, errors } = await openPage(browser, 'phone', 'es-AR');
  await page.goto(`${server.url}?v=1&${FS2019}`);
  await openTools(page);
  const panel = page.getByTestId('readings');
  await panel.waitFor();

  await panel.getByTestId('readings-text').fill(READINGS);
  await panel.getByTestId('readings-text').press('Tab');
  assert.equal(await panel.getByTestId('readings-count').textContent(), '3 lecturas se pueden usar.');
  assert.match(await panel.getByTestId('readings-problems').textContent(), /Fila 5: «nowhere» no es un sitio del modelo/);
  // Kept on the device, never in the link.
  assert.equal(await page.evaluate(() => localStorage.getItem('cuenca-readings')), READINGS);
  assert.doesNotMatch(page.url(), /vega_este|nowhere|readings/);

  const dir = await mkdtemp(join(tmpdir(), 'cuenca-readings-'));
  const file = join(dir, 'readings.csv');
  await writeFile(file, READINGS);
  // At once, before any weighing: the central run beside the readings, in the words of
  // `cuenca run --observations`.
  const run = JSON.parse(cuenca(['run', '--scenario', FS2019, '--observations', file, '--format', 'json'])).observations;
  const central = panel.getByTestId('readings-central');
  await central.waitFor();
  assert.deepEqual(await central.getByTestId('readings-fit').allTextContents(), run.fit.map((f) => f.sentence_es));
  assert.match(run.fit[0].sentence_es, /Vega del borde este, 2030–2034 \(3 lecturas\)/);
  assert.equal(await central.getByTestId('fit-chart').locator('circle.reading').count(), 3);
  await central.locator('.fit-chart').screenshot({ path: `${OUTPUT}/readings-central-phone-es.png` });
  // On the map, the place read is ringed and its entry in the list says the same.
  assert.equal(await page.locator('[data-testid=basin-map] .site.read').count(), 1);
  assert.deepEqual(await page.getByTestId('site-fit').allTextContents(), [run.fit[0].sentence_es]);

  await panel.screenshot({ path: `${OUTPUT}/readings-input-phone-es.png` });
  await bandsComplete(page);
  const started = Date.now();
  await panel.getByTestId('weigh-start').click();
  await panel.getByTestId('weigh-answer').waitFor({ timeout: 300_000 });
  console.log(`weighing in ${BROWSER_NAME} (the bands' 100 members, member 0 and 20 weather runs, fs2019): ${Date.now() - started} ms`);
  assert.equal(await panel.getByTestId('weigh-answer').getAttribute('data-members-adopted'), '99', 'all but member 0, run here to check them');
  console.log(`# weights and weighted summary of 100 members in ${BROWSER_NAME}: ${await panel.getByTestId('weigh-answer').getAttribute('data-weighing-ms')} ms`);

  const native = JSON.parse(
    cuenca(['ensemble', '--scenario', FS2019, '--observations', file, '--format', 'json']),
  ).observations;
  assert.deepEqual(native.members_drawn, [100], 'these readings do not make the weights collapse');
  assert.equal(await panel.getByTestId('weigh-drawn').count(), 0);
  const ess = native.ess.toFixed(1).replace('.', ',');
  assert.equal(
    await panel.getByTestId('weigh-ess').textContent(),
    `Con ${native.used} lecturas, el peso queda en el equivalente de ${ess} de las ${native.members} versiones de la cuenca.`,
  );
  // The readings narrow at least one headline range.
  const ranges = panel.getByTestId('weighed-range');
  assert.ok((await ranges.count()) > 0);
  const texts = await ranges.allTextContents();
  assert.ok(texts.some((t) => {
    const [, before, after] = t.match(/Sin las mediciones: (.*)Con las mediciones: (.*)/) ?? [];
    return before && before !== after;
  }), texts.join('\n'));
  // The read site's chart: its bands before and after, and the three readings as points.
  const chart = panel.getByTestId('weigh-chart');
  assert.equal(await chart.count(), 1);
  assert.match(await chart.getAttribute('aria-label'), /^Profundidad de la napa \(m bajo el suelo\) en Vega del borde este/);
  assert.equal(await chart.locator('circle.reading').count(), 3);
  assert.match(await panel.locator('.weigh-chart figcaption').textContent(), /^Vega del borde este\. Gris: sin las mediciones/);
  await panel.locator('.weigh-chart').screenshot({ path: `${OUTPUT}/readings-chart-phone-es.png` });
  await panel.getByTestId('weigh-answer').locator('ul.weighed > li').nth(1).screenshot({ path: `${OUTPUT}/readings-weighed-phone-es.png` });
  assert.deepEqual(await seriousViolations(page, '[data-testid=readings]'), []);

  // Opened again on this device, the readings are still there: the tools open by themselves
  // and put them on the map.
  const again = await context.newPage();
  await again.goto(`${server.url}?v=1&${FS2019}`);
  await again.getByTestId('readings-count').waitFor({ timeout: 60_000 });
  assert.equal(await again.getByTestId('readings-count').textContent(), '3 lecturas se pueden usar.');
  await again.getByTestId('site-fit').waitFor({ state: 'attached' });
  assert.deepEqual(await again.getByTestId('site-fit').allTextContents(), [run.fit[0].sentence_es]);
  assert.deepEqual(errors, []);
  await context.close();
});

test('what to measure now: the five measurements that most narrow a result’s range (a place’s drawdown, the basin’s vegas), as `cuenca measure-next` ranks them', async () => {
  const { context, page, errors } = await openPage(browser, 'phone', 'es-AR');
  await page.goto(`${server.url}?v=1&${FS2019}`);
  await openTools(page);
  const panel = page.getByTestId('measure-next-panel');
  await panel.waitFor();
  assert.equal(await panel.getByTestId('measure-next-result').inputValue(), 'max_drawdown_m');
  assert.equal(await panel.getByTestId('measure-next-site').inputValue(), 'vega_este');
  // Once the page's bands are complete, the ranking takes their members rather than running
  // them again (member 0 run to check them), and ranks as the CLI does.
  await bandsComplete(page);
  const started = Date.now();
  await panel.getByTestId('measure-next-start').click();
  const lines = panel.getByTestId('measure-next').locator('li');
  await lines.nth(4).waitFor({ timeout: 240_000 });
  console.log(`# what to measure now in ${BROWSER_NAME} (the bands' 100 members, member 0 and 20 weather runs, fs2019): ${Date.now() - started} ms`);
  assert.equal(await panel.getByTestId('measure-next').getAttribute('data-members-adopted'), '99', 'all but member 0, run here to check them');
  const native = JSON.parse(cuenca(['measure-next', '--scenario', FS2019, '--format', 'json'])).ranked.slice(0, 5).map((r) => r.sentence);
  assert.deepEqual(await lines.allTextContents(), native);
  assert.deepEqual(await seriousViolations(page, '[data-testid=measure-next-panel]'), []);
  await panel.screenshot({ path: `${OUTPUT}/measure-next-phone-es.png` });
  // Another place is another question: the list for the east vega is no longer shown.
  await panel.getByTestId('measure-next-site').selectOption('vega_santa_rosa');
  assert.equal(await panel.getByTestId('measure-next').count(), 0);
  // The basin's vegas: no place to pick, and the lines `--result vega_area_lost_pct` gives.
  await panel.getByTestId('measure-next-result').selectOption('vega_area_lost_pct');
  assert.equal(await panel.getByTestId('measure-next-site').count(), 0);
  await panel.getByTestId('measure-next-start').click();
  await lines.nth(4).waitFor({ timeout: 240_000 });
  const vegas = JSON.parse(cuenca(['measure-next', '--scenario', FS2019, '--result', 'vega_area_lost_pct', '--format', 'json'])).ranked.slice(0, 5).map((r) => r.sentence);
  assert.deepEqual(await lines.allTextContents(), vegas);
  await panel.screenshot({ path: `${OUTPUT}/measure-next-vegas-phone-es.png` });
  // The vegas in ten years (the year's mean area, as the chart's band shows it): another
  // question, answered as `--result vega_area_ha@2035` answers it.
  const when = panel.getByTestId('measure-next-when');
  assert.deepEqual(await when.locator('option').evaluateAll((os) => os.map((o) => o.value)), ['0', '10', '25']);
  await when.selectOption('10');
  assert.equal(await panel.getByTestId('measure-next').count(), 0);
  await panel.getByTestId('measure-next-start').click();
  await lines.nth(4).waitFor({ timeout: 240_000 });
  const vegas2035 = JSON.parse(cuenca(['measure-next', '--scenario', FS2019, '--result', 'vega_area_ha@2035', '--format', 'json'])).ranked.slice(0, 5).map((r) => r.sentence);
  assert.deepEqual(await lines.allTextContents(), vegas2035);
  assert.match(vegas2035[0], /«Superficie de vegas en 2035»/);
  await panel.screenshot({ path: `${OUTPUT}/measure-next-2035-phone-es.png` });
  // Nothing sticks out of the phone's width, and each picker is a finger's height.
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth));
  for (const box of [await panel.getByTestId('measure-next-result').boundingBox(), await when.boundingBox()]) {
    assert.ok(box.x + box.width <= 390 && box.height >= 44, JSON.stringify(box));
  }
  assert.deepEqual(errors, []);
  await context.close();
});

// Readings from before the run's start meet it when the rain of those years is given: every
// run starts in the past (the hindcast), as `cuenca ensemble --hindcast` starts it.
const OLD_READINGS = [
  'site,date,quantity,value,unit,who,error',
  'vega_este,2021-03,depth_to_water_m,1.2,m,prueba,0.1',
  'vega_este,2022-03,depth_to_water_m,1.3,m,prueba,0.1',
  'vega_este,2023-03,depth_to_water_m,1.2,m,prueba,0.1',
  'vega_este,2030-03,depth_to_water_m,1.6,m,prueba,0.1',
].join('\n');
const RAIN = ['date,precip_mm', '2021-01,95', '2021-02,80', '2022-01,20', '2022-02,15', '2023-01,70', '2024-12,30'].join('\n');

test('readings before 2025: with the observed rain the run starts in the past, and they weigh the ensemble as the CLI does', async () => {
  const { context, page, errors } = await openPage(browser, 'phone', 'es-AR');
  await page.goto(`${server.url}?v=1&${FS2019}`);
  await openTools(page);
  const panel = page.getByTestId('readings');
  await panel.waitFor();
  await panel.getByTestId('readings-text').fill(OLD_READINGS);
  await panel.getByTestId('readings-text').press('Tab');
  assert.equal(await panel.getByTestId('readings-count').textContent(), '4 lecturas se pueden usar.');
  // Without the rain, only the reading of 2030 meets the run, and the page says why.
  assert.match(
    await panel.getByTestId('readings-outside').textContent(),
    /^3 de las lecturas caen fuera de los meses que corre el modelo/,
  );
  await panel.getByTestId('climate').locator('summary').click();
  await panel.getByTestId('climate-text').fill(RAIN);
  await panel.getByTestId('climate-text').press('Tab');
  assert.equal(
    await panel.getByTestId('climate-start').textContent(),
    'Con esta lluvia, el modelo empieza en enero de 2021 y llega a hoy sin el proyecto.',
  );
  assert.match(
    await panel.getByTestId('climate-problems').textContent(),
    /^42 meses no tienen valor en el archivo \(2021-03, 2021-04, 2021-05, 2021-06, 2021-07, 2021-08 …\): el modelo usa para ellos la lluvia media de ese mes\.$/,
  );
  // Kept on the device, never in the link.
  assert.equal(await page.evaluate(() => localStorage.getItem('cuenca-climate')), RAIN);
  assert.doesNotMatch(page.url(), /precip|2021/);
  await panel.getByTestId('climate').screenshot({ path: `${OUTPUT}/readings-climate-phone-es.png` });

  await panel.getByTestId('weigh-start').click();
  await panel.getByTestId('weigh-answer').waitFor({ timeout: 300_000 });
  const dir = await mkdtemp(join(tmpdir(), 'cuenca-hindcast-'));
  const [readings, rain] = [join(dir, 'readings.csv'), join(dir, 'rain.csv')];
  await writeFile(readings, OLD_READINGS);
  await writeFile(rain, RAIN);
  const native = JSON.parse(
    cuenca(['ensemble', '--scenario', FS2019, '--observations', readings, '--hindcast', rain, '--format', 'json']),
  ).observations;
  assert.equal(native.used, 4, 'the three old readings are used with the hindcast');
  // Runs that start in the past are not the bands' members: these were run here.
  assert.equal(await panel.getByTestId('weigh-answer').getAttribute('data-members-adopted'), '0');
  const ess = native.ess.toFixed(1).replace('.', ',');
  assert.equal(
    await panel.getByTestId('weigh-ess').textContent(),
    `Con 4 lecturas, el peso queda en el equivalente de ${ess} de las ${native.members} versiones de la cuenca.`,
  );
  assert.match(await panel.getByTestId('readings-fit').first().textContent(), /Vega del borde este, 2021–2030 \(4 lecturas\)/);
  // The chart starts in 2021: the four readings are points on it.
  const chart = panel.getByTestId('weigh-chart');
  assert.equal(await chart.locator('circle.reading').count(), 4);
  await panel.locator('.weigh-chart').screenshot({ path: `${OUTPUT}/readings-hindcast-chart-phone-es.png` });
  assert.deepEqual(await seriousViolations(page, '[data-testid=readings]'), []);
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth));
  // The central run starts in 2021 too, and says what `cuenca run --hindcast` says.
  const run = JSON.parse(
    cuenca(['run', '--scenario', FS2019, '--observations', readings, '--hindcast', rain, '--format', 'json']),
  ).observations;
  const central = panel.getByTestId('readings-central');
  assert.deepEqual(await central.getByTestId('readings-fit').allTextContents(), run.fit.map((f) => f.sentence_es));
  assert.equal(await central.getByTestId('fit-chart').locator('circle.reading').count(), 4);
  assert.equal(await central.getByTestId('readings-outside').count(), 0);
  assert.deepEqual(errors, []);
  await context.close();
});

// Green vega area from satellite maps (an NDVI of each growing season), four before the run
// and one after its start: points on the page's own vega chart.
const VEGA_READINGS = [
  'site,date,quantity,value,unit,who,error',
  'cuenca,2021-02,vega_area_ha,610,ha,satelite,60',
  'cuenca,2022-02,vega_area_ha,590,ha,satelite,60',
  'cuenca,2023-02,vega_area_ha,575,ha,satelite,60',
  'cuenca,2024-02,vega_area_ha,560,ha,satelite,60',
  'cuenca,2026-02,vega_area_ha,540,ha,satelite,60',
].join('\n');

test('readings on the page’s own charts: the basin’s vega area read from satellite maps is drawn on the vega chart, from before today, and stays there on reload without ever being sent', async () => {
  const { context, page, errors } = await openPage(browser, 'phone', 'es-AR');
  const requests = [];
  context.on('request', (r) => requests.push(`${r.url()} ${r.postData() ?? ''}`));
  await page.goto(`${server.url}?v=1&${FS2019}`);
  await openTools(page);
  const panel = page.getByTestId('readings');
  await panel.getByTestId('readings-text').fill(VEGA_READINGS);
  await panel.getByTestId('readings-text').press('Tab');
  assert.equal(await panel.getByTestId('readings-count').textContent(), '5 lecturas se pueden usar.');

  await unfold(page, 'charts-title');
  const chart = page.getByTestId('chart-vega');
  await chart.getByTestId('readings-legend').waitFor();
  assert.equal(await chart.getByTestId('readings-legend').textContent(), 'tus mediciones (5), con su error');
  assert.equal(await page.getByTestId('chart-lagoon').getByTestId('readings-legend').count(), 0);
  await chart.screenshot({ path: `${OUTPUT}/readings-on-vega-chart-phone-es.png` });
  // The chart's SVG carries them too, the axis stretched back: the first reading (2021) left of
  // where the run's line starts (2025).
  const svg = (await download(page, chart.getByTestId('svg-vega'))).body.toString();
  assert.equal((svg.match(/<circle class="reading"/g) ?? []).length, 5);
  const firstReading = Number(svg.match(/<circle class="reading" cx="([\d.]+)"/)[1]);
  const lineStart = Number(svg.match(/<polyline points="([\d.]+),/)[1]);
  assert.ok(firstReading < lineStart - 40, `${firstReading} against ${lineStart}`);
  // A basin-wide area is no place on the map.
  assert.equal(await page.locator('[data-testid=basin-map] .site.read').count(), 0);

  // Opened again on this device: on the chart again, the tools open by themselves.
  const again = await context.newPage();
  await again.goto(`${server.url}?v=1&${FS2019}`);
  await unfold(again, 'charts-title');
  await again.getByTestId('chart-vega').getByTestId('readings-legend').waitFor({ timeout: 60_000 });
  // Nothing of them ever left the device.
  const leaked = requests.filter((r) => /vega_area|satelite/.test(r));
  assert.deepEqual(leaked, []);
  assert.deepEqual(errors, []);
  await context.close();
});
