// A facilitator's board: twelve participants' links pasted at once, each run on the device, the
// group's minimum, median and maximum of every headline as the native runs give them, the
// charts as PNG, and the board itself passed on as a link and as a saved file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cuenca } from './support/cli.mjs';
import { browser, server, useServerAndBrowser } from './support/fixture.mjs';
import { download, ENGINE, launch, OUTPUT, openPage, openTools } from './support/browser.mjs';
import { seriousViolations } from './support/axe.mjs';

useServerAndBrowser();

// Twelve scenarios a workshop might bring: production from none to the 2025 plan's scale, some
// by direct extraction with reinjection. Eight are named before the link, four by `title=`, and
// one line is not a link at all.
const SCENARIOS = [
  '', 'prod=6000', 'prod=12000', 'prod=18000&dle=50', 'prod=24000&start=2027&ramp=2&life=40&fw_src=este',
  'prod=30000', 'prod=36000&dle=100&reinj=90', 'prod=42000', 'prod=50000&dle=100&reinj=95',
  'prod=60000', 'prod=80000&dle=50', 'prod=100000',
];
const name = (k) => `Grupo ${k + 1}`;
const lines = (base) => SCENARIOS.map((q, k) => (k % 3 === 2
  ? `${base}?v=1&${q}${q ? '&' : ''}title=${encodeURIComponent(name(k)).replace(/%20/g, '+')}`
  : `${name(k)}: ${base}?v=1&${q}`));

/** The four headline figures of a native run, in the board's units. */
function headline(query) {
  const v = JSON.parse(cuenca(['run', '--scenario', query, '--format', 'json'])).indicators.values;
  const village = v.sites.find((s) => s.kind === 'village');
  return {
    lithium: v.lithium_total_t_lce / 1e3,
    village: village.max_drawdown_vs_today ? village.max_drawdown_vs_today[0] : village.max_drawdown_m,
    vegas: v.vega_area_lost_pct,
    springs: v.spring_flow_change_pct,
  };
}
const DECIMALS = { lithium: 0, village: 1, vegas: 0, springs: 0 };
/** A number as the Spanish page writes it ("1.234,5", "-3"). */
const read = (text) => Number(text.trim().replace(/\./g, '').replace(',', '.'));
const close = (shown, expected, column) =>
  Math.abs(shown - expected) <= 0.5 * 10 ** -DECIMALS[column] + 1e-9;

