// The drop-in on report pages built the way portals build them, with the real frameworks
// (devDependencies, served from node_modules on this origin: never a CDN): Vue 3 + Element Plus,
// Vue 2 + Element UI (fixed columns), React 18 (controlled inputs), jQuery (tables inserted after
// load, $.post), a JSP page in an admin iframe posting with form.submit(), and a multi-step page
// with a <label for>/<fieldset> table 四. Each page gets one <script> tag and no configuration.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { start, openPage, field, typeInto, story, fieldsOf, messageOf, TYPES } from './harness.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const out = join(root, 'test-output');
mkdirSync(out, { recursive: true });
let base;
let browser;

let stop;
before(async () => {
  ({ base, browser, stop } = await start(join(out, 'frameworks-data')));
});
after(() => stop?.());

/**
 * The JSP page inside the admin frame: form A's server-rendered markup as the portal serves it,
 * posting into a hidden frame, with links that call form.submit() (the usual doSubmit()/doSave()).
 */
function jspForm() {
  const a = readFileSync(join(root, 'tests/fixtures/forms/portal-form-a.html'), 'utf8');
  const buttons = '<div class="btn_bar"><input type="submit" value="保 存" class="btn"> <input type="reset" value="重 置" class="btn"></div>';
  assert.ok(a.includes(buttons));
  return a
    .replace('action="/gkpt/nb/save.do" method="post"', 'action="/api/jsp/save.do" method="post" target="saveFrame"')
    .replace(
      buttons,
      `<iframe name="saveFrame" style="display:none"></iframe>
<div class="btn_bar"><input type="hidden" name="action" value="">
<a href="javascript:void(0)" class="btn" onclick="doSubmit()">提交</a> <a href="javascript:void(0)" class="btn" onclick="doSave()">暂存</a></div>
<script>
function doSubmit() { document.nbForm.action.value = 'submit'; document.nbForm.submit(); }
function doSave() { document.nbForm.action.value = 'save'; document.nbForm.submit(); }
</script>`,
    )
    .replace(
      '</body>',
      `<script src="/pkg/nianbao.js" defer></script>
<script>
// A saved draft of zeros, as the page loads it from the database.
for (const el of document.querySelectorAll('input[name^="zdgk_"],input[name^="ysq_"],input[name^="fyss_"]')) el.value = '0';
</script>
</body>`,
    );
}

const open = (name) => openPage(browser, base, name, (page) => page.route(base + '/pages/jsp-form.html', (route) => route.fulfill({ status: 200, contentType: TYPES['.html'], body: jspForm() })));

const at = (path) => (p) => p.path === path;

test('Vue 3 + Element Plus: a <div> of el-tables, v-model, fetch on 提交, 暂存 as draft', async () => {
  const page = await open('vue3-element-plus.html');
  await story(page, { submit: 'button:has-text("提交")', draft: 'button:has-text("暂存")', isSubmit: at('/api/vue3/submit'), isDraft: at('/api/vue3/draft'), shot: 'vue3-element-plus.png' });
  await page.close();
});

test('Vue 2 + Element UI: el-form, a fixed column (hidden copies of every input), XHR on 上报, 保存 as draft', async () => {
  const page = await open('vue2-element-ui.html');
  const s = await story(page, { submit: 'button:has-text("上报")', draft: 'button:has-text("保存")', isSubmit: at('/api/vue2/report'), isDraft: at('/api/vue2/save'), shot: 'vue2-element-ui.png' });
  assert.equal(s.copies, 175, 'the fixed table copies every t3 input once, all hidden');
  // A message under a t3 input: the space it takes is reserved in the fixed table's copy of the
  // row too, so the fixed label column stays level with the rows it labels.
  const rows = () =>
    page.evaluate(() => {
      const table = document.querySelector('input[name="ysq_5_2"]').closest('.el-table');
      // Relative to the table: a summary above it (the page was submitted before) moves it all.
      const origin = table.getBoundingClientRect().top;
      const tops = (sel) => [...table.querySelectorAll(sel)].map((tr) => Math.round(tr.getBoundingClientRect().top - origin));
      const fixed = table.querySelector('.el-table__fixed');
      return { main: tops('.el-table__body-wrapper tbody tr'), fixed: tops('.el-table__fixed-body-wrapper tbody tr'), fixedBottom: fixed.getBoundingClientRect().bottom, bodyBottom: table.querySelector('.el-table__body-wrapper').getBoundingClientRect().bottom };
    });
  const before = await rows();
  await typeInto(page.mainFrame(), 'ysq_5_2', 'x');
  await field(page.mainFrame(), 'ysq_5_2').press('Tab');
  assert.match(await messageOf(page, 'ysq_5_2'), /不是数字/);
  await page.waitForTimeout(300); // el-table lays its fixed part out again on resize
  const after = await rows();
  const offset = before.fixed[0] - before.main[0]; // the fixed part's own border
  assert.deepEqual(after.fixed.map((top, i) => Math.abs(top - after.main[i] - offset) <= 1), after.main.map(() => true), `fixed label rows level with the input rows: ${JSON.stringify(after)}`);
  assert.ok(after.main[5] - before.main[5] > 10 && after.main[4] === before.main[4], `the row after the message moved down, its own row did not: ${JSON.stringify([before.main, after.main])}`);
  assert.ok(after.fixedBottom >= after.bodyBottom - 1, `the fixed column is not cut off: ${after.fixedBottom} < ${after.bodyBottom}`);
  await page.screenshot({ path: join(out, 'vue2-element-ui-error.png'), fullPage: true });
  await page.close();
});

