// Every way a report leaves a page, on pages built the way portals build them with tools the
// rest of the suite does not use: Layui (lay-submit posting from its own click handler, a
// layer.confirm dialog), a page whose button says 点击 and that sends the report by $.ajax,
// axios JSON, multipart fetch, a keyboard-shortcut beacon and a hidden form's submit(), and an
// Excel "save as web page" export served as GBK with the script sent without a charset. A report
// with errors must leave by none of them; a draft, a search, a heartbeat and an upload always go.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import iconv from 'iconv-lite';
import { start, openPage, field, typeInto, story, fieldsOf, messageOf } from './harness.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const out = join(root, 'test-output');
let base;
let browser;
let stop;
before(async () => {
  ({ base, browser, stop } = await start(join(out, 'routes-data')));
});
after(() => stop?.());

const at = (path) => (p) => p.path === path;
const posted = (page, path) => page.posts.filter(at(path));
/** Puts an error in the report (a letter in a cell) and leaves the cell. */
async function breakReport(frame) {
  await typeInto(frame, 'ysq_2_1', 'x');
  await field(frame, 'ysq_2_1').press('Tab');
  assert.match(await messageOf(frame, 'ysq_2_1'), /不是数字|数字/);
}
async function mendReport(frame) {
  await typeInto(frame, 'ysq_2_1', '0');
  await field(frame, 'ysq_2_1').press('Tab');
  assert.equal(await frame.evaluate(() => window.nianbao.controllers[0].validate().ok), true, 'the report is correct again');
}
const noMappingNoise = (page) => assert.ok(!page.messages.some((m) => /无法对应|cannot be mapped|not matched/.test(m.text)), JSON.stringify(page.messages.filter((m) => m.type === 'warning')));
const report = (name, rows) => console.log(`# ${name}: ${JSON.stringify(rows)}`);

test('Layui 2: lay-submit posting from form.on(submit) with $.ajax, a layer.confirm 确定, 暂存; search and heartbeat never stopped', async () => {
  const page = await openPage(browser, base, 'layui.html');
  const s = await story(page, { submit: 'button[lay-submit]', draft: '#draftBtn', isSubmit: at('/api/layui/submit'), isDraft: at('/api/layui/draft'), shot: 'layui.png' });
  assert.equal(s.mapped, 200);
  noMappingNoise(page);
  const frame = page.mainFrame();

  await breakReport(frame);
  const beats = posted(page, '/api/heartbeat').length;
  // The dialog's 确定 posts from layer.confirm's callback: stopped at the network.
  await page.click('#confirmBtn');
  await page.click('.layui-layer-btn0');
  await page.waitForTimeout(400);
  assert.deepEqual(posted(page, '/api/layui/confirm'), [], 'the dialog route posted nothing');
  assert.deepEqual(await page.evaluate(() => window.layuiErrors), [{ url: '/api/layui/confirm', status: 0, text: 'error' }], 'Layui\'s $.ajax saw a network error');
  assert.ok(await page.locator('.nianbao-summary').isVisible());
  // lay-submit with errors: stopped before Layui's handler runs (no error for the page to show).
  await page.click('button[lay-submit]');
  await page.waitForTimeout(300);
  assert.equal(posted(page, '/api/layui/submit').length, 1, 'only the corrected post of the story');
  assert.equal((await page.evaluate(() => window.layuiErrors)).length, 1);
  // What does not carry the report goes.
  await page.fill('[name=keyword]', '年报');
  await page.click('#searchBtn');
  await page.waitForTimeout(300);
  assert.equal(posted(page, '/api/search').length, 1, 'the search went');
  assert.ok(posted(page, '/api/heartbeat').length > beats, 'heartbeats go on while the report has errors');

  await mendReport(frame);
  await page.click('#confirmBtn');
  await page.click('.layui-layer-btn0');
  await page.waitForTimeout(400);
  const sent = posted(page, '/api/layui/confirm');
  assert.equal(sent.length, 1, 'the corrected report goes through the dialog');
  assert.equal(fieldsOf(sent[0]).ysq_1_7, '15');
  report('layui', { mapped: s.mapped, routes: { 'lay-submit': 'stopped at the click', 'layer.confirm 确定 ($.ajax)': 'stopped at the network: error callback, status 0', '暂存': 'sent (draft)', search: 'sent', heartbeat: 'sent' } });
  await page.close();
});

