// Node, one process: the cost of one check through each path, against the plain-JS reference.
// Each figure: median (min–max) of 7 runs of N calls. `node bench/api.mjs` prints a table;
// bench/run.mjs imports nodePaths() for RESULTS.md.
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

// The reference must agree with nianbao before it is timed: totals and (rule, cell) of every
// diagnostic, on the timed report and on generated ones (typed numbers, full-width digits,
// separators, bad values, an unbalanced column).
const sorted = (o) => JSON.stringify(Object.entries(o).sort());
const found = (r) => r.diagnostics.map((d) => d.rule + ' ' + d.cells[0]).sort().join('\n');
function agree(r) {
  const a = nianbao.check(r, options);
  const b = reference(r, options);
  if (sorted(a.totals) !== sorted(b.totals) || found(a) !== found(b)) {
    throw new Error(`the reference disagrees with nianbao on ${JSON.stringify(Object.entries(r.cells).filter(([, v]) => v !== "0"))}:\n${found(a)}\n---\n${found(b)}`);
  }
}
let seedRandom = 42;
const rnd = (n) => ((seedRandom = (seedRandom * 1103515245 + 12345) % 2147483648) % n);
const inputs = cells.filter((c) => !c.derived && c.kind === 'count').map((c) => c.id);
const forms = ['3', '１２', '1,204', '0', '', '7', 'x', '-2', '1.5'];
const generated = [report];
for (let k = 0; k < 40; k++) {
  const r = structuredClone(report);
  for (let j = 0; j < 6; j++) r.cells[inputs[rnd(inputs.length)]] = forms[rnd(forms.length)];
  generated.push(r);
}
generated.forEach(agree);

export function time(fn, n, runs = 7) {
  const out = [];
  for (let r = 0; r < runs; r++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < n; i++) fn();
    out.push(Number(process.hrtime.bigint() - t0) / n / 1000);
  }
  out.sort((x, y) => x - y);
  return { median: out[Math.floor(runs / 2)], min: out[0], max: out[runs - 1] };
}

/** µs per call of each path, and the ratio to the reference. */
export function nodePaths(n = 20000) {
  const paths = {
    'reference (plain JS, object in/out)': () => reference(report, options),
    'check (object in/out)': () => nianbao.check(report, options),
    'checkJson (JSON text in, object out)': () => nianbao.checkJson(text, options),
    'checkJsonText (JSON text in/out)': () => nianbao.checkJsonText(text, options),
    'checkValues (packed values in, object out)': () => nianbao.checkValues(values, options),
  };
  return measure(paths, n);
}

/**
 * One keystroke: a cell of table 三 changes and the report is checked again. The reference
 * checks the whole report (it has nothing else); nianbao's sheet sets the one cell and runs
 * the rules on what it parsed already, the outcome as typed arrays (totals, codes), text made
 * for nothing; "inline" is what the form page runs (also the suggestion and `at`).
 */
export function keystrokePaths(n = 20000) {
  const cell = cells.findIndex((c) => c.id === 't3.granted.natural');
  const typed = ['7', '8', '9', '10', '11', '12', '13'];
  let k = 0;
  const edited = structuredClone(report);
  const sheet = nianbao.sheet();
  sheet.setAll(values);
  const page = { mode: 'fill', phase: 'typing', inline: true, changed: cell };
  const paths = {
    'reference: check the whole report again': () => {
      edited.cells['t3.granted.natural'] = typed[k++ % 7];
      return reference(edited, options).totals;
    },
    'sheet: set one cell, run; totals and codes': () => {
      sheet.set(cell, typed[k++ % 7]);
      const v = sheet.run(options);
      return v.diagnostics.length + v.totals[0];
    },
    'sheet, as the form page runs it (inline: suggestion, at)': () => {
      sheet.set(cell, typed[k++ % 7]);
      const v = sheet.run(page);
      return v.diagnostics.length + v.totals[0];
    },
  };
  return measure(paths, n);
}

/** Each path timed after a warm-up; the ratio is to the first (the reference). */
function measure(paths, n) {
  for (const fn of Object.values(paths)) time(fn, 2000, 1);
  const rows = Object.entries(paths).map(([name, fn]) => ({ name, ...time(fn, n) }));
  const ref = rows[0].median;
  return rows.map((r) => ({ ...r, perSecond: 1e6 / r.median, ratio: ref / r.median }));
}

if (process.argv[1] && new URL(import.meta.url).pathname === process.argv[1]) {
  console.log('| path | µs per call (median, min–max) | calls/s | vs reference |');
  console.log('|---|---|---|---|');
  for (const r of [...nodePaths(), ...keystrokePaths()]) {
    console.log(`| ${r.name} | ${r.median.toFixed(2)} (${r.min.toFixed(2)}–${r.max.toFixed(2)}) | ${Math.round(r.perSecond).toLocaleString('en')} | ${r.ratio.toFixed(2)}× |`);
  }
}
