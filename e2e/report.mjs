// Browser figures for `cargo xtask report`, measured in Debian's headless Chromium against the
// release build (../dist). Timings are reported, never asserted: this machine is noisy.
//
// Usage: node report.mjs [--runs 60] [--interactions 40] [--loads 3] [--only TEXT] [--dist DIR]
// (`--only`: just the rows whose name contains TEXT; `--dist`: another build to measure, e.g. to
// compare two builds in one session, alternating)
//
// Prints human progress on stderr and, on stdout, one line per table row:
//   row<TAB>what<TAB>figure<TAB>how measured
// A measurement that fails prints its row with "n/a (reason)" and the others go on.
import os from 'node:os';
import { serveDist } from './support/server.mjs';
import { launch, VIEWPORTS } from './support/browser.mjs';
import { serveCompressed } from './perf-server.mjs';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const RUNS = arg('runs', 60);
const INTERACTIONS = arg('interactions', 40);
const LOADS = arg('loads', 3);

const SPRINGS = '[data-testid=chart-springs] canvas';
const JV2025 = '?v=1&lang=en&prod=150000&start=2028&ramp=2&life=30&stages=3&gap=5&share=75&dle=50&reinj=90&fw_src=este';
const DEFAULT = '?v=1&lang=en';
// Slow 4G as Lighthouse defines it: 150 ms round trip, 1.6 Mbit/s down, 750 kbit/s up.
const SLOW_4G = { offline: false, latency: 150, downloadThroughput: 1_600_000 / 8, uploadThroughput: 750_000 / 8 };
const CPU_SLOWDOWN = 4;

const log = (...a) => console.error('report.mjs:', ...a);
const row = (what, figure, how) => console.log(['row', what, figure, how].map((s) => String(s).replace(/[\t\n]/g, ' ')).join('\t'));

const sorted = (xs) => [...xs].sort((a, b) => a - b);
/** Nearest-rank percentile. */
const pct = (xs, p) => {
  const s = sorted(xs);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
};
const ms = (x) => (x >= 100 ? `${x.toFixed(0)} ms` : `${x.toFixed(1)} ms`);
const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;

// Injected before the app: canvas drawing calls stamp the time, so a test can tell when a chart
// was (re)drawn without reading pixels every frame. The app draws with plotters through
// web-sys, which calls these prototype methods at run time.
const INSTRUMENT = `(() => {
  const P = CanvasRenderingContext2D.prototype;
  window.__lastDraw = -1;
  window.__firstSpringsDraw = -1;
  window.__fup = -1;
  const springs = (ctx) => ctx.canvas && ctx.canvas.closest && ctx.canvas.closest('[data-testid=chart-springs]');
  for (const m of ['beginPath', 'fillRect', 'clearRect', 'fillText', 'stroke', 'lineTo']) {
    const orig = P[m];
    P[m] = function (...a) {
      const now = performance.now();
      window.__lastDraw = now;
      if (window.__firstSpringsDraw < 0 && springs(this)) {
        window.__firstSpringsDraw = now;
        // The whole chart is drawn in this task: the next animation frame shows it.
        requestAnimationFrame(() => { window.__fup = performance.now(); });
      }
      return orig.apply(this, a);
    };
  }
  // Interaction to repaint: from a key press (the event's own time stamp) to the first animation
  // frame after the charts were redrawn.
  window.__ix = [];
  window.addEventListener('keydown', (e) => {
    const t0 = e.timeStamp;
    const tick = () => requestAnimationFrame(() => {
      const now = performance.now();
      const repainted = window.__repaintedBy === 'cards' ? window.__lastCards : window.__lastDraw;
      if (repainted > t0) window.__ix.push(now - t0);
      else if (now - t0 < 15000) tick();
      else window.__ix.push(-1);
    });
    tick();
  }, true);
})();`;

/** Non-white pixels of the springs chart. */
const inked = (page) =>
  page.$eval(SPRINGS, (canvas) => {
    const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
    let n = 0;
    for (let i = 0; i < data.length; i += 4) if (data[i] < 250 || data[i + 1] < 250 || data[i + 2] < 250) n++;
    return n;
  });

async function openApp(browser, options = {}) {
  const context = await browser.newContext({ ...VIEWPORTS.desktop, locale: 'en-GB', serviceWorkers: 'block', ...options });
  const page = await context.newPage();
  await page.addInitScript(INSTRUMENT);
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return { context, page, errors };
}

