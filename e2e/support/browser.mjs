// Launches Debian's Chromium (or, with CUENCA_BROWSER=firefox, Debian's Firefox ESR) through
// playwright-core (no browser download), quiet on the network: this machine has none, and the
// flags and preferences stop the browser from trying.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, firefox } from 'playwright-core';

/** The engine under test: `chromium` (default) or `firefox`. */
export const ENGINE = process.env.CUENCA_BROWSER === 'firefox' ? 'firefox' : 'chromium';
/** The engine's name in test titles and timings. */
export const BROWSER_NAME = ENGINE === 'firefox' ? 'Firefox ESR' : 'Chromium';

export const OUTPUT = fileURLToPath(new URL(`../output/${ENGINE === 'firefox' ? 'firefox/' : ''}`, import.meta.url));
mkdirSync(OUTPUT, { recursive: true });

function executable(names, variable) {
  if (process.env[variable]) return process.env[variable];
  return execFileSync('sh', ['-c', names.map((n) => `command -v ${n}`).join(' || ')], { encoding: 'utf8' }).trim();
}

/** Where Firefox saves downloads, under the names the page gives them. */
const FIREFOX_DOWNLOADS = ENGINE === 'firefox' ? mkdtempSync(join(tmpdir(), 'cuenca-downloads-')) : null;

/**
 * Firefox ESR is driven over WebDriver BiDi (playwright-core's `moz-firefox` channel), not
 * Playwright's patched Firefox, which would need a download. Its preferences keep it off the
 * network as Chromium's flags do.
 */
function launchFirefox(hosts) {
  return firefox.launch({
    channel: 'moz-firefox',
    downloadsPath: FIREFOX_DOWNLOADS,
    executablePath: executable(['firefox-esr', 'firefox'], 'FIREFOX_PATH'),
    headless: true,
    firefoxUserPrefs: {
      'app.update.enabled': false,
      'browser.safebrowsing.malware.enabled': false,
      'browser.safebrowsing.phishing.enabled': false,
      'datareporting.policy.dataSubmissionEnabled': false,
      'network.captive-portal-service.enabled': false,
      'network.connectivity-service.enabled': false,
      'toolkit.telemetry.enabled': false,
      ...(hosts.length ? { 'network.dns.localDomains': hosts.join(',') } : {}),
    },
  });
}

/**
 * `extraArgs`: more Chromium flags (e.g. host-resolver rules for a host name on the LAN); in
 * Firefox, `hosts` maps host names to 127.0.0.1 instead (`network.dns.localDomains`).
 */
export function launch(extraArgs = [], { hosts = [] } = {}) {
  if (ENGINE === 'firefox') return launchFirefox(hosts);
  return chromium.launch({
    executablePath: executable(['chromium', 'chromium-browser'], 'CHROMIUM_PATH'),
    headless: true,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic',
      '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync',
      ...extraArgs,
    ],
  });
}

// Firefox has no mobile emulation (Playwright refuses `isMobile` there): phones are a small
// touch viewport at a phone's pixel ratio.
const mobile = ENGINE === 'firefox' ? { hasTouch: true } : { isMobile: true, hasTouch: true };
export const VIEWPORTS = {
  phone: { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, ...mobile },
  small: { viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, ...mobile },
  desktop: { viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 },
};

/**
 * Errors the test harness itself causes, not the page. Before a screenshot, Playwright adds a
 * `<style>body {}</style>` to settle animations; over WebDriver BiDi that runs as page script,
 * so Firefox blocks it under the page's `style-src 'self'` and reports it with this hash.
 */
const PLAYWRIGHT_SCREENSHOT_STYLE_HASH = 'sha256-YjaKGiklmzC6wjXA513HAMmzus8VE61XCOT+SmwNZWA=';
export const harnessNoise = (message) => ENGINE === 'firefox' && message.includes(PLAYWRIGHT_SCREENSHOT_STYLE_HASH);

/**
 * Opens a page that records console errors, uncaught exceptions and Content-Security-Policy
 * violations. The page keeps its own policy: checking scripts come in through `inject`.
 */
