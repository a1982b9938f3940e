// The label matcher through the one page extraction (www/extract.mjs over linkedom, as
// `npx nianbao mapping` and `nianbao serve` run it; the browser runs the same code on its DOM).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseHTML } from 'linkedom';
import { parse, serialize } from 'parse5';
import { mapHtml } from '../../www/node.mjs';
import { extractPage, reportRoots, isGrid, cellText } from '../../www/extract.mjs';

const fixture = (p) => readFileSync(new URL(`../${p}`, import.meta.url), 'utf8');
const formA = fixture('fixtures/forms/portal-form-a.html');

test('form A: every input holds the cell its field name says', () => {
  const m = mapHtml(formA);
  // Written from the field names (zdgk_/ysq_R_C/fyss_N), independently of the labels.
  assert.deepEqual(m.mapping, JSON.parse(fixture('fixtures/forms/form-a.mapping.json')));
  assert.deepEqual([m.unmapped, m.missing, m.copies, m.found], [['orgName', 'linkman', 'tel'], [], {}, true]);
});

test('layout B: th headers, a table continued without its header, table 四 transposed', () => {
  const m = mapHtml(readFileSync(new URL('../../www/demo/layout-b.html', import.meta.url), 'utf8'));
  assert.equal(Object.keys(m.mapping).length, 200);
  assert.deepEqual([m.unmapped, m.missing], [['agency'], []]);
  const want = { q001: 't2.rules.issued', q007: 't2.licensing.decisions', q010: 't2.fees.amount', q011: 't3.new.natural', q017: 't3.new.total', q051: 't3.denied_prohibited.other', q053: 't3.denied_security.natural', q172: 't3.results_total.natural', q179: 't3.carried_out.natural', q186: 't4.review.upheld', q191: 't4.suit_direct.upheld', q200: 't4.suit_after_review.total' };
  for (const [k, cell] of Object.entries(want)) assert.equal(m.mapping[k], cell, k);
});

test('one joined table, a row that is not the template\'s, explicit cells win', () => {
  const joined = formA
    .replace('</table>\n<p class="sec">三、收到和处理政府信息公开申请情况</p>\n<table class="tb_list" width="980">', '')
    .replace('</table>\n<p class="sec">四、政府信息公开行政复议、行政诉讼情况</p>\n<table class="tb_list" width="980">', '')
    .replace('<tr><td colspan="3" class="lbl">四、结转下年度继续办理</td>', '<tr><td colspan="3">其他需要报告的事项</td><td><input name="extra"></td></tr>\n<tr><td colspan="3" class="lbl">四、结转下年度继续办理</td>')
    .replace('name="zdgk_8_1"', 'name="zdgk_8_1" data-nianbao-cell="t2.fees.amount"')
    .replace('name="ysq_1_1"', 'name="ysq_1_1" data-nianbao-cell="t3.carried_in.natural"');
  assert.equal(joined.match(/<table/g).length, 1);
  const m = mapHtml(joined);
  assert.equal(m.mapping.ysq_1_1, 't3.carried_in.natural', 'explicit wins');
  assert.equal(m.mapping.ysq_2_1, undefined, 'its labels say t3.carried_in.natural, given to another input');
  assert.equal(m.mapping.fyss_7, 't4.suit_direct.corrected');
  assert.deepEqual(m.unmapped, ['ysq_2_1', 'extra', 'orgName', 'linkman', 'tel']);
  assert.deepEqual(m.missing, ['t3.new.natural']);
  assert.equal(Object.keys(m.mapping).length, 199);
});

test('two inputs with the same labels are both left unmapped: never a guess', () => {
  const html = '<form><table><tr><td></td><td>自然人</td></tr><tr><td>一、本年新收政府信息公开申请数量</td><td><input name=a></td></tr><tr><td>本年新收</td><td><input name=b></td></tr><tr><td>行政许可</td><td><input name=c></td></tr></table></form>';
  const m = mapHtml(html);
  assert.deepEqual(m.mapping, { c: 't2.licensing.decisions' });
  assert.deepEqual(m.unmapped, ['a', 'b']);
  assert.match(m.reasons.a, /same cell/);
  assert.equal(m.found, false, 'one cell is no report form');
});

test('hand-written HTML: upper case, implied end tags, spans, hidden inputs and text areas', () => {
  const { document } = parseHTML(serialize(parse('<html><body><TABLE border=1><TR><TD>规章<TD><INPUT NAME=x><td>&nbsp;<tr><td colspan=2>行政<br>处罚</td><td><input type=text id=y></table><table><tr><td><input type=hidden name=h><textarea name=t>规章</textarea></table></body></html>')));
  const { page } = extractPage(document.body, {}, false);
  assert.deepEqual(page.inputs.map((i) => i.key), ['x', 'y', 't']);
  assert.equal(page.tables[0].rows.length, 2);
  assert.equal(page.tables[0].rows[1][1].t, '行政 处罚');
  assert.equal(page.tables[0].rows[0][2].t, '');
});

// Table 三 as a framework renders it: a one-row header table (with an empty scrollbar gutter
// column), a body table, and a fixed-column copy of both whose input cells are hidden.
const T3_COLS = ['自然人', '商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他', '总计'];
const T3_ROWS = ['一、本年新收政府信息公开申请数量', '二、上年结转政府信息公开申请数量', '（一）予以公开', '四、结转下年度继续办理'];
function splitTable(prefix, hidden) {
  const cls = hidden ? ' class="is-hidden"' : '';
  const head = `<table><thead><tr><th>项目</th>${T3_COLS.map((c) => `<th>${c}</th>`).join('')}<th class="gutter"></th></tr></thead></table>`;
  const body = `<table><tbody>${T3_ROWS.map((r, i) => `<tr><td>${r}</td>${T3_COLS.map((_, c) => `<td${cls}><div class="cell"><div class="el-input__wrapper"><input name="${prefix}${i}_${c}"></div></div></td>`).join('')}</tr>`).join('')}</tbody></table>`;
  return head + body;
}