test('no form, a button that says 点击: $.ajax, axios JSON, multipart fetch, a beacon, a hidden form — all stopped; draft.do, search, upload, heartbeat go', async () => {
  const page = await openPage(browser, base, 'plain.html');
  const s = await story(page, { submit: 'button:has-text("点击")', draft: '#draftBtn', isSubmit: at('/api/plain/add'), isDraft: at('/api/plain/draft.do'), shot: 'plain.png' });
  assert.equal(s.mapped, 200);
  noMappingNoise(page);
  const frame = page.mainFrame();
  const seen = () => page.evaluate(() => window.seen.splice(0));
  await seen();

  await breakReport(frame);
  const reportPaths = ['/api/plain/add', '/api/plain/json', '/api/plain/multipart', '/api/plain/beacon', '/api/plain/archive'];
  const before = reportPaths.map((p) => posted(page, p).length);
  const beats = posted(page, '/api/heartbeat').length;
  await page.click('button:has-text("点击")');
  await page.click('#axiosBtn');
  await page.click('#fetchLink');
  await page.locator('#report [name=ysq_1_1]').focus();
  await page.keyboard.press('Control+Enter');
  await page.click('#archiveBtn');
  await page.click('#draftBtn');
  await page.fill('[name=q]', '年报');
  await page.click('#searchBtn');
  await page.click('#uploadBtn');
  await page.waitForTimeout(500);
  assert.deepEqual(reportPaths.map((p) => posted(page, p).length), before, 'no route carried the broken report out');
  const errorSeen = (await seen()).sort();
  assert.deepEqual(errorSeen, ['ajax error 0 error', 'archive called', 'axios error Network Error', 'beacon false', 'draft ok', 'fetch error TypeError', 'search ok', 'upload ok'].sort(), 'what the page\'s own code saw');
  assert.equal(posted(page, '/api/plain/draft.do').length, 2, 'the draft URL is never blocked');
  assert.ok(posted(page, '/api/heartbeat').length > beats, 'heartbeats go on');
  assert.equal(posted(page, '/api/plain/upload').length, 1, 'the upload went');
  assert.ok(await page.locator('.nianbao-summary').isVisible());
  assert.equal(await field(frame, 'ysq_2_1').inputValue(), 'x', 'the typed value is untouched');

  await mendReport(frame);
  await page.click('button:has-text("点击")');
  await page.click('#axiosBtn');
  await page.click('#fetchLink');
  await page.locator('#report [name=ysq_1_1]').focus();
  await page.keyboard.press('Control+Enter');
  await page.click('#archiveBtn');
  await page.waitForTimeout(500);
  assert.deepEqual(reportPaths.map((p) => posted(page, p).length), before.map((n) => n + 1), 'the corrected report goes by every route');
  const json = JSON.parse(posted(page, '/api/plain/json')[0].body);
  assert.deepEqual(json.table3[0], [12, 3, 0, 0, 0, 0, 15], 'the total reached the JSON the page built');
  assert.match(posted(page, '/api/plain/multipart')[0].type, /multipart\/form-data/);
  assert.match(posted(page, '/api/plain/multipart')[0].body, /name="ysq_1_7"\r\n\r\n15\r\n/);
  report('plain (点击)', { mapped: s.mapped, routes: { '$.ajax': 'error callback, status 0', axios: 'rejected: Network Error', 'fetch (multipart)': 'rejected: TypeError', 'sendBeacon (Ctrl+Enter)': 'returned false', 'hidden form.submit()': 'nothing sent', 'draft.do': 'sent', search: 'sent', upload: 'sent', heartbeat: 'sent' } });
  await page.close();
});

