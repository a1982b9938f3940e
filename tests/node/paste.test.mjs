// Reading the report's tables as a clerk copies them from Word, WPS or Excel (www/paste.mjs over
// a parsed document, the same code the browser runs on a paste), and `nianbao check` of such a
// table. The clipboard contents are made as those applications make them (tests/support/clipboard.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { readTable, form } from '../../www/node.mjs';
import { tsvRows, placeBlock, clipboardHtml } from '../../www/paste.mjs';
import { isValueText } from '../../www/extract.mjs';
import { SOURCES } from '../support/clipboard.mjs';

const cli = fileURLToPath(new URL('../../www/cli.mjs', import.meta.url));
const seed = JSON.parse(readFileSync(new URL('../fixtures/yingchun-2023.json', import.meta.url), 'utf8')).cells;
const ids = form().cells.map((c) => c.id);

test('the seed report copied from Word, WPS, Excel (HTML) and Excel (tab-separated text): every cell back, by its labels', () => {
  for (const [name, make] of Object.entries(SOURCES)) {
    const read = readTable(make(seed));
    assert.deepEqual(read.cells, seed, name);
    assert.deepEqual([read.blanks, read.unmatched, read.block], [[], [], null], name);
  }
});

test('property: any report rendered as Word, WPS or Excel clipboard HTML, or as tab-separated text, reads back exactly its cells', () => {
  const value = fc.oneof({ weight: 6, arbitrary: fc.nat({ max: 99999 }).map(String) }, { weight: 1, arbitrary: fc.constant('') }, { weight: 1, arbitrary: fc.tuple(fc.nat({ max: 999 }), fc.integer({ min: 1, max: 9 })).map(([a, b]) => `${a}.${b}`) });
  const report = fc.tuple(...ids.map(() => value)).map((vs) => Object.fromEntries(ids.map((id, i) => [id, vs[i]])));
  for (const [name, make] of Object.entries(SOURCES)) {
    fc.assert(
      fc.property(report, (cells) => {
        const read = readTable(make(cells));
        const stated = Object.fromEntries(Object.entries(cells).filter(([, v]) => v !== ''));
        assert.deepEqual(read.cells, stated, name);
        const blank = ids.filter((id) => cells[id] === '');
        // Excel's text leaves a row's trailing blanks out: those are no cells of the paste.
        if (name === 'tsv') assert.ok(read.blanks.every((id) => blank.includes(id)), name);
        else assert.deepEqual(read.blanks.slice().sort(), blank.slice().sort(), name);
        assert.deepEqual(read.unmatched, [], name);
      }),
      { numRuns: 15, seed: 20231204 },
    );
  }
});

test('a few rows with their labels land where they belong; blanks written as marks are blanks; unknown rows are named', () => {
  const rows = '一、本年新收政府信息公开申请数量\t12\t3\t—\t0\t/\t无\t15\r\n四、结转下年度继续办理\t1\t0\t0\t0\t0\t0\t1\r\n其他需要报告的事项\t9\t9\t9\t9\t9\t9\t54\r\n';
  const head = '\t自然人\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t总计\r\n';
  const read = readTable(head + rows);
  assert.deepEqual(read.cells, { 't3.new.natural': '12', 't3.new.business': '3', 't3.new.nonprofit': '0', 't3.new.total': '15', 't3.carried_out.natural': '1', 't3.carried_out.business': '0', 't3.carried_out.research': '0', 't3.carried_out.nonprofit': '0', 't3.carried_out.legal': '0', 't3.carried_out.other': '0', 't3.carried_out.total': '1' });
  assert.deepEqual(read.blanks.sort(), ['t3.new.legal', 't3.new.other', 't3.new.research'].sort());
  assert.deepEqual(read.unmatched, ['其他需要报告的事项']);
});

test('bare numbers: a block placed along the report\'s own rows and columns, derived totals skipped; too wide or too tall is refused', () => {
  const read = readTable('1\t2\t3\r\n4\t5\t6\r\n');
  assert.deepEqual(read.block, [['1', '2', '3'], ['4', '5', '6']]);
  const f = form();
  assert.deepEqual(placeBlock(f, 't3.new.legal', [['7', '8']]).cells, { 't3.new.legal': '7', 't3.new.other': '8' });
  assert.deepEqual(placeBlock(f, 't3.new.legal', [['7', '8', '9']]).error, { rows: 1, cols: 3, roomRows: 24, roomCols: 2 }, 'the total column is not typed into: the block is wider than the table');
  // Down from 3.其他 of (六): the next row is (七)总计 (all derived): skipped, 四、结转 follows.
  assert.deepEqual(placeBlock(f, 't3.other_other.natural', [['1'], ['2']]).cells, { 't3.other_other.natural': '1', 't3.carried_out.natural': '2' });
  assert.equal(placeBlock(f, 't3.carried_out.natural', [['1'], ['2']]).error.roomRows, 1, 'taller than the table from there');
  // Table 四's rows are the form's: 行政复议, 直接起诉, 复议后起诉, four typed cells each.
  assert.deepEqual(placeBlock(f, 't4.review.upheld', [['1', '2', '3', '4'], ['5', '6', '7', '8']]).cells, { 't4.review.upheld': '1', 't4.review.corrected': '2', 't4.review.other': '3', 't4.review.pending': '4', 't4.suit_direct.upheld': '5', 't4.suit_direct.corrected': '6', 't4.suit_direct.other': '7', 't4.suit_direct.pending': '8' });
  assert.equal(placeBlock(f, 't4.review.upheld', [['1', '2', '3', '4', '5']]).error.roomCols, 4);
});

test('what is no report paste is left alone: one value, plain text; CF_HTML\'s header is dropped; Excel\'s quoted cells', () => {
  assert.equal(clipboardHtml('', '12', isValueText), null);
  assert.equal(clipboardHtml('', '共收到申请 12 件', isValueText), null);
  assert.equal(readTable('12'), null);
  const cf = 'Version:0.9\r\nStartHTML:0000000105\r\nEndHTML:0000000300\r\nStartFragment:0000000141\r\nEndFragment:0000000264\r\n<html><body><!--StartFragment--><table><tr><td>规章</td><td>1</td></tr></table><!--EndFragment--></body></html>';
  assert.ok(clipboardHtml(cf, '', isValueText).startsWith('<html>'));
  assert.deepEqual(tsvRows('"a\tb"\t"say ""hi"""\r\n"line\r\nbreak"\t2\r\n'), [['a\tb', 'say "hi"'], ['line\nbreak', '2']]);
});

test('nianbao check reads a copied table (HTML file, or --stdin tab-separated text) into a report and checks it', () => {
  const html = SOURCES.word({ ...seed, 't3.new.total': '999' });
  const run = (args, input) => spawnSync(process.execPath, [cli, 'check', ...args], { input, encoding: 'utf8' });
  const byStdin = run(['--stdin', '--mode', 'verify'], SOURCES.tsv(seed));
  assert.equal(byStdin.status, 0, byStdin.stderr);
  assert.match(byStdin.stderr, /\(stdin\): 200 cells read from the table/);
  assert.equal(JSON.parse(byStdin.stdout).ok, true);
  const broken = run(['-', '--mode', 'verify'], html);
  assert.equal(broken.status, 1);
  const result = JSON.parse(broken.stdout);
  assert.ok(result.diagnostics.some((d) => d.rule === 't3.row_total' && d.cells[0] === 't3.new.total' && d.actual === '999'), broken.stdout);
  const bare = run(['-'], '1\t2\r\n3\t4\r\n');
  assert.equal(bare.status, 2);
  assert.match(bare.stderr, /no labels/);
});
