// The recheck endpoint over real loopback HTTP: 422 (JSON and HTML), 303 + stored file, 413,
// 400, 415, 503, and static files with the right MIME type.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, chmodSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from '../../www/server.mjs';

const mapping = JSON.parse(readFileSync(new URL('../fixtures/forms/form-a.mapping.json', import.meta.url), 'utf8'));
const seed = JSON.parse(readFileSync(new URL('../fixtures/yingchun-2023.json', import.meta.url), 'utf8'));
const dataDir = join(mkdtempSync(join(tmpdir(), 'nianbao-srv-')), 'data');
let server;
let base;

before(async () => {
  server = createServer({ dataDir, limit: 32 * 1024 });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${server.address().port}`;
});
after(() => new Promise((r) => server.close(r)));

function formBody(change = {}) {
  const p = new URLSearchParams({ reportId: '2024-0137', orgName: '虎林市迎春镇人民政府' });
  for (const [name, cell] of Object.entries(mapping)) p.set(name, seed.cells[cell]);
  for (const [k, v] of Object.entries(change)) p.set(k, v);
  return p.toString();
}
const stored = () => readdirSync(dataDir, { withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name);
const post = (body, headers = {}) =>
  fetch(`${base}/gkpt/nb/save.do`, { method: 'POST', redirect: 'manual', body, headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers } });

test('an unbalanced report is 422 with the diagnostics, as JSON or as a page, and is not stored', async () => {
  const before = (() => { try { return stored().length; } catch { return 0; } })();
  const body = formBody({ ysq_1_1: '3', ysq_1_7: '3' });
  const json = await post(body, { accept: 'application/json' });
  assert.equal(json.status, 422);
  const r = await json.json();
  assert.equal(r.ok, false);
  assert.deepEqual(r.diagnostics.map((d) => [d.rule, d.cells[0]]), [['t3.balance', 't3.carried_out.natural']]);
  const html = await post(body);
  assert.equal(html.status, 422);
  assert.match(html.headers.get('content-type'), /text\/html/);
  const text = await html.text();
  assert.match(text, /role="alert"/);
  assert.match(text, /「自然人」这一列前后对不上/);
  let after = 0;
  try { after = stored().length; } catch {}
  assert.equal(after, before);
});

test('a correct report is stored atomically and answered 303 to a confirmation page', async () => {
  const res = await post(formBody());
  assert.equal(res.status, 303);
  const location = res.headers.get('location');
  const id = location.split('/').pop();
  const files = stored();
  assert.ok(files.includes(`${id}.json`), files.join(','));
  assert.ok(!files.some((f) => f.endsWith('.tmp')));
  const record = JSON.parse(readFileSync(join(dataDir, `${id}.json`), 'utf8'));
  assert.equal(record.result.ok, true);
  assert.equal(record.report.cells['t3.new.natural'], '0');
  assert.equal(record.fields.orgName, '虎林市迎春镇人民政府');
  const page = await fetch(base + location);
  assert.equal(page.status, 200);
  assert.match(await page.text(), new RegExp(id));
  // The agency name is shown as text, whatever it holds.
  const evil = await post(formBody({ orgName: '<img src=x onerror=alert(1)>"&' }));
  assert.equal(evil.status, 303);
  const shown = await (await fetch(base + evil.headers.get('location'))).text();
  assert.match(shown, /填报单位：&lt;img src=x onerror=alert\(1\)&gt;&quot;&amp;/);
  assert.doesNotMatch(shown, /<img/);
});

test('a JSON report posted as application/json is rechecked the same way', async () => {
  const ok = await fetch(`${base}/recheck`, { method: 'POST', redirect: 'manual', body: JSON.stringify(seed), headers: { 'content-type': 'application/json' } });
  assert.equal(ok.status, 303);
  const bad = await fetch(`${base}/recheck`, { method: 'POST', body: '[1]', headers: { 'content-type': 'application/json' } });
  assert.equal(bad.status, 400);
  assert.match(await bad.text(), /must be a JSON object/);
  const deep = '{"cells":' + '['.repeat(10000) + ']'.repeat(10000) + '}';
  const d = await fetch(`${base}/recheck`, { method: 'POST', body: deep, headers: { 'content-type': 'application/json' } });
  assert.equal(d.status, 400);
});

test('an oversized body is 413', async () => {
  const big = formBody() + '&pad=' + 'x'.repeat(64 * 1024);
  const res = await post(big);
  assert.equal(res.status, 413);
});

test('a body that is not UTF-8 is 400', async () => {
  const raw = await post(Buffer.concat([Buffer.from(formBody() + '&orgName='), Buffer.from([0xc4, 0xea])]));
  assert.equal(raw.status, 400);
  const escaped = await post(formBody() + '&orgName=%C4%EA');
  assert.equal(escaped.status, 400);
  assert.match(await escaped.text(), /UTF-8/);
});

test('other content types are 415; unknown paths 404', async () => {
  const res = await fetch(`${base}/recheck`, { method: 'POST', body: 'x', headers: { 'content-type': 'text/plain' } });
  assert.equal(res.status, 415);
  assert.equal((await fetch(`${base}/nope.html`)).status, 404);
  assert.equal((await fetch(`${base}/..%2f..%2fetc/passwd`)).status, 403);
});

test('a data directory that cannot be written gives 503, never a 303', async (t) => {
  if (process.getuid?.() === 0) {
    // root ignores permissions: make the data path a file instead.
    const blocked = join(mkdtempSync(join(tmpdir(), 'nianbao-ro-')), 'data');
    writeFileSync(blocked, 'not a directory');
    const s = createServer({ dataDir: blocked });
    await new Promise((r) => s.listen(0, '127.0.0.1', r));
    t.after(() => new Promise((r) => s.close(r)));
    const res = await fetch(`http://127.0.0.1:${s.address().port}/gkpt/nb/save.do`, { method: 'POST', redirect: 'manual', body: formBody(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    assert.equal(res.status, 503);
    assert.match(await res.text(), /could not be stored/);
  } else {
    const ro = mkdtempSync(join(tmpdir(), 'nianbao-ro-'));
    chmodSync(ro, 0o500);
    const s = createServer({ dataDir: ro });
    await new Promise((r) => s.listen(0, '127.0.0.1', r));
    t.after(() => new Promise((r) => s.close(r)));
    const res = await fetch(`http://127.0.0.1:${s.address().port}/gkpt/nb/save.do`, { method: 'POST', redirect: 'manual', body: formBody(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    assert.equal(res.status, 503);
  }
});

test('static files: the wasm with its MIME type, pages with a CSP', async () => {
  const wasm = await fetch(`${base}/pkg/nianbao_bg.wasm`);
  assert.equal(wasm.status, 200);
  assert.equal(wasm.headers.get('content-type'), 'application/wasm');
  const page = await fetch(`${base}/`);
  assert.equal(page.status, 200);
  assert.match(page.headers.get('content-security-policy'), /'wasm-unsafe-eval'/);
  assert.equal((await fetch(`${base}/seed.json`)).status, 200);
});
