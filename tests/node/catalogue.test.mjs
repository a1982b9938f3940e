// The bad-input catalogue (tests/fixtures/catalogue.json) through the Node package: the object
// API (values as JS gives them, a lone surrogate included) and the JSON path; and a scan of the
// shipped files for HTML sinks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import * as nianbao from 'nianbao';

const catalogue = JSON.parse(readFileSync(new URL('../fixtures/catalogue.json', import.meta.url), 'utf8'));
const seed = JSON.parse(readFileSync(new URL('../fixtures/yingchun-2023.json', import.meta.url), 'utf8'));
const options = { mode: 'verify', phase: 'submit' };

function run(entry) {
  if (entry.report !== undefined) return () => nianbao.checkJson(entry.report, options);
  if (entry.deep !== undefined) {
    const text = `{"cells":{"t3.new.natural":${'['.repeat(entry.deep)}1${']'.repeat(entry.deep)}}}`;
    return () => nianbao.checkJson(text, options);
  }
  const report = structuredClone(seed);
  const cell = entry.cell ?? 't3.new.natural';
  let value = entry.value;
  if (entry.repeat) value = entry.repeat[0].repeat(entry.repeat[1]);
  if (entry.json) value = JSON.parse(entry.json); // "\ud800": a lone surrogate, as a JS string holds it
  report.cells[cell] = value;
  return () => nianbao.check(report, options);
}

test('every bad input gives exactly its diagnostic through the Node package', () => {
  assert.ok(catalogue.length >= 25);
  for (const entry of catalogue) {
    const call = run(entry);
    if (entry.error) {
      assert.throws(call, (e) => e instanceof Error && e.message.includes(entry.error), entry.name);
      continue;
    }
    const result = call();
    const cell = entry.cell ?? 't3.new.natural';
    const onCell = result.diagnostics.filter((d) => d.cells[0] === cell).map((d) => d.rule);
    if (entry.rule) assert.deepEqual(onCell, [entry.rule], entry.name);
    else {
      assert.ok(onCell.every((r) => !r.startsWith('value.')), `${entry.name}: ${onCell}`);
      assert.equal(result.totals['t3.new.total'], entry.total, entry.name);
    }
  }
  // The instance survived all of it.
  assert.equal(nianbao.check(seed).ok, true);
});

test('no shipped file writes markup from data (innerHTML, outerHTML, insertAdjacentHTML, document.write)', () => {
  const www = new URL('../../www/', import.meta.url);
  const files = readdirSync(www, { recursive: true })
    .filter((f) => /\.(m?js|cjs)$/.test(f) && !String(f).includes('node_modules'))
    .map((f) => new URL(String(f), www));
  assert.ok(files.length >= 8, files.map(String).join());
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    // wasm-bindgen's generated glue has no such sink either; everything is scanned.
    assert.doesNotMatch(text, /\.innerHTML\s*=|\.outerHTML\s*=|insertAdjacentHTML\s*\(|document\.write\s*\(/, String(file));
  }
});
