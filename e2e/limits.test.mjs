// Agreed limits at a phone's size: a limit from the link is judged on the scenario's ensemble as
// the native CLI judges it, an example set is counted without re-running the ensemble, a limit is
// added and removed, and the largest production that keeps them is the native envelope's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cuenca } from './support/cli.mjs';
import { browser, server, useServerAndBrowser } from './support/fixture.mjs';
import { BROWSER_NAME, OUTPUT, openPage } from './support/browser.mjs';
import { seriousViolations } from './support/axe.mjs';

useServerAndBrowser();

const FS2019 = 'prod=24000&start=2027&ramp=2&life=40&fw_src=este';
const VEGA = 'vega_santa_rosa:drawdown:0.5:2075:0.9';
const ensembles = (page) => page.evaluate(() => performance.getEntriesByName('cuenca:ensemble').length);

test('agreed limits: verdicts from the ensemble, example sets, the envelope, all kept in the link', async () => {
  const { context, page, errors } = await openPage(browser, 'phone', 'es-AR');
  await page.goto(`${server.url}?v=1&${FS2019}&lim=${VEGA}`);
  const limits = page.getByTestId('limits');
  const rows = limits.getByTestId('limit');
  // The page mounts after `load` in Firefox: wait for the panel before counting its rows.
  await rows.first().waitFor();
  assert.equal(await rows.count(), 1);
  assert.match(await rows.first().textContent(), /Vega de Santa Rosa: la napa no baja más de 0,5 m por el proyecto hasta 2075, en 9 de cada 10 versiones de la cuenca/);

  // The verdict is the native ensemble's count.
  const native = JSON.parse(cuenca(['ensemble', '--scenario', FS2019, '--limit', VEGA, '--format', 'json'])).limits[0];
  const verdict = rows.first().getByTestId('limit-verdict');
  await page.waitForFunction(() => document.querySelector('[data-testid=limit-verdict]')?.dataset.kept, null, { timeout: 120_000 });
  assert.equal(await verdict.getAttribute('data-kept'), native.kept ? 'kept' : 'broken');
  assert.match(
    await verdict.textContent(),
    new RegExp(`lo respetan ${native.members_keeping} de ${native.members} versiones de la cuenca \\(hacen falta 90\\)`),
  );

  // An example set replaces the list; its limits are counted on the same ensemble, not re-run.
  const runs = await ensembles(page);
  await limits.getByTestId('limits-example-middle').click();
  assert.equal(await rows.count(), 3);
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid=limit-verdict]')].every((v) => v.dataset.kept));
  assert.equal(await ensembles(page), runs, 'changing limits re-counts, it does not re-run the ensemble');
  assert.match(page.url(), /&lim=vega_santa_rosa:drawdown:0\.5:2075:0\.9&lim=vega_este:drawdown:0\.5:2075:0\.9&lim=vertientes_este:spring:0\.8:2075:0\.9$/);

  // Remove the second; add one through the form (a spring that must keep 70 % of its flow).
  await rows.nth(1).getByRole('button').click();
  assert.equal(await rows.count(), 2);
  await limits.locator('details.limit-form > summary').click();
  await limits.getByTestId('limit-site').selectOption('vertientes_norte');
  await limits.locator('details.limit-form select').nth(1).selectOption('spring');
  // Over WebDriver BiDi, Firefox's fill() adds to a number field's text: empty it first.
  await limits.getByTestId('limit-value').clear();
  await limits.getByTestId('limit-value').fill('70');
  await limits.getByTestId('limit-value').press('Tab');
  await limits.getByTestId('limit-add').click();
  assert.equal(await rows.count(), 3);
  assert.match(await rows.nth(2).textContent(), /Vertientes del abanico norte: el caudal no baja del 70 % del que tendría sin el proyecto hasta 2075/);
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid=limit-verdict]')].every((v) => v.dataset.kept));
  const lims = new URL(page.url()).searchParams.getAll('lim');
  assert.deepEqual(lims, [VEGA, 'vertientes_este:spring:0.8:2075:0.9', 'vertientes_norte:spring:0.7:2075:0.9']);
  await limits.screenshot({ path: `${OUTPUT}/limits-phone-es.png` });

  // The envelope, in the page's second worker, is the native search's answer.
  const started = Date.now();
  await limits.getByTestId('envelope-start').click();
  const answer = limits.getByTestId('envelope-answer');
  await page.waitForFunction(() => document.querySelector('[data-testid=envelope-answer]')?.dataset.done === 'true', null, { timeout: 300_000 });
  console.log(`envelope in ${BROWSER_NAME} (40 members, 3 limits, fs2019): ${Date.now() - started} ms`);
  const args = ['envelope', '--scenario', FS2019, '--members', '40', '--tolerance', '1000', '--format', 'json'];
  for (const l of lims) args.push('--limit', l);
  const envelope = JSON.parse(cuenca(args));
  assert.equal(await answer.textContent(), envelope.sentence_es);
  await limits.screenshot({ path: `${OUTPUT}/limits-envelope-phone-es.png` });
  assert.deepEqual(await seriousViolations(page, '[data-testid=limits]'), []);

  // Using the answer moves the production lever; the link keeps it with the limits.
  const max = envelope.envelope.max_production_t_per_yr;
  if (max > 0) {
    await limits.getByTestId('envelope-apply').click();
    const prod = Number(new URL(page.url()).searchParams.get('prod'));
    assert.equal(prod, Math.floor(max / 100) * 100);
  }
  const link = page.url();
  assert.deepEqual(new URL(link).searchParams.getAll('lim'), lims);

  // The same link, opened again in English, shows the same limits.
  const again = await context.newPage();
  await again.goto(link.replace('lang=es', 'lang=en'));
  await again.getByTestId('limit').first().waitFor();
  assert.equal(await again.getByTestId('limit').count(), 3);
  assert.match(await again.getByTestId('limit').first().textContent(), /Vega de Santa Rosa: the project lowers the water table by no more than 0.5 m until 2075/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the negotiating tools are a second module, fetched only when opened', async () => {
  const { context, page, errors } = await openPage(browser, 'phone', 'es-AR');
  const fetched = [];
  page.on('request', (r) => {
    if (r.url().includes('cuenca-tools')) fetched.push(r.url());
  });
  await page.goto(`${server.url}?v=1&${FS2019}`);
  const open = page.getByTestId('tools-open');
  await open.waitFor();
  // The page is up, its model has run, and the tools were not downloaded.
  await page.getByTestId('digest').filter({ hasText: /[0-9a-f]{16}/ }).waitFor();
  assert.deepEqual(fetched, []);
  assert.equal(await page.getByTestId('limits').count(), 0);
  assert.deepEqual(await seriousViolations(page, '[data-testid=tools]'), []);
  await page.getByTestId('tools').screenshot({ path: `${OUTPUT}/tools-closed-phone-es.png` });

  await open.click();
  const limits = page.getByTestId('limits');
  await limits.waitFor();
  assert.ok(fetched.some((u) => /cuenca-tools_bg\.wasm\?build=cuenca-app-[0-9a-f]+\.js$/.test(u)), fetched.join(' '));
  assert.equal(await open.count(), 0, 'the button gives way to the tools');
  assert.equal(await page.getByTestId('plan').count(), 1);
  // An edit in the tools reaches the page's link, and a lever moved on the page reaches the tools.
  await limits.getByTestId('limits-example-middle').click();
  await page.waitForFunction(() => new URL(location.href).searchParams.getAll('lim').length === 3);
  await page.getByTestId('lever-prod').fill('30000');
  await limits.getByText(/Hoy: 30\.000 t\/año/).waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});

