// Benchmarks of reading what people already have and of guarding what is sent:
//   - a whole report pasted (Ctrl+V) into form A in headless Chromium, from each clipboard source
//     (Word, WPS, Excel HTML, tab-separated text): time from the paste event to the totals shown
//     (the nianbao:paste event, after the totals are written), median of 5 pastes;
//   - the same tables read in Node (readTable: parse, extract, map by labels), median of 20;
//   - the cost a page's request pays for the guard (sendBeacon with the report's fields, the
//     report correct, so it is checked and sent; and a heartbeat that carries no report).
// `node bench/paste.mjs` prints a Markdown section; bench/run.mjs adds it to bench/RESULTS.md.
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import * as nianbao from '../www/node.mjs';
import { SOURCES, consistentReport } from '../tests/support/clipboard.mjs';

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run'];
const stats = (xs) => {
  const s = xs.slice().sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)], min: s[0], max: s[s.length - 1] };
};
const mmm = (r, d = 1) => `${r.median.toFixed(d)} (${r.min.toFixed(d)}–${r.max.toFixed(d)})`;

/** The section, as Markdown lines. `base`: a running nianbao server (www/server.mjs). */
export async function pasteBench(base) {
  const out = [];
  const report = consistentReport(nianbao, 3);
  const node = {};
  for (const [name, make] of Object.entries(SOURCES)) {
    const content = make(report);
    const times = [];
    for (let i = 0; i < 20; i++) {
      const t0 = performance.now();
      const read = nianbao.readTable(content);
      times.push(performance.now() - t0);
      if (Object.keys(read.cells).length !== 200) throw new Error(`${name}: ${Object.keys(read.cells).length} cells read`);
    }
    node[name] = { bytes: Buffer.byteLength(content), ms: stats(times.slice(2)) };
  }

  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const context = await browser.newContext();
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
  const page = await context.newPage();
  await page.route(`${base}/bench-sink/**`, (route) => route.fulfill({ status: 204 }));
  await page.goto(`${base}/demo/?empty`);
  await page.waitForFunction(() => window.nianbao && window.nianbao.controllers.length === 1, null, { timeout: 30000 });
  await page.evaluate(() => {
    window.pasteTimes = [];
    window.addEventListener('paste', () => (window.pasteStart = performance.now()), true);
    document.addEventListener('nianbao:paste', () => window.pasteTimes.push(performance.now() - window.pasteStart));
  });
  const browserTimes = {};
  for (const [name, make] of Object.entries(SOURCES)) {
    const html = name === 'tsv' ? '' : make(report);
    await page.evaluate(async ({ html, text }) => {
      const items = { 'text/plain': new Blob([text], { type: 'text/plain' }) };
      if (html) items['text/html'] = new Blob([html], { type: 'text/html' });
      await navigator.clipboard.write([new ClipboardItem(items)]);
      window.pasteTimes = [];
    }, { html, text: SOURCES.tsv(report) });
    for (let i = 0; i < 5; i++) {
      await page.click('[name=ysq_1_1]');
      await page.keyboard.press('Control+V');
      await page.waitForFunction((n) => window.pasteTimes.length === n, i + 1);
      if (i < 4) await page.evaluate(() => window.nianbao.controllers[0].undoPaste());
    }
    browserTimes[name] = stats(await page.evaluate(() => window.pasteTimes));
  }
  const total = await page.inputValue('[name=ysq_1_7]');
  if (total !== report['t3.new.total']) throw new Error(`the pasted report's total is ${total}, not ${report['t3.new.total']}`);
  // The guard on a request: the report's fields (checked as on submit, then sent), and a heartbeat.
  const guard = await page.evaluate(() => {
    const body = new URLSearchParams(new FormData(document.forms[0])).toString();
    const time = (make) => {
      const lat = [];
      for (let i = 0; i < 60; i++) {
        const data = make();
        const t0 = performance.now();
        navigator.sendBeacon('/bench-sink/x', data);
        lat.push(performance.now() - t0);
      }
      return lat.slice(10);
    };
    return { report: time(() => new URLSearchParams(body)), heartbeat: time(() => JSON.stringify({ t: Date.now() })), ok: window.nianbao.controllers[0].validate().ok };
  });
  await browser.close();
  if (!guard.ok) throw new Error('the pasted report has errors');

  out.push('## Paste and the request guard', '');
  out.push(`A whole report (${Object.keys(report).length} cells stated, 166 typed and 34 totals) copied as each application puts it on the clipboard (tests/support/clipboard.mjs), pasted with Ctrl+V into form A (the demo) in headless Chromium: from the paste event to the totals written (the nianbao:paste event), median of 5 pastes; and read by \`readTable\` in Node (median of 18).`, '');
  out.push('| source | clipboard bytes | Chromium: paste → totals shown (ms) | Node: readTable (ms) |', '|---|---|---|---|');
  for (const name of Object.keys(SOURCES)) out.push(`| ${name} | ${node[name].bytes.toLocaleString('en')} | ${mmm(browserTimes[name])} | ${mmm(node[name].ms)} |`);
  out.push('', 'What the guard costs a page\'s request (`navigator.sendBeacon`, form A, median of 50 in ms): the report\'s 200 fields, correct, so checked as on submit and sent — ' + mmm(stats(guard.report), 2) + '; a heartbeat that carries no report — ' + mmm(stats(guard.heartbeat), 3) + '.', '');
  return out;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { createServer } = await import('../www/server.mjs');
  const { mkdtempSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const server = createServer({ dataDir: mkdtempSync(join(tmpdir(), 'nianbao-paste-')) });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const lines = await pasteBench(`http://127.0.0.1:${server.address().port}`);
  server.close();
  console.log(lines.join('\n'));
}
