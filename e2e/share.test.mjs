// Sharing: a link reopens the same scenario anywhere, hostile links run nothing, the QR code
// decodes to the link, and the embed works at 320 px and reports its height to the host page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { serveDist } from './support/server.mjs';
import { seriousViolations } from './support/axe.mjs';
import { browser, server, useServerAndBrowser } from './support/fixture.mjs';
import { cardSentences, download, inject, openPage, openTools, OUTPUT } from './support/browser.mjs';

const require = createRequire(import.meta.url);
const JSQR_SOURCE = await readFile(require.resolve('jsqr/dist/jsQR.js'), 'utf8');

useServerAndBrowser();

const firstCard = (page) => page.getByTestId('indicator-cards').locator('li').first();

test('a shared link opens the same scenario and sentences in a fresh browser', async () => {
  const maker = await openPage(browser, 'phone', 'es-AR');
  await maker.page.goto(server.url);
  await firstCard(maker.page).waitFor();
  await maker.page.getByTestId('preset-fs2019').click();
  await maker.page.getByTestId('lever-dle').fill('40');
  await maker.page.getByTestId('share').locator('summary').click();
  const shared = await maker.page.getByTestId('share-url').inputValue();
  assert.match(shared, /^http:\/\/127\.0\.0\.1:\d+\/\?v=1&m=[\d.]+&lang=es&prod=24000/);
  assert.ok(shared.length < 200, `link length ${shared.length}`);
  const made = await cardSentences(maker.page);

  const reader = await openPage(browser, 'desktop', 'en-US');
  await reader.page.goto(shared);
  await firstCard(reader.page).waitFor();
  assert.deepEqual(await cardSentences(reader.page), made, 'same sentences, same language');
  assert.equal(await reader.page.getByTestId('lever-dle').inputValue(), '40');
  assert.deepEqual([...maker.errors, ...reader.errors], []);
  await maker.context.close();
  await reader.context.close();
});

test('the QR code decodes to the link', async () => {
  const { context, page } = await openPage(browser, 'phone', 'en-GB');
  await page.goto(`${server.url}?v=1&lang=en&prod=50000&dle=100&reinj=95`);
  await firstCard(page).waitFor();
  await page.getByTestId('share').locator('summary').click();
  const link = await page.getByTestId('share-url').inputValue();
  await inject(page, JSQR_SOURCE);
  const decoded = await page.evaluate(async () => {
    const svg = document.querySelector('[data-testid=qr]');
    const xml = new XMLSerializer().serializeToString(svg);
    const image = new Image();
    image.src = 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(xml);
    await image.decode();
    const size = 600;
    const canvas = document.createElement('canvas');
    canvas.width = canvas.height = size;
    const ctx = canvas.getContext('2d');
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(image, 0, 0, size, size);
    const { data } = ctx.getImageData(0, 0, size, size);
    return window.jsQR(data, size, size)?.data ?? null;
  });
  assert.equal(decoded, link);
  await page.getByTestId('qr').screenshot({ path: `${OUTPUT}/qr.png` });
  await context.close();
});

test('hostile links show a message, keep the valid parts and run nothing', async () => {
  const hostile = [
    '?prod=24000&%3Cscript%3Ewindow.__pwned%3D1%3C%2Fscript%3E=1',
    '?prod=24000&dp=%3Cimg%20src%3Dx%20onerror%3Dwindow.__pwned%3D1%3E',
    '?prod=24000&view=javascript:window.__pwned=1',
    `?prod=24000&x=${'A'.repeat(100_000)}`,
    '?prod=24000&dt=%FF%FE%E2%80%AE&%00=1',
    `?prod=24000&${'dp=1&'.repeat(2000)}`,
  ];
  for (const query of hostile) {
    const { context, page, errors } = await openPage(browser, 'phone', 'es-AR');
    let dialog = false;
    page.on('dialog', async (d) => { dialog = true; await d.dismiss(); });
    await page.goto(server.url + query);
    await page.getByTestId('link-issues').waitFor();
    assert.match(await page.getByTestId('value-prod').textContent(), /24\.000/, query.slice(0, 60));
    assert.equal(await page.evaluate(() => window.__pwned), undefined, query.slice(0, 60));
    assert.equal(await page.locator('[data-testid=link-issues] img, [data-testid=link-issues] script').count(), 0);
    assert.equal(dialog, false);
    assert.deepEqual(errors, [], query.slice(0, 60));
    await context.close();
  }
});

