// Launches Debian's Chromium through playwright-core (no browser download), quiet on the
// network: this machine has none, and the flags stop Chromium from trying.
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const OUTPUT = fileURLToPath(new URL('../output/', import.meta.url));
mkdirSync(OUTPUT, { recursive: true });

function chromiumPath() {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  return execFileSync('sh', ['-c', 'command -v chromium || command -v chromium-browser'], { encoding: 'utf8' }).trim();
}

/** `extraArgs`: more Chromium flags (e.g. host-resolver rules for a host name on the LAN). */
export function launch(extraArgs = []) {
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic',
      '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync',
      ...extraArgs,
    ],
  });
}

export const VIEWPORTS = {
  phone: { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true },
  small: { viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true },
  desktop: { viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 },
};

/**
 * Opens a page that records console errors, uncaught exceptions and Content-Security-Policy
 * violations. `bypassCSP` only for tests that inject their own checking scripts (axe, jsQR).
 */
export async function openPage(browser, viewport, locale = 'es-AR', { bypassCSP = false } = {}) {
  const context = await browser.newContext({ ...VIEWPORTS[viewport], locale, acceptDownloads: true, bypassCSP });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(`console: ${m.text()}`); });
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
