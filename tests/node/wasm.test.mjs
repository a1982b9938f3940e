// The wasm build, loaded in Node from its file: same results as the native example CLI.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { execFileSync, spawnSync } from 'node:child_process';
import init, { check } from '../../www/pkg/nianbao.js';

const root = new URL('../../', import.meta.url);
const seedPath = new URL('tests/fixtures/yingchun-2023.json', root);
const seed = JSON.parse(readFileSync(seedPath, 'utf8'));
await init({ module_or_path: readFileSync(new URL('www/pkg/nianbao_bg.wasm', root)) });

function native(report, args = []) {
  const out = spawnSync('cargo', ['run', '-q', '--example', 'check', '--', '-', ...args], {
    cwd: root, input: JSON.stringify(report), encoding: 'utf8',
  });
  assert.ok(out.status === 0 || out.status === 1, out.stderr);
  return JSON.parse(out.stdout);
}

test('seed passes with all 34 totals', () => {
  const r = check(seed, {});
  assert.equal(r.ok, true);
  assert.deepEqual(r.diagnostics, []);
  assert.equal(Object.keys(r.totals).length, 34);
});

test('full-width digits and a broken balance, as the native core says', () => {
  const report = structuredClone(seed);
  report.cells['t3.new.natural'] = '３';
  report.cells['t3.new.total'] = '3';
  report.cells['t3.granted.business'] = 'x';
  for (const options of [{ mode: 'fill', phase: 'typing' }, { mode: 'verify', phase: 'submit', locale: 'en' }]) {
    const r = check(report, options);
    assert.equal(r.ok, false);
    assert.deepEqual(r.diagnostics.map((d) => d.rule), ['value.not_a_number', 't3.balance']);
    assert.equal(r.diagnostics[1].cells[0], 't3.carried_out.natural');
    const args = Object.entries(options).flatMap(([k, v]) => [`--${k}`, v]);
    assert.deepEqual(r, native(report, args));
  }
});

test('a report that is not an object throws a clear error', () => {
  assert.throws(() => check('nope', {}), /not a report/);
  assert.throws(() => check(seed, { mode: 'sideways' }), /bad options/);
  assert.equal(check(seed, {}).ok, true);
});