test('the embed reads at 320 px and reports its height to the host page', async () => {
  const { context, page, errors } = await openPage(browser, 'phone', 'es-AR');
  await page.setViewportSize({ width: 320, height: 640 });
  const src = `${server.url}?v=1&lang=es&prod=24000&view=springs&embed=1`;
  await page.goto(src);
  await page.getByTestId('embed-caption').waitFor();
  assert.match(await page.getByTestId('embed-caption').textContent(), /caudal de las vertientes/, 'the caption speaks of the springs');
  assert.equal(await page.locator('.levers').count(), 0, 'no levers in the embed');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `no horizontal scroll (overflow ${overflow}px)`);
  await page.screenshot({ path: `${OUTPUT}/embed-320.png`, fullPage: true });

  // A host page (here a blank page, another origin) receives the frame's height.
  const host = await context.newPage();
  await host.setContent('<!doctype html><body></body>');
  const height = await host.evaluate(async (frameSrc) => {
    const got = new Promise((resolve) => {
      window.addEventListener('message', (e) => { if (e.data?.type === 'cuenca:height') resolve(e.data.height); });
    });
    const frame = document.createElement('iframe');
    frame.src = frameSrc;
    frame.style.width = '320px';
    document.body.append(frame);
    return got;
  }, src);
  assert.ok(height > 200, `reported height ${height}`);
  assert.deepEqual(errors, []);
  await context.close();
});

test('an embed with two live levers reruns on a move and posts both height messages at 320 px', async () => {
  const { context, page, errors } = await openPage(browser, 'phone', 'es-AR');
  // The author chooses the view and the two live levers in the share panel; the snippet carries
  // them. (The host below is a page of its own: the app's Content-Security-Policy would refuse
  // the host's inline style.)
  const author = await context.newPage();
  author.on('console', (m) => { if (m.type() === 'error') errors.push(`author console: ${m.text()}`); });
  await author.goto(`${server.url}?v=1&lang=es&prod=24000`);
  await firstCard(author).waitFor();
  await author.getByTestId('share').locator('summary').click();
  const share = author.getByTestId('share');
  await share.locator('select').first().selectOption('springs');
  const snippetSrc = async () => (await author.getByTestId('embed-snippet').inputValue()).match(/src="([^"]*)"/)[1].replaceAll('&amp;', '&');
  const param = async (key) => new URL(await snippetSrc()).searchParams.get(key);
  assert.equal(await param('embed_levers'), null, 'no live lever until one is chosen');
  await author.getByTestId('embed-lever-1').selectOption('dle');
  await author.getByTestId('embed-lever-2').selectOption('dle');
  assert.equal(await param('embed_levers'), 'dle', 'the same lever twice is kept once');
  await author.getByTestId('embed-lever-1').selectOption('prod');
  const src = await snippetSrc();
  assert.equal(await param('embed'), '1');
  assert.equal(await param('view'), 'springs');
  assert.equal(await param('embed_levers'), 'prod,dle');
  assert.deepEqual(await seriousViolations(author), []);
  // Long lever names stay inside the panel on a phone.
  const wide = await share.evaluate((panel) => [...panel.querySelectorAll('select')]
    .filter((s) => s.getBoundingClientRect().right > panel.getBoundingClientRect().right + 0.5).length);
  assert.equal(wide, 0, 'every chooser fits the panel');
  await share.screenshot({ path: `${OUTPUT}/embed-chooser-phone-es.png` });
  await author.close();
  // The host listens for both shapes: Cuenca's own and the one newsroom pages already handle.
  await page.setViewportSize({ width: 320, height: 640 });
  await page.setContent('<!doctype html><body style="margin:0"></body>');
  await page.evaluate((frameSrc) => {
    window.heights = { cuenca: [], datawrapper: [] };
    window.addEventListener('message', (e) => {
      if (e.data?.type === 'cuenca:height') window.heights.cuenca.push(e.data.height);
      if (e.data?.['datawrapper-height']) window.heights.datawrapper.push(Object.values(e.data['datawrapper-height'])[0]);
    });
    const frame = document.createElement('iframe');
    frame.src = frameSrc;
    frame.style.cssText = 'width:320px;height:600px;border:0';
    document.body.append(frame);
  }, src);
  const frame = page.frameLocator('iframe');
  await frame.getByTestId('embed-caption').waitFor();
  // Only the two levers the author chose, live.
  assert.equal(await frame.locator('[data-testid^=lever-]').count(), 2);
  assert.equal(await frame.locator('#lever-prod').count(), 1);
  assert.equal(await frame.locator('#lever-dle').count(), 1);
  await page.waitForFunction(() => window.heights.cuenca.length > 0 && window.heights.datawrapper.length > 0);
  const before = await frame.getByTestId('embed-caption').textContent();
  const lever = frame.locator('#lever-prod');
  await lever.fill('80000');
  await lever.dispatchEvent('change');
  await frame.getByTestId('embed-caption').filter({ hasNotText: before }).waitFor();
  const heights = await page.evaluate(() => window.heights);
  assert.ok(heights.cuenca.every((h) => h > 200), JSON.stringify(heights));
  assert.deepEqual(heights.datawrapper, heights.cuenca, 'the same heights in both shapes');
  const overflow = await frame.locator('html').evaluate((el) => el.scrollWidth - el.clientWidth);
  assert.ok(overflow <= 0, `no horizontal scroll (overflow ${overflow}px)`);
  await page.screenshot({ path: `${OUTPUT}/embed-live-levers-320.png`, fullPage: true });
  // The embed on its own (axe cannot look into another origin's frame).
  const alone = await context.newPage();
  await alone.setViewportSize({ width: 320, height: 640 });
  await alone.goto(src);
  await alone.getByTestId('embed-caption').waitFor();
  assert.deepEqual(await seriousViolations(alone), []);
  assert.deepEqual(errors, []);
  await context.close();
});

