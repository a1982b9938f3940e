// End to end: the drop-in script on real pages in headless Chromium (Debian's), typing as a
// person would. Screenshots and timings go to test-output/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { createServer } from '../../www/server.mjs';
import { messageOf } from './harness.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const out = join(root, 'test-output');
mkdirSync(out, { recursive: true });
const dataDir = join(mkdtempSync(join(tmpdir(), 'nianbao-e2e-')), 'data');
const formA = readFileSync(join(root, 'tests/fixtures/forms/portal-form-a.html'), 'utf8');
let server;
let base;
let browser;

before(async () => {
  server = createServer({ dataDir });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${server.address().port}`;
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run'],
  });
});
after(async () => {
  await browser?.close();
  await new Promise((r) => server.close(r));
});

/** A fresh page; console messages are collected in page.messages. */
async function open(path, { waitFilled = true } = {}) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.messages = [];
  page.on('console', (m) => page.messages.push({ type: m.type(), text: m.text() }));
  page.on('pageerror', (e) => page.messages.push({ type: 'pageerror', text: String(e) }));
  await page.goto(base + path);
  await page.waitForFunction(() => window.nianbao && window.nianbao.timings.attached !== undefined);
  if (waitFilled) await page.waitForSelector('html[data-demo-filled]');
  return page;
}

/** A page of our own served at `path` on the same origin, the rest from the real server. */
async function openHtml(path, html, csp = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'") {
  const page = await browser.newPage();
  page.messages = [];
  page.on('console', (m) => page.messages.push({ type: m.type(), text: m.text() }));
  page.on('pageerror', (e) => page.messages.push({ type: 'pageerror', text: String(e) }));
  await page.route(base + path, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', headers: { 'content-security-policy': csp }, body: html }));
  await page.goto(base + path);
  await page.waitForFunction(() => window.nianbao && window.nianbao.timings.attached !== undefined);
  return page;
}

const val = (page, name) => page.$eval(`[name="${name}"]`, (el) => el.value);

test('form A: typing fills the totals; derived cells are read-only', async () => {
  const page = await open('/');
  assert.equal(await page.evaluate(() => window.nianbao.controllers.length), 1);
  assert.equal(await val(page, 'ysq_1_7'), '0', 'prefilled totals');
  await page.fill('[name="ysq_1_1"]', '');
  await page.type('[name="ysq_1_1"]', '12');
  await page.fill('[name="ysq_1_2"]', '');
  await page.type('[name="ysq_1_2"]', '3');
  assert.equal(await val(page, 'ysq_1_7'), '15');
  assert.equal(await val(page, 'ysq_1_1'), '12', 'what was typed stays as typed');
  assert.equal(await val(page, 'ysq_1_2'), '3');
  const total = await page.$('[name="ysq_1_7"]');
  assert.equal(await total.getAttribute('aria-readonly'), 'true');
  assert.equal(await total.evaluate((el) => el.readOnly), true);
  assert.equal(await val(page, 'ysq_24_7'), '0');
  await page.screenshot({ path: join(out, 'form-a-typing.png'), fullPage: true });
  await page.close();
});

test('form A: an unbalanced 四 row shows its error on blur; the summary blocks submit; fixing clears all', async () => {
  const page = await open('/');
  await page.fill('[name="ysq_25_1"]', '2');
  assert.equal(await messageOf(page, 'ysq_25_1'), '', 'no error while typing (lazy)');
  await page.press('[name="ysq_25_1"]', 'Tab');
  const msg = await messageOf(page, 'ysq_25_1');
  assert.match(msg, /^错误：「自然人」这一列前后对不上.*请核对本列数字。 改为 0 则对得上$/);
  const el = await page.$('[name="ysq_25_1"]');
  assert.equal(await el.getAttribute('aria-invalid'), 'true');
  assert.ok(await el.evaluate((e) => e.classList.contains('nianbao-invalid')));
  // The full sentence is for screen readers only; the eye gets a few words.
  const [full, short] = await page.$eval('.nianbao-msg', (box) => [...box.children].map((s) => [s.textContent, getComputedStyle(s).position, s.getBoundingClientRect().width, s.getAttribute('aria-hidden')]));
  assert.deepEqual(full.slice(1), ['absolute', 1, null]);
  assert.deepEqual(short, ['本列不平，差 2；改为 0 则对得上', 'static', short[2], 'true']);

  await page.click('input[type="submit"]');
  const summary = await page.waitForSelector('.nianbao-summary');
  assert.equal(await summary.evaluate((s) => document.getElementById(s.getAttribute('aria-labelledby')).textContent), '提交前请改正以下问题');
  assert.equal(await page.evaluate(() => document.activeElement.className), 'nianbao-summary');
  assert.equal(new URL(page.url()).pathname, '/demo/', 'submission stopped');
  await page.screenshot({ path: join(out, 'form-a-errors.png'), fullPage: true });
  await page.click('.nianbao-summary a');
  assert.equal(await page.evaluate(() => document.activeElement.name), 'ysq_25_1');

  await page.fill('[name="ysq_25_1"]', '0');
  assert.equal(await messageOf(page, 'ysq_25_1'), '', 'fixed: the error goes at once');
  assert.equal(await el.getAttribute('aria-invalid'), null);
  assert.equal(await el.getAttribute('aria-describedby'), null);
  assert.equal(await page.$('.nianbao-summary'), null);
  await Promise.all([page.waitForURL(/\/accepted\//), page.click('input[type="submit"]')]);
  const id = page.url().split('/').pop();
  assert.ok(readdirSync(dataDir).includes(`${id}.json`));
  await page.close();
});

test('full-width digits typed through the page (as a Chinese IME commits them)', async () => {
  const page = await open('/');
  await page.fill('[name="ysq_3_2"]', '');
  await page.focus('[name="ysq_3_2"]');
  await page.keyboard.insertText('１２');
  assert.equal(await val(page, 'ysq_3_2'), '１２', 'kept as typed');
  assert.equal(await val(page, 'ysq_3_7'), '12');
  assert.equal(await val(page, 'ysq_24_2'), '12');
  await page.close();
});

test('layout B: another markup, attached with zero configuration, fills totals', async () => {
  const page = await open('/demo/layout-b.html');
  const m = await page.evaluate(() => window.nianbao.controllers[0].mapping());
  assert.equal(Object.keys(m.mapping).length, 200);
  assert.deepEqual(m.unmapped, ['agency'], 'the unit name field: reported, not guessed');
  await page.fill('#q053', '4'); // t3.denied_security.natural, in the table continued without header
  await page.fill('#q054', '1');
  assert.equal(await page.$eval('#q059', (e) => e.value), '5');
  assert.equal(await page.$eval('#q172', (e) => e.value), '4', '（七）总计 · 自然人');
  await page.fill('#q186', '1'); // 行政复议 · 结果维持, table 四 transposed
  assert.equal(await page.$eval('#q190', (e) => e.value), '1');
  await page.screenshot({ path: join(out, 'layout-b.png'), fullPage: true });
  await page.close();
});

test('keyboard only: tab through layout B, type every cell, submit with Enter', async () => {
  const page = await open('/demo/layout-b.html?empty', { waitFilled: false });
  await page.focus('[name="agency"]');
  let typed = 0;
  for (let i = 0; i < 260 && typed < 200; i++) {
    await page.keyboard.press('Tab');
    const info = await page.evaluate(() => ({ name: document.activeElement.name, ro: document.activeElement.readOnly }));
    if (!info.name || !/^q\d+$/.test(info.name)) break;
    assert.ok(!info.ro, `a derived total is a tab stop: ${info.name}`);
    await page.keyboard.type('0');
    typed++;
  }
  assert.equal(typed, 166, 'every input is reachable by Tab, and no total (166 of 200 fields)');
  await page.keyboard.press('Shift+Tab');
  await Promise.all([page.waitForURL(/\/accepted\//), page.keyboard.press('Enter')]);
  await page.close();
});

test('a page whose CSP forbids WebAssembly still submits, with one console warning', async () => {
  const page = await browser.newPage();
  const warnings = [];
  page.on('console', (m) => m.type() === 'warning' && m.text().includes('nianbao') && warnings.push(m.text()));
  await page.goto(base + '/?csp=no-wasm');
  await page.waitForFunction(() => window.nianbao && window.nianbao.ready).catch(() => {});
  assert.equal(await page.evaluate(() => window.nianbao.ready), false);
  assert.equal(await page.evaluate(() => window.nianbao.controllers.length), 0);
  assert.equal(warnings.length, 1, warnings.join('\n'));
  await page.fill('[name="ysq_1_1"]', 'abc');
  const [response] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.click('input[type="submit"]')]);
  assert.equal(new URL(response.url()).pathname, '/gkpt/nb/save.do', 'the form posted as before');
  assert.equal(response.status(), 422, 'and the server rechecked it');
  await page.close();
});

test('markup in labels, names and values is shown as text, never run', async () => {
  const html = formA
    .replace('<tr><td colspan="3" class="lbl">四、结转下年度继续办理</td>', '<tr><td colspan="3">&lt;img src=x onerror="window.__xss=1"&gt;其他</td><td><input name="x&quot;&gt;&lt;img src=x onerror=window.__xss=2&gt;"></td></tr>\n<tr><td colspan="3" class="lbl">四、结转下年度继续办理</td>')
    .replace('</body>', '<script src="/pkg/nianbao.js" defer></script></body>');
  const page = await openHtml('/test/markup.html', html);
  const imgs = await page.$$eval('img', (l) => l.length);
  await page.fill('[name="ysq_2_3"]', '<img src=x onerror=window.__xss=3>');
  await page.press('[name="ysq_2_3"]', 'Tab');
  assert.match(await messageOf(page, 'ysq_2_3'), /“<img src=x onerror=window.__xss=3>”不是数字/);
  await page.click('input[type="submit"]');
  await page.waitForSelector('.nianbao-summary');
  assert.match(await page.$eval('.nianbao-summary', (s) => s.textContent), /<img src=x onerror=window\.__xss=3>/);
  assert.equal(await page.$$eval('img', (l) => l.length), imgs, 'no element was created from text');
  assert.equal(await page.evaluate(() => window.__xss), undefined);
  const warn = page.messages.find((m) => m.type === 'warning' && m.text.includes('nianbao'));
  assert.ok(warn && warn.text.includes('x"><img src=x onerror=window.__xss=2>'), 'the unmapped input is named as text');
  await page.close();
});

test('controller: explicit mapping wins, values(), validate(), detach()', async () => {
  const html = formA
    .replace('name="ysq_2_1"', 'name="ysq_2_1" data-nianbao-cell="t3.new.natural"')
    .replace('</body>', '<script src="/pkg/nianbao.js" data-auto="false" defer></script></body>');
  const page = await openHtml('/test/controller.html', html);
  assert.equal(await page.evaluate(() => window.nianbao.controllers.length), 0, 'data-auto="false"');
  const r = await page.evaluate(async () => {
    const form = document.forms[0];
    const c = await window.nianbao.attach(form, { mapping: { ysq_1_1: 't3.carried_in.natural' }, locale: 'en' });
    form.elements.ysq_1_1.value = '4';
    form.elements.ysq_1_1.dispatchEvent(new Event('input', { bubbles: true }));
    const m = c.mapping();
    const values = c.values();
    const result = c.validate();
    const before = [form.elements.ysq_2_7.readOnly, document.querySelectorAll('.nianbao-error').length];
    c.detach();
    const afterDetach = [form.elements.ysq_2_7.readOnly, document.querySelectorAll('.nianbao-error, .nianbao-summary').length, form.elements.ysq_2_7.getAttribute('aria-readonly')];
    return { m, values, result, before, afterDetach, total: form.elements.ysq_2_7.value };
  });
  assert.equal(r.m.mapping.ysq_1_1, 't3.carried_in.natural');
  assert.equal(r.m.mapping.ysq_2_1, 't3.new.natural');
  assert.deepEqual(r.m.unmapped, ['orgName', 'linkman', 'tel'], 'the form\'s other fields: reported, not guessed');
  assert.equal(r.values['t3.carried_in.natural'], '4');
  assert.equal(r.total, '4', 't3.carried_in.total filled from the explicitly mapped input');
  assert.equal(r.result.ok, false);
  assert.ok(r.result.diagnostics.some((d) => d.rule === 'value.missing'), 'a blank form on submit');
  assert.match(r.result.diagnostics[0].message, /is blank/, 'locale en');
  assert.deepEqual(r.before, [true, r.before[1]]);
  assert.ok(r.before[1] > 100);
  assert.deepEqual(r.afterDetach, [false, 0, null]);
  await page.close();
});

test('totals are revalidated on pageshow and on autofill (change without input)', async () => {
  const page = await open('/');
  await page.evaluate(() => {
    const f = document.forms[0];
    f.elements.fyss_1.value = '7';
    window.dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true }));
  });
  assert.equal(await val(page, 'fyss_5'), '7');
  await page.evaluate(() => {
    const f = document.forms[0];
    f.elements.fyss_2.value = '2';
    f.elements.fyss_2.dispatchEvent(new Event('change', { bubbles: true }));
  });
  assert.equal(await val(page, 'fyss_5'), '9');
  await page.close();
});

test('the server computes the same mapping as the browser (npx nianbao mapping)', async () => {
  for (const [path, file] of [['/', 'www/demo/index.html'], ['/demo/layout-b.html', 'www/demo/layout-b.html']]) {
    const page = await open(path);
    const browserMapping = await page.evaluate(() => window.nianbao.controllers[0].mapping());
    const cli = spawnSync(process.execPath, [join(root, 'www/cli.mjs'), 'mapping', join(root, file)], { encoding: 'utf8' });
    assert.equal(cli.status, 0, cli.stderr);
    assert.deepEqual(JSON.parse(cli.stdout), browserMapping, file);
    await page.close();
  }
});

test('timings: script start to attached, input event to DOM updated over 500 keystrokes', async () => {
  const page = await open('/');
  const t = await page.evaluate(() => {
    const f = document.forms[0];
    const el = f.elements.ysq_5_1;
    const lat = [];
    for (let i = 1; i <= 500; i++) {
      el.value = String(i);
      const t0 = performance.now();
      el.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertText' }));
      lat.push(performance.now() - t0);
    }
    lat.sort((a, b) => a - b);
    const q = (p) => lat[Math.min(lat.length - 1, Math.floor(p * lat.length))];
    const tm = window.nianbao.timings;
    return { p50: q(0.5), p95: q(0.95), max: lat[lat.length - 1], ready: tm.ready - tm.start, attached: tm.attached - tm.start, total: f.elements.ysq_5_7.value };
  });
  assert.equal(t.total, '500', 'every keystroke updated the total');
  writeFileSync(join(out, 'e2e-timings.json'), JSON.stringify(t, null, 2) + '\n');
  console.log(`# timings (ms): module ready ${t.ready.toFixed(2)}, attached ${t.attached.toFixed(2)} after script start; input→DOM p50 ${t.p50.toFixed(3)}, p95 ${t.p95.toFixed(3)}, max ${t.max.toFixed(3)}`);
  await page.close();
});

