// nianbao for the browser (ES module). `await init()` loads the .wasm beside this file's pkg/;
// pass a URL, a Response, bytes (ArrayBuffer / typed array) or a WebAssembly.Module to load it
// from elsewhere. A server that sends the .wasm with the wrong MIME type still works (the bytes
// are compiled instead of streamed). `attach(form, options)` wires a report form (see README).
import initGlue, * as raw from './pkg/glue-web.mjs';
import { makeApi, loadWasm } from './api.mjs';
import { makeWrapper } from './wrapper.mjs';

let ready = false;
let loading = null;
const api = makeApi(raw, () => ready);

/** Loads the wasm module once; later calls return the same promise (a failed load may be retried). */
export function init(input) {
  if (!loading) {
    loading = loadWasm(initGlue, input ?? new URL('./pkg/nianbao_bg.wasm', import.meta.url))
      .then(() => {
        ready = true;
      })
      .catch((e) => {
        loading = null;
        throw e;
      });
  }
  return loading;
}

export const { check, checkJson, checkJsonText, checkValues, sheet, form, recheckForm, mapGrid, contract } = api;
const wrapper = makeWrapper(api);
/** Attaches to `element` (a form or any element holding the report); see README. */
export const attach = wrapper.attach;
/** Attaches to every report in `doc` not attached yet (each form, or the element around fields outside forms). */
export function attachAll(doc = document, options) {
  return wrapper.scan(doc, options).attached;
}
/** Every report of `doc` checked as on submit, errors shown: { ok, results }. */
export function validate(doc = document) {
  return wrapper.validate(doc);
}
export const controllers = wrapper.controllers;