test('pinned scenarios are drawn over the charts, get their own maps, and travel in the link', async () => {
  const { context, page, errors } = await openPage(browser, 'phone', 'es-AR');
  await page.goto(server.url);
  await firstCard(page).waitFor();
  await page.getByTestId('preset-fs2019').click();
  await page.getByTestId('pin-current').click();
  await page.getByTestId('preset-jv2025').click();
  await page.getByTestId('pin-current').click();
  assert.equal(await page.getByTestId('pin-current').isDisabled(), true, 'the current scenario is already pinned');
  await page.getByTestId('preset-natural').click();
  await page.getByTestId('pin-0').waitFor();
  await page.getByTestId('pin-1').waitFor();
  assert.match(await page.getByTestId('pin-0').locator('h3').textContent(), /^A · Plan de factibilidad 2019/);
  const legend = await page.getByTestId('chart-springs').locator('.legend').textContent();
  assert.match(legend, /A · Plan de factibilidad 2019/);
  assert.match(legend, /B · /);
  const url = page.url();
  assert.equal((url.match(/&pin=/g) ?? []).length, 2, url);
  await page.getByTestId('compare').screenshot({ path: `${OUTPUT}/compare-phone-es.png` });

  const reader = await openPage(browser, 'desktop', 'es-AR');
  await reader.page.goto(url);
  await reader.page.getByTestId('pin-1').waitFor();
  assert.equal(await reader.page.locator('li.pin').count(), 2);
  assert.deepEqual([...errors, ...reader.errors], []);
  await context.close();
  await reader.context.close();
});

