// The one extraction of a report form page, over a DOM: the live document in the browser (the
// drop-in wrapper) and a parsed document in Node (linkedom: `npx nianbao mapping`, `mapHtml`,
// `nianbao serve --page`), so the server maps a page exactly as the browser does. It only reads
// the DOM into the page model of the label matcher (tables as grids, inputs with their labels);
// which input is which cell is decided in the core (api.mapGrid).
// scripts/build-wasm.sh turns this file into pkg/extract.cjs: keep its top-level exports as
// `export function`, no imports. The drop-in script bundles it: only what Chromium 86 and
// Firefox 78 have.

const FIELD_TYPES = ['', 'text', 'number', 'tel', 'search'];
const SKIP = ['script', 'style', 'textarea', 'select', 'title', 'table', 'template', 'noscript', 'button', 'option'];
const BREAK = ['br', 'p', 'div', 'li', 'label', 'legend'];

/** An input a person types a number into: text-like `<input>` or `<textarea>`. */
export function isField(el) {
  if (!el || el.nodeType !== 1) return false;
  if (el.localName === 'textarea') return true;
  return el.localName === 'input' && FIELD_TYPES.indexOf((el.getAttribute('type') || '').trim().toLowerCase()) >= 0;
}

/** The fields under root, in document order. */
export function fields(root) {
  return Array.prototype.filter.call(root.querySelectorAll('input,textarea'), isField);
}

/** The text of a node as read: whitespace folded, nested tables, scripts and controls left out,
 * and what the wrapper shows (data-nianbao-ui: messages, the summary). */
export function textOf(node) {
  let out = '';
  const walk = (n) => {
    for (let c = n.firstChild; c; c = c.nextSibling) {
      if (c.nodeType === 3) out += c.nodeValue;
      else if (c.nodeType === 1 && SKIP.indexOf(c.localName) < 0 && !c.hasAttribute('data-nianbao-ui')) {
        if (BREAK.indexOf(c.localName) >= 0) out += ' ';
        walk(c);
      }
    }
  };
  walk(node);
  return out.replace(/\s+/g, ' ').trim();
}

function childrenNamed(el, names) {
  return Array.prototype.filter.call(el.children, (c) => names.indexOf(c.localName) >= 0);
}

/** A table's rows in document order (with or without thead/tbody/tfoot), not a nested table's. */
function rowsOf(table) {
  const rows = [];
  for (const child of childrenNamed(table, ['tr', 'thead', 'tbody', 'tfoot'])) {
    if (child.localName === 'tr') rows.push(child);
    else rows.push(...childrenNamed(child, ['tr']));
  }
  return rows;
}

// A cell of a grid that holds a value: a number as a person writes one, blank, or a mark that
// stands for blank (—, -, /, _, 无).
const VALUE_TEXT = /^(?:[-+]?[0-9\uFF10-\uFF19,\uFF0C.\uFF0E\s]*|[-\u2014\u2013/\uFF0F_\uFF3F\u65E0])$/;
const BLANK_TEXT = /^(?:\s*|[-\u2014\u2013/\uFF0F_\uFF3F\u65E0])$/;

/** Whether a cell's text is a value: a number, blank, or a mark for blank. */
export function isValueText(text) {
  return VALUE_TEXT.test(text);
}

/** Whether a cell's text stands for a blank cell: nothing, or —, -, /, _, 无. */
export function isBlankText(text) {
  return BLANK_TEXT.test(text);
}
// A table whose fields are at most this many is read as a grid (an editor in the active cell).
const GRID_EDITORS = 2;

/** Whether `table` is a data-entry grid of text cells (vxe-table edit-config, an el-table or
 * Ant Design table with an editor in the active cell, Handsontable): an editor in at most
 * GRID_EDITORS cells, and at least 10 cells blank or holding a number. */
export function isGrid(table) {
  if (fields(table).length > GRID_EDITORS) return false;
  let values = 0;
  for (const tr of rowsOf(table)) for (const td of childrenNamed(tr, ['td'])) if (VALUE_TEXT.test(textOf(td))) values++;
  return values >= 10;
}

/** The value a grid cell shows: its editor's while one is open in it, its text otherwise. */
export function cellText(td) {
  const editor = fields(td)[0];
  return editor ? editor.value : textOf(td);
}

function span(cell, name) {
  const n = parseInt(cell.getAttribute(name) || '1', 10);
  return n >= 1 ? Math.min(n, 1000) : 1;
}

/**
 * Whether a field is a hidden copy: not shown although its place is laid out (visibility:hidden,
 * as frameworks hide the duplicated cells of fixed columns). Inputs in `display:none` panes
 * (hidden steps, tabs) are not copies: they are mapped like any other.
 */