test('board: twelve pasted links, each row and the min/median/max as the native runs, as a link and as a file', async () => {
  const native = SCENARIOS.map(headline);
  const { context, page, errors } = await openPage(browser, 'phone', 'es-AR');
  await page.goto(server.url);
  await openTools(page);
  const board = page.getByTestId('board');
  await board.waitFor();
  const pasted = [...lines(server.url).slice(0, 6), 'gracias a todos', ...lines(server.url).slice(6)].join('\n');
  await board.getByTestId('board-text').fill(pasted);
  await board.getByTestId('board-text').press('Tab');

  const rows = board.getByTestId('board-row');
  await rows.nth(11).waitFor();
  assert.equal(await rows.count(), 12);
  assert.equal(await board.getByTestId('board-problems').textContent(), 'Línea 7: no hay un enlace de Cuenca; se dejó de lado.');
  for (let k = 0; k < 12; k++) {
    assert.equal(await rows.nth(k).locator('th').textContent(), name(k));
    for (const column of Object.keys(DECIMALS)) {
      const shown = read(await rows.nth(k).locator(`td[data-column=${column}]`).textContent());
      assert.ok(close(shown, native[k][column], column), `${name(k)} ${column}: ${shown} vs ${native[k][column]}`);
    }
  }
  // The spread, worked out here from the native runs.
  for (const column of Object.keys(DECIMALS)) {
    const values = native.map((h) => h[column]);
    const sorted = [...values].sort((a, b) => a - b);
    const median = (sorted[5] + sorted[6]) / 2;
    const cell = (row) => board.getByTestId(`board-${row}`).locator(`td[data-column=${column}]`);
    for (const [row, expected] of [['min', sorted[0]], ['median', median], ['max', sorted[11]]]) {
      const shown = read(await cell(row).locator('.value').textContent());
      assert.ok(close(shown, expected, column), `${row} ${column}: ${shown} vs ${expected}`);
    }
    const whose = (x) => values.map((v, k) => [v, k]).filter(([v]) => v === x).map(([, k]) => name(k));
    assert.equal(await cell('min').locator('.who').textContent(), whose(sorted[0]).slice(0, 3).join(', '));
    assert.equal(await cell('max').locator('.who').textContent(), whose(sorted[11]).slice(0, 3).join(', '));
  }
  // One line per scenario in each chart's legend.
  assert.equal(await board.locator('[data-testid=board-vegas] text.legend').count(), 12);
  assert.deepEqual(await seriousViolations(page, '[data-testid=board]'), []);
  await board.getByTestId('board-table').screenshot({ path: `${OUTPUT}/board-table-phone-es.png` });
  await board.getByTestId('board-vegas').screenshot({ path: `${OUTPUT}/board-chart-phone-es.png` });
  // Each chart as a PNG, twice the SVG's 800×500 with its credit line, for slides and chats.
  const png = await download(page, board.getByTestId('board-vegas-png'));
  assert.match(png.name, /\.png$/);
  assert.deepEqual([...png.body.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  assert.deepEqual([png.body.readUInt32BE(16), png.body.readUInt32BE(20)], [1600, 1000]);

  // The board's link is the page's address, the scenarios in its fragment; opened elsewhere it
  // shows the same twelve rows at once.
  const link = await board.getByTestId('board-link').inputValue();
  assert.match(link, /#board&s=/);
  assert.equal(new URL(page.url()).hash, new URL(link).hash);
  assert.ok(link.length < 8000, `${link.length} characters`);
  const other = await context.newPage();
  await other.goto(link);
  const again = other.getByTestId('board');
  await again.getByTestId('board-row').nth(11).waitFor();
  assert.equal(await again.getByTestId('board-row').count(), 12);
  assert.equal(await again.getByTestId('board-row').nth(2).locator('th').textContent(), name(2));
  assert.equal(
    await again.getByTestId('board-median').textContent(),
    await board.getByTestId('board-median').textContent(),
  );
  // A lever moved on that page keeps the board in the address.
  const lever = other.getByTestId('lever-prod');
  await lever.fill('1000');
  await lever.dispatchEvent('change');
  await other.waitForFunction(() => location.search.includes('prod=1000'));
  assert.equal(new URL(other.url()).hash, new URL(link).hash);

  // Saved as a file and opened on a fresh page, the board is the same.
  const file = await download(page, board.getByTestId('board-save'));
  assert.match(file.name, /^cuenca-tablero-\d{4}-\d{2}-\d{2}\.txt$/);
  const text = file.body.toString('utf8');
  assert.equal(text.trim().split('\n').length, 12);
  const dir = await mkdtemp(join(tmpdir(), 'cuenca-board-'));
  await writeFile(join(dir, 'tablero.txt'), text);
  const fresh = await context.newPage();
  await fresh.goto(server.url);
  await openTools(fresh);
  await fresh.getByTestId('board-file').setInputFiles(join(dir, 'tablero.txt'));
  await fresh.getByTestId('board-row').nth(11).waitFor();
  assert.equal(
    await fresh.getByTestId('board-max').textContent(),
    await board.getByTestId('board-max').textContent(),
  );
  assert.deepEqual(errors, []);
  await context.close();
});

test('board: a name set when sharing travels in the link and names the row', async () => {
  const { context, page, errors } = await openPage(browser, 'desktop', 'en-GB');
  await page.goto(`${server.url}?v=1&prod=24000`);
  await page.getByTestId('share').locator('summary').click();
  const title = page.getByTestId('share-title');
  await title.fill('  Table\u202E 4  ');
  // `change`, as leaving the field fires it (Firefox under automation does not on Tab).
  await title.dispatchEvent('change');
  await page.waitForFunction(() => document.querySelector('[data-testid=share-url]').value.includes('title='));
  const url = await page.getByTestId('share-url').inputValue();
  assert.equal(new URL(url).searchParams.get('title'), 'Table 4');
  await openTools(page);
  const board = page.getByTestId('board');
  await board.getByTestId('board-text').fill(url);
  await board.getByTestId('board-text').press('Tab');
  await board.getByTestId('board-row').first().waitFor();
  assert.equal(await board.getByTestId('board-row').first().locator('th').textContent(), 'Table 4');
  assert.deepEqual(errors, []);
  await context.close();
});

test('board: which agreed limits each scenario keeps, as `cuenca ensemble --limit` judges it', async () => {
  const VEGA = 'vega_santa_rosa:drawdown:0.5:2075:0.9';
  const AREA = 'basin:vega_area:0.8:2075:0.5';
  const picked = ['', 'prod=6000', 'prod=50000&dle=100&reinj=95'];
  const { context, page, errors } = await openPage(browser, 'phone', 'es-AR');
  // The board link carries the agreed limits in its query, as the page's own link does.
  const fragment = picked.map((q) => `s=${encodeURIComponent(`v=1&${q}`)}`).join('&');
  await page.goto(`${server.url}?v=1&lim=${VEGA}&lim=${AREA}#board&${fragment}`);
  const board = page.getByTestId('board');
  await board.getByTestId('board-row').nth(2).waitFor();
  assert.equal(await board.locator('ol.board-limit-list > li').count(), 2);
  await board.getByTestId('board-limits-start').click();
  await page.waitForFunction(() => document.querySelector('[data-testid=board-limits-status]')?.dataset.done === 'true', null, { timeout: 300_000 });
  const rows = board.getByTestId('board-limits-row');
  assert.equal(await rows.count(), 3);
  for (const [k, q] of picked.entries()) {
    const args = ['ensemble', '--scenario', `v=1&${q}`, '--members', '40', '--limit', VEGA, '--limit', AREA, '--format', 'json'];
    const kept = JSON.parse(cuenca(args)).limits.map((l) => l.kept);
    const cells = await rows.nth(k).locator('td').allTextContents();
    assert.equal(cells[0], `${kept.filter(Boolean).length} de 2`, q);
    assert.deepEqual(cells.slice(1), kept.map((x) => (x ? '✓ sí' : '✗ no')), q);
  }
  // Without production nothing is lost: the first scenario keeps both.
  assert.equal(await rows.nth(0).getByTestId('board-limits-count').textContent(), '2 de 2');
  assert.deepEqual(await seriousViolations(page, '[data-testid=board]'), []);
  await board.getByTestId('board-limits').screenshot({ path: `${OUTPUT}/board-limits-phone-es.png` });
  assert.deepEqual(errors, []);
  await context.close();
});

/**
 * A participant's QR code as a camera would film it: the share panel's own code drawn on a
 * grey 320×240 frame, written as a YUV4MPEG2 clip Chromium plays as its fake camera.
 */
async function qrClip(page, path) {
  const [w, h] = [320, 240];
  const rgba = await page.evaluate(async ([w, h]) => {
    const svg = document.querySelector('[data-testid=qr]');
    const image = new Image();
    image.src = 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(new XMLSerializer().serializeToString(svg));
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = w;
    canvas.height = h;
    const ctx = canvas.getContext('2d');
    ctx.fillStyle = '#808080';
    ctx.fillRect(0, 0, w, h);
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(image, 50, 10, 220, 220);
    return [...ctx.getImageData(0, 0, w, h).data];
  }, [w, h]);
  const luma = Buffer.alloc(w * h);
  for (let k = 0; k < w * h; k++) {
    luma[k] = Math.round(0.299 * rgba[4 * k] + 0.587 * rgba[4 * k + 1] + 0.114 * rgba[4 * k + 2]);
  }
  const chroma = Buffer.alloc((w / 2) * (h / 2), 128);
  const frame = Buffer.concat([Buffer.from('FRAME\n'), luma, chroma, chroma]);
  const header = Buffer.from(`YUV4MPEG2 W${w} H${h} F10:1 Ip A1:1 C420jpeg\n`);
  await writeFile(path, Buffer.concat([header, ...Array(10).fill(frame)]));
}

test('board: a participant’s QR code read with the camera joins the board once', { skip: ENGINE === 'firefox' ? 'Firefox cannot be given a clip as its camera' : false }, async () => {
  // The participant's phone: a scenario named when sharing, its QR code filmed.
  const { context: phone, page: participant } = await openPage(browser, 'phone', 'es-AR');
  await participant.goto(`${server.url}?v=1&prod=18000&dle=50&title=Grupo+7`);
  await participant.getByTestId('share').locator('summary').click();
  const link = await participant.getByTestId('share-url').inputValue();
  const dir = await mkdtemp(join(tmpdir(), 'cuenca-camera-'));
  const clip = join(dir, 'qr.y4m');
  await qrClip(participant, clip);
  await phone.close();

  // Without a camera the board says so, and nothing breaks.
  const { context: plain, page: nocam, errors: plainErrors } = await openPage(browser, 'phone', 'es-AR');
  await nocam.goto(`${server.url}#board`);
  await nocam.getByTestId('board-scan').click();
  await nocam.getByTestId('board-scan-status').filter({ hasText: /Podés pegar los enlaces\.$/ }).waitFor();
  assert.deepEqual(plainErrors, []);
  await plain.close();

  // The facilitator's phone, whose camera films the participant's code.
  const filming = await launch([
    '--use-fake-device-for-media-stream',
    '--use-fake-ui-for-media-stream',
    `--use-file-for-fake-video-capture=${clip}`,
  ]);
  try {
    const { page, errors } = await openPage(filming, 'phone', 'es-AR');
    await page.goto(`${server.url}#board`);
    const board = page.getByTestId('board');
    await board.getByTestId('board-scan').click();
    await board.getByTestId('board-scan-status').filter({ hasText: 'Agregado al tablero: Grupo 7. Podés leer el siguiente.' }).waitFor({ timeout: 20_000 });
    await board.getByTestId('board-row').first().waitFor();
    assert.equal(await board.getByTestId('board-row').count(), 1);
    assert.equal(await board.getByTestId('board-row').first().locator('th').textContent(), 'Grupo 7');
    assert.equal((await board.getByTestId('board-text').inputValue()).trim(), link);
    assert.equal(await board.getByTestId('board-scan').getAttribute('aria-pressed'), 'true');
    await board.screenshot({ path: `${OUTPUT}/board-scan-phone-es.png` });
    // Stopping releases the camera and hides its picture.
    await board.getByTestId('board-scan').click();
    assert.equal(await board.getByTestId('board-scan-video').isHidden(), true);
    assert.equal(await board.getByTestId('board-scan-status').textContent(), '');
    assert.deepEqual(errors, []);
  } finally {
    await filming.close();
  }
});
