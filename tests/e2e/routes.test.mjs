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
