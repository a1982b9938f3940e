// What every e2e suite starts: the real server on an ephemeral loopback port (serving www/, the
// recheck endpoint) and Debian's headless Chromium with the flags this machine needs as root.
import { readFileSync, existsSync, mkdirSync } from 'node:fs';
import { join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { mapHtml } from '../../www/node.mjs';
import { createServer } from '../../www/server.mjs';

export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run'];

/** Starts both: `{ base, browser, server, stop }`. */
export async function start(dataDir) {
  const server = createServer({ dataDir });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${server.address().port}`;
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const stop = async () => {
    await browser.close();
    await new Promise((r) => server.close(r));
  };
  return { base, browser, server, stop };
}

/** What screen readers get as the description of field `name` (aria-describedby, without the
 * aria-hidden parts), in a page or frame. */
export const messageOf = (frame, name) =>
  frame.$eval(`[name="${name}"]`, (el) => {
    const ids = (el.getAttribute('aria-describedby') || '').split(/\s+/).filter(Boolean);
    const text = (n) => (n.nodeType === 3 ? n.data : n.getAttribute('aria-hidden') === 'true' ? '' : [...n.childNodes].map(text).join(''));
    return ids.map((id) => (document.getElementById(id) ? text(document.getElementById(id)) : '')).join('|');
  });

const root = fileURLToPath(new URL('../../', import.meta.url));
const out = join(root, 'test-output');
mkdirSync(out, { recursive: true });
const expected = JSON.parse(readFileSync(join(root, 'tests/fixtures/forms/form-a.mapping.json'), 'utf8'));
const cellOfName = new Map(Object.entries(expected));
export const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.mjs': 'text/javascript' };

/** Serves `dir`/rest for requests under `prefix`, 404 outside it. */
export function serveFrom(prefix, dir) {
  return (route) => {
    const rest = decodeURIComponent(new URL(route.request().url()).pathname.slice(prefix.length));
    const file = normalize(join(dir, rest));
    if (!file.startsWith(normalize(dir + sep)) || !existsSync(file)) return route.fulfill({ status: 404, body: 'not found' });
    const ext = file.slice(file.lastIndexOf('.'));
    return route.fulfill({ status: 200, contentType: TYPES[ext] || 'application/octet-stream', body: readFileSync(file) });
  };
}

/** Opens a test page; what it posts to /api/… is recorded in page.posts (nothing reaches a server). */
export async function openPage(browser, base, name, routes) {
  const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
  page.messages = [];
  page.posts = [];
  page.on('console', (m) => page.messages.push({ type: m.type(), text: m.text() }));
  page.on('pageerror', (e) => page.messages.push({ type: 'pageerror', text: String(e) }));
  await page.route(base + '/vendor/**', serveFrom('/vendor/', join(root, 'node_modules')));
  await page.route(base + '/pages/**', serveFrom('/pages/', join(root, 'tests/e2e/pages')));
  await page.route(base + '/pages/jsp-form.html', (route) => route.fulfill({ status: 200, contentType: TYPES['.html'], body: jspForm() }));
  await page.route(base + '/api/**', async (route) => {
    const req = route.request();
    page.posts.push({ path: new URL(req.url()).pathname, type: req.headers()['content-type'] || '', body: req.postData() || '' });
    await route.fulfill({ status: 200, contentType: 'application/json', body: '{"ok":true}' });
  });
  if (routes) await routes(page);
  await page.goto(`${base}/pages/${name}`);
  return page;
}

/** The shown input of a field (a hidden fixed-column copy may carry the same name). */
export function field(frame, name) {
  return frame.locator(`[name="${name}"]:visible`).first();
}

/** Every report field of the page holds the cell its name says (the portal's own naming). */
export async function assertMapped(frame) {
  const got = await frame.evaluate((names) => {
    const c = window.nianbao.controllers[0];
    const out = {};
    for (const name of names) {
      const shown = [...document.querySelectorAll(`[name="${name}"]`)].filter((el) => getComputedStyle(el).visibility === 'visible');
      out[name] = shown.length === 1 ? c.cellOf(shown[0]) : `${shown.length} shown inputs`;
    }
    return out;
  }, [...cellOfName.keys()]);
  assert.deepEqual(got, expected);
  return Object.keys(got).length;
}

/** Selects the field's text and types `text` with real key events. */
export async function typeInto(frame, name, text) {
  const el = field(frame, name);
  await el.click();
  await el.press('Control+A');
  await el.pressSequentially(text);
}


/** What a post carried: the JSON object or the urlencoded fields. */
export function fieldsOf(post) {
  if (post.type.includes('json')) return JSON.parse(post.body);
  return Object.fromEntries(new URLSearchParams(post.body));
}

/**
 * The story every page must pass: typed totals live in the DOM and in what the page posts; an
 * unbalanced column shows its error after blur; a submit with errors posts nothing; a draft
 * save with errors goes through; the corrected report is posted; typed values stay as typed;
 * the mapping CLI agrees with the browser. `isSubmit`/`isDraft` tell the page's posts apart.
 */
export async function story(page, { frame = page.mainFrame(), submit, draft, isSubmit, isDraft, shot, before }) {
  await frame.waitForFunction(() => window.nianbao && window.nianbao.controllers.length === 1, null, { timeout: 15000 });
  const mapped = await assertMapped(frame);
  if (before) await before(frame);

  await typeInto(frame, 'ysq_1_1', '12');
  await typeInto(frame, 'ysq_1_2', '3');
  assert.equal(await field(frame, 'ysq_1_7').inputValue(), '15', 'the row total, live');
  assert.equal(await field(frame, 'ysq_24_7').inputValue(), '0');
  await typeInto(frame, 'ysq_25_1', '5');
  await field(frame, 'ysq_25_1').press('Tab');
  assert.match(await messageOf(frame, 'ysq_25_1'), /自然人.*对不上/, 'the balance error after blur');
  // Focus is in ysq_25_2: the click on the button blurs it, and what that blur shows waits
  // until the click is through (the button does not move from under the pointer).
  await frame.locator(submit).first().click();
  await page.waitForTimeout(300);
  assert.deepEqual(page.posts.filter((p) => isSubmit(p)), [], 'a report with errors is not posted');
  assert.ok(await frame.locator('.nianbao-summary').isVisible(), 'the summary is shown');

  await frame.locator(draft).first().click();
  await page.waitForTimeout(300);
  const drafts = page.posts.filter((p) => isDraft(p));
  assert.equal(drafts.length, 1, 'a draft with errors is saved');
  assert.equal(fieldsOf(drafts[0]).ysq_1_7, '15', 'the total reached what the page posts');

  await typeInto(frame, 'ysq_25_1', '12');
  await typeInto(frame, 'ysq_25_2', '3');
  await field(frame, 'ysq_25_2').press('Tab');
  assert.equal(await messageOf(frame, 'ysq_25_1'), '', 'fixed');
  assert.equal(await field(frame, 'ysq_1_1').inputValue(), '12');
  if (shot) await page.screenshot({ path: join(out, shot), fullPage: true });

  // The server maps the page as the browser does.
  const html = await frame.content();
  const browserMapping = await frame.evaluate(() => window.nianbao.controllers[0].mapping());
  const serverMapping = mapHtml(html);
  delete serverMapping.found;
  assert.deepEqual(serverMapping, browserMapping);

  await frame.locator(submit).first().click();
  await page.waitForTimeout(300);
  const sent = page.posts.filter((p) => isSubmit(p));
  assert.equal(sent.length, 1, 'the corrected report is posted');
  const posted = fieldsOf(sent[0]);
  assert.deepEqual(
    [posted.ysq_1_1, posted.ysq_1_2, posted.ysq_1_7, posted.ysq_25_7, posted.ysq_24_7],
    ['12', '3', '15', '15', '0'],
    'typed values as typed, totals as computed',
  );
  assert.ok(!page.messages.some((m) => m.type === 'pageerror'), JSON.stringify(page.messages.filter((m) => m.type === 'pageerror')));
  const summary = { mapped, inputs: Object.keys(browserMapping.mapping).length, unmapped: browserMapping.unmapped.length, copies: Object.keys(browserMapping.copies).length, posted: Object.keys(posted).length };
  console.log(`# ${shot}: ${JSON.stringify(summary)}`);
  return summary;
}

