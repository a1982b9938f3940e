// End to end: the errors as a clerk meets them, on form A (the portal form of the fixtures,
// served as the demo) and on layout B, in headless Chromium, keyboard and mouse as a person
// uses them: errors stay put while they are fixed, a broken balance is shown where the change
// was made, messages never move inputs or widen columns, focus stays visible, reset starts over,
// the summary is short and can fill the blanks with 0; axe-core on the page with errors shown.
// Screenshots and the axe results go to test-output/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { start, messageOf } from './harness.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const out = join(root, 'test-output');
mkdirSync(out, { recursive: true });
const AXE = join(root, 'node_modules/axe-core/axe.min.js');
let h;

before(async () => {
  h = await start(join(mkdtempSync(join(tmpdir(), 'nianbao-feedback-')), 'data'));
});
after(() => h?.stop());

// The two layouts: where the page is, its submit control, and cells by the page's own names.
const LAYOUTS = {
  'form A': { path: '/demo/', submit: 'input[type="submit"]', cell: (r, c) => `ysq_${r}_${c}`, first: 'zdgk_1_1_1', total: 'ysq_1_7' },
  'layout B': { path: '/demo/layout-b.html', submit: 'button[type="submit"]', cell: null, first: null, total: null },
};

async function open(layout, { empty = false, width = 1366, bypassCSP = false } = {}) {
  const context = await h.browser.newContext({ viewport: { width, height: 800 }, bypassCSP });
  const page = await context.newPage();
  // Closing the context may race the browser's own close at the end: nothing is left to close.
  page.on('close', () => context.close().catch(() => {}));
  page.messages = [];
  page.on('pageerror', (e) => page.messages.push(String(e)));
  await page.goto(h.base + LAYOUTS[layout].path + (empty ? '?empty' : ''));
  await page.waitForFunction(() => window.nianbao && window.nianbao.controllers.length === 1);
  if (!empty) await page.waitForSelector('html[data-demo-filled]');
  return page;
}

/** The page's field name of a cell id (through the controller's mapping). */
const nameOf = (page, cell) =>
  page.evaluate((cell) => {
    const c = window.nianbao.controllers[0];
    return Object.entries(c.mapping().mapping).find(([, id]) => id === cell)[0];
  }, cell);

const sel = (name) => `[name="${name}"]`;
const count = (page, selector) => page.$$eval(selector, (els) => els.length);
/** Every mapped input's box, by name. */
const boxes = (page) =>
  page.evaluate(() => {
    const out = {};
    const c = window.nianbao.controllers[0];
    for (const name of Object.keys(c.mapping().mapping)) {
      const el = document.getElementsByName(name)[0] || document.getElementById(name);
      const r = el.getBoundingClientRect();
      out[name] = { x: r.x + scrollX, y: r.y + scrollY, w: r.width, h: r.height };
    }
    return { inputs: out, height: document.documentElement.scrollHeight };
  });
/** The visible words of the message under field `name` ('' when none). */
const shortOf = (page, name) =>
  page.$eval(sel(name), (el) => {
    const ids = (el.getAttribute('aria-describedby') || '').split(/\s+/);
    const box = ids.map((id) => document.getElementById(id)).find((b) => b && b.classList.contains('nianbao-msg'));
    return box ? box.querySelector('[aria-hidden="true"]').textContent : '';
  });