async function ready(page) {
  await page.getByTestId('indicator-cards').locator('li').first().waitFor({ timeout: 60_000 });
  await page.waitForFunction((s) => document.querySelector(s)?.width > 0, SPRINGS, { timeout: 60_000 });
  await page.waitForFunction(() => window.__fup > 0, null, { timeout: 60_000 });
}

/** Focuses a range lever (opening its folded group) and returns it. */
async function lever(page, key) {
  const slider = page.getByTestId(`lever-${key}`);
  await slider.evaluate((el) => {
    const group = el.closest('details');
    if (group) group.open = true;
  });
  await slider.focus();
  return slider;
}

/** `n` presses of ArrowRight/ArrowLeft on a lever; each must add one `cuenca:run` measure. */
async function pressLever(page, key, n, afterEach) {
  const slider = await lever(page, key);
  // Start towards the side that has room (the jv2025 production is at the lever's maximum).
  const [first, second] = await slider.evaluate((el) =>
    Number(el.value) >= Number(el.max) ? ['ArrowLeft', 'ArrowRight'] : ['ArrowRight', 'ArrowLeft'],
  );
  await page.evaluate(() => performance.clearMeasures('cuenca:run'));
  for (let i = 0; i < n; i++) {
    await slider.press(i % 2 ? second : first);
    await page.waitForFunction((k) => performance.getEntriesByName('cuenca:run').length >= k, i + 1, { timeout: 30_000 });
    if (afterEach) await afterEach(i);
  }
  return page.evaluate(() => performance.getEntriesByName('cuenca:run').map((e) => e.duration));
}

async function modelRuns(browser, base, what, query, key, note) {
  const { context, page } = await openApp(browser);
  try {
    await page.goto(base + query);
    await ready(page);
    const runs = await pressLever(page, key, RUNS);
    row(
      what,
      `${ms(pct(runs, 50))} (p95 ${ms(pct(runs, 95))})`,
      `Chromium ${browser.version()}, median of ${runs.length} \`cuenca:run\` User Timing measures, lever \`${key}\` moved by ArrowRight/ArrowLeft${note ? '; ' + note : ''}`,
    );
  } finally {
    await context.close();
  }
}

async function interaction(browser, base) {
  const { context, page } = await openApp(browser);
  try {
    await page.goto(base + JV2025);
    await ready(page);
    await pressLever(page, 'prod', INTERACTIONS, (i) =>
      page.waitForFunction((k) => window.__ix.length >= k, i + 1, { timeout: 30_000 }),
    );
    const ix = await page.evaluate(() => window.__ix);
    if (ix.some((t) => t < 0)) throw new Error('a key press was not followed by a redraw');
    row(
      'interaction: lever → charts repainted (Chromium)',
      `median ${ms(pct(ix, 50))}, p95 ${ms(pct(ix, 95))}`,
      `${ix.length} presses on \`lever-prod\` (jv2025); keydown time stamp → first animation frame after the charts' canvas drawing calls (CanvasRenderingContext2D methods stamped by an init script)`,
    );
  } finally {
    await context.close();
  }
}

/** A lever answered on a phone (390×844, long sections folded as a visitor finds them) with the
 * page slowed 4×, while the ensemble runs: key press → the first animation frame after the result
 * cards changed (every chart, map and card update of that move runs in the same task). */
async function phoneInteraction(browser, base) {
  const { context, page } = await openApp(browser, VIEWPORTS.phone);
  try {
    // When the result cards last changed (the charts are folded: the cards are what a lever
    // move repaints in view). Observed on this page only, not under the other rows' timings.
    await page.addInitScript(() => {
      window.__repaintedBy = 'cards';
      window.__lastCards = -1;
      new MutationObserver((records) => {
        if (records.some((r) => (r.target.nodeType === 1 ? r.target : r.target.parentElement)?.closest?.('[data-testid=indicator-cards]'))) {
          window.__lastCards = performance.now();
        }
      }).observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
    });
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
    await page.goto(base + JV2025);
    await page.getByTestId('indicator-cards').locator('li').first().waitFor({ timeout: 120_000 });
    const n = Math.max(10, Math.round(INTERACTIONS / 2));
    const runs = await pressLever(page, 'prod', n, (i) => page.waitForFunction((k) => window.__ix.length >= k, i + 1, { timeout: 60_000 }));
    const ix = await page.evaluate(() => window.__ix);
    if (ix.some((t) => t < 0)) throw new Error('a key press was not followed by new cards');
    row(
      'interaction: phone, 4× CPU, lever → cards repainted (Chromium)',
      `median ${ms(pct(ix, 50))}, p95 ${ms(pct(ix, 95))}; of which the model run: median ${ms(pct(runs, 50))}`,
      `${ix.length} presses on \`lever-prod\` (jv2025) at 390×844 (pixel ratio 2, sections folded as on arrival) with CDP Emulation.setCPUThrottlingRate 4 on the page, the ensemble's workers running; keydown time stamp → first animation frame after the result cards changed`,
    );
  } finally {
    await context.close();
  }
}

