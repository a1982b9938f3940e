// The end of the classic drop-in script www/pkg/nianbao.js (scripts/build-wasm.sh wraps the
// no-modules glue, api.mjs, wrapper.mjs and this file in one function). Add to a page:
//   <script src="/path/to/nianbao.js" defer></script>
// It loads nianbao_bg.wasm from beside itself (or from data-wasm), then attaches to every form
// whose tables are the report's. data-locale="en", data-mode="verify", data-block-submit="false",
// data-auto="false" (attach yourself with nianbao.attach(form, options)).
// Without WebAssembly, or when a Content-Security-Policy forbids it, the page is left exactly as
// it was (one console warning): the form submits as before.
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
const safe = {};
for (const [name, fn] of Object.entries(api)) {
  safe[name] = (...args) => {
    try {
      return fn(...args);
    } catch (e) {
      if (!(e instanceof WebAssembly.RuntimeError) || !compiled) throw e;
      recover();
      return fn(...args);
    }
  };
}
const wrapper = makeWrapper(safe);
const controllers = [];
const options = { locale: data.locale, mode: data.mode, blockSubmit: data.blockSubmit !== 'false' };
const nianbao = Object.assign({}, safe, { attach: wrapper.attach, controllers, timings, ready: Promise.resolve(false) });
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

if (typeof WebAssembly !== 'object' || typeof WebAssembly.instantiate !== 'function') {
  console.warn('nianbao: this browser has no WebAssembly; the form works as before, without live checks');
} else {
  const base = script && script.src ? script.src : location.href;
  nianbao.ready = loadWasm(wasm_bindgen, new URL(data.wasm || 'nianbao_bg.wasm', base)).then(
    (module) => {
      compiled = module;
      ready = true;
      timings.ready = performance.now();
      return new Promise((resolve) => {
        const go = () => {
          if (data.auto !== 'false') controllers.push(...wrapper.attachAll(document, options));
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
