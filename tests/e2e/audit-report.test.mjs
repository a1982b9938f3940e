// `nianbao audit DIR --html FILE`: the batch report an auditor reads, opened in Chromium from
// the file (no network): its counts agree with the JSON lines, a finding shows its cell, the
// stated and the expected value, and the page filters and sorts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, copyFileSync, readdirSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS } from './harness.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const out = join(root, 'test-output');

test('the batch report: counts, a finding\'s cell and values, filter by rule, sort by year; no request leaves the page', async () => {
  mkdirSync(out, { recursive: true });
  const folder = mkdtempSync(join(tmpdir(), 'nianbao-batch-'));
  for (const f of readdirSync(join(root, 'tests/fixtures/published'))) copyFileSync(join(root, 'tests/fixtures/published', f), join(folder, f));
  for (const f of ['report-2023.docx', 'report-2023.pdf']) copyFileSync(join(root, 'tests/fixtures/files', f), join(folder, f));
  const html = join(out, 'audit-report.html');
  const r = spawnSync(process.execPath, [join(root, 'www/cli.mjs'), 'audit', folder, '--html', html], { encoding: 'utf8', maxBuffer: 1 << 26 });
  assert.ok(r.status === 0 || r.status === 1, r.stderr);
  const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
  const findings = lines.reduce((n, l) => n + l.result.diagnostics.length, 0);

  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const requests = [];
  page.on('request', (q) => requests.push(q.url()));
  await page.goto(pathToFileURL(html).href);
  assert.deepEqual(
    [await page.textContent('#n-reports'), await page.textContent('#n-errors'), await page.textContent('#n-findings')].map(Number),
    [lines.length, lines.filter((l) => !l.result.ok).length, findings],
  );
  const pdf = page.locator('tbody.report', { hasText: 'report-2023.pdf' });
  const finding = await pdf.locator('tr.f[data-rule="t3.row_total"] td').allTextContents();
  assert.deepEqual(finding.slice(0, 4), ['t3.row_total', '一、本年新收政府信息公开申请数量 · 总计', '537', '527']);
  await page.screenshot({ path: join(out, 'audit-report.png') });

  await page.selectOption('#rule', 't3.row_total');
  const shown = await page.$$eval('tbody.report:not([hidden])', (bs) => bs.map((b) => b.dataset.rules));
  assert.ok(shown.length >= 2 && shown.every((rules) => rules.split(' ').includes('t3.row_total')), JSON.stringify(shown));
  await page.selectOption('#rule', '');
  await page.fill('#q', '平潭');
  const agencies = await page.$$eval('tbody.report:not([hidden])', (bs) => bs.map((b) => b.dataset.agency));
  assert.ok(agencies.length > 0 && agencies.every((a) => a.includes('平潭')), JSON.stringify(agencies));
  await page.fill('#q', '');
  await page.click('th.sort[data-key="year"]');
  const years = await page.$$eval('tbody.report', (bs) => bs.map((b) => Number(b.dataset.year)));
  assert.deepEqual(years, years.slice().sort((a, b) => a - b), 'sorted by year');
  assert.ok(requests.every((u) => u.startsWith('file:')), `no network: ${requests.join(', ')}`);
  await browser.close();
  console.log(`# batch report: ${lines.length} reports, ${findings} findings, ${html}`);
});