async function firstUsefulPaint(browser) {
  const server = await serveCompressed();
  try {
    const times = [];
    const fcps = [];
    let transfer = 0;
    let encoding = '';
    for (let i = 0; i < LOADS; i++) {
      server.requests.length = 0;
      const { context, page } = await openApp(browser);
      try {
        const cdp = await context.newCDPSession(page);
        await cdp.send('Network.enable');
        await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
        await cdp.send('Network.emulateNetworkConditions', SLOW_4G);
        await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
        await page.goto(server.url + DEFAULT, { timeout: 120_000 });
        await ready(page);
        const { fup, fcp } = await page.evaluate(() => ({
          fup: window.__fup,
          fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? -1,
        }));
        const ink = await inked(page);
        if (ink < 500) throw new Error(`the springs chart has only ${ink} inked pixels`);
        times.push(fup);
        fcps.push(fcp);
        transfer = server.requests.reduce((t, r) => t + r.bytes, 0);
        encoding = [...new Set(server.requests.filter((r) => r.bytes > 0).map((r) => r.encoding))].join('/');
        await cdp.detach();
      } finally {
        await context.close();
      }
    }
    // The first HTML carries the default scenario's cards and springs chart (e2e/prerender.mjs):
    // they are on screen at the first contentful paint. Without them, the first useful paint is
    // the app's own springs chart.
    const prerendered = server.files.get('/index.html')?.raw.toString('utf8').includes('id="prerender"');
    const useful = prerendered ? fcps : times;
    row(
      'first useful paint, 4× CPU, slow 4G (Chromium)',
      `${ms(pct(useful, 50))} (loads: ${useful.map((t) => t.toFixed(0)).join(', ')} ms)`,
      `median of ${LOADS} cold loads (new context, cache off) of \`?v=1&lang=en\`; ${prerendered ? 'first contentful paint, which shows the pre-rendered headline cards and springs chart of the first HTML' : 'navigation start → animation frame after the springs chart is first drawn'}; CDP Emulation.setCPUThrottlingRate 4 + Network.emulateNetworkConditions 150 ms RTT, 1.6 Mbit/s down, 750 kbit/s up; served ${encoding} (${kb(transfer)} transferred)`,
    );
    row(
      'interactive: the app drew its charts, 4× CPU, slow 4G (Chromium)',
      `${ms(pct(times, 50))} (loads: ${times.map((t) => t.toFixed(0)).join(', ')} ms)`,
      'the same loads: navigation start → animation frame after the app first draws the springs chart (levers live from then on)',
    );
  } finally {
    await server.close();
  }
}

/** The ensemble's time to complete bands on a desktop, unthrottled (`cuenca:ensemble`: request
 * sent → complete bands): the page's first bands, then after each move of a climate lever, each
 * move made once the last bands are complete. */
async function ensemble(browser, base) {
  const what = 'ensemble: time to bands (Chromium)';
  const { context, page } = await openApp(browser);
  try {
    await page.goto(base + DEFAULT);
    await ready(page);
    const complete = (k) =>
      page.waitForFunction((n) => performance.getEntriesByName('cuenca:ensemble').length >= n, k, { timeout: 120_000 });
    await complete(1);
    const slider = await lever(page, 'dp');
    const n = Math.max(5, Math.round(RUNS / 6));
    for (let i = 0; i < n; i++) {
      await slider.press(i % 2 ? 'ArrowLeft' : 'ArrowRight');
      await complete(i + 2);
    }
    const times = await page.evaluate(() => performance.getEntriesByName('cuenca:ensemble').map((e) => e.duration));
    row(
      what,
      `${ms(pct(times, 50))} (p95 ${ms(pct(times, 95))})`,
      `default scenario, median of ${times.length} \`cuenca:ensemble\` User Timing measures (request sent → complete bands, 100 members): the page's first bands and ${n} moves of \`lever-dp\`, each once the bands before were complete; navigator.hardwareConcurrency − 1 workers, this machine has ${os.cpus().length} cores`,
    );
  } finally {
    await context.close();
  }
}

