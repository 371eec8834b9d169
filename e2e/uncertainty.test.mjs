// Uncertainty you can see: bands on the charts, ranges, dates and what to measure, computed in
// a worker while the page stays responsive.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cuenca } from './support/cli.mjs';
import { browser, server, useServerAndBrowser } from './support/fixture.mjs';
import { BROWSER_NAME, OUTPUT, download, openPage, unfold } from './support/browser.mjs';

useServerAndBrowser();

/** The native CLI's ensemble (built by `cargo test`; cargo builds it first if it is not). */
const nativeEnsemble = (preset) =>
  JSON.parse(cuenca(['ensemble', '--preset', preset, '--format', 'json']));
/** "1,2" as the page writes one decimal in Spanish. */
const es1 = (x) => x.toFixed(1).replace('.', ',');

const JV2025 = '?v=1&lang=es&prod=150000&start=2028&ramp=2&life=30&stages=3&gap=5&share=75&dle=50&reinj=90&fw_src=este';
const ensembleDone = (page) =>
  page.waitForFunction(() => performance.getEntriesByName('cuenca:ensemble').length > 0, null, { timeout: 120_000 });

test('the 2025 joint-venture plan: bands, ranges, dates and what to measure; a lever moves while the ensemble runs', async () => {
  const { context, page, errors } = await openPage(browser, 'phone', 'es-AR');
  await page.goto(server.url + JV2025);
  await page.getByTestId('indicator-cards').locator('li').first().waitFor();

  // While the worker runs, the page answers a lever at once.
  await page.waitForFunction(() => /Calculando/.test(document.querySelector('[data-testid=ensemble-progress]')?.textContent ?? ''));
  const before = await page.getByTestId('value-prod').textContent();
  const pressed = Date.now();
  await page.getByTestId('lever-prod').focus();
  await page.getByTestId('lever-prod').press('ArrowLeft');
  await page.waitForFunction((t) => document.querySelector('[data-testid=value-prod]').textContent !== t, before);
  const answered = Date.now() - pressed;
  assert.ok(answered < 1000, `the lever answered in ${answered} ms while the ensemble ran`);
  await page.getByTestId('lever-prod').press('ArrowRight');

  await ensembleDone(page);
  const ms = await page.evaluate(() => performance.getEntriesByName('cuenca:ensemble').at(-1).duration);
  console.log(`cuenca:ensemble in ${BROWSER_NAME} (100 members, jv2025): ${ms.toFixed(0)} ms`);
  assert.match(await page.getByTestId('ensemble-progress').textContent(), /100 versiones/);
  // The cards carry the spread of what they say: Santa Rosa's drawdown card gives the P10–P90
  // of the native ensemble, to the decimal the page shows.
  const santaRosa = nativeEnsemble('jv2025').indicators.find((i) => i.id === 'max_drawdown_m:santa_rosa');
  const cards = page.getByTestId('indicator-cards').locator('li');
  const card = cards.filter({ hasText: /^Con este escenario, la napa en Santa Rosa de los Pastos Grandes baja \d/ });
  assert.equal(
    await card.getByTestId('card-spread').textContent(),
    `En 8 de cada 10 versiones posibles de la cuenca: entre ${es1(santaRosa.p10)} m y ${es1(santaRosa.p90)} m.`,
  );
  assert.match(await cards.first().getByTestId('card-spread').textContent(), /^En 8 de cada 10 versiones posibles de la cuenca: entre .* millones de t y .* millones de t\.$/);
  // Dates carry their range of years too: the first year past 2 m, and the vega's roots.
  const crossing = cards.filter({ hasText: /El descenso en Santa Rosa de los Pastos Grandes supera 2,0 m por primera vez en \d{4}\./ });
  assert.match(await crossing.getByTestId('card-spread').textContent(), /^Con este escenario, la napa en Santa Rosa de los Pastos Grandes baja más de 2,0 m (entre \d{4} y \d{4} \(lo más probable, \d{4}\)|desde \d{4} \(lo más probable, \d{4}\); en algunos casos, no antes de fin de 2074)\.$/);
  const roots = cards.filter({ hasText: /^En Vega de Santa Rosa, la napa sale de la zona de raíces/ });
  assert.match(await roots.getByTestId('card-spread').textContent(), /la napa en Vega de Santa Rosa sale de la zona de raíces \(más de 3,0 m bajo el suelo\)/);
  await page.getByTestId('indicator-cards').screenshot({ path: `${OUTPUT}/cards-spread-phone-es.png` });
  const measure = await page.getByTestId('measure').locator('li').allTextContents();
  assert.ok(measure.length >= 1, 'at least one unknown stands out');
  const dates = await page.getByTestId('dates').locator('li').allTextContents();
  assert.ok(dates.some((d) => /Vega de Santa Rosa/.test(d)), dates.join('\n'));
  await unfold(page, 'charts-title');
  await unfold(page, 'uncertainty-title');
  await page.getByTestId('chart-springs').getByTestId('band-legend').waitFor();
  await page.getByTestId('uncertainty').screenshot({ path: `${OUTPUT}/uncertainty-phone-es.png` });
  await page.getByTestId('chart-drawdown').screenshot({ path: `${OUTPUT}/band-drawdown-phone-es.png` });

  // A new threshold starts a new ensemble and the dates speak of it.
  // Over WebDriver BiDi, Firefox's fill() adds to a number field's text: empty it first.
  await page.getByTestId('threshold').clear();
  await page.getByTestId('threshold').fill('2');
  await page.getByTestId('threshold').press('Enter');
  await page.waitForFunction(() => performance.getEntriesByName('cuenca:ensemble').length > 1, null, { timeout: 120_000 });
  assert.match((await page.getByTestId('dates').textContent()), /más de 2,0 m|más de 2 m/);

  // The ranges download as CSV, named by scenario and date. (Last: in headless Firefox no
  // field on the page fires `change` after a download has started.)
  await page.getByTestId('export-ranges').scrollIntoViewIfNeeded();
  const ranges = await download(page, page.getByTestId('export-ranges'));
  assert.match(ranges.name, /^cuenca_jv2025-rango_\d{4}-\d{2}-\d{2}\.csv$/);
  const all = ranges.body.toString('utf8').trim().split('\n');
  // Where the numbers come from, before the header.
  assert.match(all[0], /^# model: Cuenca \d+\.\d+\.\d+$/);
  assert.match(all[1], /^# link: http:\/\/127\.0\.0\.1:\d+\/\?v=1&.*prod=150000/);
  const lines = all.filter((l) => !l.startsWith('# '));
  assert.equal(lines[0], 'what,site,unit,year,p10,p50,p90');
  assert.ok(lines.some((l) => l.startsWith('spring_flow_l_per_s,,,2030,')), 'springs band rows by year');
  assert.ok(lines.some((l) => l.startsWith('max_drawdown_m,vega_santa_rosa,m,,')), 'indicator rows');

  assert.deepEqual(errors, []);
  await context.close();
});

test('whose numbers: a source changes the model and the link; the same decision under each source side by side', async () => {
  const { context, page, errors } = await openPage(browser, 'phone', 'es-AR');
  await page.goto(server.url + JV2025);
  await page.getByTestId('indicator-cards').locator('li').first().waitFor();
  await page.getByTestId('sources').locator('summary').click();
  const before = await page.getByTestId('digest').textContent();
  await page.getByTestId('source-recharge').locator('select').selectOption('independent');
  await page.waitForFunction((d) => document.querySelector('[data-testid=digest]').textContent !== d, before);
  assert.match(page.url(), /src_recharge=independent/);
  assert.match(await page.getByTestId('source-recharge').locator('.hint').textContent(), /Huasco|S27/);

  await page.getByTestId('source-brine_t').getByRole('button').click();
  await page.getByTestId('pin-0').waitFor();
  const pinned = await page.locator('li.pin').count();
  assert.ok(pinned >= 2, `each source with a number is pinned (${pinned})`);
  await page.getByTestId('sources').screenshot({ path: `${OUTPUT}/sources-phone-es.png` });

  const reader = await openPage(browser, 'desktop', 'es-AR');
  await reader.page.goto(page.url());
  await reader.page.getByTestId('indicator-cards').locator('li').first().waitFor();
  assert.equal(await reader.page.getByTestId('digest').textContent(), await page.getByTestId('digest').textContent());
  assert.equal(await reader.page.getByTestId('source-recharge').locator('select').inputValue(), 'independent');
  assert.deepEqual([...errors, ...reader.errors], []);
  await context.close();
  await reader.context.close();
});

test('ranges always belong to the scenario on screen: none for the natural basin, cleared when a preset loads', async () => {
  const { context, page, errors } = await openPage(browser, 'phone', 'es-AR');
  await page.goto(`${server.url}?v=1&lang=es`);
  await ensembleDone(page);
  const spreads = page.getByTestId('card-spread');
  const natural = await spreads.allTextContents();
  assert.ok(natural.length > 0, 'the natural basin springs carry their outlook');
  assert.ok(!natural.some((r) => / m y .* m\.$/.test(r)), `no drawdown ranges without a project: ${natural}`);
  await page.getByTestId('preset-jv2025').click();
  assert.equal(await spreads.count(), 0, 'the natural basin ranges are cleared at once');
  await page.waitForFunction(() => performance.getEntriesByName('cuenca:ensemble').length > 1, null, { timeout: 120_000 });
  const vega = page.getByTestId('indicator-cards').locator('..').locator('li.card', { hasText: 'El descenso regional de la napa en Vega de Santa Rosa' });
  assert.match(await vega.getByTestId('card-spread').textContent(), /^En 8 de cada 10 versiones posibles de la cuenca: entre \d+,\d m y \d+,\d m\.$/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a view of another scenario is never shown: 60,000 t/yr, then the 2025 plan while its ensemble runs', async () => {
  const { context, page, errors } = await openPage(browser, 'phone', 'es-AR');
  await page.goto(`${server.url}?v=1&lang=es`);
  await ensembleDone(page);
  // As a new user would: move production, and press a preset while that ensemble's partial
  // views are arriving (the request leaves after 250 ms of quiet).
  await page.getByTestId('lever-prod').fill('60000');
  await page.waitForTimeout(700);
  await page.getByTestId('preset-jv2025').click();
  const read = () => page.evaluate(() => {
    const at = (id) => document.querySelector(`[data-testid=${id}]`);
    return {
      now: at('uncertainty').dataset.scenario,
      dates: at('dates').dataset.scenario,
      dateCount: at('dates').querySelectorAll('li').length,
      ranges: at('indicator-cards').dataset.scenario,
      rangeCount: document.querySelectorAll('[data-testid=card-spread]').length,
      done: performance.getEntriesByName('cuenca:ensemble').length,
    };
  });
  let shown = 0;
  const deadline = Date.now() + 120_000;
  for (;;) {
    const s = await read();
    // Every 100 ms: what is on screen belongs to the scenario on screen, or nothing is shown.
    if (s.dateCount > 0) assert.equal(s.dates, s.now, 'dates of another scenario');
    if (s.rangeCount > 0) assert.equal(s.ranges, s.now, 'ranges of another scenario');
    if (s.dateCount > 0 && /prod=150000/.test(s.now)) shown += 1;
    if (s.done >= 2 && s.dateCount > 0 && /prod=150000/.test(s.now)) break;
    assert.ok(Date.now() < deadline, 'the 2025 plan ensemble finishes');
    await page.waitForTimeout(100);
  }
  assert.ok(shown >= 1, 'the 2025 plan dates were read');
  const dates = await page.getByTestId('dates').locator('li').allTextContents();
  assert.ok(dates.some((d) => /Vega de Santa Rosa/.test(d)), dates.join('\n'));
  assert.deepEqual(errors, []);
  await context.close();
});
