// nianbao for the browser (ES module). `await init()` loads the .wasm beside this file; pass a
// URL, a Response, bytes (ArrayBuffer / typed array) or a WebAssembly.Module to load it from
// elsewhere. A server that sends the .wasm with the wrong MIME type still works (the bytes are
// compiled instead of streamed).
import initGlue, * as raw from './pkg/nianbao.js';
import { makeApi } from './api.mjs';

let ready = false;
let loading = null;
const api = makeApi(raw, () => ready);

async function load(input) {
  let source = input ?? new URL('./pkg/nianbao_bg.wasm', import.meta.url);
  if (typeof source === 'string' || source instanceof URL) {
    source = await fetch(source);
  }
  if (typeof Response === 'function' && source instanceof Response) {
    if (!source.ok) throw new Error(`nianbao: cannot load ${source.url}: HTTP ${source.status}`);
    const type = (source.headers.get('content-type') || '').split(';')[0].trim();
    if (type !== 'application/wasm' || typeof WebAssembly.instantiateStreaming !== 'function') {
      source = await source.arrayBuffer();
    }
  }
  await initGlue({ module_or_path: source });
  ready = true;
}

/** Loads the wasm module once; later calls return the same promise (a failed load may be retried). */
export function init(input) {
  if (!loading) {
    loading = load(input).catch((e) => {
      loading = null;
      throw e;
    });
  }
  return loading;
}

export const { check, checkJson, checkJsonText, checkValues, form, recheckForm } = api;
