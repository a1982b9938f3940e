// The public API over the raw wasm exports of the main module (checkJson, checkValues, formJson, mapGrid).
// JS here only moves text across the boundary, once per call: every rule, label and number lives
// in the Rust core. scripts/build-wasm.sh also turns this file into pkg/api.cjs (require) and
// into the classic drop-in script: keep its top-level exports as `export function`, no imports.

const SEP = '\u001f';
const NOT_READY = 'nianbao: the wasm module is not loaded yet; await init() first';

export function makeApi(raw, ready = () => true) {
  const forms = new Map();
  const guard = () => {
    if (!ready()) throw new Error(NOT_READY);
  };
  const optionsText = (options) => (options == null ? '{}' : JSON.stringify(options));

  /** The form definition: id, labels, tables, and every cell (id, labels, derived, kind). */
  function form(id = 'ogi-2021') {
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

  /** A report object (domain.md) → the result object. */
  function check(report, options) {
    const text = JSON.stringify(report);
    return checkJson(text === undefined ? 'null' : text, options);
  }

  /**
   * The per-keystroke path: raw values in the order of form(formId).cells → the result object.
   * A value holding U+001F (the separator) has it replaced in the copy sent to the core only.
   */
  function checkValues(values, options, formId = 'ogi-2021') {
    guard();
    let packed = '';
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      const s = v == null ? '' : String(v);
      if (i > 0) packed += SEP;
      packed += s.includes(SEP) ? s.split(SEP).join('\ufffd') : s;
    }
    return JSON.parse(raw.checkValues(String(formId), packed, optionsText(options)));
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
    const def = form(options?.form ?? 'ogi-2021');
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
  function mapGrid(page, formId = 'ogi-2021') {
    guard();
    return JSON.parse(raw.mapGrid(String(formId), JSON.stringify(page)));
  }

  return { check, checkJson, checkJsonText, checkValues, form, recheckForm, mapGrid };
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