// Chromium cannot throttle a worker: CDP answers Emulation.setCPUThrottlingRate on a worker
// target with "Operation is only supported for pages, not workers" (Chromium 156). The report
// slows each worker as the throttle slows a page instead: after every stretch of work between two
// of the worker script's pauses (one member), the worker idles (CPU_SLOWDOWN − 1) times as long.
// Idle, not busy, like a throttled thread, so workers on a machine with fewer cores than workers
// still model a phone's slower cores.
const PAUSE = 'const pause = () => new Promise((resolve) => setTimeout(resolve, 0));';
const throttledPause = (rate) => `let __busySince = performance.now();
const pause = async () => {
  const busy = performance.now() - __busySince;
  await new Promise((resolve) => setTimeout(resolve, busy * ${rate - 1}));
  __busySince = performance.now();
};`;

/** Time to the 100-member bands of jv2025 split across 1, 2 and 4 workers (as a phone with 2,
 * 3 and 5 cores would split them), with the page and every worker slowed 4×, and unthrottled. */
async function ensembleScaling(browser, base) {
  const what = 'ensemble: 100 members across workers (Chromium)';
  const counts = [1, 2, 4];
  const reps = Math.max(2, Math.min(3, Math.round(LOADS)));
  const times = { 1: {}, 4: {} };
  const once = async (workers, rate) => {
    const { context, page } = await openApp(browser);
    try {
      await context.addInitScript((n) => Object.defineProperty(Navigator.prototype, 'hardwareConcurrency', { get: () => n }), workers + 1);
      let patched = true;
      await context.route('**/ensemble-worker.js*', async (route) => {
        const response = await route.fetch();
        const script = await response.text();
        if (!script.includes(PAUSE)) patched = false;
        await route.fulfill({ response, body: rate > 1 ? script.replace(PAUSE, throttledPause(rate)) : script });
      });
      const spawned = [];
      page.on('worker', (w) => spawned.push(w));
      const cdp = await context.newCDPSession(page);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate });
      await page.goto(base + JV2025);
      await page.waitForFunction(() => performance.getEntriesByName('cuenca:ensemble').length > 0, null, { timeout: 300_000 });
      if (rate > 1 && !patched) throw new Error("the worker script's pause changed: it cannot be slowed");
      if (spawned.length !== workers) throw new Error(`${spawned.length} workers started, ${workers} expected`);
      return await page.evaluate(() => performance.getEntriesByName('cuenca:ensemble')[0].duration);
    } finally {
      await context.close();
    }
  };
  // Alternating counts and throttles in each repetition, so a drift of the machine's speed
  // spreads over all of them.
  for (let r = 0; r < reps; r++) {
    for (const rate of [CPU_SLOWDOWN, 1]) {
      for (const n of counts) {
        const key = rate === 1 ? 1 : 4;
        (times[key][n] ??= []).push(await once(n, rate));
        log(`${what}: ${n} worker(s), CPU ${rate}×: ${ms(times[key][n].at(-1))}`);
      }
    }
  }
  const cells = (key) => counts.map((n) => `${n}: ${ms(pct(times[key][n], 50))}`).join(', ');
  row(
    what,
    `4× CPU: ${cells(4)}; unthrottled: ${cells(1)}`,
    `jv2025 (\`${JV2025}\`), median of ${reps} cold loads per cell of the \`cuenca:ensemble\` User Timing measure (request sent → complete bands); workers = navigator.hardwareConcurrency − 1, set by an init script; 4×: CDP Emulation.setCPUThrottlingRate on the page, and each worker idles 3× its busy time after every member (Chromium cannot throttle worker targets); this machine has ${os.cpus().length} cores`,
  );
}