test('exports: CSV of the comparison, scenario JSON, chart PNG and SVG, named by scenario and date', async () => {
  const { context, page, errors } = await openPage(browser, 'desktop', 'en-GB');
  await page.goto(`${server.url}?v=1&lang=en&prod=24000&start=2027&ramp=2&life=40&fw_src=este&pin=dle:100,prod:50000`);
  await firstCard(page).waitFor();
  await page.getByTestId('pin-0').waitFor();
  const date = new Date().toISOString().slice(0, 10);
  const save = (testid) => download(page, page.getByTestId(testid));
  const csv = await save('export-csv');
  assert.equal(csv.name, `cuenca_comparison_${date}.csv`);
  const all = csv.body.toString('utf8').trim().split('\n');
  // Provenance first, as comment lines: the model, the whole address, the date, the licence.
  const comments = all.filter((l) => l.startsWith('# '));
  assert.equal(comments.length, 4);
  assert.match(comments[0], /^# model: Cuenca \d+\.\d+\.\d+$/);
  assert.match(comments[1], /^# link: http:\/\/127\.0\.0\.1:\d+\/\?v=1&.*prod=24000.*&pin=prod:50000,dle:100$/);
  assert.equal(comments[2], `# date: ${date}`);
  assert.match(comments[3], /^# licence: CC BY 4\.0/);
  const lines = all.slice(4);
  assert.match(lines[0], /^scenario,year,month,recharge_m3/);
  assert.equal(lines.length, 1 + 2 * 600, 'two runs of 600 months');
  const json = JSON.parse((await save('export-json')).body.toString('utf8'));
  assert.equal(json.levers.prod, 24000);
  assert.match(json.link, /prod=24000/);
  // Provenance: the model, the whole address, the date, the terms.
  assert.match(json.model_version, /^\d+\.\d+\.\d+$/);
  assert.match(json.url, /^http:\/\/127\.0\.0\.1:\d+\/\?v=1&.*prod=24000/);
  assert.equal(json.date, date);
  assert.match(json.credit, new RegExp(`^Cuenca, model(o)? ${json.model_version} · CC BY 4\\.0$`));
  const png = await save('png-springs');
  assert.match(png.name, new RegExp(`^cuenca_spring-flow_${date}\\.png$`));
  assert.deepEqual([...png.body.subarray(1, 4)], [0x50, 0x4e, 0x47], 'a PNG file');
  await writeFile(`${OUTPUT}/export-springs.png`, png.body);
  const svg = await save('svg-springs');
  assert.match(svg.body.toString('utf8'), /^<svg[\s\S]*<\/svg>\s*$/);
  // Provenance drawn into the picture: model, date, the scenario's address, licence.
  const credit = svg.body.toString('utf8').match(/<text[^>]*>(Cuenca, model [^<]*)<\/text><\/svg>/)?.[1] ?? '';
  assert.equal(credit.replaceAll('&amp;', '&'), `Cuenca, model ${json.model_version} · ${date} · ${json.url} · CC BY 4.0`);
  assert.deepEqual(errors, []);
  await context.close();
});

test('served under a sub-path, the page works and its links and embeds point to that path', async () => {
  const sub = await serveDist(undefined, '/cuenca/');
  try {
    const { context, page, errors } = await openPage(browser, 'phone', 'es-AR');
    await page.goto(`${sub.url}?v=1&lang=es&prod=24000`);
    await firstCard(page).waitFor();
    await page.getByTestId('share').locator('summary').click();
    assert.match(await page.getByTestId('share-url').inputValue(), /^http:\/\/127\.0\.0\.1:\d+\/cuenca\/\?v=1/);
    assert.match(await page.getByTestId('embed-snippet').inputValue(), /src="http:\/\/127\.0\.0\.1:\d+\/cuenca\/\?v=1[^"]*embed=1/);
    assert.ok(sub.requests.every((u) => u.startsWith('/cuenca/')), `every request stays under /cuenca/: ${sub.requests.filter((u) => !u.startsWith('/cuenca/'))}`);
    assert.deepEqual(errors, []);
    await context.close();
  } finally {
    await sub.close();
  }
});

test('a downloaded scenario (JSON, or a CSV by its link line) opens again with the same numbers', async () => {
  const { context, page, errors } = await openPage(browser, 'phone', 'es-AR');
  await page.goto(`${server.url}?v=1&prod=50000&dle=100&reinj=95&fw_src=este&title=Grupo+2`);
  const digest = page.getByTestId('digest').filter({ hasText: /[0-9a-f]{16}/ });
  await digest.waitFor();
  const made = await digest.textContent();
  const json = await download(page, page.getByTestId('export-json'));
  const csv = await download(page, page.getByTestId('export-csv'));
  const dir = await mkdtemp(join(tmpdir(), 'cuenca-import-'));
  for (const [name, body] of [['escenario.json', json.body], ['resultados.csv', csv.body], ['otro.csv', 'year,month\n2025,1\n']]) {
    await writeFile(join(dir, name), body);
  }
  for (const name of ['escenario.json', 'resultados.csv']) {
    const fresh = await context.newPage();
    await fresh.goto(server.url);
    await fresh.getByTestId('digest').filter({ hasText: /[0-9a-f]{16}/ }).waitFor();
    assert.notEqual(await fresh.getByTestId('digest').textContent(), made);
    await openTools(fresh);
    await fresh.getByTestId('import-file').setInputFiles(join(dir, name));
    await fresh.waitForURL(/prod=50000/);
    await fresh.getByTestId('digest').filter({ hasText: made }).waitFor();
    assert.equal(new URL(fresh.url()).searchParams.get('title'), 'Grupo 2', name);
    assert.equal(await fresh.getByTestId('lever-reinj').inputValue(), '95', name);
    await fresh.close();
  }
  // A file without a link says so and changes nothing.
  await openTools(page);
  await page.getByTestId('import-file').setInputFiles(join(dir, 'otro.csv'));
  await page.getByTestId('import').getByRole('alert').filter({ hasText: 'no trae el enlace' }).waitFor();
  assert.match(page.url(), /prod=50000/);
  assert.deepEqual(errors, []);
  await context.close();
});
