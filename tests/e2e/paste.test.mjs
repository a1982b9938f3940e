// Ctrl+V of the report's tables, as a clerk copies them from Word, WPS or Excel, into the report
// pages of several frameworks: real paste events in Chromium from the system clipboard (written
// with the Clipboard API, text/html and text/plain as those applications put them). Each paste
// fills the page's own data (what it posts), shows a summary, and is undone in one click.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { start, openPage, field, typeInto, fieldsOf, messageOf } from './harness.mjs';
import { SOURCES, consistentReport } from '../support/clipboard.mjs';
import * as api from '../../www/node.mjs';

const out = fileURLToPath(new URL('../../test-output/', import.meta.url));
let base;
let browser;
let stop;
before(async () => {
  ({ base, browser, stop } = await start(join(out, 'paste-data')));
});
after(() => stop?.());

const report = consistentReport(api, 2);

/** Opens a page with clipboard access, attached, and notes each paste's summary and timing. */
async function openReport(name) {
  const page = await openPage(browser, base, name);
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
  await page.waitForFunction(() => window.nianbao && window.nianbao.controllers.length === 1, null, { timeout: 15000 });
  await page.evaluate(() => {
    window.pastes = [];
    window.addEventListener('paste', () => (window.pasteStart = performance.now()), true);
    document.addEventListener('nianbao:paste', (e) => {
      const { controller, ...summary } = e.detail;
      window.pastes.push(Object.assign(summary, { ms: performance.now() - window.pasteStart }));
    });
  });
  return page;
}

/** Puts `html` and `text` on the system clipboard, focuses field `name` and presses Ctrl+V. */
async function pasteInto(page, name, { html, text }) {
  await page.evaluate(async ({ html, text }) => {
    const items = { 'text/plain': new Blob([text], { type: 'text/plain' }) };
    if (html) items['text/html'] = new Blob([html], { type: 'text/html' });
    await navigator.clipboard.write([new ClipboardItem(items)]);
  }, { html, text });
  const before = await page.evaluate(() => window.pastes.length);
  await field(page.mainFrame(), name).click();
  await page.keyboard.press('Control+V');
  await page.waitForTimeout(200);
  return page.evaluate((n) => window.pastes[n] || null, before);
}

/** The page's fields by the cell each holds (the browser's mapping). */
const namesByCell = (page) =>
  page.evaluate(() => {
    const c = window.nianbao.controllers[0];
    const out = {};
    for (const el of document.querySelectorAll('input')) {
      const cell = c.cellOf(el);
      if (cell && getComputedStyle(el).visibility === 'visible') out[cell] = el.name;
    }
    return out;
  });

const PAGES = [
  { page: 'vue3-element-plus.html', source: 'word', submit: 'button:has-text("提交")', path: '/api/vue3/submit' },
  { page: 'react18.html', source: 'excel', submit: 'button:has-text("提交")', path: '/api/react/submit' },
  { page: 'jquery-late.html', source: 'wps', submit: '#btnReport', path: '/api/jq/submit' },
  { page: 'layui.html', source: 'tsv', submit: 'button[lay-submit]', path: '/api/layui/submit' },
];

