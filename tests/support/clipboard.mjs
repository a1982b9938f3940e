// What Word, WPS and Excel put on the clipboard when a clerk copies the report's tables, made
// from the national template's layout (form A's three tables: its rowspans, colspans and labels)
// with a report's values in the value cells. Modelled on what those applications write:
//   Word   text/html: CF_HTML's <html xmlns:o xmlns:w> document, <!--StartFragment-->, a title
//          paragraph per table, <table class=MsoNormalTable> with mso- styles, every cell a
//          <p class=MsoNormal> whose text runs are <span lang=EN-US> (digits, Latin) and
//          <span style='font-family:宋体'> (CJK), an empty cell <o:p>&nbsp;</o:p>.
//   WPS    text/html of WPS 表格: <table border=1 style="border-collapse:collapse">, <td class="etN"
//          x:str> labels, <td x:num="12"> numbers, no <p> wrappers.
//   Excel  text/html: <html xmlns:x>, a <style> of xl classes, ONE <table> for the sheet with
//          <col>s, <!--StartFragment--> inside the table, td.xlNN, x:num on numbers, merged cells as
//          colspan/rowspan, the three tables one under another in the sheet's columns.
//   TSV    text/plain of Excel/WPS: tab-separated, CRLF, a merged cell's text in its first slot
//          and blanks in the others.
import { readFileSync } from 'node:fs';
import { parseHTML } from 'linkedom';

const root = new URL('../', import.meta.url);
const formA = readFileSync(new URL('fixtures/forms/portal-form-a.html', root), 'utf8');
const cellOfName = JSON.parse(readFileSync(new URL('fixtures/forms/form-a.mapping.json', root), 'utf8'));
const TITLES = ['二、主动公开政府信息情况', '三、收到和处理政府信息公开申请情况', '四、政府信息公开行政复议、行政诉讼情况'];

/** Form A's tables as rows of slots: { text } for a label, { cell } for a value, with spans. */
function layout() {
  const { document } = parseHTML(formA);
  return [...document.querySelectorAll('table')].map((table) =>
    [...table.querySelectorAll('tr')].map((tr) =>
      [...tr.children].map((td) => {
        const input = td.querySelector('input');
        const span = { colspan: Number(td.getAttribute('colspan') || 1), rowspan: Number(td.getAttribute('rowspan') || 1) };
        return input ? { cell: cellOfName[input.getAttribute('name')], ...span } : { text: td.textContent.trim(), ...span };
      }),
    ),
  );
}
const TABLES = layout();

const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const spans = (s) => (s.colspan > 1 ? ` colspan=${s.colspan}` : '') + (s.rowspan > 1 ? ` rowspan=${s.rowspan}` : '');
/** Word's runs: digits and Latin in lang=EN-US spans, CJK in 宋体 spans. */
const runs = (text) =>
  text
    .split(/([\x00-\x7f]+)/)
    .filter(Boolean)
    .map((t) => (/^[\x00-\x7f]+$/.test(t) ? `<span lang=EN-US>${esc(t)}</span>` : `<span style='font-family:宋体;mso-ascii-font-family:"Times New Roman";mso-hansi-font-family:"Times New Roman"'>${esc(t)}</span>`))
    .join('');