test('an Excel "save as web page" export with inputs, served as GBK, the script sent without a charset: 200/200, totals, routes stopped', async () => {
  const html = readFileSync(join(root, 'tests/fixtures/forms/excel-export.html'), 'utf8');
  assert.ok(html.includes('charset=gb2312') && html.includes('x:str') && html.includes('<font class="font7">'));
  const script = readFileSync(join(root, 'www/pkg/nianbao.js'));
  assert.ok(script.every((b) => b < 0x80), 'the drop-in is ASCII only');
  const page = await openPage(browser, base, 'excel-export.html', async (p) => {
    await p.route(base + '/pages/excel-export.html', (route) => route.fulfill({ status: 200, headers: { 'content-type': 'text/html; charset=GBK' }, body: iconv.encode(html, 'gbk') }));
    // nginx's default: no charset on scripts.
    await p.route(base + '/pages/nianbao.js', (route) => route.fulfill({ status: 200, headers: { 'content-type': 'application/javascript' }, body: script }));
    await p.route(base + '/pages/nianbao_bg.wasm', (route) => route.fulfill({ status: 200, headers: { 'content-type': 'application/wasm' }, body: readFileSync(join(root, 'www/pkg/nianbao_bg.wasm')) }));
  });
  assert.equal(await page.evaluate(() => document.characterSet), 'GBK');
  const s = await story(page, { submit: '#save', draft: '#draft', isSubmit: at('/api/excel/save'), isDraft: at('/api/excel/draft'), shot: 'excel-export-gbk.png' });
  assert.equal(s.mapped, 200);
  assert.equal(await page.evaluate(() => window.nianbao.controllers[0].root.localName), 'table', 'the report is the sheet\'s table');
  const frame = page.mainFrame();
  await breakReport(frame);
  assert.equal(await page.locator('.nianbao-summary h2').textContent(), '提交前请改正以下问题', 'the words the script writes are right on a GBK page');
  await page.click('#go');
  await page.waitForTimeout(300);
  assert.deepEqual(posted(page, '/api/excel/go'), []);
  assert.deepEqual(await page.evaluate(() => window.seen.filter((s) => s.indexOf('/api/excel/go') === 0)), ['/api/excel/go error 0'], 'the page\'s $.ajax saw a network error');
  await mendReport(frame);
  await page.click('#go');
  await page.waitForTimeout(300);
  assert.equal(fieldsOf(posted(page, '/api/excel/go')[0]).ysq_1_7, '15');
  assert.ok(!page.messages.some((m) => m.type === 'pageerror'));
  report('excel export (GBK)', { mapped: s.mapped, routes: { '确认上报 ($.ajax)': 'stopped at the click', '点击 ($.ajax)': 'stopped at the network: error callback, status 0', '暂存': 'sent (draft)' } });
  await page.close();
});