test('split header/body tables with a gutter; a fixed-column copy: the shown input holds the cell', () => {
  const html = `<div id="app"><div class="el-table">${splitTable('', false)}<div class="el-table__fixed">${splitTable('', true)}</div></div></div>`;
  const m = mapHtml(html);
  assert.equal(m.mapping['0_0'], 't3.new.natural');
  assert.equal(m.mapping['3_6'], 't3.carried_out.total');
  assert.equal(Object.keys(m.mapping).length, 28);
  assert.deepEqual(m.unmapped, []);
  assert.equal(Object.keys(m.copies).length, 28, 'every hidden copy is listed with the input it copies');
  assert.equal(m.copies['0_0#28'], '0_0');
});

test('labels outside tables: <label for>, aria-label, aria-labelledby, fieldset legends; explicit cells on inputs and wrappers', () => {
  const html = `<main>
    <fieldset><legend>行政复议</legend>
      <label for="a1">结果维持</label><input id="a1"> <label for="a2">结果纠正</label><input id="a2">
      <input id="a5" aria-label="总计">
    </fieldset>
    <fieldset><legend>行政诉讼</legend><fieldset><legend>未经复议直接起诉</legend>
      <span id="l6">尚未审结</span><input id="a6" aria-labelledby="l6"> <label>总计 <input id="a7"></label>
    </fieldset></fieldset>
    <p>一、本年新收政府信息公开申请数量：<input aria-label="一、本年新收政府信息公开申请数量 自然人" id="n1"></p>
    <input id="fee" data-nianbao-cell="t2.fees.amount">
    <div data-nianbao-cell="t2.rules.issued"><input id="rules"></div>
    <label for="z">备注</label><input id="z">
  </main>`;
  const m = mapHtml(html);
  assert.deepEqual(m.mapping, {
    a1: 't4.review.upheld', a2: 't4.review.corrected', a5: 't4.review.total', a6: 't4.suit_direct.pending', a7: 't4.suit_direct.total',
    n1: 't3.new.natural', fee: 't2.fees.amount', rules: 't2.rules.issued',
  });
  assert.deepEqual(m.unmapped, ['z'], 'a field no label identifies is reported');
});

test('Excel and WPS "save as web page" sheets with inputs: one table for everything, mso markup, <font>/<span> runs, <br> in labels, no <th>', () => {
  const want = JSON.parse(fixture('fixtures/forms/form-a.mapping.json'));
  for (const name of ['excel-export', 'wps-export']) {
    const html = fixture(`fixtures/forms/${name}.html`);
    assert.equal(html.match(/<table/g).length, 1, name);
    assert.ok(!html.includes('<th'), name);
    const m = mapHtml(html);
    assert.deepEqual(m.mapping, want, name);
    assert.deepEqual([m.unmapped, m.missing], [[], []], name);
  }
});

test('no <form>: the report is the table holding the inputs (or their tables\' common ancestor), not the smallest element around the inputs', () => {
  const { document } = parseHTML(serialize(parse(fixture('fixtures/forms/excel-export.html'))));
  const roots = reportRoots(document);
  assert.equal(roots.length, 1);
  assert.equal(roots[0].root.localName, 'table', 'the sheet\'s table, not its <tbody>');
  const page = parseHTML(serialize(parse(`<body><p>填报单位 <input name=unit></p><div id=r>${splitTable('', false)}<div>${splitTable('x', false)}</div></div></body>`))).document;
  assert.equal(reportRoots(page)[0].root.id, 'r', 'the tables\' common ancestor; the unit field above is not the report\'s');
});

test('a grid of text cells (an editor only in the active cell) maps its cells by the same labels, and reads their text', () => {
  // Form A with every input replaced by the number it holds, as a click-to-edit grid shows it;
  // one cell has its editor open.
  const html = formA.replace(/<form[^>]*>/, '<div id="grid">').replace('</form>', '</div>').replace(/<input type="text" class="inp" name="(\w+)">/g, (_, name) => (name === 'ysq_1_2' ? '<div class="cell"><input class="editor" value="7"></div>' : `<span class="cell">${name === 'ysq_1_1' ? '12' : ''}</span>`));
  const { document } = parseHTML(serialize(parse(html)));
  const tables = document.querySelectorAll('table');
  assert.deepEqual([...tables].map(isGrid), [true, true, true]);
  const [{ root }] = reportRoots(document);
  const { page, elements } = extractPage(root, {}, true);
  const fieldsOutside = elements.filter((el) => el.localName !== 'td').map((el) => el.getAttribute('name'));
  assert.deepEqual(fieldsOutside, ['orgName', 'linkman', 'tel'], 'the open editor is not a field of its own; the unit\'s fields are');
  const m = mapHtml(html);
  assert.equal(Object.keys(m.mapping).length, 200);
  const cellOf = new Map(page.inputs.map((input, k) => [elements[k], m.mapping[input.key]]));
  const byCell = new Map([...cellOf].map(([el, cell]) => [cell, el]));
  assert.equal(cellText(byCell.get('t3.new.natural')), '12');
  assert.equal(cellText(byCell.get('t3.new.business')), '7', 'the open editor\'s value');
  assert.equal(cellText(byCell.get('t3.new.research')), '');
});
