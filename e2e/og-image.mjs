// Writes public/og-image.png, the link-preview card (Open Graph, 1200×630), from og-card.html in
// headless Chromium: `node e2e/og-image.mjs`. The page is static, so the card is the product's,
// not a scenario's; rerun it only when the card's words change.
import { fileURLToPath } from 'node:url';
import { launch } from './support/browser.mjs';

const card = new URL('og-card.html', import.meta.url).href;
const out = fileURLToPath(new URL('../public/og-image.png', import.meta.url));
const browser = await launch();
const page = await browser.newPage({ viewport: { width: 1200, height: 630 } });
await page.goto(card);
await page.screenshot({ path: out });
await browser.close();
