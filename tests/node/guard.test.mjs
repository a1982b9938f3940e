// The guard on what leaves a report page (www/guard.mjs), against a DOM (linkedom) and reports
// stood in for by plain objects: which control sends and which saves a draft, draft URL patterns,
// which requests a report with errors stops, and the click stopped before the page's handler.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseHTML } from 'linkedom';
import { makeGuard, urlTest } from '../../www/guard.mjs';

const page = (html) => parseHTML(`<!DOCTYPE html><html><body>${html}</body></html>`);
/** A report attached at `root`: `ok` says whether it may be sent; what `allow` was asked is kept. */
const report = (root, { ok = false, carries = () => false, draftUrl = () => false } = {}) => ({ root, asked: [], allow(draft) { this.asked.push(draft); return ok || draft; }, carries, draftUrl });

test('draft URL patterns: the path\'s end, a path glob, path and query, the whole URL, a RegExp', () => {
  const t = urlTest(['draft.do, /api/*/draft', '/nb/save.do?*action=save*', 'https://x.gov.cn/tmp/*', /autosave=1/]);
  assert.ok(t('http://p/nb/draft.do?t=1'));
  assert.ok(t('http://p/api/v2/draft'));
  assert.ok(!t('http://p/api/v2/draft/submit'));
  assert.ok(t('http://p/nb/save.do?id=3&action=save'));
  assert.ok(!t('http://p/nb/save.do?id=3&action=submit'));
  assert.ok(t('https://x.gov.cn/tmp/a'));
  assert.ok(t('http://p/report?autosave=1'));
  assert.ok(!t('http://p/report/submit'));
  assert.ok(!urlTest([])('http://p/draft.do'), 'no pattern, no draft');
  assert.ok(!t('not a url'));
});

test('which control sends the report, and which saves a draft', () => {
  const { document } = page(`<form id=f><button id=b1>立即提交</button><button id=b2 type=button>点击</button><button id=b3 type=button>保存</button><button id=b4 type=button formnovalidate>提交</button><a id=l lay-submit>确定</a></form>
    <div id=d><button id=s type=button>保存</button></div><div id=e><button id=s2 type=button>保存</button><button type=button>上 报</button></div>`);
  const { isDraft, sendsReport } = makeGuard([], {});
  const $ = (id) => document.getElementById(id);
  assert.equal(sendsReport($('b1'), false), true);
  assert.equal(sendsReport($('b2'), false), false, '点击 says nothing: the network guard is its line');
  assert.equal(sendsReport($('l'), false), true, 'Layui\'s lay-submit');
  assert.equal(isDraft($('b4'), document), true, 'formnovalidate');
  assert.equal(isDraft($('s'), $('d')), false, '保存 alone is the submit');
  assert.equal(isDraft($('s2'), $('e')), true, '保存 beside 上报 is a draft');
  assert.equal(isDraft($('b1'), document), false);
});

test('a request that carries a report with errors is stopped; a draft, or a request that carries none, goes', () => {
  const { document } = page('<div id=r><table></table></div>');
  const r = report(document.getElementById('r'), { carries: (p) => p.keys.has('ysq_1_1'), draftUrl: (u) => u.endsWith('/draft') });
  const { judge } = makeGuard([r], {});
  const payload = (...keys) => ({ keys: new Set(keys), values: [] });
  assert.equal(judge(document, { url: 'http://p/submit', payload: payload('ysq_1_1') }), false, 'stopped');
  assert.equal(judge(document, { url: 'http://p/heartbeat', payload: payload('t') }), true, 'not the report');
  assert.equal(judge(document, { url: 'http://p/draft', payload: payload('ysq_1_1') }), true, 'a draft');
  assert.deepEqual(r.asked, [false, true]);
  const ok = report(r.root, { ok: true, carries: () => true });
  assert.equal(makeGuard([ok], {}).judge(document, { url: 'http://p/submit', payload: payload('x') }), true, 'a report without errors goes');
});

// (linkedom runs a document's capturing listeners as it bubbles, after the page's own: that the
// page's handler never runs is checked in Chromium, tests/e2e/routes.test.mjs, Layui.)
test('a click on 提交 with errors is stopped (default prevented); 暂存 goes, and makes the next requests drafts', () => {
  const { document, window } = page('<div id=r><table></table><button id=go type=button>提交</button><button id=save type=button>暂存</button></div>');
  const r = report(document.getElementById('r'));
  const installed = [];
  const { guard, judge } = makeGuard([r], { watchSends: (view, j) => installed.push(j), readBody: () => ({ keys: new Set(), values: [] }) });
  guard(document);
  guard(document);
  assert.equal(installed.length, 2, 'the send watcher is asked each time (it installs itself once per window)');
  assert.equal(window.__nianbaoGuard, true);
  const click = (id) => document.getElementById(id).dispatchEvent(new window.Event('click', { bubbles: true, cancelable: true }));
  assert.equal(click('go'), false, 'default prevented');
  assert.equal(click('save'), true, 'the draft goes');
  const carried = { keys: new Set(['ysq_1_1']), values: [] };
  r.carries = () => true;
  assert.equal(judge(document, { url: 'http://p/any', payload: carried }), true, 'a request just after 暂存 is a draft');
  assert.deepEqual(r.asked, [false, true, true]);
});
