// Prints the shipped sizes of the release build: raw, gzip (level 9) and brotli (quality 11).
// Usage: node sizes.mjs ../dist [--budget BYTES] [--tools-budget BYTES]
// With --budget, exits non-zero when the wasm and JavaScript a first visit downloads weigh more
// than BYTES once brotli-compressed (the budgets themselves live in xtask/src/main.rs). The
// tools' module (negotiation, readings, the board) is fetched only when someone opens them: it
// is counted apart, against --tools-budget.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const dist = process.argv[2] ?? '../dist';
const budgetAt = process.argv.indexOf('--budget');
const budget = budgetAt > 0 ? Number(process.argv[budgetAt + 1]) : null;
const toolsBudgetAt = process.argv.indexOf('--tools-budget');
const toolsBudget = toolsBudgetAt > 0 ? Number(process.argv[toolsBudgetAt + 1]) : null;
const files = [];
(function walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else files.push(path);
  }
})(dist);

const kind = (f) => ({ '.wasm': 'wasm', '.js': 'js', '.css': 'css', '.html': 'html', '.woff2': 'font' })[extname(f)] ?? 'other';
const rows = files.map((f) => {
  const body = readFileSync(f);
  return {
    file: relative(dist, f),
    kind: kind(f),
    raw: body.length,
    gzip: gzipSync(body, { level: 9 }).length,
    brotli: brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}).sort((a, b) => b.raw - a.raw);

const fmt = (n) => n.toLocaleString('en-US').padStart(10);
console.log(`${'file'.padEnd(40)} ${'kind'.padEnd(6)} ${'raw'.padStart(10)} ${'gzip'.padStart(10)} ${'brotli'.padStart(10)}`);
for (const r of rows) console.log(`${r.file.padEnd(40)} ${r.kind.padEnd(6)} ${fmt(r.raw)} ${fmt(r.gzip)} ${fmt(r.brotli)}`);
// Fetched by link-preview crawlers only, never by the page or its service worker.
const notFetched = new Set(['og-image.png']);
const onDemand = (r) => r.file.startsWith('cuenca-tools');
const total = rows.filter((r) => !notFetched.has(r.file) && !onDemand(r)).reduce((t, r) => ({ raw: t.raw + r.raw, gzip: t.gzip + r.gzip, brotli: t.brotli + r.brotli }), { raw: 0, gzip: 0, brotli: 0 });
console.log(`${'total (a first visit)'.padEnd(40)} ${''.padEnd(6)} ${fmt(total.raw)} ${fmt(total.gzip)} ${fmt(total.brotli)}   (not ${[...notFetched].join(', ')}: link previews only; not the tools)`);
const tools = rows.filter(onDemand).reduce((t, r) => ({ raw: t.raw + r.raw, gzip: t.gzip + r.gzip, brotli: t.brotli + r.brotli }), { raw: 0, gzip: 0, brotli: 0 });
console.log(`${'tools (when opened)'.padEnd(40)} ${''.padEnd(6)} ${fmt(tools.raw)} ${fmt(tools.gzip)} ${fmt(tools.brotli)}`);
const code = rows.filter((r) => !onDemand(r) && (r.kind === 'wasm' || (r.kind === 'js' && !r.file.endsWith('sw.js'))));
const codeBrotli = code.reduce((t, r) => t + r.brotli, 0);
console.log(`${'fonts'.padEnd(40)} ${'font'.padEnd(6)} ${fmt(0)} ${fmt(0)} ${fmt(0)}   (system fonts only)`);
const toolsCode = rows.filter((r) => onDemand(r) && (r.kind === 'wasm' || r.kind === 'js')).reduce((t, r) => t + r.brotli, 0);
if (budget !== null) {
  const verdict = codeBrotli <= budget ? 'within' : 'OVER';
  console.log(`wasm + JS, brotli: ${codeBrotli.toLocaleString('en-US')} bytes — ${verdict} the budget of ${budget.toLocaleString('en-US')}`);
}
if (toolsBudget !== null) {
  const verdict = toolsCode <= toolsBudget ? 'within' : 'OVER';
  console.log(`tools (negotiation, readings, the board), wasm + JS, brotli: ${toolsCode.toLocaleString('en-US')} bytes (fetched when opened) — ${verdict} the budget of ${toolsBudget.toLocaleString('en-US')}`);
} else if (budget !== null) {
  console.log(`tools (negotiation, readings, the board), wasm + JS, brotli: ${toolsCode.toLocaleString('en-US')} bytes (fetched when opened)`);
}
if ((budget !== null && codeBrotli > budget) || (toolsBudget !== null && toolsCode > toolsBudget)) process.exit(1);
