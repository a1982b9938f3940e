// The wasm build in Node through the package entries: parity with the native core (byte for
// byte), import and require, and the object, JSON and keystroke paths agreeing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as nianbao from 'nianbao';

const require = createRequire(import.meta.url);
const dir = new URL('../fixtures/parity/', import.meta.url);
const seed = JSON.parse(readFileSync(new URL('../fixtures/yingchun-2023.json', import.meta.url), 'utf8'));

function optionsOf(name) {
  const [mode, phase, ...locale] = name.split('.').at(-2).split('-');
  return { mode, phase, locale: locale.join('-') };
}
const cases = readdirSync(dir)
  .filter((f) => f.endsWith('.json') && !f.endsWith('.result.json'))
  .map((f) => ({ name: f, options: optionsOf(f), text: readFileSync(new URL(f, dir), 'utf8'), expected: readFileSync(new URL(f.replace(/\.json$/, '.result.json'), dir), 'utf8').trimEnd() }));

test('parity fixtures: the result JSON is byte-identical to the native one', () => {
  assert.ok(cases.length >= 8);
  for (const c of cases) assert.equal(nianbao.checkJsonText(c.text, c.options), c.expected, c.name);
});

test('the object API gives the same result as the JSON path', () => {
  for (const c of cases.filter((c) => !c.name.startsWith('odd-values'))) {
    assert.deepEqual(nianbao.check(JSON.parse(c.text), c.options), JSON.parse(c.expected), c.name);
  }
});

test('check() gives what the JSON path gives, whichever path a report takes', () => {
  const plain = structuredClone(seed);
  plain.cells['t3.new.natural'] = '12';
  plain.cells['t3.granted.business'] = 3; // a plain number
  const odd = [
    plain,
    { ...plain, previous: { cells: { 't2.rules.in_force': '4' } } },
    { ...plain, cells: { ...plain.cells, 't9.nope.x': '1' } },
    { ...plain, cells: { ...plain.cells, 't3.new.business': 1e21 } },
    { ...plain, cells: { ...plain.cells, 't3.new.business': true } },
  ];
  for (const options of [undefined, { mode: 'fill', phase: 'typing' }, { mode: 'verify', locale: 'en' }, { inline: true, changed: 5 }, { mode: 'fil' }]) {
    for (const r of odd) {
      let viaJson;
      try {
        viaJson = nianbao.checkJson(JSON.stringify(r), options);
      } catch (e) {
        assert.throws(() => nianbao.check(r, options), { message: e.message });
        continue;
      }
      assert.deepEqual(nianbao.check(r, options), viaJson, JSON.stringify(options));
    }
  }
});

test('the keystroke path gives the same result as the report path', () => {
  const cells = nianbao.form().cells;
  for (const c of cases.filter((c) => c.options.mode === 'fill')) {
    const report = JSON.parse(c.text);
    const values = cells.map((cell) => report.cells[cell.id] ?? '');
    assert.deepEqual(nianbao.checkValues(values, c.options), JSON.parse(c.expected), c.name);
  }
});

test('import and require share one instance and one API', () => {
  const cjs = require('nianbao');
  assert.equal(cjs.check, nianbao.check);
  assert.equal(typeof cjs.recheckForm, 'function');
  assert.equal(nianbao.default.form, nianbao.form);
});

test('the form definition names every cell, so JS hard-codes none', () => {
  const f = nianbao.form('ogi-2021');
  assert.equal(f.cells.length, 200);
  assert.equal(f.cells.filter((c) => c.derived).length, 34);
  const c = f.cells.find((c) => c.id === 't3.carried_out.natural');
  assert.equal(c.zh, '四、结转下年度继续办理 · 自然人');
  assert.throws(() => nianbao.form('ogi-1999'), /unknown form/);
});

test('previous year given separately', () => {
  const previous = JSON.stringify({ cells: { 't3.carried_out.natural': '5' } });
  const r = nianbao.checkJson(JSON.stringify(seed), {}, previous);
  assert.deepEqual(r.diagnostics.map((d) => [d.rule, d.cells[0], d.expected, d.actual]), [['prev.carried_in', 't3.carried_in.natural', '5', '0']]);
});

