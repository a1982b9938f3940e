// `npx nianbao serve`, started as a deployer starts it (the CLI, its own process), posted to as
// older portals post: form A urlencoded in GBK (declared in the Content-Type, or only by the
// form page), multipart/form-data, and JSON clients that get JSON for every status.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../../www/cli.mjs', import.meta.url));
const formA = readFileSync(new URL('../fixtures/forms/portal-form-a.html', import.meta.url), 'utf8');
const mapping = JSON.parse(readFileSync(new URL('../fixtures/forms/form-a.mapping.json', import.meta.url), 'utf8'));
const seed = JSON.parse(readFileSync(new URL('../fixtures/yingchun-2023.json', import.meta.url), 'utf8'));
const tmp = mkdtempSync(join(tmpdir(), 'nianbao-serve-'));
const AGENCY = '虎林市迎春镇人民政府';

/** Starts `nianbao serve ARGS` on a free port: { base, data, stop }. */
async function serve(args) {
  const data = mkdtempSync(join(tmp, 'data-'));
  const child = spawn(process.execPath, [cli, 'serve', ...args, '--port=0', `--data=${data}`], { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  const base = await new Promise((resolve, reject) => {
    child.stderr.on('data', (chunk) => {
      err += chunk;
      const m = /http:\/\/[\d.]+:\d+/.exec(err);
      if (m) resolve(m[0]);
    });
    child.on('exit', (code) => reject(new Error(`serve exited ${code}: ${err}`)));
  });
  return { base, data, err: () => err, stop: () => child.kill() };
}

// GBK bytes of the characters the tests send, found by decoding every double-byte code (no
// encoder in the platform, and no library needed for a test).
const GBK = new Map();
const gbk = new TextDecoder('gbk');
for (let a = 0x81; a <= 0xfe; a++) for (let b = 0x40; b <= 0xfe; b++) {
  const c = gbk.decode(Uint8Array.of(a, b));
  if (c.length === 1 && !GBK.has(c)) GBK.set(c, [a, b]);
}
/** Percent-encodes `s` in GBK, as a browser does for a form whose page is GBK. */
const gbkEscape = (s) =>
  [...s].map((c) => (GBK.has(c) ? GBK.get(c).map((x) => '%' + x.toString(16).toUpperCase()).join('') : encodeURIComponent(c))).join('');

/** Form A's fields for the seed report, urlencoded in GBK. */
function gbkBody(change = {}) {
  const fields = { orgName: AGENCY, linkman: '张三' };
  for (const [name, cell] of Object.entries(mapping)) fields[name] = seed.cells[cell];
  Object.assign(fields, change);
  return Object.entries(fields).map(([k, v]) => `${k}=${gbkEscape(v)}`).join('&');
}

const storedRecords = (data) => readdirSync(data).filter((f) => f.endsWith('.json')).map((f) => JSON.parse(readFileSync(join(data, f), 'utf8')));

let utf8Page;
let gbkPage;
before(async () => {
  const page = join(tmp, 'form-a.html');
  writeFileSync(page, formA);
  // An older portal's page: GBK, declared the old way (http-equiv), no charset on the POST.
  const gbkHtml = join(tmp, 'form-a-gbk.html');
  writeFileSync(gbkHtml, formA.replace(/<meta charset="utf-8">/i, '<meta http-equiv="Content-Type" content="text/html; charset=GBK">'));
  assert.notEqual(readFileSync(gbkHtml, 'utf8'), formA, 'the fixture declares its charset');
  utf8Page = await serve([`--page=${page}`]);
  gbkPage = await serve(['--page', gbkHtml]);
});
after(() => {
  utf8Page?.stop();
  gbkPage?.stop();
});

test('a GBK-encoded post of form A: charset from the Content-Type, or from the form page', async () => {
  const post = (s, body, type) => fetch(`${s.base}/recheck`, { method: 'POST', redirect: 'manual', body, headers: { 'content-type': type } });
  const declared = await post(utf8Page, gbkBody(), 'application/x-www-form-urlencoded; charset=GBK');
  assert.equal(declared.status, 303, await declared.text());
  const byPage = await post(gbkPage, gbkBody(), 'application/x-www-form-urlencoded');
  assert.equal(byPage.status, 303, await byPage.text());
  for (const s of [utf8Page, gbkPage]) {
    const [record] = storedRecords(s.data);
    assert.equal(record.fields.orgName, AGENCY, 'the agency name decoded from GBK');
    assert.equal(record.fields.linkman, '张三');
    assert.equal(Object.keys(record.report.cells).length, 200, "166 inputs and 34 totals");
  }
  // GBK also rechecks: an unbalanced column is 422, with the cell.
  const bad = await post(gbkPage, gbkBody({ ysq_1_1: '3', ysq_1_7: '3' }), 'application/x-www-form-urlencoded');
  assert.equal(bad.status, 422);
  assert.match(await bad.text(), /「自然人」这一列前后对不上/);
  // GB18030 declared: a superset of GBK, the same bytes.
  assert.equal((await post(utf8Page, gbkBody(), 'application/x-www-form-urlencoded; charset=gb18030')).status, 303);
  // GBK bytes where UTF-8 is expected (no charset anywhere): a 400 that says what to do.
  const unknown = await post(utf8Page, gbkBody(), 'application/x-www-form-urlencoded');
  assert.equal(unknown.status, 400);
  assert.match(await unknown.text(), /not UTF-8 \(declare the charset in the Content-Type, or with accept-charset or <meta charset> on the form page\)/);
  const nonsense = await post(utf8Page, gbkBody(), 'application/x-www-form-urlencoded; charset=klingon');
  assert.equal(nonsense.status, 400);
  assert.match(await nonsense.text(), /unknown charset "klingon"/);
});

test('a multipart/form-data post of form A (fields kept, a file part read past)', async () => {
  const form = new FormData();
  form.set('orgName', AGENCY);
  for (const [name, cell] of Object.entries(mapping)) form.set(name, seed.cells[cell]);
  form.set('attachment', new Blob(['%PDF-1.4 …'], { type: 'application/pdf' }), 'report.pdf');
  const res = await fetch(`${utf8Page.base}/recheck`, { method: 'POST', redirect: 'manual', body: form, headers: { accept: 'application/json' } });
  assert.equal(res.status, 303);
  const { id, location, result } = await res.json();
  assert.equal(location, `/accepted/${id}`);
  assert.equal(result.ok, true);
  const record = await (await fetch(utf8Page.base + location, { headers: { accept: 'application/json' } })).json();
  assert.equal(record.fields.orgName, AGENCY);
  assert.equal(record.fields.attachment, undefined, 'files are not kept');
  form.set('ysq_1_1', 'x');
  const bad = await fetch(`${utf8Page.base}/recheck`, { method: 'POST', body: form, headers: { accept: 'application/json' } });
  assert.equal(bad.status, 422);
  assert.deepEqual((await bad.json()).diagnostics.map((d) => d.rule), ['value.not_a_number']);
});

test('a JSON client gets JSON for every status; no file is served', async () => {
  const json = { accept: 'application/json' };
  const cases = [
    [fetch(`${utf8Page.base}/recheck`, { method: 'POST', body: 'x', headers: { ...json, 'content-type': 'text/plain' } }), 415],
    [fetch(`${utf8Page.base}/recheck`, { method: 'POST', body: '{"cells": [', headers: { 'content-type': 'application/json' } }), 400],
    [fetch(`${utf8Page.base}/recheck`, { method: 'POST', body: 'a=' + 'x'.repeat(70000), headers: { ...json, 'content-type': 'application/x-www-form-urlencoded' } }), 413],
    [fetch(`${utf8Page.base}/accepted/nothing`, { headers: json }), 404],
    [fetch(`${utf8Page.base}/recheck`, { method: 'DELETE', headers: json }), 405],
    [fetch(`${utf8Page.base}/www/service.mjs`, { headers: json }), 404],
    [fetch(`${utf8Page.base}/package.json`, { headers: json }), 404],
  ];
  for (const [pending, status] of cases) {
    const res = await pending;
    assert.equal(res.status, status);
    assert.match(res.headers.get('content-type'), /^application\/json/);
    const body = await res.json();
    assert.equal(body.status, status);
    assert.equal(typeof body.error, 'string');
  }
  const ok = await fetch(`${utf8Page.base}/recheck`, { method: 'POST', redirect: 'manual', body: JSON.stringify(seed), headers: { 'content-type': 'application/json' } });
  assert.equal(ok.status, 303);
  assert.equal((await ok.json()).result.ok, true);
  // A browser (no JSON) gets text.
  const text = await fetch(`${utf8Page.base}/nothing`);
  assert.equal(text.status, 404);
  assert.match(text.headers.get('content-type'), /^text\/plain/);
});

test('serve refuses a missing or doubled mapping source, and a bad port', async () => {
  const { spawnSync } = await import('node:child_process');
  for (const args of [[], ['--page', 'a.html', '--mapping', 'm.json'], ['--mapping', join(tmp, 'missing.json')], ['--mapping=x', '--port=http']]) {
    const r = spawnSync(process.execPath, [cli, 'serve', ...args], { encoding: 'utf8' });
    assert.equal(r.status, 2, args.join(' '));
    assert.match(r.stderr, /^nianbao serve: /);
  }
  const m = join(tmp, 'mapping.json');
  writeFileSync(m, JSON.stringify({ mapping }));
  const s = await serve(['--mapping', m]);
  assert.match(s.err(), /200 fields mapped/);
  s.stop();
});
