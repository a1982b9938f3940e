// The classic drop-in script www/pkg/nianbao.js: scripts/bundle.mjs bundles this module and the
// ones it imports into one script (Rolldown, IIFE), with the wasm-bindgen no-modules glue made
// into a factory (`nianbao-glue`, so a trapped instance can be replaced by a fresh one). Add to a
// page:   <script src="/path/to/nianbao.js" defer></script>
// It loads nianbao_bg.wasm from beside itself (or from data-wasm), then attaches to every report
// on the page — a <form>, or the element around fields a framework rendered — and keeps watching:
// tables inserted later are attached when they appear, inputs a framework replaces are mapped
// again. data-locale="en", data-mode="verify", data-block-submit="false", data-auto="false"
// (attach yourself with nianbao.attach(element, options)), data-draft-url="/api/*/draft" (the
// page's draft-save URLs: never blocked).
// Without WebAssembly, or when a Content-Security-Policy forbids it, the page is left exactly as
// it was (one console warning): the form submits as before.
import { makeGlue } from 'nianbao-glue';
import { makeApi, loadWasm } from './api.mjs';
import { fields } from './extract.mjs';
import { makeWrapper } from './wrapper.mjs';

const scriptStart = typeof performance === 'object' ? performance.now() : 0;
const script = document.currentScript;
const wasm_bindgen = makeGlue();
const data = (script && script.dataset) || {};
const timings = { start: scriptStart };
let ready = false;
// The live instance's glue; replaced by a fresh one (from the compiled module kept below) if a
// call ever traps, so a trap costs one call, never the page.
let glue = wasm_bindgen;
let compiled = null;
let recoveries = 0;
const raw = new Proxy({}, { get: (_, name) => glue[name] });
const api = makeApi(raw, () => ready);
function recover() {
  glue = makeGlue();
  glue.initSync({ module: compiled });
  recoveries++;
  console.warn('nianbao: the checking module stopped and was restarted');
}
// Each call is tried again once on a fresh instance if it traps; so are the calls of the
// sheet a form page keeps (it remakes its core from its values on the fresh instance).
function protect(fn) {
  return function () {
    let out;
    try {
      out = fn.apply(null, arguments);
    } catch (e) {
      if (!(e instanceof WebAssembly.RuntimeError) || !compiled) throw e;
      recover();
      out = fn.apply(null, arguments);
    }
    return fn === api.sheet ? { form: out.form, set: protect(out.set), setAll: protect(out.setAll), run: protect(out.run), values: out.values } : out;
  };
}
const safe = {};
for (const name of Object.keys(api)) safe[name] = protect(api[name]);
const wrapper = makeWrapper(safe);
const options = { locale: data.locale, mode: data.mode, blockSubmit: data.blockSubmit !== 'false', draftUrl: data.draftUrl || data.nianbaoDraftUrl, nonce: (script && script.nonce) || undefined };
// What the page sends is watched from now on (requests pass until a report is attached), so a
// page's script that posts before the module is ready still goes through the same door.
try {
  if (data.blockSubmit !== 'false') wrapper.guard(document);
} catch (e) {
  console.warn('nianbao: requests are not checked (' + (e && e.message) + ')');
}
let loaded = Promise.resolve(false);
const nianbao = Object.assign({}, safe, {
  controllers: wrapper.controllers,
  timings,
  /** Attaches to `element` (a form or any element holding the report): a Promise of the
   * controller (null when the module cannot load), also when called before the module is ready. */
  attach(element, opts) {
    return loaded.then((ok) => (ok ? wrapper.attach(element, Object.assign({}, options, opts)) : null));
  },
  /** Every report on the page checked as on submit, errors shown: { ok, results }. Before the
   * module is ready (or without WebAssembly) nothing is checked: { ok: true, results: [] }. */
  validate() {
    return ready ? wrapper.validate(document) : { ok: true, results: [] };
  },
});
Object.defineProperty(nianbao, 'ready', { get: () => loaded });
Object.defineProperty(nianbao, 'recoveries', { get: () => recoveries });
if (typeof wasm_bindgen.__trap === 'function') {
  // Test builds only (cargo feature trap-test): make the instance trap, and recover.
  nianbao.__testTrap = () => {
    try {
      glue.__trap();
    } catch (e) {
      if (!(e instanceof WebAssembly.RuntimeError)) throw e;
      recover();
      return 'recovered';
    }
    return 'no trap';
  };
}
window.nianbao = nianbao;

/** Attaches what is new and remaps what a framework replaced; says once, a few seconds after
 * load, why nothing attached when nothing did. */
function watch() {
  let pending = 0;
  const scan = () => {
    pending = 0;
    wrapper.scan(document, options);
  };
  // Inputs, or tables (a grid of text cells has none until a cell is edited).
  const relevant = (nodes) => Array.prototype.some.call(nodes, (n) => n.nodeType === 1 && (/^(input|textarea|table)$/.test(n.localName) || (n.querySelector && n.querySelector('input,textarea,table'))));
  new MutationObserver((records) => {
    if (pending) return;
    if (records.some((r) => relevant(r.addedNodes) || relevant(r.removedNodes))) pending = setTimeout(scan, 0);
  }).observe(document.documentElement, { childList: true, subtree: true });
  scan();
  const tell = () => {
    if (wrapper.controllers.length) return;
    const count = fields(document).length;
    const { best } = wrapper.scan(document, options);
    if (wrapper.controllers.length) return;
    console.warn(
      count
        ? `nianbao: no report attached: the page's inputs match at most ${best} cells of the report (at least ${wrapper.MIN_CELLS} are needed); label them or give data-nianbao-cell`
        : 'nianbao: no report attached: the page has no input fields yet; call nianbao.attach(element) once the report is on the page',
    );
  };
  if (document.readyState === 'complete') setTimeout(tell, 3000);
  else window.addEventListener('load', () => setTimeout(tell, 3000), { once: true });
}

if (typeof WebAssembly !== 'object' || typeof WebAssembly.instantiate !== 'function') {
  console.warn('nianbao: this browser has no WebAssembly; the form works as before, without live checks');
} else {
  const base = script && script.src ? script.src : location.href;
  loaded = loadWasm(wasm_bindgen, new URL(data.wasm || 'nianbao_bg.wasm', base));
  // While the module compiles (off the main thread), read the page's reports once it is parsed.
  const early = () => {
    try {
      if (data.auto !== 'false') wrapper.extractEarly(document, options);
    } catch (e) {
      // Only a head start: the first scan extracts again.
    }
  };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', early, { once: true });
  else early();
  loaded = loaded.then(
    (module) => {
      compiled = module;
      ready = true;
      timings.ready = performance.now();
      return new Promise((resolve) => {
        const go = () => {
          // When the first report's totals are on the page (the first check writes them).
          document.addEventListener('nianbao:checked', () => (timings.totals = timings.totals || performance.now()), { once: true });
          if (data.auto !== 'false') watch();
          timings.attached = performance.now();
          resolve(true);
        };
        if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', go, { once: true });
        else go();
      });
    },
    (e) => {
      console.warn(`nianbao: live checks are off (${e && e.message ? e.message : e}); the form submits as before`);
      return false;
    },
  );
}
