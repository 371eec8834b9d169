// Same numbers everywhere: every preset gives, in the browser, the same digest of all its series,
// the same sentences, the same numbers in every chart's data table and the same exported CSV as
// the native command-line tool.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cuenca } from './support/cli.mjs';
import { browser, server, useServerAndBrowser } from './support/fixture.mjs';
import { BROWSER_NAME, cardSentences, download, openPage } from './support/browser.mjs';

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

// What each chart draws, from the command line's JSON (`src/chart_data.rs` says the same in
// Rust): its lines' monthly values and the decimals of its table.
const CHARTS = {
  // The named sites people know, at most six (the palette's colours).
  drawdown: (j) => ({
    decimals: 2,
    lines: j.series.sites
      .filter((s) => ['vega', 'lagoon', 'spring', 'village'].includes(s.kind))
      .slice(0, 6)
      .map((s) => s.drawdown_m),
  }),
  springs: (j) => ({ decimals: 1, lines: [j.series.monthly.baseline_spring_flow_l_per_s, j.series.monthly.spring_flow_l_per_s] }),
  vega: (j) => ({ decimals: 1, lines: [j.series.monthly.baseline_vega_area_ha, j.series.monthly.vega_area_ha] }),
  lagoon: (j) => ({ decimals: 1, lines: [j.series.monthly.baseline_lagoon_area_ha, j.series.monthly.lagoon_area_ha] }),
  // Tonnes a month drawn as a yearly rate.
  lithium: (j) => ({
    decimals: 1,
    lines: [j.series.monthly.production_target_t_lce, j.series.monthly.lithium_t_lce].map((l) => l.map((t) => t * 12)),
  }),
};

test("every preset: every chart's data table and the exported CSV equal the command line's", async () => {
  const { context, page, errors } = await openPage(browser, 'desktop', 'es-AR');
  await page.goto(`${server.url}?v=1&lang=es`);
  await page.getByTestId('indicator-cards').locator('li').first().waitFor();
  // Opened once: an open table is rebuilt on every change of scenario.
  for (const id of Object.keys(CHARTS)) {
    await page.getByTestId(`chart-${id}`).locator('details.data summary').click();
  }
  const read = (s) => Number(s.replaceAll('.', '').replace(',', '.'));
  const mean = (xs, y) => xs.slice(12 * y, 12 * y + 12).reduce((a, b) => a + b, 0) / 12;
  for (const preset of PRESETS) {
    const digest = cuenca(['run', '--preset', preset, '--format', 'digest']).trim();
    const json = JSON.parse(cuenca(['run', '--preset', preset, '--format', 'json']));
    await page.getByTestId(`preset-${preset}`).click();
    await page.waitForFunction((d) => document.querySelector('[data-testid=digest]')?.textContent === d, digest, { timeout: 10_000 });
    const years = json.series.months.length / 12;
    const first = json.series.months[0].year;
    for (const [id, chart] of Object.entries(CHARTS)) {
      const { decimals, lines } = chart(json);
      assert.ok(lines.length >= 2, `${preset}, ${id}: lines to compare`);
      const rows = await page.getByTestId(`chart-${id}`).locator('table tbody tr').evaluateAll((trs) =>
        trs.map((tr) => [...tr.children].map((c) => c.textContent)));
      assert.equal(rows.length, years, `${preset}, ${id}: one row a year`);
      rows.forEach((cells, y) => {
        assert.equal(cells[0], String(first + y), `${preset}, ${id}: year`);
        assert.equal(cells.length, 1 + lines.length, `${preset}, ${id}: one column a line`);
        lines.forEach((line, k) => {
          // The page rounds the same annual mean to its table's decimals.
          const want = mean(line, y);
          const got = read(cells[1 + k]);
          assert.ok(Math.abs(got - want) <= 0.5 * 10 ** -decimals * (1 + 1e-9) + 1e-12 * Math.abs(want),
            `${preset}, ${id}, ${first + y}, column ${k + 1}: page ${cells[1 + k]}, command line ${want}`);
        });
      });
    }
    // The download is the command line's CSV below the provenance lines, byte for byte.
    const csv = (await download(page, page.getByTestId('export-csv'))).body.toString('utf8');
    const body = csv.split('\n').filter((l) => !l.startsWith('# ')).join('\n');
    assert.equal(body.trim().split('\n').length, 1 + 12 * years, `${preset}: a header and a row a month`);
    assert.equal(body, cuenca(['run', '--preset', preset, '--format', 'csv']), `${preset}: same CSV`);
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
