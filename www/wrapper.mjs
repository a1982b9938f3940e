// The drop-in wrapper: attaches to a report form someone else's markup defines, fills the derived
// totals while people type, shows errors accessibly, and guards submit. It only touches the DOM:
// which input is which cell, every rule and every message come from the core (api.mapGrid,
// api.checkValues). It never changes a value a person typed, only derived totals, and sets all
// text with textContent.
// scripts/build-wasm.sh puts this file into the classic drop-in script too: keep its top-level
// exports as `export function`, no imports.

export function makeWrapper(api) {
  const TEXT = {
    'zh-CN': { error: '错误：', warning: '注意：', heading: '提交前请改正以下问题', warn: '以下输入框无法对应到报表的格子' },
    en: { error: 'Error: ', warning: 'Warning: ', heading: 'There is a problem', warn: 'inputs not matched to a cell of the report' },
  };
  const NUMBER_TYPES = ['', 'text', 'number', 'tel', 'search'];
  const SKIP = new Set(['SCRIPT', 'STYLE', 'TEXTAREA', 'SELECT', 'TITLE', 'TABLE', 'TEMPLATE']);
  const BREAK = new Set(['BR', 'P', 'DIV']);
  let sheetAdded = false;
  let serial = 0;

  function addStyles(doc) {
    if (sheetAdded) return;
    sheetAdded = true;
    const css = `.nianbao-invalid{outline:2px solid #d4351c;outline-offset:1px}
.nianbao-error{display:block;color:#d4351c;font-weight:bold;font-size:90%}
.nianbao-warning{display:block;color:#8a5a00;font-size:90%}
.nianbao-summary{border:4px solid #d4351c;padding:.5em 1em;margin:0 0 1em}
.nianbao-summary:focus{outline:3px solid #fd0}
.nianbao-summary a{color:#1d70b8}`;
    try {
      // A constructed sheet works under a strict Content-Security-Policy (no inline <style>).
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(css);
      doc.adoptedStyleSheets = [...doc.adoptedStyleSheets, sheet];
    } catch {
      /* old browsers: the classes stay, unstyled */
    }
  }

  function hideVisually(el) {
    Object.assign(el.style, {
      position: 'absolute', width: '1px', height: '1px', margin: '-1px', padding: '0',
      overflow: 'hidden', clip: 'rect(0 0 0 0)', whiteSpace: 'nowrap', border: '0',
    });
  }

  function cellText(cell) {
    let out = '';
    const walk = (node) => {
      for (let n = node.firstChild; n; n = n.nextSibling) {
        if (n.nodeType === 3) out += n.nodeValue;
        else if (n.nodeType === 1 && !SKIP.has(n.nodeName)) {
          if (BREAK.has(n.nodeName)) out += ' ';
          walk(n);
        }
      }
    };
    walk(cell);
    return out.replace(/\s+/g, ' ').trim();
  }

  function cellInputs(cell) {
    return [...cell.querySelectorAll('input,textarea')].filter(
      (el) =>
        el.closest('td,th') === cell &&
        (el.nodeName === 'TEXTAREA' || NUMBER_TYPES.includes((el.getAttribute('type') || '').toLowerCase())),
    );
  }

  /** The tables of `form` as grids (rowspan/colspan resolved) and the inputs they hold. */
  function extract(form, given) {
    const tables = [];
    const inputs = [];
    const elements = [];
    const taken = new Set();
    for (const table of form.querySelectorAll('table')) {
      const grid = [];
      const rows = table.rows;
      for (let r = 0; r < rows.length; r++) {
        let c = 0;
        for (const cell of rows[r].cells) {
          while (grid[r] && grid[r][c]) c++;
          const text = cellText(cell);
          const here = [];
          for (const el of cellInputs(cell)) {
            const ordinal = inputs.length;
            const name = el.getAttribute('name') || '';
            const id = el.getAttribute('id') || '';
            let key = name || id || `#${ordinal}`;
            if (taken.has(key)) key = `${key}#${ordinal}`;
            taken.add(key);
            const explicit = given[name] ?? given[id] ?? (el.getAttribute('data-nianbao-cell') || '').trim();
            inputs.push({ key, cell: explicit || null });
            elements.push(el);
            here.push(ordinal);
          }
          const rs = Math.min(1000, Math.max(1, cell.rowSpan || 1));
          const cs = Math.min(1000, Math.max(1, cell.colSpan || 1));
          for (let dr = 0; dr < rs; dr++) {
            const row = (grid[r + dr] ??= []);
            for (let dc = 0; dc < cs; dc++) row[c + dc] = { t: text, i: dr === 0 && dc === 0 ? here : [] };
          }
          c += cs;
        }
      }
      grid.length = Math.min(grid.length, rows.length);
      tables.push({ rows: Array.from(grid, (row) => Array.from(row ?? [], (slot) => slot ?? null)) });
    }
    return { page: { tables, inputs }, elements };
  }

  function addToken(el, attr, token) {
    const list = (el.getAttribute(attr) || '').split(/\s+/).filter(Boolean);
    if (!list.includes(token)) el.setAttribute(attr, [...list, token].join(' '));
  }

  function removeToken(el, attr, token) {
    const list = (el.getAttribute(attr) || '').split(/\s+/).filter((t) => t && t !== token);
    if (list.length) el.setAttribute(attr, list.join(' '));
    else el.removeAttribute(attr);
  }

  /**
   * Attaches to `form`. Options: locale ('zh-CN' | 'en'), blockSubmit (true), mapping
   * ({field name or id → cell id}), mode ('fill' | 'verify'). Returns a controller.
   */
  function attach(form, options = {}) {
    const extracted = extract(form, options.mapping || {});
    return attachMapped(form, options, extracted, api.mapGrid(extracted.page, options.form ?? 'ogi-2021'));
  }

  /** attach() once the page's tables are extracted and mapped (attachAll maps each form once). */
  function attachMapped(form, options, { page, elements }, mapped) {
    const locale = options.locale === 'en' ? 'en' : 'zh-CN';
    const mode = options.mode === 'verify' ? 'verify' : 'fill';
    const blockSubmit = options.blockSubmit !== false;
    const text = TEXT[locale];
    const doc = form.ownerDocument;
    const definition = api.form(options.form ?? 'ogi-2021');
    const cells = definition.cells;
    const index = new Map(cells.map((c, i) => [c.id, i]));

    const slots = new Array(cells.length).fill(null);
    const cellOf = new Map();
    page.inputs.forEach((input, k) => {
      const cell = mapped.mapping[input.key];
      if (cell === undefined || !index.has(cell)) return;
      slots[index.get(cell)] = elements[k];
      cellOf.set(elements[k], index.get(cell));
    });
    if (mapped.unmapped.length || mapped.missing.length) {
      const parts = [];
      if (mapped.unmapped.length) parts.push(`${text.warn}: ${mapped.unmapped.map((k) => `${k} (${mapped.reasons[k]})`).join(', ')}`);
      if (mapped.missing.length) parts.push(`cells without an input: ${mapped.missing.join(', ')}`);
      console.warn(`nianbao: ${parts.join('; ')}`);
    }

    addStyles(doc);
    const restore = [];
    if (mode === 'fill') {
      cells.forEach((c, i) => {
        const el = slots[i];
        if (!c.derived || !el) return;
        restore.push([el, el.readOnly, el.getAttribute('aria-readonly')]);
        el.readOnly = true;
        el.setAttribute('aria-readonly', 'true');
      });
    }

    const active = new Set(); // cells that lost focus once: their errors show, then update eagerly
    let submitted = false;
    let summary = null;
    const shown = new Map(); // element → { span, key }
    let last = null;

    function run(phase) {
      const values = slots.map((el) => (el ? el.value : ''));
      const result = api.checkValues(values, { mode, phase, locale }, definition.id);
      if (mode === 'fill') {
        cells.forEach((c, i) => {
          const el = slots[i];
          if (!c.derived || !el) return;
          const v = result.totals[c.id] ?? '';
          if (el.value !== v) el.value = v;
        });
      }
      // A cell that is not on the page cannot be blank on it.
      result.diagnostics = result.diagnostics.filter((d) => d.rule !== 'value.missing' || slots[index.get(d.cells[0])]);
      last = result;
      return result;
    }

    function render(result) {
      const want = new Map();
      for (const d of result.diagnostics) {
        const i = index.get(d.cells[0]);
        const el = i === undefined ? null : slots[i];
        if (!el || !(submitted || active.has(i))) continue;
        const list = want.get(el) ?? [];
        list.push(d);
        want.set(el, list);
      }
      for (const [el, entry] of shown) {
        if (!want.has(el)) {
          entry.span.remove();
          removeToken(el, 'aria-describedby', entry.span.id);
          el.removeAttribute('aria-invalid');
          el.classList.remove('nianbao-invalid');
          shown.delete(el);
        }
      }
      for (const [el, list] of want) {
        const error = list.some((d) => d.severity === 'error');
        const key = list.map((d) => d.severity + d.message).join('\n');
        let entry = shown.get(el);
        if (entry && entry.key === key) continue;
        if (!entry) {
          const span = doc.createElement('span');
          span.id = `nianbao-msg-${++serial}`;
          el.insertAdjacentElement('afterend', span);
          addToken(el, 'aria-describedby', span.id);
          entry = { span, key: '' };
          shown.set(el, entry);
        }
        entry.key = key;
        entry.span.className = error ? 'nianbao-error' : 'nianbao-warning';
        entry.span.replaceChildren();
        for (const d of list) {
          const prefix = doc.createElement('span');
          prefix.textContent = d.severity === 'error' ? text.error : text.warning;
          hideVisually(prefix);
          const line = doc.createElement('span');
          line.style.display = 'block';
          line.append(prefix, doc.createTextNode(d.message));
          entry.span.append(line);
        }
        if (error) {
          el.setAttribute('aria-invalid', 'true');
          el.classList.add('nianbao-invalid');
        } else {
          el.removeAttribute('aria-invalid');
          el.classList.remove('nianbao-invalid');
        }
      }
      if (submitted) renderSummary(result, false);
    }

    function labelOf(el) {
      const row = el.closest('tr');
      return (row && row.cells[0]) || el;
    }

    function renderSummary(result, takeFocus) {
      const errors = result.diagnostics.filter((d) => d.severity === 'error');
      if (!errors.length) {
        if (summary) summary.remove();
        summary = null;
        return;
      }
      if (!summary) {
        summary = doc.createElement('div');
        summary.className = 'nianbao-summary';
        summary.setAttribute('role', 'alert');
        summary.tabIndex = -1;
        form.insertBefore(summary, form.firstChild);
      }
      const heading = doc.createElement('h2');
      heading.textContent = text.heading;
      const list = doc.createElement('ul');
      for (const d of errors) {
        const li = doc.createElement('li');
        const el = slots[index.get(d.cells[0])];
        if (el) {
          const a = doc.createElement('a');
          a.href = el.id ? `#${el.id}` : '#';
          a.textContent = d.message;
          a.addEventListener('click', (e) => {
            e.preventDefault();
            labelOf(el).scrollIntoView({ block: 'center' });
            el.focus({ preventScroll: true });
          });
          li.append(a);
        } else li.textContent = d.message;
        list.append(li);
      }
      summary.replaceChildren(heading, list);
      if (takeFocus) summary.focus();
    }

    const onInput = (e) => {
      if (e.isComposing) return; // the IME is still composing: check when it commits
      if (e.target && cellOf.has(e.target)) render(run('typing'));
    };
    const onCommit = (e) => {
      if (cellOf.has(e.target)) render(run(submitted ? 'submit' : 'typing'));
    };
    const onBlur = (e) => {
      const i = cellOf.get(e.target);
      if (i === undefined) return;
      active.add(i);
      render(run(submitted ? 'submit' : 'typing'));
    };
    const onSubmit = (e) => {
      submitted = true;
      const result = run('submit');
      render(result);
      const errors = result.diagnostics.some((d) => d.severity === 'error');
      if (errors && blockSubmit) {
        e.preventDefault();
        renderSummary(result, true);
      } else if (summary) {
        summary.remove();
        summary = null;
      }
    };
    const onPageShow = () => render(run(submitted ? 'submit' : 'typing'));

    const listeners = [
      [form, 'input', onInput],
      [form, 'change', onCommit],
      [form, 'compositionend', onCommit],
      [form, 'focusout', onBlur],
      [form, 'submit', onSubmit],
      [doc.defaultView, 'pageshow', onPageShow],
    ].filter(([target]) => target);
    for (const [target, type, fn] of listeners) target.addEventListener(type, fn);
    render(run('typing'));

    return {
      /** Checks as on submit, shows every error, and returns the result. */
      validate() {
        submitted = true;
        const result = run('submit');
        render(result);
        return result;
      },
      /** Cell id → the value in its input, as typed. */
      values() {
        const out = {};
        slots.forEach((el, i) => {
          if (el) out[cells[i].id] = el.value;
        });
        return out;
      },
      /** { mapping: {input key → cell id}, unmapped: [key], missing: [cell id], reasons: {key → why} } */
      mapping() {
        return structuredClone(mapped);
      },
      /** The last result. */
      result() {
        return last;
      },
      detach() {
        for (const [target, type, fn] of listeners) target.removeEventListener(type, fn);
        submitted = false;
        active.clear();
        render({ diagnostics: [] });
        if (summary) summary.remove();
        summary = null;
        for (const [el, readOnly, aria] of restore) {
          el.readOnly = readOnly;
          if (aria === null) el.removeAttribute('aria-readonly');
          else el.setAttribute('aria-readonly', aria);
        }
      },
    };
  }

  /** Attaches to every form of `doc` whose tables map to at least 10 cells of the report. */
  function attachAll(doc, options = {}) {
    const controllers = [];
    for (const form of doc.querySelectorAll('form')) {
      if (!form.querySelector('table input, table textarea')) continue;
      const extracted = extract(form, options.mapping || {});
      const mapped = api.mapGrid(extracted.page, options.form ?? 'ogi-2021');
      if (Object.keys(mapped.mapping).length >= 10) controllers.push(attachMapped(form, options, extracted, mapped));
    }
    return controllers;
  }

  return { attach, attachAll, extract };
}