test('without constructable stylesheets (Firefox 78, Chromium < 73) the errors are styled by a <style> carrying the page\'s CSP nonce', async () => {
  const html = readFileSync(join(root, 'tests/e2e/pages/plain.html'), 'utf8').replace('<script src="/pkg/nianbao.js" defer>', '<script src="/pkg/nianbao.js" defer nonce="n0nce">');
  const page = await openPage(browser, base, 'plain-csp.html', async (p) => {
    await p.addInitScript(() => {
      delete Document.prototype.adoptedStyleSheets;
      delete ShadowRoot.prototype.adoptedStyleSheets;
    });
    await p.route(base + '/pages/plain-csp.html', (route) =>
      route.fulfill({ status: 200, headers: { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': "default-src 'self'; script-src 'self' 'unsafe-inline' 'wasm-unsafe-eval'; style-src 'self' 'nonce-n0nce'" }, body: html }),
    );
  });
  await page.waitForFunction(() => window.nianbao && window.nianbao.controllers.length === 1, null, { timeout: 15000 });
  assert.equal(await page.evaluate(() => 'adoptedStyleSheets' in document), false);
  await breakReport(page.mainFrame());
  const look = await page.$eval('[name=ysq_2_1]', (el) => ({ shadow: getComputedStyle(el).boxShadow, total: getComputedStyle(document.querySelector('[name=ysq_2_7]')).backgroundColor, nonce: document.querySelector('style[data-nianbao-ui]')?.nonce }));
  assert.match(look.shadow, /rgb\(212, 53, 28\)/, 'the red ring of an error');
  assert.equal(look.total, 'rgb(243, 242, 241)', 'a total looks read-only');
  assert.equal(look.nonce, 'n0nce');
  await page.close();
});

/** The grid cell (a <td>) the controller holds for cell `id`. */
const gridCell = (page, id) =>
  page.evaluateHandle((id) => {
    const c = window.nianbao.controllers[0];
    return [...document.querySelectorAll('td')].find((td) => c.cellOf(td) === id) || null;
  }, id);
/** Opens the cell's editor as a person does (click or double click) and types `text`. */
async function typeCell(page, id, text, trigger) {
  const td = await gridCell(page, id);
  await (trigger === 'dblclick' ? td.dblclick() : td.click());
  const input = await td.waitForSelector('input', { timeout: 3000 });
  await input.fill('');
  await input.type(text);
}
/** `fn(td)` evaluated in the page on the grid cell of `id`. */
const onCell = async (page, id, fn) => page.evaluate(fn, await gridCell(page, id));
/** The number a grid cell shows (its own content, not nianbao's message under it). */
const cellText = (page, id) => onCell(page, id, (td) => td.firstElementChild.textContent.trim());
const cellMessage = (page, id) => onCell(page, id, (td) => [...td.querySelectorAll('[data-nianbao-ui]')].map((n) => n.textContent).join(' '));

/**
 * A grid of text cells with an editor only in the active cell: mapped by the labels, values read
 * from the text, totals written through the grid's own editor (so the page's data holds them),
 * errors at the cell, the broken report not sent (by the button, or by the page's own call at the
 * network), the draft sent, the corrected report sent with its totals.
 */
async function gridStory(name, { trigger = 'click', totals = 'filled', data, submitPath, draftPath, failure }) {
  const page = await openPage(browser, base, name);
  await page.waitForFunction(() => window.nianbao && window.nianbao.controllers.length === 1, null, { timeout: 15000 });
  const mapping = await page.evaluate(() => window.nianbao.controllers[0].mapping());
  assert.equal(Object.keys(mapping.mapping).length, 200, 'every cell of the report mapped');
  assert.deepEqual(mapping.missing, []);
  noMappingNoise(page);
  assert.equal(await page.evaluate(() => document.querySelectorAll('#app input').length), 0, 'no input until a cell is edited');

  await typeCell(page, 't3.new.natural', '12', trigger);
  await typeCell(page, 't3.new.business', '3', trigger);
  await page.mouse.click(3, 3); // leave the grid: its editor closes
  await page.waitForTimeout(800);
  const total = (await data(page)).total;
  if (totals === 'filled') {
    assert.equal(await cellText(page, 't3.new.total'), '15', 'the row total, in the grid');
    assert.equal(String(total), '15', 'the total reached the page\'s own data through the grid\'s editor');
  } else {
    assert.equal(String(total), '0', 'a total cell that opens no editor is left as it is');
    assert.ok(page.messages.some((m) => m.type === 'warning' && /verify mode/.test(m.text)), 'said once in the console');
    assert.match(await cellMessage(page, 't3.new.total'), /应等于本行各项之和 15|应为 15/, 'the stated total is checked against its parts');
  }
  assert.match(await cellMessage(page, 't3.new.natural'), /对不上|不平/, 'the balance error at the cell');
  assert.equal(await onCell(page, 't3.new.natural', (td) => td.getAttribute('aria-invalid')), 'true');

  await page.click('#submitBtn');
  await page.waitForTimeout(300);
  assert.deepEqual(page.posts.filter(at(submitPath)), [], 'the broken report is not sent');
  assert.ok(await page.locator('.nianbao-summary').isVisible(), 'the summary is shown');
  // The page's own code sending it (a shortcut, a timer): stopped at the network.
  await page.evaluate(() => window.vm.send('submit'));
  await page.waitForTimeout(300);
  assert.deepEqual(page.posts.filter(at(submitPath)), []);
  assert.equal(await page.evaluate(() => window.failed), failure, 'what the page\'s code sees');
  await page.click('#draftBtn');
  await page.waitForTimeout(300);
  assert.equal(page.posts.filter(at(draftPath)).length, 1, 'the draft is sent');

  if (totals !== 'filled') {
    await page.evaluate(() => {
      window.vm.t3[0].c7 = 15; // the page's own computed total, as such grids show it
      window.vm.t3[23].c7 = 0;
    });
  }
  await typeCell(page, 't3.carried_out.natural', '12', trigger);
  await typeCell(page, 't3.carried_out.business', '3', trigger);
  await page.mouse.click(3, 3);
  await page.waitForTimeout(800);
  if (totals !== 'filled') {
    await page.evaluate(() => (window.vm.t3[24].c7 = 15));
    await page.waitForTimeout(300);
  }
  assert.equal(await page.evaluate(() => window.nianbao.controllers[0].validate().ok), true, 'the report is correct');
  assert.equal(await cellText(page, 't3.new.natural'), '12', 'a typed value stays as typed');
  await page.click('#submitBtn');
  await page.waitForTimeout(400);
  const sent = page.posts.filter(at(submitPath));
  assert.equal(sent.length, 1, 'the corrected report is sent');
  const body = JSON.parse(sent[0].body);
  assert.deepEqual([String(body.t3[0].c1), String(body.t3[0].c2), String(body.t3[0].c7), String(body.t3[24].c7)], ['12', '3', '15', '15']);
  await page.screenshot({ path: join(out, name.replace(/[^a-z0-9-]+/gi, '-') + '.png'), fullPage: true });
  report(name, { mapped: 200, trigger, totals, routes: { 'button (上报)': 'stopped at the click', 'page code (vm.send)': `stopped at the network: ${failure}`, draft: 'sent' } });
  await page.close();
}

const vxeData = (page) => page.evaluate(() => ({ total: window.vm.t3[0].c7 }));

test('vxe-table, edit-config trigger click: text cells mapped 200/200, totals through the grid\'s editor, errors at the cell, submission guarded', async () => {
  await gridStory('vxe-grid.html', { data: vxeData, submitPath: '/api/vxe/submit', draftPath: '/api/vxe/draft', failure: 'Network Error' });
});

test('vxe-table, edit-config trigger dblclick', async () => {
  await gridStory('vxe-grid.html?trigger=dblclick', { trigger: 'dblclick', data: vxeData, submitPath: '/api/vxe/submit', draftPath: '/api/vxe/draft', failure: 'Network Error' });
});

test('vxe-table whose total cells open no editor: verify mode, said once, stated totals checked', async () => {
  await gridStory('vxe-grid.html?totals=fixed', { totals: 'fixed', data: vxeData, submitPath: '/api/vxe/submit', draftPath: '/api/vxe/draft', failure: 'Network Error' });
});

test('el-table with a click-to-edit cell (an el-input in the clicked cell only), XHR', async () => {
  await gridStory('eltable-click-edit.html', { data: (page) => page.evaluate(() => ({ total: window.vm.t3[0].c7 })), submitPath: '/api/eltable/submit', draftPath: '/api/eltable/draft', failure: 'status 0' });
});
