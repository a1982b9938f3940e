// The public API over the raw wasm exports of the main module (checkJson, checkValues, formJson, mapGrid).
// JS here only moves text across the boundary, once per call: every rule, label and number lives
// in the Rust core. scripts/build-wasm.sh also turns this file into pkg/api.cjs (require): keep
// its top-level exports as `export function`, no imports. The drop-in script bundles it.

const NOT_READY = 'nianbao: the wasm module is not loaded yet; await init() first';

/** See lazyDiagnostic: message, short, suggestion, expected and actual are made when first read. */
class LazyDiagnostic {
  constructor(detail) {
    this.detail = detail;
    this.full = null;
  }
  get message() {
    return (this.full = this.full || this.detail()).message;
  }
  get short() {
    return (this.full = this.full || this.detail()).short;
  }
  get suggestion() {
    return (this.full = this.full || this.detail()).suggestion;
  }
  get expected() {
    return (this.full = this.full || this.detail()).expected;
  }
  get actual() {
    return (this.full = this.full || this.detail()).actual;
  }
  /** JSON.stringify gives the diagnostic of the contract. */
  toJSON() {
    return (this.full = this.full || this.detail());
  }
}

export function makeApi(raw, ready = () => true) {
  const forms = new Map();
  const guard = () => {
    if (!ready()) throw new Error(NOT_READY);
  };
  const optionsText = (options) => (options == null ? '{}' : JSON.stringify(options));
  // The contract's constants, from the core (docs/contract.md): form ids, option values, the
  // sheet's flag bits, the value separator, the layout of a diagnostic's codes.
  let constants = null;
  const contract = () => {
    guard();
    return (constants = constants || JSON.parse(raw.contractJson()));
  };
  /** Options → the bits of a sheet run. */
  const flagsOf = (o) => {
    const f = contract().flags;
    return (o.mode === 'fill' ? f.fill : 0) | (o.phase === 'typing' ? 0 : f.submit) | (o.inline ? f.inline : 0) | (o.locale === 'en' ? f.en : 0);
  };

  /** The form definition: id, labels, tables, and every cell (id, labels, derived, kind). */
  function form(id = contract().form) {
    guard();
    let f = forms.get(id);
    if (!f) {
      const text = raw.formJson(String(id));
      if (text === undefined) throw new Error(`nianbao: unknown form ${JSON.stringify(id)}`);
      f = JSON.parse(text);
      Object.freeze(f);
      forms.set(id, f);
    }
    return f;
  }

  /** A report given as JSON text → the result JSON text (the server's fastest path). */
  function checkJsonText(text, options, previousText = '') {
    guard();
    return raw.checkJson(String(text), optionsText(options), previousText == null ? '' : String(previousText));
  }

  /** A report given as JSON text → the result object. */
  function checkJson(text, options, previousText) {
    return JSON.parse(checkJsonText(text, options, previousText));
  }

  /** A report object (docs/contract.md) → the result object. */
  function check(report, options) {
    const values = plainValues(report, options);
    if (values) {
      const s = shared(report.form == null ? contract().form : report.form);
      s.setAll(values);
      return s.run(options || {}).result();
    }
    const text = JSON.stringify(report);
    return checkJson(text === undefined ? 'null' : text, options);
  }

  // check() of a plain report goes through a sheet (no JSON text either way); anything else —
  // last year's report, unknown cells, values that are not text or plain numbers, options a
  // sheet does not take — through the JSON path, which reports what is wrong with it.
  const sheets = new Map();
  const shared = (id) => {
    let s = sheets.get(id);
    if (!s) sheets.set(id, (s = sheet(id)));
    return s;
  };
  function plainValues(report, options) {
    if (!report || typeof report !== 'object' || report.previous != null || !report.cells || typeof report.cells !== 'object' || Array.isArray(report.cells)) return null;
    const c = contract();
    if (report.form != null && report.form !== c.form) return null;
    for (const key in options || {}) {
      const v = options[key];
      if (v !== undefined && !(c.options[key] && c.options[key].indexOf(v) >= 0)) return null;
    }
    const index = indexOf(form(c.form));
    const values = new Array(index.size).fill('');
    for (const id in report.cells) {
      const i = index.get(id);
      const v = report.cells[id];
      if (i === undefined || !Object.prototype.hasOwnProperty.call(report.cells, id)) return null;
      if (typeof v === 'string') values[i] = v;
      else if (typeof v === 'number' && Number.isFinite(v) && String(v).indexOf('e') < 0) values[i] = String(v);
      else if (v != null) return null;
    }
    return values;
  }

  /** A value as the core receives it: text, the separator replaced in the copy sent. */
  const cleanValue = (v, sep = contract().separator) => {
    const s = v == null ? '' : String(v);
    return s.indexOf(sep) < 0 ? s : s.split(sep).join('\ufffd');
  };
  const packValues = (values) => {
    let packed = '';
    const sep = contract().separator;
    for (let i = 0; i < values.length; i++) packed += (i > 0 ? sep : '') + cleanValue(values[i], sep);
    return packed;
  };

  /** Raw values in the order of form(formId).cells → the result object (one crossing). */
  function checkValues(values, options, formId = contract().form) {
    guard();
    return JSON.parse(raw.checkValues(String(formId), packValues(values), optionsText(options)));
  }

  let rules = null;
  const ruleList = () => (rules = rules || JSON.parse(raw.rulesJson()));

  /**
   * The per-keystroke path: a form being filled in, kept in the core. `set(i, value)` changes
   * one cell (an index of form(formId).cells); `run(options)` checks and returns a view whose
   * totals and diagnostics are numbers until read: `totals` (Float64Array by cell, NaN where
   * none), `totalsText()` (text by cell), `diagnostics` (rule, severity, cells, at, fix as ids;
   * message, short, suggestion, expected, actual made when first read) and `result()` (the
   * whole result object of checkValues). A view stays readable after later runs.
   */
  function sheet(formId = contract().form) {
    const { separator: SEP, codes: CODE } = contract();
    const def = form(formId);
    const ids = def.cells.map((c) => c.id);
    let values = new Array(ids.length).fill('');
    let core = null;
    let made = null;
    let runs = 0;
    // The core's sheet, made again from the values if the module was restarted meanwhile.
    const live = () => {
      if (!core || made !== raw.Sheet) {
        made = raw.Sheet;
        core = new made(def.id);
        core.setAll(current().join(SEP));
      }
      return core;
    };
    let shared = false; // a view holds `values`: copy before changing them
    function set(i, value) {
      const v = cleanValue(value);
      if (!(i >= 0 && i < ids.length) || current()[i] === v) return;
      if (shared) values = values.slice();
      shared = false;
      values[i] = v;
      live().set(i, v);
    }
    /** Sets every cell at once (one crossing): raw values in form order, as checkValues takes. */
    function setAll(list) {
      const packed = packValues(list);
      live().setAll(packed);
      // Split again only if a cell is set alone or a view is read late.
      values = null;
      unpacked = () => {
        const v = packed.split(SEP);
        while (v.length < ids.length) v.push('');
        v.length = ids.length;
        return v;
      };
    }
    let unpacked = null;
    const current = () => {
      if (!values) values = unpacked();
      return values;
    };
    function run(options = {}) {
      const s = live();
      const flags = flagsOf(options);
      const changed = typeof options.changed === 'number' ? options.changed : -1;
      const count = s.run(flags, changed);
      const run = ++runs;
      const codes = count ? s.codes() : new Uint32Array(0);
      const totals = s.totals();
      const snapshot = values || unpacked;
      shared = true;
      const opts = Object.assign({}, options);
      let text = null;
      let whole = null;
      // Read after a later run: the same values checked again give the same outcome.
      const fresh = () => run === runs && made === raw.Sheet;
      const again = () => (whole = whole || checkValues(typeof snapshot === 'function' ? snapshot() : snapshot, opts, def.id));
      const diagnostics = [];
      for (let k = 0, at = 0; k < count; k++) {
        // rule, at + 1, fix + 1 (0: none), count, then `count` cells (contractJson's codes).
        const n = codes[at + CODE.count];
        const rule = ruleList()[codes[at + CODE.rule]];
        const cells = [];
        for (let j = 0; j < n; j++) cells.push(ids[codes[at + CODE.count + 1 + j]]);
        const cellAt = (field) => (codes[at + field] ? ids[codes[at + field] - 1] : undefined);
        diagnostics.push(lazyDiagnostic(k, rule, cells, cellAt(CODE.at), cellAt(CODE.fix), () => (fresh() ? JSON.parse(s.diagnostic(k)) : again().diagnostics[k])));
        at += CODE.count + 1 + n;
      }
      return {
        ok: !diagnostics.some((d) => d.severity === 'error'),
        totals,
        totalsText() {
          if (!text) text = (fresh() ? s.totalsText() : packTotals(again().totals)).split(SEP);
          return text;
        },
        diagnostics,
        result() {
          if (!whole) whole = fresh() ? JSON.parse(s.result()) : again();
          return whole;
        },
      };
    }
    const packTotals = (totals) => ids.map((id) => (totals[id] === undefined ? '' : totals[id])).join(SEP);
    return { form: def, set, setAll, run, values: current };
  }

  /** A diagnostic of the fast path: what the view decides on is there; the text is made when read. */
  function lazyDiagnostic(index, rule, cells, at, fix, detail) {
    const d = new LazyDiagnostic(detail);
    d.rule = rule.id;
    d.severity = rule.severity;
    d.cells = cells;
    d.index = index;
    if (at !== undefined) d.at = at;
    if (fix !== undefined) d.fix = fix;
    return d;
  }

  const indexes = new Map();
  const indexOf = (def) => {
    let m = indexes.get(def.id);
    if (!m) indexes.set(def.id, (m = new Map(def.cells.map((c, i) => [c.id, i]))));
    return m;
  };

  /**
   * Rechecks a submitted form: `fields` (URLSearchParams, Map, or object: field name → value),
   * `mapping` (field name → cell id, or the `{ mapping }` a browser controller reports).
   * Options default to verify / submit. One crossing, as in the browser (checkValues).
   */
  function recheckForm(fields, mapping, options) {
    const m = mapping && typeof mapping.mapping === 'object' ? mapping.mapping : mapping || {};
    // URLSearchParams.get is a linear search: read the fields once (a repeated name: the last).
    const byName = typeof fields?.entries === 'function' && !(fields instanceof Map) ? new Map(fields.entries()) : fields;
    const get =
      typeof byName?.get === 'function'
        ? (name) => byName.get(name)
        : (name) => (byName && Object.prototype.hasOwnProperty.call(byName, name) ? byName[name] : undefined);
    const def = form(options?.form ?? contract().form);
    const index = indexOf(def);
    const opts = { mode: 'verify', phase: 'submit', ...options };
    const values = new Array(def.cells.length).fill('');
    const cells = {};
    let unknown = false;
    for (const [name, cell] of Object.entries(m)) {
      let v = get(name);
      if (Array.isArray(v)) v = v[v.length - 1];
      if (v == null) continue;
      const i = index.get(cell);
      if (i === undefined) unknown = true;
      else values[i] = String(v);
      cells[cell] = String(v);
    }
    // A mapping that names cells the form does not have: the report path reports them.
    if (unknown) return check({ form: def.id, cells }, opts);
    return checkValues(values, opts, def.id);
  }

  /** Which input of a page is which cell, from the tables the browser extracted. */
  function mapGrid(page, formId = contract().form) {
    guard();
    return JSON.parse(raw.mapGrid(String(formId), JSON.stringify(page)));
  }

  return { check, checkJson, checkJsonText, checkValues, sheet, form, recheckForm, mapGrid, contract };
}

/**
 * Loads the wasm module through a wasm-bindgen init function: from a URL (fetched; compiled while
 * streaming when the server sends application/wasm, from the bytes otherwise), a Response, bytes
 * or a WebAssembly.Module. Returns the compiled Module (kept to re-instantiate after a trap).
 */
export async function loadWasm(initGlue, input) {
  let source = input;
  if (typeof source === 'string' || (typeof URL === 'function' && source instanceof URL)) {
    source = await fetch(source);
  }
  let module;
  if (source instanceof WebAssembly.Module) {
    module = source;
  } else if (typeof Response === 'function' && source instanceof Response) {
    if (!source.ok) throw new Error(`nianbao: cannot load ${source.url}: HTTP ${source.status}`);
    const type = (source.headers.get('content-type') || '').split(';')[0].trim();
    module =
      type === 'application/wasm' && typeof WebAssembly.compileStreaming === 'function'
        ? await WebAssembly.compileStreaming(source)
        : await WebAssembly.compile(await source.arrayBuffer());
  } else {
    module = await WebAssembly.compile(source);
  }
  await initGlue({ module_or_path: module });
  return module;
}