export function isHiddenCopy(el) {
  for (let n = el; n && n.nodeType === 1; n = n.parentElement) {
    if (n.classList && n.classList.contains('is-hidden')) return true;
    if (/visibility\s*:\s*(hidden|collapse)/i.test(n.getAttribute('style') || '')) return true;
  }
  const view = el.ownerDocument && el.ownerDocument.defaultView;
  if (view && typeof view.getComputedStyle === 'function') {
    const style = view.getComputedStyle(el);
    if (style && style.visibility && style.visibility !== 'visible') return true;
  }
  return false;
}

/** The labels a field has of its own: aria-labelledby, aria-label, <label for>, a wrapping <label>. */
function ownLabels(el, labelsFor) {
  const doc = el.ownerDocument;
  const out = [];
  for (const id of (el.getAttribute('aria-labelledby') || '').split(/\s+/)) {
    const target = id && doc.getElementById(id);
    if (target) out.push(textOf(target));
  }
  // An aria-label the wrapper gave (data-nianbao-label) is the cell's, not the page's.
  const aria = el.hasAttribute('data-nianbao-label') ? '' : (el.getAttribute('aria-label') || '').trim();
  if (aria) out.push(aria);
  const id = el.getAttribute('id');
  if (id && labelsFor.has(id)) out.push(...labelsFor.get(id));
  const wrapping = el.parentElement && el.parentElement.closest('label');
  if (wrapping) out.push(textOf(wrapping));
  return out.filter(Boolean);
}

/** The legends of the fieldsets around a field (within root), outermost first. */
function legendsOf(el, root) {
  const out = [];
  for (let n = el.parentElement; n && n !== root.parentElement; n = n.parentElement) {
    if (n.localName !== 'fieldset') continue;
    const legend = childrenNamed(n, ['legend'])[0];
    if (legend) out.unshift(textOf(legend));
  }
  return out.filter(Boolean);
}

/** A cell id given by the page: `mapping` (field name or id → cell), or data-nianbao-cell on the
 * field or on a component wrapper around it alone. */
function explicitCell(el, given) {
  const name = el.getAttribute('name') || '';
  const id = el.getAttribute('id') || '';
  if (name && Object.prototype.hasOwnProperty.call(given, name)) return String(given[name]);
  if (id && Object.prototype.hasOwnProperty.call(given, id)) return String(given[id]);
  const own = (el.getAttribute('data-nianbao-cell') || '').trim();
  if (own) return own;
  const wrapper = el.parentElement && el.parentElement.closest('[data-nianbao-cell]');
  if (wrapper && fields(wrapper).length === 1) return (wrapper.getAttribute('data-nianbao-cell') || '').trim() || null;
  return null;
}

/**
 * The page model of the report under `root`: `{ page: { tables, inputs }, elements }`. Tables are
 * grids (rowspan/colspan resolved; a slot's text includes the own labels of the fields in it);
 * a field outside any table becomes a "free" grid of its labels (fieldset legends outermost
 * first, then its own labels). `elements[k]` is the field of `page.inputs[k]`. `loose`: the root
 * is the one reportRoots() found around fields outside forms: tables and fields in forms are not
 * its own. A report in grids of text cells (see isGrid) has its value cells (`<td>`s) as
 * `elements`; `textCells` reads every table so (tables pasted from Word, WPS or Excel).
 */