test('bad input is a clear Error, and the instance keeps working', () => {
  assert.throws(() => nianbao.check('nope'), /must be a JSON object/);
  assert.throws(() => nianbao.check(undefined), /must be a JSON object/);
  assert.throws(() => nianbao.check(seed, { mode: 'sideways' }), /mode must be/);
  assert.throws(() => nianbao.checkJson('{"cells": {'), /unexpected end|expected/);
  const deep = '{"cells":{"t3.new.natural":' + '['.repeat(10000) + ']'.repeat(10000) + '}}';
  assert.throws(() => nianbao.checkJson(deep), /nested deeper/);
  assert.equal(nianbao.check(seed).ok, true);
});

test('the sheet (one cell set per keystroke) agrees with checkValues after every edit, and a view read late still gives its own run', () => {
  const cells = nianbao.form().cells;
  const inputs = cells.map((c, i) => (c.derived ? -1 : i)).filter((i) => i >= 0);
  const values = cells.map((c) => seed.cells[c.id] ?? '');
  const sheet = nianbao.sheet();
  values.forEach((v, i) => sheet.set(i, v));
  let seedRandom = 7;
  const rnd = (n) => (seedRandom = (seedRandom * 1103515245 + 12345) % 2147483648) % n;
  const typed = ['3', '１２', '1,204', '', 'x', '-2', '7', '0', '12 '];
  let early = null;
  let earlyExpected = null;
  for (let k = 0; k < 200; k++) {
    const i = inputs[rnd(inputs.length)];
    values[i] = typed[rnd(typed.length)];
    sheet.set(i, values[i]);
    const options = { mode: k % 3 ? 'fill' : 'verify', phase: k % 4 ? 'typing' : 'submit', locale: k % 5 ? 'zh-CN' : 'en', inline: true, changed: i };
    const v = sheet.run(options);
    const expected = nianbao.checkValues(values, options);
    assert.deepEqual(v.result(), expected, `edit ${k}`);
    assert.equal(v.ok, expected.ok);
    assert.deepEqual(JSON.parse(JSON.stringify(v.diagnostics)), expected.diagnostics);
    assert.deepEqual(v.diagnostics.map((d) => [d.rule, d.severity, d.cells, d.at, d.fix]), expected.diagnostics.map((d) => [d.rule, d.severity, d.cells, d.at, d.suggestion?.cell ?? undefined]));
    const text = v.totalsText();
    cells.forEach((c, j) => assert.equal(text[j], expected.totals[c.id] ?? '', `${c.id} at edit ${k}`));
    cells.forEach((c, j) => assert.equal(Number.isNaN(v.totals[j]), expected.totals[c.id] === undefined));
    if (!early && v.diagnostics.length > 1) {
      early = v;
      earlyExpected = expected;
    }
  }
  // All cells at once (the server's recheck), then one more cell alone.
  const fresh = nianbao.sheet();
  fresh.setAll(values);
  const verify = { mode: 'verify', phase: 'submit' };
  const afterAll = fresh.run(verify);
  assert.deepEqual(afterAll.result(), nianbao.checkValues(values, verify));
  fresh.set(inputs[0], '41');
  const changedValues = values.slice();
  changedValues[inputs[0]] = '41';
  assert.deepEqual(fresh.run(verify).result(), nianbao.checkValues(changedValues, verify));
  assert.deepEqual(fresh.values(), changedValues);
  assert.deepEqual(afterAll.diagnostics.map((d) => d.message), nianbao.checkValues(values, verify).diagnostics.map((d) => d.message));
  // Read after 100+ later runs: made again from the values it was run on.
  assert.ok(early, 'some edit gave several diagnostics');
  assert.deepEqual(early.diagnostics.map((d) => d.message), earlyExpected.diagnostics.map((d) => d.message));
});

test('recheckForm maps submitted fields to cells', () => {
  const mapping = JSON.parse(readFileSync(new URL('../fixtures/forms/form-a.mapping.json', import.meta.url), 'utf8'));
  const fields = new URLSearchParams();
  for (const [name, cell] of Object.entries(mapping)) fields.set(name, seed.cells[cell]);
  assert.deepEqual(nianbao.recheckForm(fields, mapping), nianbao.check(seed));
  fields.set('ysq_1_1', '２');
  const r = nianbao.recheckForm(fields, { mapping }, { locale: 'en' });
  assert.equal(r.ok, false);
  assert.deepEqual(r.diagnostics.map((d) => d.cells[0]), ['t3.new.total', 't3.carried_out.natural']);
  // Fields missing from the body are blank, and blank is an error on recheck.
  fields.delete('fyss_1');
  assert.ok(nianbao.recheckForm(fields, mapping).diagnostics.some((d) => d.rule === 'value.missing' && d.cells[0] === 't4.review.upheld'));
});