export function word(values) {
  const body = TABLES.map((rows, t) => {
    const trs = rows.map((slots, r) => {
      const tds = slots.map((s) => {
        const text = s.cell ? values[s.cell] ?? '' : s.text;
        const p = text === '' ? `<p class=MsoNormal align=center style='text-align:center'><span lang=EN-US><o:p>&nbsp;</o:p></span></p>` : `<p class=MsoNormal align=${s.cell ? 'center' : 'left'} style='text-align:${s.cell ? 'center' : 'left'}'>${runs(text)}<span lang=EN-US><o:p></o:p></span></p>`;
        return `<td width=${s.cell ? 52 : 120}${spans(s)} valign=top style='width:${s.cell ? 39 : 90}.0pt;border:solid windowtext 1.0pt;border-top:none;mso-border-alt:solid windowtext .5pt;padding:0cm 5.4pt 0cm 5.4pt'>\n  ${p}\n  </td>`;
      });
      return ` <tr style='mso-yfti-irow:${r}${r === 0 ? ';mso-yfti-firstrow:yes' : ''}'>\n  ${tds.join('\n  ')}\n </tr>`;
    });
    return `<p class=MsoNormal style='text-indent:32.0pt'><b><span style='font-family:黑体'>${esc(TITLES[t])}<span lang=EN-US><o:p></o:p></span></span></b></p>\n\n<table class=MsoNormalTable border=1 cellspacing=0 cellpadding=0\n style='border-collapse:collapse;border:none;mso-border-alt:solid windowtext .5pt;\n mso-yfti-tbllook:1184;mso-padding-alt:0cm 5.4pt 0cm 5.4pt'>\n${trs.join('\n')}\n</table>\n\n<p class=MsoNormal><span lang=EN-US><o:p>&nbsp;</o:p></span></p>`;
  }).join('\n\n');
  return `<html xmlns:v="urn:schemas-microsoft-com:vml"
xmlns:o="urn:schemas-microsoft-com:office:office"
xmlns:w="urn:schemas-microsoft-com:office:word"
xmlns:m="http://schemas.microsoft.com/office/2004/12/omml"
xmlns="http://www.w3.org/TR/REC-html40">

<head>
<meta http-equiv=Content-Type content="text/html; charset=utf-8">
<meta name=ProgId content=Word.Document>
<meta name=Generator content="Microsoft Word 15">
<meta name=Originator content="Microsoft Word 15">
<link rel=File-List href="file:///C:/Users/admin/AppData/Local/Temp/msohtmlclip1/01/clip_filelist.xml">
<style>
<!--
 /* Font Definitions */
 @font-face
	{font-family:宋体;
	panose-1:2 1 6 0 3 1 1 1 1 1;
	mso-font-charset:134;}
p.MsoNormal, li.MsoNormal, div.MsoNormal
	{mso-style-unhide:no;
	mso-style-qformat:yes;
	margin:0cm;
	text-align:justify;
	text-justify:inter-ideograph;
	font-size:10.5pt;
	font-family:等线;}
-->
</style>
</head>

<body lang=ZH-CN style='tab-interval:21.0pt;word-wrap:break-word;text-justify-trim:punctuation'>
<!--StartFragment-->

${body}

<!--EndFragment-->
</body>

</html>`;
}

export function wps(values) {
  const body = TABLES.map((rows, t) => {
    const trs = rows.map((slots) => {
      const tds = slots.map((s) => {
        if (!s.cell) return `<td class="et3"${spans(s)} x:str>${esc(s.text)}</td>`;
        const v = values[s.cell] ?? '';
        return /^-?\d+(\.\d+)?$/.test(v) ? `<td class="et5"${spans(s)} x:num="${v}">${esc(v)}</td>` : `<td class="et5"${spans(s)}>${esc(v)}</td>`;
      });
      return `<tr height="22" style="height:16.50pt;">${tds.join('')}</tr>`;
    });
    return `<table width="900" border="1" cellpadding="0" cellspacing="0" style="width:675pt;border-collapse:collapse;table-layout:fixed;"><tr height="22"><td class="et2" colspan="16" x:str>${esc(TITLES[t])}</td></tr>${trs.join('')}</table>`;
  }).join('');
  return `<html xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel" xmlns="http://www.w3.org/TR/REC-html40"><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"><meta name="ProgId" content="Excel.Sheet"><meta name="Generator" content="WPS Office ET"><style>
<!--.et2{font-weight:700;}.et3{text-align:left;white-space:normal;}.et5{text-align:right;mso-number-format:"0";}-->
</style></head><body link="blue" vlink="purple"><!--StartFragment-->${body}<!--EndFragment--></body></html>`;
}

/** The sheet Excel lays the three tables out in: one grid, 16 columns, a title row before each. */
function sheet() {
  const rows = [];
  TABLES.forEach((table, t) => {
    rows.push([{ text: TITLES[t], colspan: 16, rowspan: 1 }]);
    for (const slots of table) rows.push(slots);
  });
  return rows;
}