/** Shipped sizes per kind, and what a first visit actually requests. */
async function sizes(browser) {
  const server = await serveCompressed();
  try {
    const kind = (p) => (p.endsWith('.wasm') ? 'wasm' : p.endsWith('.js') ? 'JS' : p.endsWith('.css') ? 'CSS' : /\.(woff2?|ttf|otf)$/.test(p) ? 'fonts' : 'other');
    const sum = (entries) =>
      entries.reduce((t, [, f]) => ({ raw: t.raw + f.raw.length, gzip: t.gzip + f.gzip.length, br: t.br + f.br.length, n: t.n + 1 }), { raw: 0, gzip: 0, br: 0, n: 0 });
    const all = [...server.files.entries()];
    const line = (s) => `${kb(s.raw)} raw, ${kb(s.gzip)} gzip, ${kb(s.br)} brotli`;
    for (const k of ['wasm', 'JS', 'CSS', 'fonts', 'other']) {
      const of = all.filter(([p]) => kind(p) === k);
      const s = sum(of);
      if (k === 'fonts' && s.n === 0) {
        row('size: fonts', '0 (system fonts)', 'no font files in dist/; the CSS uses system font stacks');
        continue;
      }
      row(
        `size: ${k}`,
        line(s),
        `dist/: ${of.map(([p]) => p.slice(1)).join(', ')}; gzip -9, brotli q11 (node:zlib)`,
      );
    }
    const tools = all.filter(([p]) => p.includes('cuenca-tools'));
    row(
      'size: tools module (when opened)',
      line(sum(tools)),
      `${tools.map(([p]) => p.slice(1)).join(', ')}: the negotiation tools and the readings, a second module fetched when someone opens them or a link with limits or triggers`,
    );
    // A first visit: every file the page asks for until the network is quiet, service worker
    // allowed (it may fetch more to work offline).
    const { context, page } = await openApp(browser, { serviceWorkers: 'allow' });
    try {
      await page.goto(server.url + DEFAULT, { waitUntil: 'networkidle' });
      await ready(page);
      await page.waitForLoadState('networkidle');
      await page.waitForTimeout(1500);
    } finally {
      await context.close();
    }
    const asked = [...new Set(server.requests.filter((r) => r.status === 200).map((r) => r.path))];
    const visited = sum(asked.map((p) => [p, server.files.get(p)]));
    const sent = server.requests.reduce((t, r) => t + r.bytes, 0);
    row(
      'size: first visit total',
      line(visited),
      `${visited.n} distinct files requested by a first visit to \`?v=1&lang=en\` until the network was idle (service worker on; ${server.requests.length} requests, ${kb(sent)} sent as the browser asked); all of dist/: ${line(sum(all))}`,
    );
  } finally {
    await server.close();
  }
}

const browser = await launch();
const distArg = process.argv.indexOf('--dist');
const server = distArg > 0 ? await serveDist(process.argv[distArg + 1]) : await serveDist();
const steps = [
  ['model: default basin, 50 yr (Chromium)', () => modelRuns(browser, server.url, 'model: default basin, 50 yr (Chromium)', DEFAULT, 'dp', 'climate lever: steady state and baseline rerun, as in run()')],
  ['model: jv2025 preset, 50 yr (Chromium)', () => modelRuns(browser, server.url, 'model: jv2025 preset, 50 yr (Chromium)', JV2025, 'dp', 'climate lever: steady state, baseline and scenario rerun, as in run()')],
  ['model: jv2025, production lever, warm Runner (Chromium)', () => modelRuns(browser, server.url, 'model: jv2025, production lever, warm Runner (Chromium)', JV2025, 'prod', 'project lever: only the scenario reruns (cached baseline)')],
  ['ensemble: time to bands (Chromium)', () => ensemble(browser, server.url)],
  ['ensemble: 100 members across workers (Chromium)', () => ensembleScaling(browser, server.url)],
  ['interaction: lever → charts repainted (Chromium)', () => interaction(browser, server.url)],
  ['interaction: phone, 4× CPU, lever → cards repainted (Chromium)', () => phoneInteraction(browser, server.url)],
  ['first useful paint, 4× CPU, slow 4G (Chromium)', () => firstUsefulPaint(browser)],
  ['size', () => sizes(browser)],
];
const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : '';
for (const [what, measure] of steps.filter(([w]) => w.includes(only))) {
  log(what);
  try {
    await measure();
  } catch (e) {
    log(`${what}: ${e.stack ?? e}`);
    row(what, `n/a (${String(e.message ?? e).split('\n')[0].slice(0, 120)})`, 'the measurement failed; see the log above');
  }
}
await server.close();
await browser.close();
