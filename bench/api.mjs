// Node, one process: the cost of one check through each path, against the plain-JS reference.
// Each figure: median (min–max) of 7 runs of N calls. `node bench/api.mjs`
import { readFileSync } from 'node:fs';
import * as nianbao from '../www/node.mjs';
import { makeReference } from './reference.mjs';

const seed = JSON.parse(readFileSync(new URL('../tests/fixtures/yingchun-2023.json', import.meta.url), 'utf8'));
// A realistic report being typed: some numbers, full-width digits, one unbalanced column.
const report = structuredClone(seed);
Object.assign(report.cells, { 't3.new.natural': '１２', 't3.granted.natural': '7', 't3.partial.natural': '3', 't3.carried_out.natural': '1', 't3.new.business': '1,204', 't3.granted.business': '1204', 't2.fees.amount': '1.25' });
for (const c of nianbao.form().cells) if (c.derived) delete report.cells[c.id];
const options = { mode: 'fill', phase: 'typing' };
const cells = nianbao.form().cells;
const values = cells.map((c) => report.cells[c.id] ?? '');
const text = JSON.stringify(report);
const reference = makeReference(nianbao.form());

// The reference must agree with nianbao on what matters before it is timed.
const a = nianbao.check(report, options);
const b = reference(report, options);
const sorted = (o) => JSON.stringify(Object.entries(o).sort());
if (sorted(a.totals) !== sorted(b.totals) || a.diagnostics.map((d) => d.rule + d.cells[0]).join() !== b.diagnostics.map((d) => d.rule + d.cells[0]).join()) {
  throw new Error('the reference disagrees with nianbao');
}

function time(fn, n) {
  const runs = [];
  for (let r = 0; r < 7; r++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < n; i++) fn();
    runs.push(Number(process.hrtime.bigint() - t0) / n / 1000);
  }
  runs.sort((x, y) => x - y);
  return { median: runs[3], min: runs[0], max: runs[6] };
}

const paths = {
  'reference (plain JS, object in/out)': () => reference(report, options),
  'check (object in/out)': () => nianbao.check(report, options),
  'checkJson (JSON text in, object out)': () => nianbao.checkJson(text, options),
  'checkJsonText (JSON text in/out)': () => nianbao.checkJsonText(text, options),
  'checkValues (packed values in, object out)': () => nianbao.checkValues(values, options),
};
for (const fn of Object.values(paths)) time(fn, 2000); // warm up
const ref = time(paths['reference (plain JS, object in/out)'], 20000).median;
console.log('| path | µs per call (median, min–max) | calls/s | vs reference |');
console.log('|---|---|---|---|');
for (const [name, fn] of Object.entries(paths)) {
  const t = time(fn, 20000);
  console.log(`| ${name} | ${t.median.toFixed(2)} (${t.min.toFixed(2)}–${t.max.toFixed(2)}) | ${Math.round(1e6 / t.median).toLocaleString('en')} | ${(ref / t.median).toFixed(2)}× |`);
}