test('React 18: controlled inputs; totals reach React state and what it posts', async () => {
  const page = await open('react18.html');
  await story(page, { submit: 'button:has-text("提交")', draft: 'button:has-text("暂存草稿")', isSubmit: at('/api/react/submit'), isDraft: at('/api/react/draft'), shot: 'react18.png' });
  await page.close();
});

test('jQuery: tables inserted after load, $.post of the serialized form on 上 报, 暂 存 as draft', async () => {
  const page = await open('jquery-late.html');
  assert.equal(await page.evaluate(() => document.querySelectorAll('table').length), 0, 'no table at load');
  const s = await story(page, { submit: '#btnReport', draft: '#btnSave', isSubmit: at('/api/jq/submit'), isDraft: at('/api/jq/save'), shot: 'jquery-late.png' });
  assert.equal(s.unmapped, 1, 'the unit name field is reported, not guessed');
  assert.ok((await page.evaluate(() => window.jqChanges)) >= 34, 'the page\'s own change handlers saw the totals');
  await page.close();
});

test('JSP page in an admin iframe: links that call form.submit(), 暂存 as draft', async () => {
  const page = await open('jsp-admin.html');
  const frame = await (await page.waitForSelector('iframe[name=mainFrame]')).contentFrame();
  const action = (a) => (p) => p.path === '/api/jsp/save.do' && fieldsOf(p).action === a;
  await story(page, { frame, submit: 'a:has-text("提交")', draft: 'a:has-text("暂存")', isSubmit: action('submit'), isDraft: action('save'), shot: 'jsp-iframe.png' });
  // form.submit() from script, errors present: blocked; requestSubmit(): blocked by the submit event.
  await typeInto(frame, 'ysq_2_1', 'x');
  const before = page.posts.length;
  await frame.evaluate(() => document.nbForm.submit());
  await frame.evaluate(() => document.nbForm.requestSubmit());
  await page.waitForTimeout(300);
  assert.equal(page.posts.length, before, 'neither call posted a report with errors');
  await page.close();
});

test('multi-step page: hidden steps mapped, <label for>/<fieldset> table 四, an error link shows its step', async () => {
  const page = await open('multistep.html');
  await story(page, {
    submit: 'button:has-text("提交")',
    draft: 'button:has-text("暂存")',
    isSubmit: at('/api/steps/submit'),
    isDraft: at('/api/steps/draft'),
    shot: 'multistep.png',
    before: (frame) => frame.click('#tab2'),
  });
  // Table 四 is typed on step 3; an error left on step 1 is reached from the summary.
  await page.click('#tab3');
  await typeInto(page.mainFrame(), 'fyss_6', '2');
  assert.equal(await page.inputValue('[name=fyss_10]'), '2', '未经复议直接起诉 · 总计');
  await page.click('#tab2');
  // A value put into the hidden step 1 by the page's own script (say, a draft loaded with a typo).
  await page.$eval('[name=zdgk_1_1_1]', (el) => {
    el.value = 'x';
    el.dispatchEvent(new Event('input', { bubbles: true }));
  });
  const revealed = [];
  await page.evaluate(() => document.addEventListener('nianbao:reveal', (e) => (window.revealed = e.detail.cell)));
  await page.click('button:has-text("提交")');
  await page.click('.nianbao-summary a');
  assert.equal(await page.evaluate(() => window.revealed), 't2.rules.issued');
  assert.equal(await page.isVisible('#step1'), true, 'the step with the error is shown');
  assert.equal(await page.evaluate(() => document.activeElement.name), 'zdgk_1_1_1');
  assert.equal(revealed.length, 0);
  await page.close();
});
