// What a person pastes into a report: the tables Word, WPS or Excel put on the clipboard —
// text/html (Word's MsoNormalTable, labels in <p class=MsoNormal><span>, <o:p> blanks, the
// template's rowspans and colspans; WPS's x:num/x:str cells; Excel's td.xl… cells; a CF_HTML
// header or its fragment comments) or, failing that, the tab-separated text/plain. The tables are
// read as grids of text cells (extract.mjs) and matched to the report's cells by their labels in
// the core (api.mapGrid), exactly as a page's inputs are; a block of bare numbers is placed along
// the report's own rows and columns from the cell that had the focus. Only reading and placing:
// the wrapper writes the values into the page, Node and the CLI into a report.
// scripts/build-wasm.sh turns this file into pkg/paste.cjs: keep its top-level exports as
// `export function`, no imports. The drop-in script bundles it: only what Chromium 86 and
// Firefox 78 have.

/** Escapes text for HTML. */
function escapeHtml(text) {
  return text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
}

/**
 * Tab-separated text (as Excel, WPS and Word put it on the clipboard: CRLF rows, a cell holding a
 * line break or a quote in double quotes) → its rows of cells.
 */
export function tsvRows(text) {
  const rows = [];
  let row = [];
  let cell = '';
  let quoted = false;
  const t = String(text).replace(/\r\n?/g, '\n').replace(/\n+$/, '');
  for (let i = 0; i < t.length; i++) {
    const c = t[i];
    if (quoted) {
      if (c === '"' && t[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"' && cell === '') quoted = true;
    else if (c === '\t') {
      row.push(cell);
      cell = '';
    } else if (c === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += c;
  }
  row.push(cell);
  rows.push(row);
  return rows;
}

/**
 * Tab-separated rows as the table they were copied from. A merged cell comes out of Excel as its
 * text followed by blanks, to its right (colspan) and below it (rowspan). Among a row's labels
 * (before the column its run of rows with numbers starts them; every cell of a header row) a
 * blank repeats the label straight above
 * it when there is one (rowspan), and widens the label to its left otherwise (colspan); a new
 * label of a row with numbers ends the labels above to its right (the template's labels nest
 * left to right); blanks after a row's last value are no cells. `isValue(text)`: a number or a
 * mark for blank.
 */
function tsvTable(text, isValue) {
  const above = []; // column → the label straight above, in the rows read so far
  const all = tsvRows(text);
  const values = all.map((cells) => cells.map((c) => c.trim() !== '' && isValue(c.trim())));
  // Where a run of rows with numbers starts its numbers: a row whose first number is blank
  // starts them where its neighbours do.
  const starts = values.map((v) => v.indexOf(true));
  for (let r = 0; r < all.length; ) {
    let end = r;
    while (end < all.length && starts[end] >= 0) end++;
    const from = Math.min.apply(null, starts.slice(r, end).concat([Infinity]));
    for (let k = r; k < end; k++) starts[k] = from;
    r = Math.max(end, r + 1);
  }
  const rows = all.map((cells, r) => {
    const first = starts[r];
    const last = values[r].lastIndexOf(true);
    const labels = first < 0 ? cells.length : first;
    const out = [];
    cells.forEach((c, j) => {
      const v = c.trim();
      if (j >= labels) {
        above[j] = undefined;
        if (j <= last) out.push({ t: v, span: 1 });
      } else if (v !== '') {
        above[j] = v;
        if (first >= 0) for (let k = j + 1; k < labels; k++) above[k] = undefined;
        out.push({ t: v, span: 1 });
      } else if (above[j] !== undefined || !out.length) out.push({ t: above[j] || '', span: 1 });
      else out[out.length - 1].span++;
    });
    return '<tr>' + out.map((c) => '<td' + (c.span > 1 ? ' colspan="' + c.span + '"' : '') + '>' + escapeHtml(c.t) + '</td>').join('') + '</tr>';
  });
  return '<table>' + rows.join('') + '</table>';
}

/** Whether pasted plain text is a table: more than one cell (a tab or a line break between values). */
export function isTable(text) {
  return /\t|\S\s*\n\s*\S/.test(String(text || '').trim());
}

/**
 * The clipboard as an HTML text whose tables the report is read from: text/html when it holds a
 * table (the CF_HTML header and anything outside <html> dropped), else the tab-separated text as
 * one table. `null` when neither is a table: a single value or plain text is the browser's paste.
 */
export function clipboardHtml(html, text, isValue) {
  if (html && /<table[\s>]/i.test(html)) {
    const start = html.search(/<html[\s>]|<!--StartFragment-->/i);
    return start > 0 ? html.slice(start) : html;
  }
  return isTable(text) ? tsvTable(text, isValue) : null;
}

/**
 * The report in the pasted tables under `root` (a parsed document's body):
 * `{ cells: {cell id → text}, blanks: [cell id], unmatched: [row label], block }` — the cells
 * matched by their labels, those the source left blank, the labels of rows whose numbers matched
 * no cell, and `block` (rows of texts) when nothing matched and every cell is a number or blank:
 * a bare block for placeBlock. `extract` is extract.mjs, `api` the core's (mapGrid).
 */
export function readTables(root, api, extract, formId) {
  const { page, elements } = extract.extractPage(root, {}, false, true);
  const mapped = api.mapGrid(page, formId);
  const cells = {};
  const blanks = [];
  const unmatched = [];
  page.inputs.forEach((input, k) => {
    const text = extract.cellText(elements[k]).trim();
    const cell = mapped.mapping[input.key];
    if (cell !== undefined) {
      if (extract.isBlankText(text)) blanks.push(cell);
      else cells[cell] = text;
    } else if (!extract.isBlankText(text)) {
      const label = rowLabel(elements[k], extract);
      if (label && unmatched.indexOf(label) < 0) unmatched.push(label);
    }
  });
  let block = null;
  if (!Object.keys(cells).length && !blanks.length) {
    const rows = [];
    let bare = true;
    for (const tr of root.querySelectorAll('tr')) {
      const row = [];
      for (const td of tr.children) {
        const text = extract.cellText(td).trim();
        if (elements.indexOf(td) < 0) bare = false;
        row.push(extract.isBlankText(text) ? '' : text);
      }
      if (row.length) rows.push(row);
    }
    if (bare && rows.length) block = rows;
  }
  return { cells, blanks, unmatched: block ? [] : unmatched, block };
}

/** The text of the first cell of `td`'s row that is not a value: the row's label. */
function rowLabel(td, extract) {
  for (const c of td.parentElement ? td.parentElement.children : []) {
    const text = extract.textOf(c);
    if (c !== td && text && !extract.isValueText(text)) return text;
  }
  return '';
}

/**
 * Places a bare block of numbers (rows of texts, '' for blank) on the report from cell `fromId`,
 * rightwards and downwards along the rows and columns of its table, skipping derived totals (a
 * row with nothing to type is skipped whole), as a spreadsheet pastes a block. `{ cells }`, or
 * `{ error: { rows, cols, roomRows, roomCols } }` when the block is wider or taller than the
 * table from there: then nothing is placed (a block is never wrapped).
 */
export function placeBlock(form, fromId, block) {
  const from = form.cells.find((c) => c.id === fromId);
  if (!from || from.derived) return { error: { rows: block.length, cols: 0, roomRows: 0, roomCols: 0 } };
  const rows = [];
  for (const c of form.cells) {
    if (c.table !== from.table || c.derived) continue;
    let r = rows[rows.length - 1];
    if (!r || r.row !== c.row) rows.push((r = { row: c.row, ids: [] }));
    r.ids.push(c.id);
  }
  const r0 = rows.findIndex((r) => r.row === from.row);
  const c0 = rows[r0].ids.indexOf(fromId);
  const cols = Math.max.apply(null, block.map((r) => r.length));
  const roomRows = rows.length - r0;
  const roomCols = Math.min.apply(null, rows.slice(r0, r0 + block.length).map((r) => r.ids.length - c0));
  if (block.length > roomRows || cols > roomCols) return { error: { rows: block.length, cols, roomRows, roomCols: Math.max(roomCols, 0) } };
  const cells = {};
  block.forEach((row, i) => row.forEach((v, j) => (cells[rows[r0 + i].ids[c0 + j]] = v)));
  return { cells };
}