export function extractPage(root, given, loose, textCells) {
  given = given || {};
  const own = (el) => !loose || !el.closest('form');
  const doc = root.ownerDocument || root;
  const labelsFor = new Map();
  for (const label of doc.querySelectorAll('label[for]')) {
    const target = label.getAttribute('for');
    if (!labelsFor.has(target)) labelsFor.set(target, []);
    labelsFor.get(target).push(textOf(label));
  }
  const tables = [];
  const inputs = [];
  const elements = [];
  const taken = new Set();
  const add = (el) => {
    const ordinal = inputs.length;
    const name = el.getAttribute('name') || '';
    const id = el.getAttribute('id') || '';
    let key = name || id || '#' + ordinal;
    if (taken.has(key)) key = key + '#' + ordinal;
    taken.add(key);
    const input = { key, cell: explicitCell(el, given) };
    if (isHiddenCopy(el)) input.hidden = true;
    inputs.push(input);
    elements.push(el);
    return ordinal;
  };

  const all = (root.localName === 'table' ? [root] : Array.prototype.slice.call(root.querySelectorAll('table'))).filter(own);
  // A report whose tables hold (almost) no fields is a grid of text cells: its value cells are
  // the report's cells, read from their text (and written through the grid's editor).
  const gridCells = new Set();
  const grids = textCells || (all.reduce((n, t) => n + fields(t).length, 0) < 10 && all.some(isGrid));
  for (const table of all) {
    const grid = [];
    const rows = rowsOf(table);
    // Within a report found as grids, every table with no more fields than open editors is one
    // (a small table of two rows is a grid too, beside the large ones that made the report).
    const isGridTable = grids && (textCells || fields(table).length <= GRID_EDITORS);
    rows.forEach((tr, r) => {
      let c = 0;
      for (const cell of childrenNamed(tr, ['td', 'th'])) {
        while (grid[r] && grid[r][c]) c++;
        const here = [];
        const value = isGridTable && cell.localName === 'td' && (fields(cell).length > 0 || VALUE_TEXT.test(textOf(cell)));
        const texts = value ? [] : [textOf(cell)];
        if (value) {
          here.push(add(cell));
          gridCells.add(cell);
        }
        for (const el of value ? [] : fields(cell)) {
          if (el.parentElement.closest('td,th') !== cell) continue;
          here.push(add(el));
          texts.push(...ownLabels(el, labelsFor));
        }
        const text = texts.filter(Boolean).join(' ');
        const rs = span(cell, 'rowspan');
        const cs = span(cell, 'colspan');
        for (let dr = 0; dr < rs; dr++) {
          if (!grid[r + dr]) grid[r + dr] = [];
          for (let dc = 0; dc < cs; dc++) grid[r + dr][c + dc] = { t: text, i: dr === 0 && dc === 0 ? here : [] };
        }
        c += cs;
      }
    });
    grid.length = Math.min(grid.length, rows.length);
    tables.push({ rows: Array.from(grid, (row) => Array.from(row || [], (slot) => slot || null)) });
  }

  const inTables = new Set(elements);
  for (const el of fields(root)) {
    if (inTables.has(el) || !own(el) || gridCells.has(el.closest('td'))) continue;
    const k = add(el);
    const labels = legendsOf(el, root).concat(ownLabels(el, labelsFor));
    tables.push({ free: true, rows: [labels.map((t) => ({ t, i: [] })).concat([{ t: '', i: [k] }])] });
  }
  return { page: { tables, inputs }, elements };
}

function commonAncestor(nodes) {
  let root = nodes[0].parentElement;
  for (const n of nodes) while (root && !root.contains(n)) root = root.parentElement;
  return root;
}

/** The outermost table `el` is in (a table of labels may sit in a cell of the report's), or null. */
function outerTable(el) {
  let table = el.closest('table');
  while (table && table.parentElement && table.parentElement.closest('table')) table = table.parentElement.closest('table');
  return table;
}

/**
 * The element that holds the report around `root` (the tables holding its fields, or their
 * nearest common ancestor): a part of a table gives the whole table (Excel/WPS export one sheet
 * as one table); a table gives the nearest element a few levels up that also holds the tables
 * of its labels without holding more fields (el-table, vxe-table: the header is a table of its
 * own beside the body's).
 */
function reportHolder(root, count) {
  const table = outerTable(root);
  if (!table) return root;
  const tables = (el) => el.querySelectorAll('table').length + (el.localName === 'table' ? 1 : 0);
  let up = table;
  for (let level = 0; level < 4 && up.parentElement && up.parentElement.localName !== 'body'; level++) {
    up = up.parentElement;
    if (fields(up).length > count) break;
    if (tables(up) > tables(table)) return up;
  }
  return table;
}

/**
 * Where reports may be on a page: each `<form>` holding fields, and outside forms the element
 * holding the report's tables (see reportHolder; frameworks' report pages often have no
 * `<form>`): `[{ root, loose }]`, forms first, in document order.
 */
export function reportRoots(doc) {
  const forms = [];
  const loose = [];
  for (const el of fields(doc)) {
    const form = el.closest('form');
    if (!form) loose.push(el);
    else if (forms.indexOf(form) < 0) forms.push(form);
  }
  // Grids of text cells outside forms hold reports too, with no field but an open editor.
  const grids = Array.prototype.filter.call(doc.querySelectorAll('table'), (t) => !t.closest('form') && outerTable(t) === t && isGrid(t));
  const roots = forms.map((root) => ({ root, loose: false }));
  if (loose.length || grids.length) {
    // The tables holding fields, when there are any: fields above them (unit, contact, a search
    // box) are not the report's.
    const tables = [];
    for (const el of loose) {
      const table = outerTable(el);
      if (table && tables.indexOf(table) < 0) tables.push(table);
    }
    for (const table of grids) if (tables.indexOf(table) < 0) tables.push(table);
    const root = tables.length === 1 ? tables[0] : commonAncestor(tables.length ? tables : loose);
    if (root) roots.push({ root: reportHolder(root, fields(root).length), loose: true });
  }
  return roots;
}