test('a link with a bad limit names it and keeps the rest', async () => {
  const { context, page, errors } = await openPage(browser, 'phone', 'en-US');
  await page.goto(`${server.url}?v=1&lang=en&${FS2019}&lim=nowhere:drawdown:1:2075:0.9&lim=${VEGA}`);
  assert.match(await page.getByTestId('link-issues').textContent(), /“lim=nowhere:drawdown:1:2075:0.9”: that agreed limit is not understood; it was left out and the others kept\./);
  // The link carries limits, so the tools open by themselves.
  await page.getByTestId('limit').first().waitFor();
  assert.equal(await page.getByTestId('limit').count(), 1);
  assert.deepEqual(errors, []);
  await context.close();
});

test('an early-warning plan is tested against the limits as `cuenca plan` tests it, and kept in the link', async () => {
  const { context, page, errors } = await openPage(browser, 'phone', 'es-AR');
  await page.goto(`${server.url}?v=1&${FS2019}&lim=${VEGA}`);
  const plan = page.getByTestId('plan');
  assert.equal(await plan.getByTestId('plan-start').isDisabled(), true, 'no trigger yet');
  await plan.getByTestId('plan-example').click();
  const triggers = plan.getByTestId('trigger');
  assert.equal(await triggers.count(), 2);
  assert.match(await triggers.first().textContent(), /^Alerta 1\. Si la napa en Vega del borde este queda más de 0,30 m por debajo de su nivel antes del proyecto durante 3 meses seguidos, se recorta un 25 % el bombeo de salmuera, 6 meses después\./);
  const trigs = new URL(page.url()).searchParams.getAll('trig');
  assert.deepEqual(trigs, ['vega_este:0.3:brine:25:6', 'vega_este:1:all:50:6']);

  const started = Date.now();
  await plan.getByTestId('plan-start').click();
  await plan.getByTestId('plan-outcome').waitFor({ timeout: 300_000 });
  console.log(`plan test in ${BROWSER_NAME} (40 members × 3 runs, fs2019): ${Date.now() - started} ms`);
  const args = ['plan', '--scenario', FS2019, '--members', '40', '--limit', VEGA, '--format', 'json'];
  for (const t of trigs) args.push('--trigger', t);
  const native = JSON.parse(cuenca(args));
  assert.deepEqual(await plan.getByTestId('plan-outcome').locator('li').allTextContents(), native.sentences_es);
  // The table: members keeping the limit without the plan, with it, and stopping at the first
  // warning, as `cuenca plan` counts them; then each trigger's firings and the late warnings.
  const row = native.outcome.limits[0];
  const cells = await plan.getByTestId('plan-limit-row').first().locator('td').allTextContents();
  assert.deepEqual(
    cells.map((c) => c.trim()),
    [row.without_plan, row.with_plan, row.stop_at_first_fire].map((o) => `${o.members_keeping} / 40`),
  );
  assert.deepEqual(await plan.getByTestId('plan-triggers').locator('li').allTextContents(), native.trigger_sentences_es);
  assert.equal(native.trigger_sentences_es.length, 2);
  const warnings = plan.getByTestId('plan-warnings').locator('li');
  assert.deepEqual(await warnings.allTextContents(), native.warning_sentences_es);
  await plan.screenshot({ path: `${OUTPUT}/plan-phone-es.png` });
  assert.deepEqual(await seriousViolations(page, '[data-testid=plan]'), []);

  // Removing a trigger changes the plan: the old outcome is no longer shown for it.
  await triggers.nth(1).getByRole('button').click();
  assert.equal(await plan.getByTestId('plan-outcome').count(), 0);
  assert.deepEqual(new URL(page.url()).searchParams.getAll('trig'), ['vega_este:0.3:brine:25:6']);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the trade-off map: how many limits each production × DLE share keeps, as `cuenca envelope --map` counts them', async () => {
  const { context, page, errors } = await openPage(browser, 'phone', 'es-AR');
  const EAST = 'vega_este:drawdown:1:2075:0.9';
  await page.goto(`${server.url}?v=1&${FS2019}&lim=${VEGA}&lim=${EAST}`);
  const limits = page.getByTestId('limits');
  await limits.getByTestId('tradeoff-start').waitFor();
  // The two levers cannot be the same: the one chosen on one axis is disabled on the other.
  assert.equal(await limits.getByTestId('tradeoff-y').locator('option[value=prod]').evaluate((o) => o.disabled), true);
  const started = Date.now();
  await limits.getByTestId('tradeoff-start').click();
  await page.waitForFunction(() => document.querySelector('[data-testid=tradeoff-answer]')?.dataset.done === 'true', null, { timeout: 300_000 });
  console.log(`trade-off map in ${BROWSER_NAME} (30 cells, 40 members, 2 limits, fs2019): ${Date.now() - started} ms`);
  const native = JSON.parse(
    cuenca(['envelope', '--scenario', FS2019, '--members', '40', '--map', 'prod,dle', '--limit', VEGA, '--limit', EAST, '--format', 'json']),
  );
  assert.equal(await limits.getByTestId('tradeoff-answer').textContent(), native.sentence_es);
  const map = limits.getByTestId('tradeoff-map');
  const cells = await map.locator('g[data-cell] text').allTextContents();
  assert.deepEqual(cells, native.map.cells.map((c) => `${c.limits_kept}/2`));
  // Each cell says what it is to a screen reader, and the ring marks this scenario (24,000 t/yr,
  // no DLE) between the columns of 19,000 and 29,000 t/yr, on the bottom row.
  assert.match(await map.locator('g[data-cell="0"] title').textContent(), /^0 t LCE\/año, 0 %: 2 de 2 límites$/);
  const ring = await map.getByTestId('tradeoff-here').locator('circle').first().boundingBox();
  const col = (k) => map.locator(`g[data-cell="${k}"] rect`).boundingBox();
  const [c2, c3] = [await col(2), await col(3)];
  const centre = ring.x + ring.width / 2;
  assert.ok(centre > c2.x + c2.width / 2 && centre < c3.x + c3.width / 2, `${centre}`);
  assert.ok(Math.abs(ring.y + ring.height / 2 - (c2.y + c2.height / 2)) < 1);
  assert.deepEqual(await seriousViolations(page, '[data-testid=limits]'), []);
  await map.screenshot({ path: `${OUTPUT}/tradeoff-map-phone-es.png` });
  assert.deepEqual(errors, []);
  await context.close();
});

