// `npx nianbao check`: exit codes, stdin, JSON lines, text format, options.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../../www/cli.mjs', import.meta.url));
const seedPath = fileURLToPath(new URL('../fixtures/yingchun-2023.json', import.meta.url));
const seedText = readFileSync(seedPath, 'utf8');
const tmp = mkdtempSync(join(tmpdir(), 'nianbao-cli-'));
const broken = join(tmp, 'broken.json');
writeFileSync(broken, seedText.replace('"t3.new.total": "0"', '"t3.new.total": "4"'));
const notReport = join(tmp, 'array.json');
writeFileSync(notReport, '[1, 2]');
const gbk = join(tmp, 'gbk.json');
writeFileSync(gbk, Buffer.from([0x7b, 0x22, 0xc4, 0xea, 0x22, 0x3a, 0x31, 0x7d]));

const run = (args, input) => spawnSync(process.execPath, [cli, ...args], { input, encoding: 'utf8' });

test('an ok report exits 0 with one JSON line', () => {
  const r = run(['check', seedPath]);
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout.trimEnd().split('\n');
  assert.equal(lines.length, 1);
  assert.equal(JSON.parse(lines[0]).ok, true);
});

test('errors exit 1; several files give JSON lines in order; - reads stdin', () => {
  const r = run(['check', broken, '-', seedPath], seedText);
  assert.equal(r.status, 1, r.stderr);
  const lines = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l));
  assert.deepEqual(lines.map((l) => l.ok), [false, true, true]);
  assert.deepEqual(lines.map((l) => l.file), [broken, '(stdin)', seedPath], 'every result line names its file');
  assert.deepEqual(Object.keys(lines[0]).slice(0, 2), ['file', 'ok']);
  assert.equal(lines[0].diagnostics[0].rule, 't3.row_total');
});

test('options reach the core', () => {
  const fill = run(['check', broken, '--mode', 'fill', '--phase', 'typing']);
  assert.equal(fill.status, 0);
  const en = run(['check', broken, '--locale=en']);
  assert.match(JSON.parse(en.stdout).diagnostics[0].message, /should be 0/);
  const prev = join(tmp, 'prev.json');
  writeFileSync(prev, JSON.stringify({ cells: { 't3.carried_out.legal': '2' } }));
  const p = run(['check', seedPath, '--previous', prev]);
  assert.equal(p.status, 1);
  assert.equal(JSON.parse(p.stdout).diagnostics[0].rule, 'prev.carried_in');
});

test('bad input exits 2: unreadable, not a report, not UTF-8, bad options; the batch goes on', () => {
  const r = run(['check', join(tmp, 'missing.json'), notReport, gbk, seedPath]);
  assert.equal(r.status, 2);
  const lines = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l));
  assert.equal(lines.length, 4);
  assert.match(lines[0].error, /ENOENT/);
  assert.match(lines[1].error, /must be a JSON object/);
  assert.match(lines[2].error, /not UTF-8/);
  assert.equal(lines[3].ok, true);
  assert.equal(r.stderr.trimEnd().split('\n').length, 3);
  for (const args of [['check', seedPath, '--mode', 'sideways'], ['check'], ['check', seedPath, '--format', 'xml'], ['frobnicate'], ['check', seedPath, '--mode=sideways'], ['check', seedPath, '--nope']]) {
    const b = run(args);
    assert.equal(b.status, 2, args.join(' '));
    assert.equal(b.stdout, '');
    assert.ok(b.stderr.length > 0);
    assert.doesNotMatch(b.stderr, /byte/, 'option errors name the option, not a byte offset');
  }
  assert.match(run(['check', seedPath, '--mode=sideways']).stderr, /^nianbao check: --mode must be fill or verify, not "sideways"\n$/);
});

test('JSON syntax errors are file:line:column', () => {
  const bad = join(tmp, 'syntax.json');
  writeFileSync(bad, '{\n  "form": "ogi-2021",\n  "cells": { "t3.new.natural": "1",, }\n}\n');
  const r = run(['check', bad]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, new RegExp(`^${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:3:36: expected '"'\n$`));
  assert.deepEqual(JSON.parse(r.stdout), { file: bad, line: 3, column: 36, error: "expected '\"'" });
});

test('help on stdout with exit 0; --version; unknown command on stderr with exit 2', () => {
  const version = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version;
  for (const args of [['--help'], ['help'], ['-h'], [], ['check', '--help'], ['audit', '-h']]) {
    const r = run(args);
    assert.equal(r.status, 0, args.join(' '));
    assert.match(r.stdout, /^nianbao \d+\.\d+\.\d+: checks/);
    assert.match(r.stdout, /nianbao serve/);
    assert.equal(r.stderr, '');
  }
  const v = run(['--version']);
  assert.deepEqual([v.status, v.stdout], [0, version + '\n']);
  const u = run(['frobnicate']);
  assert.deepEqual([u.status, u.stdout], [2, '']);
  assert.match(u.stderr, /unknown command "frobnicate"/);
});

test('--format text prints a readable table of problems', () => {
  const r = run(['check', broken, '--format', 'text']);
  assert.equal(r.status, 1);
  assert.match(r.stdout, /未通过（错误 1 条/);
  assert.match(r.stdout, /t3\.row_total\s+t3\.new\.total\s+应为 0，实为 4/);
  assert.match(r.stdout, /「一、本年新收政府信息公开申请数量 · 总计」应等于本行各项之和 0，现在是 4/);
  const en = run(['check', seedPath, '--format', 'text', '--locale', 'en']);
  assert.match(en.stdout, /: ok \(0 errors, 0 other\)/);
});