export function excel(values) {
  const trs = sheet().map((slots) => {
    const tds = slots.map((s) => {
      if (!s.cell) return `<td class=xl66${spans(s)} style='border:.5pt solid windowtext'>${esc(s.text)}</td>`;
      const v = values[s.cell] ?? '';
      return /^-?\d+(\.\d+)?$/.test(v) ? `<td class=xl67${spans(s)} align=right x:num>${esc(v)}</td>` : `<td class=xl67${spans(s)}>${esc(v)}</td>`;
    });
    return ` <tr height=19 style='height:14.25pt'>\n  ${tds.join('\n  ')}\n </tr>`;
  });
  return `<html xmlns:v="urn:schemas-microsoft-com:vml"
xmlns:o="urn:schemas-microsoft-com:office:office"
xmlns:x="urn:schemas-microsoft-com:office:excel"
xmlns="http://www.w3.org/TR/REC-html40">

<head>
<meta http-equiv=Content-Type content="text/html; charset=utf-8">
<meta name=ProgId content=Excel.Sheet>
<meta name=Generator content="Microsoft Excel 15">
<link id=Main-File rel=Main-File
href="file:///C:/Users/admin/AppData/Local/Temp/msohtmlclip1/01/clip.htm">
<link rel=File-List
href="file:///C:/Users/admin/AppData/Local/Temp/msohtmlclip1/01/clip_filelist.xml">
<style>
<!--table
	{mso-displayed-decimal-separator:"\\.";
	mso-displayed-thousand-separator:"\\,";}
.xl66
	{mso-style-parent:style0;
	text-align:left;
	white-space:normal;}
.xl67
	{mso-style-parent:style0;
	mso-number-format:"0_ ";}
-->
</style>
</head>

<body link="#0563C1" vlink="#954F72">

<table border=0 cellpadding=0 cellspacing=0 width=1088 style='border-collapse:
 collapse;width:816pt'>
<!--StartFragment-->
${' <col width=68 style=\'width:51pt\'>\n'.repeat(16)}${trs.join('\n')}
<!--EndFragment-->
</table>

</body>

</html>`;
}

/** Excel's text/plain of the same sheet: a merged cell's text in its first slot, blanks in the rest. */
export function tsv(values) {
  const grid = [];
  sheet().forEach((slots, r) => {
    grid[r] = grid[r] || [];
    let c = 0;
    for (const s of slots) {
      while (grid[r][c] !== undefined) c++;
      for (let dr = 0; dr < s.rowspan; dr++) {
        grid[r + dr] = grid[r + dr] || [];
        for (let dc = 0; dc < s.colspan; dc++) grid[r + dr][c + dc] = dr === 0 && dc === 0 ? (s.cell ? values[s.cell] ?? '' : s.text) : '';
      }
      c += s.colspan;
    }
  });
  return grid.map((row) => Array.from(row, (v) => v ?? '').join('\t')).join('\r\n') + '\r\n';
}

export const SOURCES = { word, wps, excel, tsv };

/**
 * A report that adds up, with numbers in every typed cell: table 三's columns balance (new +
 * carried in = results + carried out), totals as the core computes them. `n` varies it.
 */
export function consistentReport(api, n = 1) {
  const def = api.form();
  let x = 7 * n + 3;
  const next = () => (x = (x * 37 + 11) % 97) % 9;
  const values = def.cells.map((c) => (c.derived ? '' : String(next())));
  const at = (id) => def.cells.findIndex((c) => c.id === id);
  for (const col of ['natural', 'business', 'research', 'nonprofit', 'legal', 'other']) {
    const results = def.cells.filter((c) => c.table === 't3' && c.col === col && !c.derived && !['new', 'carried_in', 'carried_out'].includes(c.row)).reduce((s, c) => s + Number(values[at(c.id)]), 0);
    const carriedIn = Number(values[at(`t3.carried_in.${col}`)]);
    values[at(`t3.new.${col}`)] = String(results + Number(values[at(`t3.carried_out.${col}`)]) + 1);
    values[at(`t3.carried_in.${col}`)] = String(Math.min(carriedIn, 1));
    values[at(`t3.carried_out.${col}`)] = String(Number(values[at(`t3.carried_out.${col}`)]) + Math.min(carriedIn, 1) + 1);
  }
  const result = api.checkValues(values, { mode: 'fill', phase: 'submit' });
  if (!result.ok) throw new Error('consistentReport: ' + JSON.stringify(result.diagnostics.slice(0, 3)));
  return Object.fromEntries(def.cells.map((c, i) => [c.id, c.derived ? String(result.totals[c.id]) : values[i]]));
}
