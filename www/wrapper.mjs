// The drop-in wrapper: attaches to a report someone else's markup defines (a <form>, or any
// element a framework renders), fills the derived totals while people type, shows errors
// accessibly, and guards every way the report is submitted. It only touches the DOM: which input
// is which cell (api.mapGrid), every rule and every message come from the core. It never changes
// or fires events on a value a person typed; derived totals are written through the native value
// setter and announced with `input` and `change`, so Vue, React and jQuery see them. All text is
// set with textContent.
// scripts/build-wasm.sh puts this file into the classic drop-in script too: keep its top-level
// exports as `export function`, no imports, and only what Chromium 86 and Firefox 78 have.

export function makeWrapper(api, extract) {
  const TEXT = {
    'zh-CN': { error: '错误：', warning: '注意：', heading: '提交前请改正以下问题', warn: '以下输入框无法对应到报表的格子', missing: '报表中这些格子在页面上没有输入框' },
    en: { error: 'Error: ', warning: 'Warning: ', heading: 'There is a problem', warn: 'inputs not matched to a cell of the report', missing: 'cells of the report without an input on the page' },
  };
  const SUBMIT_WORDS = /提交|上报|报送|报出|submit|send/i;
  const DRAFT_WORDS = /暂存|草稿|draft/i;
  const SAVE_WORDS = /保存|save/i;
  const CONTROLS = 'button,input[type=submit],input[type=button],input[type=image],a,[role=button]';
  const MIN_CELLS = 10;
  const sheets = new WeakSet();
  const controllers = [];
  let serial = 0;

  function addStyles(doc) {
    if (sheets.has(doc)) return;
    sheets.add(doc);
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
      doc.adoptedStyleSheets = doc.adoptedStyleSheets.concat([sheet]);
    } catch (e) {
      /* browsers without constructable sheets (Firefox < 101): the classes stay, unstyled */
    }
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

  function labelOfControl(el) {
    return ((el.localName === 'input' ? el.value : el.textContent) || el.getAttribute('aria-label') || el.getAttribute('title') || '').replace(/\s+/g, '');
  }

  /**
   * Attaches to `root` (a form or any element holding the report). Options: locale
   * ('zh-CN' | 'en'), mode ('fill' | 'verify'), blockSubmit (true), mapping ({field name or id
   * → cell id}), form ('ogi-2021'). Returns the controller (also when few cells map: the page
   * asked for it; what did not map is in controller.mapping()).
   */
  function attach(root, options) {
    const found = controllers.find((c) => c.root === root);
    if (found) return found;
    return attachMapped(root, options || {}, prepare(root, options || {}, false));
  }

  function prepare(root, options, loose) {
    const extracted = extract.extractPage(root, options.mapping || {}, loose);
    return { extracted, mapped: api.mapGrid(extracted.page, options.form || 'ogi-2021'), loose };
  }

  function attachMapped(root, options, prepared) {
    const locale = options.locale === 'en' ? 'en' : 'zh-CN';
    const mode = options.mode === 'verify' ? 'verify' : 'fill';
    const blockSubmit = options.blockSubmit !== false;
    const text = TEXT[locale];
    const doc = root.ownerDocument;
    guard(doc);
    const definition = api.form(options.form || 'ogi-2021');
    const cells = definition.cells;
    const index = new Map(cells.map((c, i) => [c.id, i]));

    let slots = [];
    let cellOf = new Map();
    let mapped = null;
    let restore = [];
    const active = new Set(); // cells that lost focus once: their errors show, then update eagerly
    let submitted = false;
    let summary = null;
    let shown = new Map(); // element → { span, key }
    let last = null;
    let settle = 0;
    const announced = new WeakMap(); // derived input → the value its page was last told of
    let bound = []; // the fields extracted, and how many fields root held then
    let fieldCount = 0;

    /** Gives derived inputs back their own read-only state. */
    function release() {
      for (const [el, readOnly, aria] of restore) {
        el.readOnly = readOnly;
        if (aria === null) el.removeAttribute('aria-readonly');
        else el.setAttribute('aria-readonly', aria);
      }
      restore = [];
    }

    function bind(prepared) {
      release();
      const { page, elements } = prepared.extracted;
      mapped = prepared.mapped;
      bound = elements;
      fieldCount = extract.fields(root).length;
      slots = new Array(cells.length).fill(null);
      cellOf = new Map();
      page.inputs.forEach((input, k) => {
        const cell = mapped.mapping[input.key];
        if (cell === undefined || !index.has(cell)) return;
        slots[index.get(cell)] = elements[k];
        cellOf.set(elements[k], index.get(cell));
      });
      const parts = [];
      if (mapped.unmapped.length) parts.push(text.warn + ': ' + mapped.unmapped.map((k) => k + ' (' + mapped.reasons[k] + ')').join(', '));
      if (mapped.missing.length && mapped.missing.length < cells.length) parts.push(text.missing + ': ' + mapped.missing.join(', '));
      if (parts.length) console.warn('nianbao: ' + parts.join('; '));
      if (mode === 'fill') {
        cells.forEach((c, i) => {
          const el = slots[i];
          if (!c.derived || !el) return;
          restore.push([el, el.readOnly, el.getAttribute('aria-readonly')]);
          el.readOnly = true;
          el.setAttribute('aria-readonly', 'true');
        });
      }
      for (const [el, entry] of shown) {
        if (!el.isConnected || !cellOf.has(el)) unshow(el, entry);
      }
    }

    /** Checks the values on the page; in fill mode writes the totals that changed. */
    function run(phase) {
      const values = slots.map((el) => (el ? el.value : ''));
      const result = api.checkValues(values, { mode, phase, locale }, definition.id);
      if (mode === 'fill') writeTotals(result);
      // A cell that is not on the page cannot be blank on it.
      result.diagnostics = result.diagnostics.filter((d) => d.rule !== 'value.missing' || slots[index.get(d.cells[0])]);
      result.ok = !result.diagnostics.some((d) => d.severity === 'error');
      last = result;
      emit(root, 'nianbao:checked', { result, controller }, false);
      return result;
    }

    /**
     * Totals are shown at once, and announced (input, change) once the person's own event has
     * gone through the page: a framework that re-rendered from its state before it saw the typed
     * value would otherwise put the typed value back. Announcing writes again what a framework
     * took back meanwhile.
     */
    function writeTotals(result) {
      cells.forEach((c, i) => {
        const el = slots[i];
        if (!c.derived || !el) return;
        const v = result.totals[c.id] !== undefined ? result.totals[c.id] : '';
        if (el.value !== v) setValue(el, v);
      });
      if (!settle) settle = setTimeout(announceTotals, 0);
    }

    function announceTotals() {
      settle = 0;
      if (!last || controllers.indexOf(controller) < 0) return;
      cells.forEach((c, i) => {
        const el = slots[i];
        if (!c.derived || !el) return;
        const v = last.totals[c.id] !== undefined ? last.totals[c.id] : '';
        if (el.value === v && announced.get(el) === v) return;
        if (el.value !== v) setValue(el, v);
        announced.set(el, v);
        announce(el);
      });
    }

    function unshow(el, entry) {
      entry.span.remove();
      removeToken(el, 'aria-describedby', entry.span.id);
      el.removeAttribute('aria-invalid');
      el.classList.remove('nianbao-invalid');
      shown.delete(el);
    }

    function render(result) {
      const want = new Map();
      for (const d of result.diagnostics) {
        const i = index.get(d.cells[0]);
        const el = i === undefined ? null : slots[i];
        if (!el || !(submitted || active.has(i))) continue;
        if (!want.has(el)) want.set(el, []);
        want.get(el).push(d);
      }
      for (const [el, entry] of shown) if (!want.has(el)) unshow(el, entry);
      for (const [el, list] of want) {
        const error = list.some((d) => d.severity === 'error');
        const key = list.map((d) => d.severity + d.message).join('\n');
        let entry = shown.get(el);
        if (entry && entry.key === key) continue;
        if (!entry) {
          const span = doc.createElement('span');
          span.id = 'nianbao-msg-' + ++serial;
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

    /** Shows the cell of `el`: first the hidden step or tab it is on (nianbao:reveal, which a
     * page may cancel to do it itself; else a click on the tab that controls its pane). */
    function reveal(el) {
      if (!isShown(el) && emit(el, 'nianbao:reveal', { cell: cells[cellOf.get(el)].id, controller }, true)) {
        const view = doc.defaultView;
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
        root.insertBefore(summary, root.firstChild);
      }
      const heading = doc.createElement('h2');
      heading.textContent = text.heading;
      const list = doc.createElement('ul');
      for (const d of errors) {
        const li = doc.createElement('li');
        const el = slots[index.get(d.cells[0])];
        if (el) {
          const a = doc.createElement('a');
          a.href = el.id ? '#' + el.id : '#';
          a.textContent = d.message;
          a.addEventListener('click', (e) => {
            e.preventDefault();
            reveal(el);
          });
          li.append(a);
        } else li.textContent = d.message;
        list.append(li);
      }
      summary.replaceChildren(heading, list);
      if (takeFocus) summary.focus();
    }

    const typed = (el) => cellOf.has(el) && !cells[cellOf.get(el)].derived;
    const onInput = (e) => {
      if (e.isComposing) return; // the IME is still composing: check when it commits
      if (typed(e.target)) render(run('typing'));
    };
    const refresh = () => render(run(submitted ? 'submit' : 'typing'));
    const onCommit = (e) => {
      if (typed(e.target)) refresh();
    };
    const onBlur = (e) => {
      if (!cellOf.has(e.target)) return;
      active.add(cellOf.get(e.target));
      refresh();
    };

    /** Checks as on submit and shows every error. */
    function checkAll() {
      submitted = true;
      const result = run('submit');
      render(result);
      return result;
    }

    /**
     * The guard: true when the report may be sent. A draft save always may (errors shown, not
     * blocked); otherwise errors block it when blockSubmit is on, after a cancelable
     * `nianbao:invalid` (cancel it to show the errors your own way: the summary then stays
     * closed and focus where it is).
     */
    function allow(draft) {
      const result = checkAll();
      if (result.ok || draft || !blockSubmit) {
        if (summary && result.ok) {
          summary.remove();
          summary = null;
        }
        return true;
      }
      if (emit(root, 'nianbao:invalid', { result, controller }, true)) renderSummary(result, true);
      return false;
    }

    const listeners = [
      [root, 'input', onInput],
      [root, 'change', onCommit],
      [root, 'compositionend', onCommit],
      [root, 'focusout', onBlur],
      [doc.defaultView, 'pageshow', refresh],
    ];
    for (const [target, type, fn] of listeners) target.addEventListener(type, fn);

    const controller = {
      root,
      /** Checks as on submit, shows every error, and returns the result (ok false while any error remains). */
      validate() {
        const result = checkAll();
        renderSummary(result, false);
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
        return last;
      },
      /** Extracts and maps the report again (after a framework replaced its inputs). */
      remap() {
        bind(prepare(root, options, prepared.loose));
        refresh();
      },
      /** Whether a framework replaced, added or removed inputs since they were mapped. */
      stale() {
        return bound.some((el) => !el.isConnected) || extract.fields(root).length !== fieldCount;
      },
      allow,
      detach() {
        for (const [target, type, fn] of listeners) target.removeEventListener(type, fn);
        clearTimeout(settle);
        submitted = false;
        active.clear();
        render({ diagnostics: [] });
        if (summary) summary.remove();
        summary = null;
        release();
        const at = controllers.indexOf(controller);
        if (at >= 0) controllers.splice(at, 1);
      },
    };
    bind(prepared);
    controllers.push(controller);
    addStyles(doc);
    render(run('typing'));
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
    return { attached, best };
  }

  /** The controller a form or a control belongs to: the one whose root holds it or its form. */
  function controllerOf(el, doc) {
    const form = el.localName === 'form' ? el : el.form || el.closest('form');
    const inside = controllers.filter((c) => c.root.ownerDocument === doc && (c.root.contains(el) || (form && (form.contains(c.root) || c.root.contains(form)))));
    if (inside.length) return inside[0];
    const here = controllers.filter((c) => c.root.ownerDocument === doc);
    // A page-level button outside any form, with one report on the page: that report's.
    return !form && here.length === 1 ? here[0] : null;
  }

  function isDraft(control, scope) {
    if (!control) return false;
    if (control.hasAttribute('formnovalidate') || control.hasAttribute('data-nianbao-draft')) return true;
    const label = labelOfControl(control);
    if (DRAFT_WORDS.test(label)) return true;
    if (!SAVE_WORDS.test(label) || SUBMIT_WORDS.test(label)) return false;
    // 保存 is a draft save when the page has a separate 提交/上报 control.
    return Array.prototype.some.call(scope.querySelectorAll(CONTROLS), (c) => c !== control && SUBMIT_WORDS.test(labelOfControl(c)) && !DRAFT_WORDS.test(labelOfControl(c)));
  }

  /**
   * Guards a document: the submit event (submit buttons, Enter, requestSubmit()), calls of
   * form.submit(), and clicks on buttons that send the report with script (fetch, XHR,
   * $.ajax): 提交/上报/报送/submit, or 保存 when there is no separate submit control.
   */
  function guard(doc) {
    const view = doc.defaultView;
    if (view.__nianbaoGuard) return;
    view.__nianbaoGuard = true;
    const proto = view.HTMLFormElement.prototype;
    const submit = proto.submit;
    let draftClick = false; // a draft control was clicked in this task: its form.submit() saves
    proto.submit = function () {
      const c = controllerOf(this, this.ownerDocument);
      if (c && !c.allow(draftClick)) return undefined;
      return submit.call(this);
    };
    doc.addEventListener(
      'submit',
      (e) => {
        const c = controllerOf(e.target, doc);
        if (!c) return;
        const scope = e.target;
        if (!c.allow(isDraft(e.submitter || null, scope))) {
          e.preventDefault();
          e.stopImmediatePropagation();
        }
      },
      true,
    );
    doc.addEventListener(
      'click',
      (e) => {
        const control = e.target && e.target.closest ? e.target.closest(CONTROLS) : null;
        if (!control || control.disabled) return;
        // A form's own submit button: the submit event that follows is guarded.
        const type = (control.getAttribute('type') || (control.localName === 'button' ? 'submit' : '')).toLowerCase();
        if (control.form && (type === 'submit' || type === 'image')) return;
        const c = controllerOf(control, doc);
        if (!c) return;
        const scope = control.form || doc;
        const label = labelOfControl(control);
        const draft = isDraft(control, scope);
        const sends = draft || SUBMIT_WORDS.test(label) || SAVE_WORDS.test(label);
        if (!sends) return;
        if (draft) {
          draftClick = true;
          setTimeout(() => (draftClick = false), 0);
        }
        if (!c.allow(draft)) {
          e.preventDefault();
          e.stopImmediatePropagation();
        }
      },
      true,
    );
  }

  /** Every report of the document checked as on submit, errors shown: { ok, results }. */
  function validate(doc) {
    const results = controllers.filter((c) => c.root.ownerDocument === doc).map((c) => c.validate());
    return { ok: results.every((r) => r.ok), results };
  }

  return { attach, scan, validate, controllers, MIN_CELLS };
}