test('a limit on the whole basin’s vegas, a spring’s floor and the brine’s rise under a lens: written in the form, kept in the link, counted as `cuenca ensemble` counts them', async () => {
  const { context, page, errors } = await openPage(browser, 'phone', 'es-AR');
  await page.goto(`${server.url}?v=1&${FS2019}&lim=${VEGA}`);
  const limits = page.getByTestId('limits');
  const rows = limits.getByTestId('limit');
  await rows.first().waitFor();
  await limits.locator('details.limit-form > summary').click();
  await limits.getByTestId('limit-site').selectOption('basin');
  // The basin offers its areas, not a water table.
  assert.deepEqual(await limits.getByTestId('limit-kind').locator('option').evaluateAll((os) => os.map((o) => o.value)), ['vega_area', 'lagoon_area']);
  assert.equal(await limits.getByTestId('limit-value').inputValue(), '80');
  await limits.getByTestId('limit-add').click();
  assert.equal(await rows.count(), 2);
  assert.equal(
    (await rows.nth(1).locator('p').first().textContent()).trim(),
    'Vegas de la cuenca: el área verde no baja del 80 % de la que tendría sin el proyecto hasta 2075, en 9 de cada 10 versiones de la cuenca',
  );
  const AREA = 'basin:vega_area:0.8:2075:0.9';
  assert.deepEqual(new URL(page.url()).searchParams.getAll('lim'), [VEGA, AREA]);
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid=limit-verdict]')].every((v) => v.dataset.kept), null, { timeout: 120_000 });
  const native = JSON.parse(cuenca(['ensemble', '--scenario', FS2019, '--limit', AREA, '--format', 'json'])).limits[0];
  assert.match(
    await rows.nth(1).getByTestId('limit-verdict').textContent(),
    new RegExp(`lo respetan ${native.members_keeping} de ${native.members} versiones de la cuenca \\(hacen falta 90\\)`),
  );

  // A spring's floor: the east springs never dried by the project, month by month.
  await limits.getByTestId('limit-site').selectOption('vertientes_este');
  assert.deepEqual(await limits.getByTestId('limit-kind').locator('option').evaluateAll((os) => os.map((o) => o.value)), ['drawdown', 'spring', 'spring_floor', 'interface_rise']);
  await limits.getByTestId('limit-kind').selectOption('spring_floor');
  assert.equal(await limits.getByTestId('limit-value').inputValue(), '0');
  await limits.getByTestId('limit-add').click();
  assert.equal(await rows.count(), 3);
  assert.equal(
    (await rows.nth(2).locator('p').first().textContent()).trim(),
    'Línea de vertientes del este: el caudal no se corta por el proyecto en ningún mes hasta 2075, en 9 de cada 10 versiones de la cuenca',
  );
  const FLOOR = 'vertientes_este:spring_floor:0:2075:0.9';
  assert.deepEqual(new URL(page.url()).searchParams.getAll('lim'), [VEGA, AREA, FLOOR]);
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid=limit-verdict]')].every((v) => v.dataset.kept), null, { timeout: 120_000 });
  const floor = JSON.parse(cuenca(['ensemble', '--scenario', FS2019, '--limit', FLOOR, '--format', 'json'])).limits[0];
  assert.match(
    await rows.nth(2).getByTestId('limit-verdict').textContent(),
    new RegExp(`lo respetan ${floor.members_keeping} de ${floor.members} versiones de la cuenca \\(hacen falta 90\\)`),
  );

  // Where fresh water floats on brine: how far the project raises the brine under the east
  // springs. A vega offers it too; the village, on no lens, does not.
  await limits.getByTestId('limit-site').selectOption('vertientes_este');
  await limits.getByTestId('limit-kind').selectOption('interface_rise');
  assert.equal(await limits.getByTestId('limit-value').inputValue(), '1');
  await limits.getByTestId('limit-value').clear();
  await limits.getByTestId('limit-value').fill('0.1');
  await limits.getByTestId('limit-value').press('Tab');
  await limits.getByTestId('limit-add').click();
  assert.equal(await rows.count(), 4);
  assert.equal(
    (await rows.nth(3).locator('p').first().textContent()).trim(),
    'Línea de vertientes del este: la salmuera no sube más de 0,1 m por el proyecto bajo el agua dulce hasta 2075, en 9 de cada 10 versiones de la cuenca',
  );
  const RISE = 'vertientes_este:interface_rise:0.1:2075:0.9';
  assert.deepEqual(new URL(page.url()).searchParams.getAll('lim'), [VEGA, AREA, FLOOR, RISE]);
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid=limit-verdict]')].every((v) => v.dataset.kept), null, { timeout: 120_000 });
  const rise = JSON.parse(cuenca(['ensemble', '--scenario', FS2019, '--limit', RISE, '--format', 'json'])).limits[0];
  assert.match(
    await rows.nth(3).getByTestId('limit-verdict').textContent(),
    new RegExp(`lo respetan ${rise.members_keeping} de ${rise.members} versiones de la cuenca \\(hacen falta 90\\)`),
  );
  await limits.getByTestId('limit-site').selectOption('vega_este');
  assert.deepEqual(await limits.getByTestId('limit-kind').locator('option').evaluateAll((os) => os.map((o) => o.value)), ['drawdown', 'interface_rise']);
  await limits.getByTestId('limit-site').selectOption('santa_rosa');
  assert.equal(await limits.getByTestId('limit-kind').count(), 0);
  assert.deepEqual(errors, []);
  await context.close();
});
