// What an outgoing request carries, as the drop-in reads it before the request may go
// (www/send.mjs): keys and values of form data, URL-encoded text, multipart FormData, JSON at any
// depth (and JSON or form text inside a value), the URL's query; a Blob only asynchronously.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readBody, readBodyLater, watchSends } from '../../www/send.mjs';

const keys = (p) => [...p.keys].sort();

test('form data, URL-encoded text, FormData and the query string', () => {
  const url = readBody('ysq_1_1=12&ysq_1_2=%EF%BC%93&unit=%E6%9F%90%E9%95%87', '/save.do?action=submit#x');
  assert.deepEqual(keys(url), ['action', 'unit', 'ysq_1_1', 'ysq_1_2']);
  assert.deepEqual(url.values, ['submit', '12', '３', '某镇']);
  const fd = new FormData();
  fd.append('ysq_1_1', ' 12 ');
  fd.append('file', new Blob(['x']), 'a.pdf');
  assert.deepEqual(readBody(fd, null), { keys: new Set(['ysq_1_1', 'file']), values: ['12'] });
  assert.deepEqual(readBody(new URLSearchParams('a=1&b=2'), null).values, ['1', '2']);
});

test('JSON at any depth, numbers as their shortest text, JSON and form text inside a value', () => {
  const p = readBody(JSON.stringify({ year: 2023, t3: [{ c1: 12, c2: '3' }], json: JSON.stringify({ fyss_1: 4 }), form: 'ysq_9_1=5&ysq_9_2=6' }), null);
  assert.deepEqual(keys(p), ['c1', 'c2', 'form', 'fyss_1', 'json', 't3', 'year', 'ysq_9_1', 'ysq_9_2']);
  assert.deepEqual(p.values, ['2023', '12', '3', '4', '5', '6']);
  assert.deepEqual(readBody('[1.50, -2, 0]', null).values, ['1.5', '-2', '0']);
  assert.deepEqual(readBody('not json {', null).values, [], 'plain text without numbers');
  assert.deepEqual(readBody('共 12 件，另 3 件', null).values, ['12', '3'], 'numbers in plain text');
  assert.deepEqual(readBody(new TextEncoder().encode('{"a":1}'), null).values, ['1'], 'bytes are read as UTF-8 text');
});

test('a Blob is read later; a body that cannot be read is no report', async () => {
  const blob = new Blob(['{"ysq_1_1":"12"}'], { type: 'application/json' });
  assert.equal(readBody(blob, null), null);
  assert.deepEqual(await readBodyLater(blob, '/x?y=1'), { keys: new Set(['y', 'ysq_1_1']), values: ['1', '12'] });
});

test('watchSends: fetch goes through judge; a refused request rejects with a TypeError, others go unchanged', async () => {
  const calls = [];
  const view = {
    location: { href: 'http://portal.example/nb/index.jsp' },
    URL,
    TypeError,
    console,
    fetch: (url, init) => {
      calls.push([url, init && init.body]);
      return Promise.resolve('sent');
    },
  };
  const seen = [];
  const original = view.fetch;
  const judge = (req) => {
    seen.push([req.url, req.method, req.how, [...req.payload.keys]]);
    return !req.payload.keys.has('bad');
  };
  assert.equal(watchSends(view, judge), original);
  assert.equal(watchSends(view, judge), original, 'once per window');
  assert.equal(await view.fetch('save.do', { method: 'post', body: 'ok=1' }), 'sent');
  await assert.rejects(view.fetch('/save.do', { method: 'POST', body: 'bad=1' }), (e) => e instanceof TypeError && /^nianbao:/.test(e.message));
  assert.equal(await view.fetch('/blob', { method: 'POST', body: new Blob(['bad=2']) }).catch((e) => e.name), 'TypeError', 'a Blob body is read before it is judged');
  assert.deepEqual(calls, [['save.do', 'ok=1']], 'the refused requests never reached the network');
  assert.deepEqual(seen[0], ['http://portal.example/nb/save.do', 'POST', 'fetch', ['ok']]);
  // A judge that throws never stops the page: the request goes, with a warning.
  const quiet = { ...view, fetch: original, __nianbaoSends: undefined, console: { warn: (m) => seen.push(m) } };
  watchSends(quiet, () => {
    throw new Error('boom');
  });
  assert.equal(await quiet.fetch('/x', { method: 'POST', body: 'a=1' }), 'sent');
  assert.match(seen.at(-1), /could not check a request \(boom\)/);
});