for (const { page: name, source, submit, path } of PAGES) {
  test(`${name}: the whole report pasted from ${source}, into the page's own data, posted; undo restores every input`, async () => {
    const page = await openReport(name);
    const frame = page.mainFrame();
    const byCell = await namesByCell(page);
    assert.equal(Object.keys(byCell).length, 200);
    await typeInto(frame, byCell['t3.carried_in.natural'], '7'); // a value the paste overwrites
    const content = source === 'tsv' ? { html: '', text: SOURCES.tsv(report) } : { html: SOURCES[source](report), text: SOURCES.tsv(report) };
    const summary = await pasteInto(page, byCell['t3.granted.research'], content);
    assert.ok(summary, 'nianbao:paste fired');
    assert.equal(summary.filled, 166, 'every typed cell filled');
    assert.deepEqual([summary.blanks, summary.unmatched, summary.totals, summary.missing], [[], [], [], []]);
    // The page held a saved draft of zeros, and one 7 typed just now: each is overwritten, listed with its earlier value.
    const typedCells = api.form().cells.filter((c) => !c.derived).map((c) => c.id);
    const changed = typedCells.filter((id) => report[id] !== (id === 't3.carried_in.natural' ? '7' : '0'));
    assert.deepEqual(summary.overwritten.map((o) => o.cell).sort(), changed.sort());
    assert.deepEqual(summary.overwritten.find((o) => o.cell === 't3.carried_in.natural'), { cell: 't3.carried_in.natural', before: '7', after: report['t3.carried_in.natural'] });
    assert.ok(summary.overwritten.every((o) => o.before === (o.cell === 't3.carried_in.natural' ? '7' : '0') && o.after === report[o.cell]));
    for (const [cell, fieldName] of Object.entries(byCell)) assert.equal(await field(frame, fieldName).inputValue(), report[cell], `${cell} on the page`);
    assert.ok(await page.locator('.nianbao-paste').isVisible(), 'the paste summary');
    assert.match(await page.locator('.nianbao-paste').textContent(), new RegExp(`已粘贴 166 个格子.*覆盖了 ${changed.length} 个原有的数`));
    if (name === 'vue3-element-plus.html') await page.locator('.nianbao-paste').screenshot({ path: join(out, 'paste-summary.png') });

    await page.click(submit);
    await page.waitForTimeout(400);
    const sent = page.posts.filter((p) => p.path === path);
    assert.equal(sent.length, 1, 'the pasted report is posted');
    const posted = fieldsOf(sent[0]);
    for (const [cell, fieldName] of Object.entries(byCell)) assert.equal(String(posted[fieldName]), report[cell], `${cell} in what the page posted`);

    await page.click('.nianbao-paste button');
    assert.equal(await field(frame, byCell['t3.carried_in.natural']).inputValue(), '7', 'undo gives the overwritten value back');
    assert.equal(await field(frame, byCell['t3.new.natural']).inputValue(), '0', 'and the earlier zero');
    assert.equal(await field(frame, byCell['t3.new.total']).inputValue(), '0', 'totals computed again');
    assert.equal(await page.locator('.nianbao-paste').count(), 0);
    console.log(`# paste ${source} → ${name}: ${JSON.stringify({ filled: summary.filled, stated: Object.keys(report).length, overwritten: summary.overwritten.length, ms: Math.round(summary.ms * 10) / 10 })}`);
    await page.close();
  });
}

test('a pasted total that disagrees with its parts: the computed total wins, the disagreement is shown at that cell; a bare block fills along the rows; one value is the browser\'s', async () => {
  const page = await openReport('vue3-element-plus.html');
  const frame = page.mainFrame();
  const wrong = { ...report, 't3.new.total': String(Number(report['t3.new.total']) + 1) };
  const summary = await pasteInto(page, 'ysq_1_1', { html: SOURCES.excel(wrong), text: '' });
  assert.deepEqual(summary.totals.map((t) => [t.cell, t.pasted, t.computed]), [['t3.new.total', wrong['t3.new.total'], report['t3.new.total']]]);
  assert.equal(await field(frame, 'ysq_1_7').inputValue(), report['t3.new.total'], 'the computed total');
  assert.match(await messageOf(frame, 'ysq_1_7'), /总计.*应等于本行各项之和/);
  assert.equal(await page.evaluate(() => window.vm.model.ysq_1_7), report['t3.new.total'], 'in the page\'s data too');

  // Cells copied from a sheet without labels: from the focused cell rightwards and downwards.
  const block = await pasteInto(page, 'ysq_5_1', { html: '', text: '11\t12\r\n13\t14\r\n' });
  assert.equal(block.filled, 4);
  assert.deepEqual(await Promise.all(['ysq_5_1', 'ysq_5_2', 'ysq_6_1', 'ysq_6_2'].map((n) => field(frame, n).inputValue())), ['11', '12', '13', '14']);
  const tooWide = await pasteInto(page, 'ysq_5_5', { html: '', text: '1\t2\t3\r\n' });
  assert.deepEqual(tooWide.error, { rows: 1, cols: 3, roomRows: 20, roomCols: 2 });
  assert.equal(await field(frame, 'ysq_5_5').inputValue(), report['t3.denied_secret.legal'], 'a block wider than the table is not pasted');
  assert.match(await page.locator('.nianbao-paste').textContent(), /没有粘贴/);

  const count = await page.evaluate(() => window.pastes.length);
  await field(frame, 'ysq_9_1').fill('');
  assert.equal(await pasteInto(page, 'ysq_9_1', { html: '', text: '42' }), null, 'no nianbao paste');
  assert.equal(await field(frame, 'ysq_9_1').inputValue(), '42', 'the browser pasted the one value');
  assert.equal(await page.evaluate(() => window.pastes.length), count);
  await page.close();
});

test('controller.paste() from script takes the same HTML or text', async () => {
  const page = await openReport('react18.html');
  const summary = await page.evaluate((html) => {
    const s = window.nianbao.controllers[0].paste(html);
    return { filled: s.filled, value: document.querySelector('[name=ysq_3_2]').value };
  }, SOURCES.wps(report));
  assert.deepEqual(summary, { filled: 166, value: report['t3.granted.business'] });
  assert.equal(await page.evaluate(() => window.nianbao.controllers[0].undoPaste()), true);
  assert.equal(await page.inputValue('[name=ysq_3_2]'), '0');
  await page.close();
});

