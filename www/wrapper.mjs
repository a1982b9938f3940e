// The drop-in wrapper: attaches to a report someone else's markup defines (a <form>, or any
// element a framework renders), fills the derived totals while people type, shows errors
// accessibly, and guards what the page sends (guard.mjs). It only touches the DOM: which input
// is which cell (api.mapGrid), every rule and every message come from the core. It never changes
// or fires events on a value a person typed; derived totals are written through the native value
// setter and announced with `input` and `change`, so Vue, React and jQuery see them. All text is
// set with textContent.
// The drop-in script bundles it (scripts/bundle.mjs): only what Chromium 86 and Firefox 78 have.

import * as extract from './extract.mjs';
import * as sends from './send.mjs';
import * as pasting from './paste.mjs';
import { makeGuard, urlTest } from './guard.mjs';
import { makeSummary } from './summary.mjs';

/** The wrapper over `api` (api.mjs's makeApi; the drop-in gives one that recovers from traps). */
export function makeWrapper(api) {
  const TEXT = {
    'zh-CN': {
      error: '错误：', warning: '注意：', heading: '提交前请改正以下问题', sep: '；', warn: '以下输入框无法对应到报表的格子', missing: '报表中这些格子在页面上没有输入框',
      blanks: (n) => '共 ' + n + ' 个格子未填写；没有发生的请填 0', zeros: '把未填写的格子填为 0', more: (n) => '另有 ' + n + ' 处问题，见表中标红的格子',
      pasted: (n) => '已粘贴 ' + n + ' 个格子', pasteBlanks: (n) => '来源中 ' + n + ' 个格子是空的，保持原样', pasteTotals: '粘贴的合计与各项之和不符，已按各项重新计算：',
      pastedTotal: (p, e) => '粘贴的是 ' + p + '，按各项应为 ' + e, pasteUnmatched: '这些行对应不到报表的格子：', pasteOverwritten: (n) => '覆盖了 ' + n + ' 个原有的数：',
      pasteMissing: '这些格子页面上没有输入框，没有粘贴：', undo: '撤销粘贴', list: '、', etc: (n) => '等 ' + n + ' 项',
      pasteTooBig: (e) => '粘贴的数字有 ' + e.rows + ' 行 ' + e.cols + ' 列，从这个格子起本表只有 ' + e.roomRows + ' 行 ' + e.roomCols + ' 列可填，没有粘贴',
    },
    en: {
      error: 'Error: ', warning: 'Warning: ', heading: 'There is a problem', sep: '; ', warn: 'inputs not matched to a cell of the report', missing: 'cells of the report without an input on the page',
      blanks: (n) => n + ' cells are blank; enter 0 where there were none', zeros: 'Fill the blank cells with 0', more: (n) => n + ' more problems: see the cells marked in red',
      pasted: (n) => 'Pasted ' + n + ' cells', pasteBlanks: (n) => n + ' cells were blank in the source and were left as they were', pasteTotals: 'Pasted totals that disagree with their parts, computed again from the parts: ',
      pastedTotal: (p, e) => 'pasted ' + p + ', the parts give ' + e, pasteUnmatched: 'Rows not matched to a cell of the report: ', pasteOverwritten: (n) => 'Overwrote ' + n + ' earlier values: ',
      pasteMissing: 'Cells without an input on the page, not pasted: ', undo: 'Undo paste', list: ', ', etc: (n) => 'and ' + n + ' more',
      pasteTooBig: (e) => 'The pasted numbers are ' + e.rows + ' rows by ' + e.cols + ' columns; from this cell the table has room for ' + e.roomRows + ' rows by ' + e.roomCols + ' columns. Nothing was pasted',
    },
  };
  const MIN_CELLS = 10;
  const sheets = new WeakSet();
  const controllers = [];
  const { guard } = makeGuard(controllers, sends);
  let serial = 0;

  function addStyles(doc, nonce) {
    if (sheets.has(doc)) return;
    sheets.add(doc);
    // Errors are a red ring (box-shadow), so the focus ring stays the page's own outline, and
    // on a field in error a yellow one outside the red (portals often remove outlines).
    // Messages under a cell in a table are laid out in space the row reserves below its inputs
    // (see reserve()): they never widen a column.
    const css = `.nianbao-invalid{box-shadow:0 0 0 2px #d4351c !important}
.nianbao-invalid:focus{outline:3px solid #fd0 !important;outline-offset:2px !important}
.nianbao-total{background:#f3f2f1 !important;color:#0b0c0c !important;border-style:dotted !important;cursor:default}
.nianbao-msg{display:block;font-size:12px;line-height:1.3;text-align:left;font-weight:normal;overflow-wrap:anywhere;white-space:normal}
.nianbao-msg.nianbao-in-cell{position:absolute;left:2px;right:2px;bottom:2px;margin:0}
.nianbao-error{color:#d4351c;font-weight:bold}
.nianbao-warning{color:#8a5a00}
.nianbao-summary{border:4px solid #d4351c;padding:.5em 1em;margin:0 0 1em;text-align:left}
.nianbao-summary:focus{outline:3px solid #fd0}
.nianbao-summary h2{font-size:1.2em;margin:.2em 0 .4em}
.nianbao-summary a{color:#1d70b8}
.nianbao-summary button{margin-left:.5em}
.nianbao-paste{border:4px solid #1d70b8;padding:.5em 1em;margin:0 0 1em;text-align:left}
.nianbao-paste p{font-weight:bold;margin:.2em 0}`;
    // A constructed sheet works under a strict Content-Security-Policy (no inline <style>);
    // where there are none (Firefox < 101, Chromium < 73), a <style> element with the page's
    // CSP nonce (the drop-in's own, or attach's `nonce`).
    const view = doc.defaultView;
    if (view.CSSStyleSheet && 'adoptedStyleSheets' in doc && 'replaceSync' in view.CSSStyleSheet.prototype) {
      try {
        const sheet = new view.CSSStyleSheet();
        sheet.replaceSync(css);
        doc.adoptedStyleSheets = doc.adoptedStyleSheets.concat([sheet]);
        return;
      } catch (e) {
        /* a <style> element below */
      }
    }
    const style = doc.createElement('style');
    if (nonce) style.setAttribute('nonce', nonce);
    style.setAttribute('data-nianbao-ui', '');
    style.textContent = css;
    (doc.head || doc.documentElement).append(style);
  }

  function hideVisually(el) {
    Object.assign(el.style, {
      position: 'absolute', width: '1px', height: '1px', margin: '-1px', padding: '0',
      overflow: 'hidden', clip: 'rect(0 0 0 0)', whiteSpace: 'nowrap', border: '0',
    });
  }

  function addToken(el, attr, token) {
    const list = (el.getAttribute(attr) || '').split(/\s+/).filter(Boolean);
    if (list.indexOf(token) < 0) el.setAttribute(attr, list.concat([token]).join(' '));
  }

  function setAttr(el, attr, value) {
    if (value === null) el.removeAttribute(attr);
    else el.setAttribute(attr, value);
  }

  function removeToken(el, attr, token) {
    const list = (el.getAttribute(attr) || '').split(/\s+/).filter((t) => t && t !== token);
    if (list.length) el.setAttribute(attr, list.join(' '));
    else el.removeAttribute(attr);
  }

  function emit(target, type, detail, cancelable) {
    const view = target.ownerDocument ? target.ownerDocument.defaultView : target.defaultView;
    return target.dispatchEvent(new view.CustomEvent(type, { bubbles: true, cancelable: !!cancelable, detail }));
  }

  /** Sets a value through the native setter: React's controlled inputs ignore `el.value = …`. */
  function setValue(el, value) {
    const view = el.ownerDocument.defaultView;
    const proto = el.localName === 'textarea' ? view.HTMLTextAreaElement.prototype : view.HTMLInputElement.prototype;
    Object.getOwnPropertyDescriptor(proto, 'value').set.call(el, value);
  }

  /** Tells the page's own code (Vue v-model, React state, jQuery handlers) about a value. */
  function announce(el) {
    const view = el.ownerDocument.defaultView;
    el.dispatchEvent(new view.Event('input', { bubbles: true }));
    el.dispatchEvent(new view.Event('change', { bubbles: true }));
  }

  /** A report cell's element is an input, or a grid's text cell (a <td>) when the grid has no input per cell. */
  const isInput = (el) => el.localName === 'input' || el.localName === 'textarea';

  function isShown(el) {
    return el.getClientRects().length > 0;
  }

  /** The control that shows a hidden pane: aria-controls, href="#id", or a data-* naming it. */
  function tabFor(doc, id) {
    for (const el of doc.querySelectorAll('[aria-controls],a[href^="#"]')) {
      if ((el.getAttribute('aria-controls') || '').split(/\s+/).indexOf(id) >= 0 || el.getAttribute('href') === '#' + id) return el;
    }
    for (const el of doc.querySelectorAll('body *')) {
      for (const attr of el.attributes) {
        if (attr.name.indexOf('data-') === 0 && (attr.value === id || attr.value === '#' + id)) return el;
      }
    }
    return null;
  }

  /**
   * Attaches to `root` (a form or any element holding the report). Options: locale
   * ('zh-CN' | 'en'), mode ('fill' | 'verify'), blockSubmit (true), mapping ({field name or id
   * → cell id}), form (the form's id; the core's default), nonce (the page's CSP nonce, for the
   * <style> element of browsers without constructable stylesheets), writeCell (a grid's cell
   * element, value, cell id → true once the page wrote the total into its grid's data),
   * draftUrl (patterns of the page's draft-save URLs, see urlTest). Returns the controller (also
   * when few cells map: the page asked for it; what did not map is in controller.mapping()).
   */
  function attach(root, options) {
    const found = controllers.find((c) => c.root === root);
    if (found) return found;
    return attachMapped(root, options || {}, prepare(root, options || {}, false));
  }

  function prepare(root, options, loose) {
    const extracted = earlyExtraction(root) || extract.extractPage(root, options.mapping || {}, loose);
    return { extracted, mapped: api.mapGrid(extracted.page, options.form), loose };
  }

  // The page's reports extracted while the module still compiles (no core needed for that);
  // used by the first scan when the report is still as it was.
  let early = null;
  function extractEarly(doc, options) {
    early = new Map();
    for (const { root, loose } of extract.reportRoots(doc)) {
      early.set(root, { extracted: extract.extractPage(root, (options && options.mapping) || {}, loose), count: extract.fields(root).length });
    }
  }
  function earlyExtraction(root) {
    const e = early && early.get(root);
    if (early) early.delete(root);
    return e && e.count === extract.fields(root).length && e.extracted.elements.every((el) => el.isConnected) ? e.extracted : null;
  }

  function attachMapped(root, options, prepared) {
    const locale = options.locale === 'en' ? 'en' : 'zh-CN';
    const blockSubmit = options.blockSubmit !== false;
    const text = TEXT[locale];
    const marked = root.closest('[data-nianbao-draft-url]') || root.querySelector('[data-nianbao-draft-url]');
    const isDraftUrl = urlTest([].concat(options.draftUrl || [], marked ? marked.getAttribute('data-nianbao-draft-url') : []));
    const doc = root.ownerDocument;
    const view = doc.defaultView;
    guard(doc);
    const definition = api.form(options.form);
    const cells = definition.cells;
    const index = new Map(cells.map((c, i) => [c.id, i]));

    let slots = [];
    let cellOf = new Map();
    let mapped = null;
    let restore = [];
    let named = []; // inputs that had no accessible name and got their cell's label
    let twins = new Map(); // table row → rows holding hidden copies of its inputs (fixed columns)
    const active = new Set(); // cells that lost focus once: their own errors may show
    let submitted = false;
    const shown = new Map(); // diagnostic key → { at: the changed cell it is also shown at }
    const boxes = new Map(); // input → { box, key, row }
    const pads = new Map(); // table cell → its own padding-bottom and position, while space is reserved
    let last = null; // the view of the last run (api.sheet)
    let totalsShown = null; // the totals' text by cell, and the numbers it was made from
    const sheet = api.sheet(definition.id);
    let settle = 0;
    let pressing = false; // a pointer is down: new messages wait until its click is through
    let pending = 0;
    let filling = false;
    let changed; // the cell the person changed last: the core places and suggests from it
    const announced = new WeakMap(); // derived input → the value its page was last told of
    let bound = []; // the fields extracted, and how many fields root held then
    let fieldCount = 0;
    let mode = options.mode === 'verify' ? 'verify' : 'fill';
    const gridWrites = new Map(); // grid cell index → the total to write through its editor
    let gridTimer = 0;
    let gridEditing = false;
    let gridWatch = null; // the MutationObserver of grid cells' text
    let gridSaid = false;
    let pasted = null; // the last paste: { changes: [[input, value before]], box }
    const pasteNotes = new Map(); // derived cell index → a pasted total that disagreed, shown there

    /** What a cell holds as typed: its input's value, or a grid cell's text (its editor's value while open). */
    const valueOf = (el) => (!el ? '' : isInput(el) ? el.value : extract.cellText(el));
    /** The cell element an event's target belongs to: the input, or the grid cell around an editor. */
    const cellTarget = (t) => {
      if (cellOf.has(t)) return t;
      const td = t && t.closest ? t.closest('td') : null;
      return td && cellOf.has(td) ? td : null;
    };
    /** The fields of root a framework may replace (a grid's editors come and go: not counted). */
    const fieldsNow = () => extract.fields(root).filter((f) => !cellOf.has(f.closest('td')) || cellOf.has(f));

    /** Gives inputs back what bind() added: derived ones their read-only state, tab stop and
     * look, unlabelled ones their lack of a name. */
    function release() {
      for (const [el, readOnly, aria, tab] of restore) {
        if (isInput(el)) el.readOnly = readOnly;
        setAttr(el, 'aria-readonly', aria);
        setAttr(el, 'tabindex', tab);
        el.classList.remove('nianbao-total');
      }
      for (const el of named) {
        el.removeAttribute('aria-label');
        el.removeAttribute('data-nianbao-label');
      }
      restore = [];
      named = [];
    }

    function bind(prepared) {
      release();
      const { page, elements } = prepared.extracted;
      mapped = prepared.mapped;
      bound = elements;
      slots = new Array(cells.length).fill(null);
      cellOf = new Map();
      page.inputs.forEach((input, k) => {
        const cell = mapped.mapping[input.key];
        if (cell === undefined || !index.has(cell)) return;
        slots[index.get(cell)] = elements[k];
        cellOf.set(elements[k], index.get(cell));
      });
      fieldCount = fieldsNow().length;
      watchGrid();
      const byKey = new Map(page.inputs.map((input, k) => [input.key, elements[k]]));
      // Portals seldom label the inputs of their tables: screen readers then announce "edit
      // text" 166 times. An input without a name of its own gets its cell's label.
      slots.forEach((el, i) => {
        if (!el || !isInput(el) || (el.labels && el.labels.length) || el.hasAttribute('aria-label') || el.hasAttribute('aria-labelledby') || el.title) return;
        el.setAttribute('aria-label', locale === 'en' ? cells[i].en : cells[i].zh);
        el.setAttribute('data-nianbao-label', '');
        named.push(el);
      });
      twins = new Map();
      for (const [copy, kept] of Object.entries(mapped.copies || {})) {
        const row = rowOf(byKey.get(kept));
        const twin = rowOf(byKey.get(copy));
        if (!row || !twin || row === twin) continue;
        if (!twins.has(row)) twins.set(row, new Set());
        twins.get(row).add(twin);
      }
      const parts = [];
      // Fields outside the report's tables (unit, contact, dates, a select widget's input) are
      // plainly not cells: only an input inside a table that did not map is worth a word.
      const odd = mapped.unmapped.filter((k) => byKey.get(k) && isInput(byKey.get(k)) && byKey.get(k).closest('table'));
      if (odd.length) parts.push(text.warn + ': ' + odd.map((k) => k + ' (' + mapped.reasons[k] + ')').join(', '));
      if (mapped.missing.length && mapped.missing.length < cells.length) parts.push(text.missing + ': ' + mapped.missing.join(', '));
      if (parts.length) console.warn('nianbao: ' + parts.join('; '));
      if (mode === 'fill') {
        // Totals look read-only and are no tab stop; screen readers still read them.
        cells.forEach((c, i) => {
          const el = slots[i];
          if (!c.derived || !el) return;
          restore.push([el, el.readOnly, el.getAttribute('aria-readonly'), el.getAttribute('tabindex')]);
          if (!isInput(el)) return el.classList.add('nianbao-total');
          el.readOnly = true;
          el.setAttribute('aria-readonly', 'true');
          el.tabIndex = -1;
          el.classList.add('nianbao-total');
        });
      }
      for (const el of Array.from(boxes.keys())) {
        if (el.isConnected && cellOf.has(el)) continue;
        const row = unshow(el);
        if (row) reserve(row);
      }
    }

    // A cell that is not on the page cannot be blank on it.
    const onPage = (d) => d.rule !== 'value.missing' || slots[index.get(d.cells[0])];
    const okOf = (list) => !list.some((d) => d.severity === 'error');
    /** The result object of a run (docs/contract.md), as page code reads it: made when first asked. */
    function resultOf(v) {
      if (!v.public) {
        const r = v.result();
        const diagnostics = r.diagnostics.filter(onPage);
        v.public = Object.assign({}, r, { ok: okOf(diagnostics), diagnostics });
      }
      return v.public;
    }

    /**
     * Checks the values on the page (only the cell just typed in, when `one` says which; every
     * cell otherwise, which costs a read of each input); in fill mode writes the totals that
     * changed. Returns the run's view: diagnostics as the core's codes, text made when read.
     */
    function run(one) {
      if (one !== undefined) sheet.set(one, valueOf(slots[one]));
      else slots.forEach((el, i) => sheet.set(i, valueOf(el)));
      const opts = { mode, phase: submitted ? 'submit' : 'typing', locale, inline: true };
      if (changed !== undefined) opts.changed = changed;
      const v = sheet.run(opts);
      v.diagnostics = v.diagnostics.filter(onPage);
      v.ok = okOf(v.diagnostics);
      last = v;
      if (mode === 'fill') writeTotals(v);
      emit(root, 'nianbao:checked', { get result() { return resultOf(v); }, controller }, false);
      return v;
    }

    /** The totals' text by cell: made again only when a total changed. */
    function totalsText(v) {
      const was = totalsShown;
      const same = was && v.totals.every((x, i) => x === was.numbers[i] || (x !== x && was.numbers[i] !== was.numbers[i]));
      if (!same) totalsShown = { numbers: v.totals, text: v.totalsText() };
      return totalsShown.text;
    }

    /**
     * Totals are shown at once, and announced (input, change) once the person's own event has
     * gone through the page: a framework that re-rendered from its state before it saw the typed
     * value would otherwise put the typed value back. Announcing writes again what a framework
     * took back meanwhile.
     */
    function writeTotals(run) {
      const text = totalsText(run);
      cells.forEach((c, i) => {
        const el = slots[i];
        if (!c.derived || !el) return;
        const v = text[i];
        if (!isInput(el)) {
          if (valueOf(el) !== v) gridWrites.set(i, v);
        } else if (el.value !== v) setValue(el, v);
      });
      if (gridWrites.size && !gridTimer) gridTimer = setTimeout(writeGrid, 0);
      if (!settle) settle = setTimeout(announceTotals, 0);
    }

    function announceTotals() {
      settle = 0;
      if (!last || controllers.indexOf(controller) < 0) return;
      const text = totalsText(last);
      cells.forEach((c, i) => {
        const el = slots[i];
        if (!c.derived || !el || !isInput(el)) return;
        const v = text[i];
        if (el.value === v && announced.get(el) === v) return;
        if (el.value !== v) setValue(el, v);
        announced.set(el, v);
        announce(el);
      });
    }

    /**
     * Writes totals into a grid's text cells through the grid's own editing path, as a person
     * would: a click (then a double click) on the cell opens its editor, the value goes in
     * through the native setter with input and change, and a mousedown outside closes it — so
     * the grid's data (and what the page posts) holds the total. Waits while a person edits a
     * cell. A total cell that opens no editor cannot be written: the report is then checked in
     * verify mode (its stated totals against their parts), said once in the console.
     */
    function writeGrid() {
      gridTimer = 0;
      if (gridEditing || !gridWrites.size || controllers.indexOf(controller) < 0) return;
      if (slots.some((el) => el && !isInput(el) && extract.fields(el).length)) {
        gridTimer = setTimeout(writeGrid, 250);
        return;
      }
      gridEditing = true;
      const jobs = Array.from(gridWrites);
      gridWrites.clear();
      const focus = doc.activeElement;
      let fixed = 0;
      const next = (k) => {
        if (k >= jobs.length) return done();
        const [i, v] = jobs[k];
        const td = slots[i];
        if (!td || !td.isConnected || valueOf(td) === v) return next(k + 1);
        // The page's own way into its grid's data, when it gives one (attach's writeCell).
        if (typeof options.writeCell === 'function' && options.writeCell(td, v, cells[i].id) === true) return next(k + 1);
        openEditor(td, (editor) => {
          if (editor) {
            setValue(editor, v);
            announce(editor);
          } else fixed++;
          next(k + 1);
        });
      };
      const done = () => {
        const open = doc.activeElement && cellTarget(doc.activeElement);
        if (open && !isInput(open)) doc.activeElement.blur();
        doc.body.dispatchEvent(new view.MouseEvent('mousedown', { bubbles: true, cancelable: true, view }));
        if (focus && focus !== doc.body && focus.isConnected) focus.focus({ preventScroll: true });
        gridEditing = false;
        keepClasses();
        if (fixed && mode === 'fill') {
          mode = 'verify';
          if (!gridSaid) console.warn('nianbao: the total cells of this grid open no editor, so they cannot be filled in; the report is checked in verify mode (stated totals against their parts)');
          gridSaid = true;
          refresh('commit');
        }
      };
      next(0);
    }

    /** Opens the editor of grid cell `td` (click, then double click); `done(editor or null)`. */
    function openEditor(td, done) {
      const kinds = ['click', 'dblclick'];
      const target = td.firstElementChild || td;
      const attempt = (k) => {
        if (k >= kinds.length) return done(null);
        target.dispatchEvent(new view.MouseEvent(kinds[k], { bubbles: true, cancelable: true, view, detail: k + 1 }));
        let waits = 8;
        const look = () => {
          const editor = extract.fields(td)[0];
          if (editor) return done(editor);
          if (waits-- > 0) setTimeout(look, 16);
          else attempt(k + 1);
        };
        look();
      };
      attempt(0);
    }

    /** A grid framework sets its cells' class attribute whenever it renders them (an active
     * cell, a hovered row): the classes nianbao gave its cells are given again. */
    function keepClasses() {
      cells.forEach((c, i) => {
        const el = slots[i];
        if (!el || isInput(el)) return;
        if (c.derived && mode === 'fill' && !el.classList.contains('nianbao-total')) el.classList.add('nianbao-total');
        const b = boxes.get(el);
        const error = !!b && b.box.classList.contains('nianbao-error');
        if (error !== el.classList.contains('nianbao-invalid')) el.classList.toggle('nianbao-invalid', error);
      });
    }

    /** A grid's cells change when its editor closes (the framework writes the text): that is a
     * commit of the cell, as a change event is for an input. */
    function watchGrid() {
      if (gridWatch) gridWatch.disconnect();
      gridWatch = null;
      if (!slots.some((el) => el && !isInput(el))) return;
      let dirty = null;
      gridWatch = new view.MutationObserver((records) => {
        let restyle = false;
        for (const r of records) {
          const n = r.target.nodeType === 1 ? r.target : r.target.parentElement;
          if (!n || n.closest('[data-nianbao-ui]')) continue;
          if (r.type === 'attributes') {
            restyle = restyle || cellOf.has(n);
            continue;
          }
          if (r.type === 'childList' && Array.prototype.every.call(r.addedNodes, (a) => a.nodeType === 1 && a.hasAttribute('data-nianbao-ui')) && !r.removedNodes.length) continue;
          const td = cellTarget(n);
          if (!td || isInput(td)) continue;
          dirty = dirty || new Set();
          dirty.add(td);
        }
        if (restyle) keepClasses();
        if (!dirty) return;
        const tds = dirty;
        dirty = null;
        if (gridEditing) return;
        setTimeout(() => {
          for (const td of tds) {
            const i = cellOf.get(td);
            if (i === undefined || cells[i].derived || extract.fields(td).length) continue;
            active.add(i);
            changed = i;
          }
          refresh('commit');
        }, 0);
      });
      gridWatch.observe(root, { childList: true, characterData: true, subtree: true, attributes: true, attributeFilter: ['class'] });
    }

    /** The table row an input sits in (its own cell's row), or null outside tables. */
    function rowOf(el) {
      const cell = el && el.closest('td,th');
      return cell && cell.parentElement && cell.parentElement.localName === 'tr' ? cell.parentElement : null;
    }

    /**
     * Keeps the geometry of a table while messages are shown under its inputs: every cell of
     * the row (and of the rows that hold hidden copies of it) gets the same extra space below,
     * so the row grows there, the inputs of the row keep their place and no column widens; the
     * messages sit in that space (absolutely positioned in their cell).
     */
    function reserve(row) {
      let need = 0;
      for (const b of boxes.values()) if (b.row === row) need = Math.max(need, b.box.offsetHeight + 4);
      const rows = [row].concat(Array.from(twins.get(row) || []));
      for (const r of rows) {
        for (const td of Array.from(r.cells)) {
          if (need) td.style.setProperty('padding-bottom', hold(td).base + need + 'px', 'important');
          else unhold(td);
        }
      }
    }

    /** Keeps a table cell's own style to give back, and makes it the box messages are placed in. */
    function hold(td) {
      let saved = pads.get(td);
      if (!saved) {
        const style = view.getComputedStyle(td);
        const prop = (name) => [td.style.getPropertyValue(name), td.style.getPropertyPriority(name)];
        saved = { pad: prop('padding-bottom'), pos: prop('position'), base: parseFloat(style.paddingBottom) || 0 };
        pads.set(td, saved);
        if (style.position === 'static') td.style.setProperty('position', 'relative', 'important');
      }
      return saved;
    }

    function unhold(td) {
      const saved = pads.get(td);
      if (!saved) return;
      td.style.setProperty('padding-bottom', saved.pad[0], saved.pad[1]);
      td.style.setProperty('position', saved.pos[0], saved.pos[1]);
      pads.delete(td);
    }

    /** Removes the message of `el`; returns its row, whose reserved space is then to update. */
    function unshow(el) {
      const b = boxes.get(el);
      boxes.delete(el);
      b.box.remove();
      removeToken(el, 'aria-describedby', b.box.id);
      el.removeAttribute('aria-invalid');
      el.classList.remove('nianbao-invalid');
      return b.row;
    }

    /** What to show at cell `i` for `d`: at the cell to fix, what to change it to. */
    function lines(d, i) {
      const s = d.suggestion;
      const fix = s && d.fix !== undefined && index.get(d.fix) === i;
      return {
        short: fix && s.short ? d.short + text.sep + s.short : d.short,
        full: d.message + (s ? ' ' + (fix && s.short ? s.short : s.reason) : ''),
      };
    }

    function showAt(el, list, i) {
      const error = list.some((d) => d.severity === 'error');
      const parts = list.map((d) => lines(d, i));
      const key = (error ? 'e' : 'w') + parts.map((p) => p.full + '\n' + p.short).join('\n');
      let b = boxes.get(el);
      if (b && b.key === key) return null;
      if (!b) {
        const box = doc.createElement('span');
        box.id = 'nianbao-msg-' + ++serial;
        box.setAttribute('data-nianbao-ui', '');
        const row = rowOf(el);
        if (row && root.contains(row)) {
          const cell = el.closest('td,th');
          hold(cell);
          cell.append(box);
        } else el.insertAdjacentElement('afterend', box);
        addToken(el, 'aria-describedby', box.id);
        b = { box, key: '', row: row && root.contains(row) ? row : null };
        boxes.set(el, b);
      }
      b.key = key;
      b.box.className = 'nianbao-msg ' + (error ? 'nianbao-error' : 'nianbao-warning') + (b.row ? ' nianbao-in-cell' : '');
      // Screen readers get the full sentences (aria-describedby reads the box without its
      // aria-hidden part); the eye gets the few words.
      const full = doc.createElement('span');
      full.textContent = list.map((d, k) => (d.severity === 'error' ? text.error : text.warning) + parts[k].full).join(' ');
      hideVisually(full);
      const short = doc.createElement('span');
      short.setAttribute('aria-hidden', 'true');
      short.textContent = parts.map((p) => p.short).join(text.sep);
      b.box.replaceChildren(full, short);
      if (error) {
        el.setAttribute('aria-invalid', 'true');
        el.classList.add('nianbao-invalid');
      } else {
        el.removeAttribute('aria-invalid');
        el.classList.remove('nianbao-invalid');
      }
      return b.row;
    }

    /**
     * Shows the result. A diagnostic, once shown, stays (updated in place) until the core no
     * longer reports it. New ones appear on a commit (change, leaving a field) or a submit, never
     * in the middle of typing: at their own cell once it was visited, at the changed cell when
     * the core says the rule involves it (`at`), at the cell to fix when there is one; after a
     * submit attempt, all.
     */
    function render(result, how) {
      const want = new Map(); // cell index → diagnostics shown there
      const seen = new Set();
      for (const d of result.diagnostics) {
        const own = index.get(d.cells[0]);
        if (own === undefined || !slots[own]) continue;
        const key = d.rule + ' ' + d.cells[0];
        const at = d.at !== undefined ? index.get(d.at) : undefined;
        let entry = shown.get(key);
        if (!entry) {
          // A cell already showing a message shows its new one in place (not a gap while typing).
          if (!(submitted || boxes.has(slots[own]) || (how !== 'typing' && (active.has(own) || at !== undefined)))) continue;
          entry = { at: undefined };
          shown.set(key, entry);
        }
        if (at !== undefined && how !== 'typing') entry.at = at;
        seen.add(key);
        const fix = d.fix !== undefined ? index.get(d.fix) : undefined;
        for (const i of [own, entry.at, fix]) {
          if (i === undefined || !slots[i]) continue;
          if (!want.has(i)) want.set(i, []);
          if (want.get(i).indexOf(d) < 0) want.get(i).push(d);
        }
      }
      for (const key of Array.from(shown.keys())) if (!seen.has(key)) shown.delete(key);
      for (const [i, note] of pasteNotes) {
        if (!slots[i]) continue;
        if (!want.has(i)) want.set(i, []);
        want.get(i).push(note);
      }
      const rows = new Set();
      for (const el of Array.from(boxes.keys())) {
        const row = want.has(cellOf.get(el)) ? null : unshow(el);
        if (row) rows.add(row);
      }
      const fresh = [];
      for (const [i, list] of want) {
        const isNew = !boxes.has(slots[i]);
        const row = showAt(slots[i], list, i);
        if (row) rows.add(row);
        if (isNew && i === changed) fresh.push(boxes.get(slots[i]).box);
      }
      for (const row of rows) reserve(row);
      if (gridWatch) keepClasses();
      // A message that appears where the person is working is brought into view.
      for (const box of fresh) box.scrollIntoView({ block: 'nearest' });
      if (submitted) errorSummary.render(result);
    }

    /** Shows the cell of `el`: first the hidden step or tab it is on (nianbao:reveal, which a
     * page may cancel to do it itself; else a click on the tab that controls its pane). */
    function reveal(el) {
      if (!isShown(el) && emit(el, 'nianbao:reveal', { cell: cells[cellOf.get(el)].id, controller }, true)) {
        for (let n = el.parentElement; n && n !== doc.body && !isShown(el); n = n.parentElement) {
          if (!n.id || view.getComputedStyle(n).display !== 'none') continue;
          const tab = tabFor(doc, n.id);
          if (tab) tab.click();
        }
      }
      const row = el.closest('tr');
      ((row && row.cells[0]) || el).scrollIntoView({ block: 'center' });
      el.focus({ preventScroll: true });
    }

    /** Puts a box at the top of the report (after `after` when that is there): inside the root,
     * or just before it when the root is a table (a sheet exported from Excel has no other). */
    function atTop(box, after) {
      if (after && after.parentNode) after.after(box);
      else if (root.localName === 'table' && root.parentNode) root.before(box);
      else root.insertBefore(box, root.firstChild);
    }

    const errorSummary = makeSummary({
      doc,
      text,
      place: (box) => atTop(box, null),
      cellEl: (id) => (id ? slots[index.get(id)] || null : null),
      reveal: (el) => reveal(el),
      fillZeros: () => fillZeros(),
      nextId: () => 'nianbao-summary-' + ++serial,
    });

    /** The one case where the wrapper writes into input cells: on the person's click, blank
     * inputs get 0, announced to the page's code (input, change) as totals are. */
    function fillZeros() {
      let first = null;
      filling = true;
      try {
        cells.forEach((c, i) => {
          const el = slots[i];
          if (c.derived || !el || el.disabled || el.readOnly || valueOf(el).trim() !== '') return;
          if (!isInput(el)) {
            gridWrites.set(i, '0');
            return;
          }
          setValue(el, '0');
          announce(el);
          first = first || el;
        });
      } finally {
        filling = false;
      }
      if (gridWrites.size && !gridTimer) gridTimer = setTimeout(writeGrid, 0);
      refresh('commit');
      if (errorSummary.element) errorSummary.element.focus();
      else if (first) first.focus({ preventScroll: true });
    }

    /**
     * Pastes tables (Word, WPS, Excel: `html`, or tab-separated `plain` text) into the report: cells
     * matched by their labels, or a bare block of numbers from cell index `from` along the
     * report's rows and columns. Each value goes into its input as typing would (native setter,
     * input and change); inputs that held another value are overwritten and listed; derived
     * totals are computed, and a pasted total that disagrees with its parts is shown at its cell.
     * Returns the summary (also the detail of `nianbao:paste`), or null when this is no report
     * paste (a single value, plain text, a table with nothing of the report): the browser's then.
     */
    function paste(html, plain, from) {
      const source = pasting.clipboardHtml(html || '', plain || '', extract.isValueText);
      if (!source) return null;
      const read = pasting.readTables(new view.DOMParser().parseFromString(source, 'text/html').body, api, extract, definition.id);
      let place = read.cells;
      let error = null;
      if (read.block) {
        if (read.block.reduce((n, r) => n + r.length, 0) < 2 || from === undefined) return null;
        const placed = pasting.placeBlock(definition, cells[from].id, read.block);
        if (placed.error) error = placed.error;
        place = placed.cells || {};
      } else if (!Object.keys(place).length && !read.blanks.length) return null;
      forgetPaste(); // Undo is for the last paste
      const outcome = { filled: 0, blanks: read.blanks.slice(), overwritten: [], totals: [], unmatched: read.unmatched, missing: [], error };
      const changes = [];
      const totals = new Map();
      filling = true;
      try {
        for (const id of Object.keys(place)) {
          const i = index.get(id);
          const el = slots[i];
          const v = place[id];
          if (i === undefined || v === '') continue;
          if (cells[i].derived) totals.set(i, v);
          else if (!el || !isInput(el) || el.disabled || el.readOnly) outcome.missing.push(id);
          else {
            outcome.filled++;
            if (el.value === v) continue;
            if (el.value.trim() !== '') outcome.overwritten.push({ cell: id, before: el.value, after: v });
            changes.push([el, el.value]);
            setValue(el, v);
            announce(el);
          }
        }
      } finally {
        filling = false;
      }
      // The pasted totals against their parts: the core's verify run over the pasted values.
      if (totals.size) {
        const values = slots.map((el, i) => (totals.has(i) ? totals.get(i) : valueOf(el)));
        for (const d of api.checkValues(values, { mode: 'verify', phase: 'typing', locale }, definition.id).diagnostics) {
          const i = index.get(d.cells[0]);
          if (!totals.has(i) || d.expected === undefined || pasteNotes.has(i)) continue;
          outcome.totals.push({ cell: d.cells[0], pasted: totals.get(i), computed: d.expected, message: d.message });
          pasteNotes.set(i, { rule: 'paste.total', severity: 'warning', cells: [d.cells[0]], message: d.message, short: text.pastedTotal(totals.get(i), d.expected) });
        }
      }
      pasted = { changes, box: pasteSummary(outcome) };
      changed = undefined;
      refresh('commit');
      emit(root, 'nianbao:paste', Object.assign({ controller }, outcome), false);
      return outcome;
    }

    /** Drops the last paste's summary, notes and undo (its values stay). */
    function forgetPaste() {
      const last = pasted;
      pasted = null;
      pasteNotes.clear();
      if (last) last.box.remove();
      return last;
    }

    /** Gives every input the last paste changed its value before it, announced; true if there was one. */
    function undoPaste() {
      const last = forgetPaste();
      if (!last) return false;
      filling = true;
      try {
        for (const [el, before] of last.changes.slice().reverse()) {
          if (!el.isConnected) continue;
          setValue(el, before);
          announce(el);
        }
      } finally {
        filling = false;
      }
      refresh('commit');
      return true;
    }

    /** The paste's summary at the top of the report: what was filled, left, overwritten, not matched; and Undo. */
    function pasteSummary(sum) {
      const box = doc.createElement('div');
      box.className = 'nianbao-paste';
      box.setAttribute('data-nianbao-ui', '');
      box.setAttribute('role', 'status');
      const heading = doc.createElement('p');
      heading.textContent = sum.error ? text.pasteTooBig(sum.error) : text.pasted(sum.filled);
      const list = doc.createElement('ul');
      const name = (id) => (locale === 'en' ? cells[index.get(id)].en : cells[index.get(id)].zh);
      const few = (items) => (items.length > 10 ? items.slice(0, 10).join(text.list) + text.list + text.etc(items.length - 10) : items.join(text.list));
      const item = (words) => {
        const li = doc.createElement('li');
        li.textContent = words;
        list.append(li);
      };
      if (sum.blanks.length) item(text.pasteBlanks(sum.blanks.length));
      if (sum.totals.length) item(text.pasteTotals + sum.totals.map((t) => t.message).join(' '));
      if (sum.overwritten.length) item(text.pasteOverwritten(sum.overwritten.length) + few(sum.overwritten.map((o) => name(o.cell) + ' ' + o.before + ' → ' + o.after)));
      if (sum.unmatched.length) item(text.pasteUnmatched + few(sum.unmatched));
      if (sum.missing.length) item(text.pasteMissing + few(sum.missing.map(name)));
      const undo = doc.createElement('button');
      undo.type = 'button';
      undo.textContent = text.undo;
      undo.addEventListener('click', () => undoPaste());
      box.append(heading, list);
      if (!sum.error) box.append(undo);
      atTop(box, errorSummary.element);
      return box;
    }

    const onPaste = (e) => {
      const el = cellTarget(e.target);
      if (!el || !isInput(el) || !e.clipboardData || gridEditing) return;
      if (paste(e.clipboardData.getData('text/html'), e.clipboardData.getData('text/plain'), cellOf.get(el))) e.preventDefault();
    };

    const typed = (el) => !!el && cellOf.has(el) && !cells[cellOf.get(el)].derived;
    const refresh = (how) => render(run(), how);
    /** A person changed a cell: `how` 'typing' (input) or 'commit' (change). */
    const edited = (e, how) => {
      const el = cellTarget(e.target);
      if (!typed(el) || filling || gridEditing) return;
      changed = cellOf.get(el);
      // Typing changes one cell: only it is read and sent to the core.
      render(run(how === 'typing' ? changed : undefined), how);
    };
    const onInput = (e) => {
      if (!e.isComposing) edited(e, 'typing'); // the IME is still composing: check when it commits
    };
    const onCompositionEnd = (e) => edited(e, 'typing');
    const onChange = (e) => edited(e, 'commit');
    const flush = () => {
      clearTimeout(pending);
      pending = 0;
      refresh('commit');
    };
    const onBlur = (e) => {
      const el = cellTarget(e.target);
      if (!el || gridEditing) return;
      active.add(cellOf.get(el));
      // Leaving a field by pressing a button: show new messages after the click, so the layout
      // does not move the button away from under the pointer.
      if (pressing) {
        clearTimeout(pending);
        pending = setTimeout(flush, 1000);
      } else refresh('commit');
    };
    const onPointerDown = () => {
      pressing = true;
    };
    const onPointerUp = () => {
      pressing = false;
      if (pending) setTimeout(flush, 0);
    };
    const onReset = (e) => {
      const form = e.target;
      if (!form || !form.contains || !(form.contains(root) || root.contains(form))) return;
      // The form resets its fields after the event: start over once it has.
      setTimeout(() => {
        if (e.defaultPrevented || controllers.indexOf(controller) < 0) return;
        submitted = false;
        changed = undefined;
        active.clear();
        shown.clear();
        errorSummary.drop();
        forgetPaste();
        refresh('typing');
      }, 0);
    };

    /** Checks as on submit and shows every error. */
    function checkAll() {
      submitted = true;
      const result = run();
      render(result, 'all');
      return result;
    }

    /**
     * The guard: true when the report may be sent. A draft save always may (errors shown, not
     * blocked); otherwise errors block it when blockSubmit is on, after a cancelable
     * `nianbao:invalid` (cancel it to show the errors your own way: the summary then stays
     * closed and focus where it is).
     */
    function allow(draft) {
      const v = checkAll();
      if (v.ok || draft || !blockSubmit) return true;
      if (emit(root, 'nianbao:invalid', { result: resultOf(v), controller }, true)) {
        // checkAll has rendered the summary (there are errors): bring it to the person, unless
        // nobody acted just now (a page's own timer saving in the background keeps the focus
        // where the person is typing).
        const activation = view.navigator.userActivation;
        if (!activation || activation.isActive) {
          errorSummary.element.focus({ preventScroll: true });
          errorSummary.element.scrollIntoView({ block: 'start' });
        }
      } else errorSummary.drop();
      return false;
    }

    const listeners = [
      [root, 'input', onInput],
      [root, 'change', onChange],
      [root, 'compositionend', onCompositionEnd],
      [root, 'focusout', onBlur],
      [root, 'paste', onPaste],
      [view, 'pageshow', () => refresh('commit')],
      [doc, 'reset', onReset, true],
      [doc, 'pointerdown', onPointerDown, true],
      [doc, 'pointerup', onPointerUp, true],
      [doc, 'pointercancel', onPointerUp, true],
    ];
    for (const [target, type, fn, capture] of listeners) target.addEventListener(type, fn, !!capture);

    const controller = {
      root,
      /** Checks as on submit, shows every error and the summary, and returns the result (ok false while any error remains). */
      validate() {
        return resultOf(checkAll());
      },
      /** Cell id → the value in its input, as typed. */
      values() {
        const out = {};
        slots.forEach((el, i) => {
          if (el) out[cells[i].id] = valueOf(el);
        });
        return out;
      },
      /** { mapping: {input key → cell id}, unmapped: [key], copies: {key → key}, missing: [cell id], reasons: {key → why} } */
      mapping() {
        return JSON.parse(JSON.stringify(mapped));
      },
      /** The cell id an input holds, or null. */
      cellOf(el) {
        return cellOf.has(el) ? cells[cellOf.get(el)].id : null;
      },
      /** The last result. */
      result() {
        return last && resultOf(last);
      },
      /** Extracts and maps the report again (after a framework replaced its inputs). */
      remap() {
        bind(prepare(root, options, prepared.loose));
        refresh('commit');
      },
      /** Whether a framework replaced, added or removed inputs since they were mapped. */
      stale() {
        return bound.some((el) => !el.isConnected) || fieldsNow().length !== fieldCount;
      },
      allow,
      /**
       * Pastes tables as Ctrl+V in a report input does: `content` is the clipboard's HTML (it
       * starts with `<`) or tab-separated text; `fromCell` (a cell id) is where a bare block of
       * numbers starts. Returns the paste's summary, or null when it is no report paste.
       */
      paste(content, fromCell) {
        const s = String(content == null ? '' : content);
        const html = /^\s*</.test(s);
        return paste(html ? s : '', html ? '' : s, fromCell === undefined ? changed : index.get(fromCell));
      },
      /** Undoes the last paste (every input it changed gets its earlier value back): true if there was one. */
      undoPaste,
      /** Whether a request to `url` saves a draft (attach's draftUrl, data-nianbao-draft-url). */
      draftUrl: isDraftUrl,
      /**
       * Whether an outgoing payload ({ keys: Set, values: [string] }, see readBody) carries this
       * report: the names (or ids) of its fields as keys (at least 10, or all of them), or at least
       * 80 % of its filled cells' values among the payload's (and not lost among many more).
       */
      carries(payload) {
        let names = 0;
        let named = 0;
        let filled = 0;
        const want = new Map();
        slots.forEach((el) => {
          if (!el) return;
          const name = el.getAttribute('name') || el.id;
          if (name) {
            names++;
            if (payload.keys.has(name)) named++;
          }
          const v = valueOf(el).trim();
          if (!v) return;
          filled++;
          want.set(v, (want.get(v) || 0) + 1);
        });
        if (names && named >= Math.min(MIN_CELLS, names)) return true;
        if (filled < MIN_CELLS || payload.values.length > 5 * filled + 50) return false;
        let matched = 0;
        for (const v of payload.values) {
          const n = want.get(v);
          if (n) {
            want.set(v, n - 1);
            matched++;
          }
        }
        return matched >= 0.8 * filled;
      },
      detach() {
        for (const [target, type, fn, capture] of listeners) target.removeEventListener(type, fn, !!capture);
        clearTimeout(settle);
        clearTimeout(pending);
        clearTimeout(gridTimer);
        if (gridWatch) gridWatch.disconnect();
        forgetPaste();
        submitted = false;
        active.clear();
        shown.clear();
        render({ diagnostics: [] }, 'typing');
        errorSummary.drop();
        release();
        const at = controllers.indexOf(controller);
        if (at >= 0) controllers.splice(at, 1);
      },
    };
    bind(prepared);
    controllers.push(controller);
    addStyles(doc, options.nonce);
    refresh('typing');
    emit(root, 'nianbao:attached', { controller }, false);
    return controller;
  }

  function covered(root) {
    return controllers.some((c) => c.root === root || c.root.contains(root) || root.contains(c.root));
  }

  /**
   * Attaches to every report of `doc` not attached yet: each form, or the element around the
   * fields outside forms, whose inputs map to at least 10 cells. Controllers whose inputs a
   * framework replaced are mapped again; those whose root left the page are detached. Returns
   * { attached: [controller], best: cells mapped by the best candidate left unattached }.
   */
  function scan(doc, options) {
    options = options || {};
    for (const c of controllers.slice()) {
      if (!c.root.isConnected) c.detach();
      else if (c.stale()) c.remap();
    }
    const attached = [];
    let best = 0;
    for (const { root, loose } of extract.reportRoots(doc)) {
      if (covered(root)) continue;
      const prepared = prepare(root, options, loose);
      const n = Object.keys(prepared.mapped.mapping).length;
      if (n >= MIN_CELLS) attached.push(attachMapped(root, options, prepared));
      else best = Math.max(best, n);
    }
    early = null; // a head start for the first scan only
    return { attached, best };
  }

  /** Every report of the document checked as on submit, errors shown: { ok, results }. */
  function validate(doc) {
    const results = controllers.filter((c) => c.root.ownerDocument === doc).map((c) => c.validate());
    return { ok: results.every((r) => r.ok), results };
  }

  return { attach, scan, validate, guard, controllers, extractEarly, MIN_CELLS };
}