export async function openPage(browser, viewport, locale = 'es-AR') {
  const context = await browser.newContext({ ...VIEWPORTS[viewport], locale, acceptDownloads: true });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => { if (!harnessNoise(e.message)) errors.push(`pageerror: ${e.message}`); });
  page.on('console', (m) => { if (m.type() === 'error' && !harnessNoise(m.text())) errors.push(`console: ${m.text()}`); });
  // Every test that expects no errors also expects no request to any origin but the page's own.
  context.on('request', (r) => {
    const url = new URL(r.url());
    if (!['127.0.0.1', 'localhost'].includes(url.hostname) && !['data:', 'blob:'].includes(url.protocol)) {
      errors.push(`foreign request: ${r.url().slice(0, 120)}`);
    }
  });
  return { context, page, errors };
}

/**
 * Opens a folded section by tapping its title, as a reader would: on a phone the long sections
 * (ranges, charts, map) start folded. `titleId` is its heading's id, e.g. `charts-title`.
 */
export async function unfold(page, titleId) {
  const details = page.locator('details.fold', { has: page.locator(`#${titleId}`) });
  if (!(await details.evaluate((d) => d.open))) await details.locator(':scope > summary').click();
}

/**
 * The result cards' sentences, as the model wrote them: without the ensemble range a card
 * carries once its scenario's ensemble is complete (that arrives later, on its own clock).
 */
export const cardSentences = (page) =>
  page.getByTestId('indicator-cards').locator('li').evaluateAll((cards) =>
    cards.map((card) => {
      const copy = card.cloneNode(true);
      copy.querySelector('[data-testid=card-spread]')?.remove();
      return copy.textContent;
    }));

/**
 * Runs a test's checking library (axe, jsQR) in the page through the driver, which the page's
 * Content-Security-Policy does not govern; a script tag would be blocked by it.
 */
export const inject = (page, source) => page.evaluate(`${source}\n;undefined`);

/**
 * Clicks `target` (a locator) and resolves to the file the page offers: `{ name, body }`.
 * Firefox ESR reports its blob downloads over BiDi without the navigation id Playwright waits
 * for, so there the file is read from the downloads folder once Firefox has finished writing
 * it: proof that the download completed, not only that it began.
 */
export async function download(page, target) {
  if (ENGINE === 'chromium') {
    const [file] = await Promise.all([page.waitForEvent('download'), target.click()]);
    return { name: file.suggestedFilename(), body: await readFile(await file.path()) };
  }
  const before = new Set(await readdir(FIREFOX_DOWNLOADS));
  await target.click();
  // Firefox first creates the file empty, then writes a `.part` beside it and renames it over:
  // a new file counts as finished once it is non-empty, no `.part` is left and its size held
  // for one poll.
  let last = -1;
  for (let waited = 0; waited < 30_000; waited += 100) {
    const now = await readdir(FIREFOX_DOWNLOADS);
    const done = now.filter((f) => !before.has(f) && !f.endsWith('.part'));
    if (done.length === 1 && !now.some((f) => f.endsWith('.part'))) {
      const path = join(FIREFOX_DOWNLOADS, done[0]);
      const { size } = await stat(path);
      if (size > 0 && size === last) return { name: done[0], body: await readFile(path) };
      last = size;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('no download finished within 30 s');
}

/**
 * Opens the negotiating tools as a person does, and waits until they are mounted. A click that
 * did not start the loading (the button still enabled and offered) or a load that failed (the
 * page's own "could not be loaded" alert) ends the test with that reason and a screenshot,
 * rather than a timeout further on.
 */
export async function openTools(page) {
  await page.getByTestId('tools-open').click();
  const state = await page
    .waitForFunction(
      () => {
        const button = document.querySelector('[data-testid=tools-open]');
        if (!button) return 'open';
        const alert = document.querySelector('[data-testid=tools] [role=alert]');
        if (alert && !alert.hidden) return 'failed';
        return false;
      },
      null,
      { timeout: 60_000 },
    )
    .then((h) => h.jsonValue())
    .catch(() => 'still loading after 60 s');
  if (state !== 'open') {
    const enabled = await page.getByTestId('tools-open').isEnabled().catch(() => false);
    await page.screenshot({ path: `${OUTPUT}/tools-open-failure.png`, fullPage: true });
    throw new Error(`the tools did not open: ${state}${enabled ? ' (the button is still offered: the click was not taken)' : ''}`);
  }
}