test('the .wasm served with the wrong MIME type still loads (bytes instead of streaming)', async () => {
  const page = await browser.newPage();
  await page.route(base + '/pkg/nianbao_bg.wasm', async (route) => {
    const res = await route.fetch();
    await route.fulfill({ status: 200, contentType: 'application/octet-stream', body: await res.body() });
  });
  await page.goto(base + '/demo/');
  await page.waitForSelector('html[data-demo-filled]');
  await page.fill('[name="ysq_1_3"]', '5');
  assert.equal(await val(page, 'ysq_1_7'), '5');
  await page.close();
});

test('a browser without WebAssembly: the form submits as before, with one warning', async () => {
  const page = await browser.newPage();
  const warnings = [];
  page.on('console', (m) => m.type() === 'warning' && m.text().includes('nianbao') && warnings.push(m.text()));
  await page.addInitScript(() => {
    delete window.WebAssembly;
  });
  await page.goto(base + '/demo/');
  assert.equal(await page.evaluate(() => typeof WebAssembly), 'undefined');
  assert.equal(warnings.length, 1);
  const [response] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.click('input[type="submit"]')]);
  assert.equal(new URL(response.url()).pathname, '/gkpt/nb/save.do');
  await page.close();
});

test('the ES module API in the browser: init from bytes, check, attach in verify mode without blocking', async () => {
  const html = formA
    .replace('name="ysq_1_1"', 'name="ysq_1_1" aria-describedby="hint"')
    .replace('</form>', '<p id="hint">填写件数</p></form>')
    .replace('</body>', `<script type="module">
import { init, check, attach } from '/nianbao.mjs';
const bytes = await (await fetch('/pkg/nianbao_bg.wasm')).arrayBuffer();
await init(bytes);
window.esm = { seedOk: check({ cells: {} }, { phase: 'typing' }).ok, controller: attach(document.forms[0], { mode: 'verify', blockSubmit: false, locale: 'en' }) };
</script></body>`);
  const page = await browser.newPage();
  await page.route(base + '/test/esm.html', (route) =>
    route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', headers: { 'content-security-policy': "default-src 'self'; script-src 'self' 'unsafe-inline' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'" }, body: html }),
  );
  await page.goto(base + '/test/esm.html');
  await page.waitForFunction(() => window.esm);
  assert.equal(await page.evaluate(() => window.esm.seedOk), true);
  // verify mode: totals are typed by people, never filled, never read-only.
  await page.fill('[name="ysq_1_1"]', '2');
  await page.fill('[name="ysq_1_7"]', '3');
  await page.press('[name="ysq_1_7"]', 'Tab');
  assert.equal(await val(page, 'ysq_1_7'), '3');
  assert.equal(await page.$eval('[name="ysq_1_7"]', (e) => e.readOnly), false);
  assert.match(await messageOf(page, 'ysq_1_7'), /^Error: 1\. New applications this year · total should be 2/);
  // An existing aria-describedby is kept; ours is added and removed beside it.
  await page.press('[name="ysq_1_1"]', 'Tab');
  const described = await page.$eval('[name="ysq_1_1"]', (e) => e.getAttribute('aria-describedby'));
  assert.equal(described, 'hint', 'no error on ysq_1_1 itself');
  await page.fill('[name="ysq_1_1"]', 'x');
  await page.press('[name="ysq_1_1"]', 'Tab');
  assert.match(await page.$eval('[name="ysq_1_1"]', (e) => e.getAttribute('aria-describedby')), /^hint nianbao-msg-\d+$/);
  await page.fill('[name="ysq_1_1"]', '3');
  assert.equal(await page.$eval('[name="ysq_1_1"]', (e) => e.getAttribute('aria-describedby')), 'hint');
  // blockSubmit: false: errors are shown, the form still posts.
  const [response] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.click('input[type="submit"]')]);
  assert.equal(response.status(), 422);
  await page.close();
});

test('a trapped wasm instance is replaced from the cached module and the page keeps working', async () => {
  const html = formA.replace('</body>', '<script src="/pkg/trap-test/nianbao.js" defer></script></body>');
  const page = await openHtml('/test/trap.html', html);
  assert.equal(await page.evaluate(() => window.nianbao.controllers.length), 1);
  await page.fill('[name="ysq_1_1"]', '2');
  assert.equal(await val(page, 'ysq_1_7'), '2');
  assert.equal(await page.evaluate(() => window.nianbao.__testTrap()), 'recovered');
  assert.equal(await page.evaluate(() => window.nianbao.recoveries), 1);
  await page.fill('[name="ysq_1_2"]', '3');
  assert.equal(await val(page, 'ysq_1_7'), '5', 'totals still filled after the trap');
  await page.fill('[name="ysq_1_3"]', 'x');
  await page.press('[name="ysq_1_3"]', 'Tab');
  assert.match(await messageOf(page, 'ysq_1_3'), /不是数字/);
  assert.ok(page.messages.some((m) => m.type === 'warning' && /restarted/.test(m.text)));
  assert.ok(!page.messages.some((m) => m.type === 'pageerror'), JSON.stringify(page.messages));
  await page.close();
});