test('mapping prints which field is which cell; a missing page exits 2, a page without a report 1', () => {
  const page = fileURLToPath(new URL('../fixtures/forms/portal-form-a.html', import.meta.url));
  const r = run(['mapping', page]);
  assert.equal(r.status, 0, r.stderr);
  const m = JSON.parse(r.stdout);
  assert.equal(m.mapping.ysq_25_1, 't3.carried_out.natural');
  assert.equal(Object.keys(m.mapping).length, 200);
  // The form's other text fields (unit, contact, phone) are reported, not guessed.
  assert.deepEqual([m.unmapped, m.missing], [['orgName', 'linkman', 'tel'], []]);
  assert.equal(run(['mapping', join(tmp, 'nope.html')]).status, 2);
  assert.equal(run(['mapping']).status, 2);
  const none = join(tmp, 'login.html');
  writeFileSync(none, '<form><label>用户名 <input name=u></label><label>密码 <input name=p type=password></label></form>');
  const n = run(['mapping', none]);
  assert.equal(n.status, 1);
  assert.equal(n.stdout, '');
  assert.match(n.stderr, /login\.html: no report form on this page \(its inputs match 0 cells/);
});

test('audit: a folder of published reports, JSON lines, summary, last year as previous', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nianbao-audit-'));
  const seedText = readFileSync(fileURLToPath(new URL('../fixtures/published/yingchun-2023.txt', import.meta.url)), 'utf8');
  writeFileSync(join(dir, 'a-2023.txt'), seedText);
  // The next year's report of the same agency carries in 2 applications that 2023 did not carry out.
  const next = seedText
    .replaceAll('2023', '2024')
    .replace('二、上年结转政府信息公开申请数量\t\t0\t0\t0\t0\t0\t0\t0', '二、上年结转政府信息公开申请数量\t\t2\t0\t0\t0\t0\t0\t2')
    .replace('(一) 予以公开\t0\t0\t0\t0\t0\t0\t0', '(一) 予以公开\t2\t0\t0\t0\t0\t0\t2')
    .replace('\t(七)总计\t\t0\t0\t0\t0\t0\t0\t0', '\t(七)总计\t\t2\t0\t0\t0\t0\t0\t2');
  assert.notEqual(next, seedText.replaceAll('2023', '2024'));
  writeFileSync(join(dir, 'b-2024.txt'), next);
  writeFileSync(join(dir, 'c.txt'), Buffer.from([0xff, 0xfe, 0x00]));
  writeFileSync(join(dir, 'ignored.json'), '{}');
  const r = run(['audit', dir]);
  assert.equal(r.status, 1, r.stderr);
  const lines = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l));
  assert.deepEqual(lines.map((l) => [l.file.split('/').pop(), l.year, l.result.ok]), [['a-2023.txt', 2023, true], ['b-2024.txt', 2024, false]]);
  assert.deepEqual(lines[1].result.diagnostics.map((d) => [d.rule, d.cells[0]]), [['prev.carried_in', 't3.carried_in.natural']]);
  assert.equal(lines[0].sources['t3.new.natural'], 'line 54');
  assert.match(r.stderr, /2 reports read, 1 ok, 1 skipped/);
  assert.match(r.stderr, /prev\.carried_in: 1/);
  assert.match(r.stderr, /c\.txt: not UTF-8 text \(skipped\)/);
  const text = run(['audit', dir, '--format=text']);
  assert.match(text.stdout, /prev\.carried_in/);
});

test('audit: files without a report are skipped and counted; none at all exits 2', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nianbao-audit-'));
  writeFileSync(join(dir, 'README.md'), '# Reports\nThe 2023 reports of 12 agencies, crawled on 2024-03-01.\n');
  writeFileSync(join(dir, 'notes.txt'), '会议纪要：2023年12月1日，共 3 人参加。\n');
  const r = run(['audit', dir]);
  assert.equal(r.status, 2, r.stderr);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /README\.md: no report found \(skipped\)/);
  assert.match(r.stderr, /0 reports read, 0 ok, 2 skipped/);
  const empty = mkdtempSync(join(tmpdir(), 'nianbao-empty-'));
  assert.equal(run(['audit', empty]).status, 2);
  writeFileSync(join(dir, 'yingchun-2023.txt'), readFileSync(fileURLToPath(new URL('../fixtures/published/yingchun-2023.txt', import.meta.url))));
  const one = run(['audit', dir]);
  assert.equal(one.status, 0, one.stderr);
  assert.equal(one.stdout.trimEnd().split('\n').length, 1);
  assert.match(one.stderr, /1 reports read, 1 ok, 2 skipped/);
});

test('audit survives a reader that goes away (| head -1): no EPIPE crash', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nianbao-audit-'));
  const text = readFileSync(fileURLToPath(new URL('../fixtures/published/yingchun-2023.txt', import.meta.url)));
  for (let i = 0; i < 300; i++) writeFileSync(join(dir, `r${String(i).padStart(3, '0')}.txt`), text);
  const r = spawnSync('bash', ['-c', `set -o pipefail; "${process.execPath}" "${cli}" audit "${dir}" | head -1`], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout.trimEnd().split('\n').length, 1);
  assert.doesNotMatch(r.stderr, /EPIPE|Error/);
  assert.match(r.stderr, /output closed early/);
});