for (const layout of Object.keys(LAYOUTS)) {
  test(`${layout}: after a submit, errors stay while typing elsewhere and the page keeps its height`, async () => {
    const page = await open(layout, { empty: true });
    await page.click(LAYOUTS[layout].submit);
    await page.waitForSelector('.nianbao-summary');
    const blanks = await count(page, '.nianbao-msg');
    assert.equal(blanks, 166, 'every blank input shows its message');
    const { height } = await boxes(page);
    await page.$eval('.nianbao-summary li', (li) => (li.dataset.mark = 'kept'));
    const name = await nameOf(page, 't3.granted.natural');
    const neighbour = await nameOf(page, 't3.granted.legal');
    await page.click(sel(name));
    for (const [k, ch] of [...'12'].entries()) {
      await page.keyboard.type(ch);
      assert.equal(await count(page, '.nianbao-msg'), 165, `after keystroke ${k + 1}: only the typed cell's error went`);
      assert.match(await shortOf(page, neighbour), /未填写/);
    }
    assert.equal((await boxes(page)).height, height, 'the page keeps its height while typing');
    await page.keyboard.press('Tab');
    assert.equal(await count(page, '.nianbao-msg'), 165, 'and on leaving the field');
    // The summary counts what is left, updated in place: the same item, new text.
    const item = await page.$('.nianbao-summary li');
    assert.match(await item.textContent(), /共 165 个格子未填写；没有发生的请填 0/);
    assert.equal(await item.getAttribute('data-mark'), 'kept', 'the same item, not a rebuilt list');
    assert.equal(page.messages.length, 0, page.messages.join('\n'));
    await page.close();
  });

  test(`${layout}: a message never moves inputs above or beside it, nor widens a column`, async () => {
    const page = await open(layout);
    const before = await boxes(page);
    const name = await nameOf(page, 't3.denied_secret.business');
    await page.fill(sel(name), 'x');
    await page.press(sel(name), 'Tab');
    assert.match(await shortOf(page, name), /不是数字/);
    const after = await boxes(page);
    const row = before.inputs[name].y;
    let moved = 0;
    for (const [n, b] of Object.entries(before.inputs)) {
      const a = after.inputs[n];
      assert.ok(Math.abs(a.x - b.x) <= 4 && Math.abs(a.w - b.w) <= 4, `${n} moved sideways or changed width: ${JSON.stringify([b, a])}`);
      if (b.y <= row + 1) assert.ok(Math.abs(a.y - b.y) <= 4, `${n} (above or in the row) moved: ${b.y} → ${a.y}`);
      else moved = Math.max(moved, a.y - b.y);
    }
    const box = await page.$eval(`#${await page.$eval(sel(name), (el) => el.getAttribute('aria-describedby').split(' ').pop())}`, (b) => b.getBoundingClientRect().height);
    assert.ok(after.height - before.height <= box + 8, `the page grew by ${after.height - before.height} px for a ${box} px message`);
    assert.ok(moved <= box + 8, `rows below moved by ${moved} px`);
    if (layout === 'form A') await page.screenshot({ path: join(out, 'feedback-form-a-one-error.png'), fullPage: true });
    await page.close();
  });

  test(`${layout}: a broken balance is shown at the changed cell, in view, with the value that fixes it`, async () => {
    const page = await open(layout);
    const name = await nameOf(page, 't3.granted.natural');
    const own = await nameOf(page, 't3.carried_out.natural');
    await page.fill(sel(name), '3');
    await page.press(sel(name), 'Tab');
    assert.equal(await shortOf(page, name), '本列不平，差 3；改为 0 则对得上');
    const visible = await page.$eval(sel(name), (el) => {
      const box = document.getElementById(el.getAttribute('aria-describedby').split(' ').pop()).getBoundingClientRect();
      const r = el.getBoundingClientRect();
      return { ok: box.top >= 0 && box.bottom <= innerHeight + 1 && box.top - r.bottom < 40 && Math.abs(box.left - r.left) < 40, box, input: r, innerHeight };
    });
    assert.ok(visible.ok, `the message is in the viewport, next to the changed cell: ${JSON.stringify(visible)}`);
    assert.match(await messageOf(page, name), /自然人.*对不上.*改为 0 则对得上/);
    // The rule's own cell stays marked, and names no cell (least of all itself).
    assert.equal(await page.getAttribute(sel(own), 'aria-invalid'), 'true');
    assert.equal(await shortOf(page, own), '本列不平，差 3');
    assert.doesNotMatch(await messageOf(page, own), /四、结转下年度/);
    // In the summary, the suggestion names the cell and the link goes there.
    await page.click(LAYOUTS[layout].submit);
    const link = await page.$('.nianbao-summary a');
    assert.match(await link.textContent(), /刚修改的「三、本年度办理结果 （一）予以公开 · 自然人」改为 0（现为 3）/);
    await link.click();
    assert.equal(await page.evaluate(() => document.activeElement.name), name);
    await page.close();
  });

  test(`${layout}: focus stays visible on a field in error; totals look read-only and are no tab stop`, async () => {
    const page = await open(layout);
    const name = await nameOf(page, 't3.new.business');
    const next = await nameOf(page, 't3.new.research');
    await page.fill(sel(name), '-1');
    await page.press(sel(name), 'Tab');
    const style = (n) => page.$eval(sel(n), (el) => { const s = getComputedStyle(el); return { outline: `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}`, shadow: s.boxShadow, bg: s.backgroundColor }; });
    const blurred = await style(name);
    assert.match(blurred.shadow, /rgb\(212, 53, 28\)/, 'the error is a red ring');
    await page.focus(sel(name));
    const focused = await style(name);
    assert.notEqual(focused.outline, blurred.outline, 'focus changes how the field in error looks');
    assert.match(focused.outline, /^solid 3px rgb\(255, 221, 0\)/);
    // Still wrong, differently: the message changes in place while typing, it does not go.
    await page.fill(sel(name), 'abc');
    assert.match(await shortOf(page, name), /不是数字/);
    // Totals: read-only look, skipped by Tab, still read (not hidden from assistive technology).
    const total = await nameOf(page, 't3.new.total');
    const t = await page.$eval(sel(total), (el) => ({ tab: el.tabIndex, ro: el.readOnly, hidden: el.closest('[aria-hidden="true"]') !== null, bg: getComputedStyle(el).backgroundColor }));
    assert.deepEqual([t.tab, t.ro, t.hidden], [-1, true, false]);
    assert.notEqual(t.bg, (await style(next)).bg, 'a total does not look like an input');
    await page.focus(sel(await nameOf(page, 't3.new.other')));
    await page.keyboard.press('Tab');
    assert.notEqual(await page.evaluate(() => document.activeElement.name), total, 'Tab skips the total');
    await page.close();
  });

  test(`${layout}: reset clears every message and the summary and recomputes the totals`, async () => {
    const page = await open(layout, { empty: true });
    const cell = await nameOf(page, 't3.new.natural');
    const total = await nameOf(page, 't3.new.total');
    await page.fill(sel(cell), '5');
    assert.equal(await page.inputValue(sel(total)), '5');
    await page.click(LAYOUTS[layout].submit);
    await page.waitForSelector('.nianbao-summary');
    assert.ok((await count(page, '.nianbao-msg')) > 100);
    if (layout === 'form A') {
      await page.screenshot({ path: join(out, 'feedback-form-a-after-submit.png') });
      await page.click('input[type="reset"]');
    } else await page.evaluate(() => document.querySelector('form').reset());
    await page.waitForFunction(() => !document.querySelector('.nianbao-summary'));
    assert.equal(await count(page, '.nianbao-msg'), 0);
    assert.equal(await count(page, '[aria-invalid="true"], .nianbao-invalid'), 0);
    assert.equal(await page.inputValue(sel(cell)), '');
    assert.equal(await page.inputValue(sel(total)), '0', 'the total recomputed from the reset inputs');
    // Typing after a reset is typing again: no blank-cell errors.
    await page.fill(sel(cell), '1');
    await page.press(sel(cell), 'Tab');
    assert.equal(await count(page, '.nianbao-msg'), 0);
    if (layout === 'form A') await page.screenshot({ path: join(out, 'feedback-form-a-after-reset.png') });
    await page.close();
  });

  test(`${layout}: a blank form's summary is one item with the heading in view; its button fills the blanks with 0`, async () => {
    const page = await open(layout, { empty: true, width: 390 });
    await page.evaluate(() => {
      window.seen = { input: 0, change: 0 };
      const c = window.nianbao.controllers[0];
      for (const type of ['input', 'change']) document.addEventListener(type, (e) => { if (c.cellOf(e.target) && !e.target.readOnly) window.seen[type]++; });
    });
    await page.click(LAYOUTS[layout].submit);
    const items = await page.$$eval('.nianbao-summary li', (lis) => lis.map((li) => li.textContent));
    assert.ok(items.length <= 20, `${items.length} items`);
    assert.deepEqual(items, ['共 166 个格子未填写；没有发生的请填 0 把未填写的格子填为 0']);
    const inView = await page.$eval('.nianbao-summary h2', (hd) => { const r = hd.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight && document.activeElement.contains(hd); });
    assert.ok(inView, 'the heading of the focused summary is in view');
    await page.click('.nianbao-summary a');
    const first = await page.evaluate(() => window.nianbao.controllers[0].cellOf(document.activeElement));
    assert.equal(first, 't2.rules.issued', 'the link goes to the first blank cell');
    await page.click('.nianbao-summary button');
    assert.equal(await page.$('.nianbao-summary'), null, 'nothing left to fix');
    assert.equal(await count(page, '.nianbao-msg'), 0);
    const values = await page.evaluate(() => Object.values(window.nianbao.controllers[0].values()));
    assert.deepEqual([...new Set(values)], ['0']);
    assert.deepEqual(await page.evaluate(() => window.seen), { input: 166, change: 166 }, 'each filled cell announced once');
    await Promise.all([page.waitForURL(/\/accepted\//), page.click(LAYOUTS[layout].submit)]);
    await page.close();
  });
}

test('English: the inline words are short and in English, the full sentence for screen readers', async () => {
  const page = await open('form A', { empty: true });
  const c = await page.evaluate(async () => {
    const form = document.querySelector('form');
    window.nianbao.controllers[0].detach();
    const c = await window.nianbao.attach(form, { locale: 'en' });
    return !!c;
  });
  assert.ok(c);
  await page.fill(sel('ysq_1_2'), 'abc');
  await page.press(sel('ysq_1_2'), 'Tab');
  assert.equal(await shortOf(page, 'ysq_1_2'), 'Not a number: digits only');
  assert.match(await messageOf(page, 'ysq_1_2'), /^Error: .*“abc” is not a number/);
  await page.click('input[type="submit"]');
  assert.match(await page.textContent('.nianbao-summary li'), /^165 cells are blank; enter 0 where there were none Fill the blank cells with 0$/);
  await page.close();
});

for (const layout of Object.keys(LAYOUTS)) {
  test(`axe-core on ${layout} with errors shown: no violation from nianbao's own elements`, async () => {
    // The demo's Content-Security-Policy forbids injected scripts: axe runs with it bypassed.
    const page = await open(layout, { bypassCSP: true });
    for (const [cell, value] of [['t3.denied_secret.business', 'x'], ['t3.granted.natural', '7']]) {
      const name = await nameOf(page, cell);
      await page.fill(sel(name), value);
      await page.press(sel(name), 'Tab');
    }
    await page.click(LAYOUTS[layout].submit);
    await page.waitForSelector('.nianbao-summary');
    assert.equal(await count(page, '.nianbao-msg'), 3);
    await page.addScriptTag({ path: AXE });
    const result = await page.evaluate(async () => {
      const r = await window.axe.run(document);
      // Ours: our elements, and the fields we describe or mark.
      const ours = (sel) => {
        const el = document.querySelector(sel);
        return !!el && (!!el.closest('[class^="nianbao-"], [class*=" nianbao-"]') || el.hasAttribute('aria-describedby') || el.hasAttribute('aria-invalid'));
      };
      return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length, ours: v.nodes.map((n) => n.target[0]).filter(ours) }));
    });
    const file = `axe-${layout.replace(' ', '-').toLowerCase()}.json`;
    writeFileSync(join(out, file), JSON.stringify(result, null, 2));
    console.log(`# axe on ${layout} with errors: ${JSON.stringify(result.map(({ id, nodes, ours }) => ({ id, nodes, ours: ours.length })))}`);
    // A rule that flags the page's own content as well is the page's (form A has no landmarks:
    // 'region' lists every element on it, ours among them); one that flags only ours is ours.
    const caused = result.filter((v) => v.ours.length && v.ours.length === v.nodes);
    assert.deepEqual(caused, [], 'violations only nianbao elements or the fields it marks have');
    if (layout === 'layout B') assert.deepEqual(result, [], 'a page with landmarks and labels: no violation at all');
    await page.close();
  });
}
