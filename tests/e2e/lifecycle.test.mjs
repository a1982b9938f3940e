// The drop-in's life on a page: attach() called before the module is ready, a page where no
// report ever appears, document-level validate() and the invalid event.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { start } from './harness.mjs';

const formA = readFileSync(fileURLToPath(new URL('../fixtures/forms/portal-form-a.html', import.meta.url)), 'utf8');
let base;
let browser;

let stop;
before(async () => {
  ({ base, browser, stop } = await start(fileURLToPath(new URL('../../test-output/lifecycle-data', import.meta.url))));
});
after(() => stop?.());

async function openHtml(path, html) {
  const page = await browser.newPage();
  page.messages = [];
  page.on('console', (m) => page.messages.push({ type: m.type(), text: m.text() }));
  page.on('pageerror', (e) => page.messages.push({ type: 'pageerror', text: String(e) }));
  await page.route(base + path, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }));
  await page.goto(base + path);
  return page;
}

test('attach() before the module is ready returns a promise of the controller', async () => {
  const html = formA.replace(
    '</body>',
    `<script src="/pkg/nianbao.js" data-auto="false" defer></script>
<script defer src="data:text/javascript,window.early%20%3D%20window.nianbao.attach(document.forms[0]).then((c)%20%3D%3E%20(window.attached%20%3D%20c%20%26%26%20Object.keys(c.mapping().mapping).length))%3B"></script></body>`,
  );
  const page = await openHtml('/test/early.html', html);
  await page.waitForFunction(() => window.attached !== undefined);
  assert.equal(await page.evaluate(() => window.attached), 200);
  assert.equal(await page.evaluate(() => window.nianbao.controllers.length), 1);
  assert.ok(!page.messages.some((m) => m.type === 'pageerror'), JSON.stringify(page.messages));
  await page.close();
});

test('a page with no report says so once in the console, with the reason', async () => {
  const html = '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"></head><body><form><label>用户名 <input name="u"></label><label>密码 <input name="p" type="password"></label></form><script src="/pkg/nianbao.js" defer></script></body></html>';
  const page = await openHtml('/test/login.html', html);
  await page.waitForTimeout(4000);
  const told = page.messages.filter((m) => m.type === 'warning' && m.text.startsWith('nianbao: no report attached'));
  assert.equal(told.length, 1, JSON.stringify(page.messages));
  assert.match(told[0].text, /match at most 0 cells .*at least 10/);
  assert.equal(await page.evaluate(() => window.nianbao.controllers.length), 0);
  await page.close();
});

test('document-level validate() and a cancelable nianbao:invalid', async () => {
  const html = formA.replace('</body>', '<script src="/pkg/nianbao.js" defer></script></body>');
  const page = await openHtml('/test/validate.html', html);
  await page.waitForFunction(() => window.nianbao.controllers.length === 1);
  const blank = await page.evaluate(() => window.nianbao.validate());
  assert.equal(blank.ok, false, 'a blank report on submit');
  assert.ok(blank.results[0].diagnostics.every((d) => d.rule === 'value.missing'));
  await page.evaluate(() => {
    for (const el of document.querySelectorAll('input[name^="zdgk_"],input[name^="ysq_"],input[name^="fyss_"]')) if (!el.readOnly) el.value = '0';
  });
  assert.equal((await page.evaluate(() => window.nianbao.validate())).ok, true, 'ok follows the diagnostics');
  await page.fill('[name=ysq_1_1]', '3');
  await page.evaluate(() => document.addEventListener('nianbao:invalid', (e) => { window.invalid = e.detail.result.ok; e.preventDefault(); }));
  const posted = [];
  page.on('request', (r) => r.method() === 'POST' && posted.push(r.url()));
  await page.click('input[type=submit]');
  await page.waitForTimeout(300);
  assert.equal(await page.evaluate(() => window.invalid), false);
  assert.deepEqual(posted, [], 'still blocked');
  assert.notEqual(await page.evaluate(() => document.activeElement.className), 'nianbao-summary', 'cancelled: the page shows the errors its own way, focus stays');
  await page.close();
});

test('inputs a framework replaces are mapped again; a removed report is detached', async () => {
  const html = formA.replace('</body>', '<script src="/pkg/nianbao.js" defer></script></body>');
  const page = await openHtml('/test/rerender.html', html);
  await page.waitForFunction(() => window.nianbao.controllers.length === 1);
  // Re-render table 三 as a framework does: new elements, same markup.
  await page.evaluate(() => {
    const table = document.querySelector('[name=ysq_1_1]').closest('table');
    table.replaceWith(table.cloneNode(true));
  });
  await page.waitForFunction(() => window.nianbao.controllers[0].cellOf(document.querySelector('[name=ysq_1_1]')) === 't3.new.natural');
  await page.type('[name=ysq_1_1]', '7');
  assert.equal(await page.inputValue('[name=ysq_1_7]'), '7', 'the new inputs fill their totals');
  await page.evaluate(() => document.forms[0].remove());
  await page.waitForFunction(() => window.nianbao.controllers.length === 0);
  await page.close();
});
