// Reports as agencies publish them: a Word document and its PDF (tests/fixtures/files, made as an
// agency makes them: python-docx with Word's merged cells, printed to PDF by Chromium), read by
// `nianbao audit` cell by cell; the binary formats refused with what to do.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, mkdtempSync, copyFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { auditText } from '../../www/node.mjs';
import { docxToHtml, pdfToText } from '../../www/files.mjs';

const dir = fileURLToPath(new URL('../fixtures/files/', import.meta.url));
const cli = fileURLToPath(new URL('../../www/cli.mjs', import.meta.url));
const stated = JSON.parse(readFileSync(join(dir, 'report-2023.json'), 'utf8'));

/** Audits a report's text: the cells read, and the diagnostics as [rule, cell, expected, actual]. */
function audited(text, file) {
  const line = JSON.parse(auditText(text, { file }));
  return { line, wrong: Object.entries(line.cells).filter(([id, v]) => stated[id] !== v), missing: Object.keys(stated).filter((id) => !(id in line.cells)), found: line.result.diagnostics.map((d) => [d.rule, d.cells[0], d.expected, d.actual]) };
}

for (const [name, read] of [
  ['report-2023.docx', (b) => docxToHtml(b)],
  ['report-2023.pdf', (b) => pdfToText(b)],
]) {
  test(`${name}: every stated cell read, none misplaced, the planted fault found`, async () => {
    const { line, wrong, missing, found } = audited(await read(readFileSync(join(dir, name))), name);
    assert.deepEqual([wrong, missing], [[], []]);
    assert.equal(line.year, 2023);
    assert.equal(line.agency, '某县发展和改革局');
    assert.ok(found.some((f) => f[0] === 't3.row_total' && f[1] === 't3.new.total' && f[2] === '527' && f[3] === '537'), JSON.stringify(found));
    assert.ok(!found.some((f) => f[0].startsWith('extract.') || f[0] === 'value.missing'), JSON.stringify(found));
    console.log(`# ${name}: ${Object.keys(line.cells).length} of ${Object.keys(stated).length} stated cells read, 0 misplaced`);
  });
}

test('a Word table\'s merged cells come out as the HTML spans of the template', () => {
  const html = docxToHtml(readFileSync(join(dir, 'report-2023.docx')));
  assert.match(html, /<td rowspan="22">三、本年度办理结果<\/td>/);
  assert.match(html, /<td colspan="3" rowspan="3">（本列数据的勾稽关系为：/);
  assert.throws(() => docxToHtml(Buffer.from('not a zip')), /not a Word document/);
});

test('nianbao audit reads .docx and .pdf in a folder; .doc and .wps are refused with what to do', () => {
  const folder = mkdtempSync(join(tmpdir(), 'nianbao-files-'));
  for (const f of ['report-2023.docx', 'report-2023.pdf']) copyFileSync(join(dir, f), join(folder, f));
  writeFileSync(join(folder, 'old.doc'), 'binary');
  const r = spawnSync(process.execPath, [cli, 'audit', folder], { encoding: 'utf8' });
  assert.equal(r.status, 1, r.stderr);
  const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
  assert.deepEqual(lines.map((l) => [l.file.slice(folder.length + 1), Object.keys(l.cells).length]), [['report-2023.docx', 200], ['report-2023.pdf', 200]]);
  assert.match(r.stderr, /old\.doc: \.doc \(the binary Word\/WPS format\) is not read: save it as \.docx or PDF \(skipped\)/);
});
