//! wasm-bindgen bindings: strings in, strings out, one crossing per call.
//!
//! JSON text crosses the boundary instead of JS objects: `JSON.stringify` and `JSON.parse` are
//! native and fast on the JS side, and the core reads the text with the same reader as the
//! native CLI, so browser, Node and native results are byte-identical.

use wasm_bindgen::prelude::*;

fn js_error(e: crate::bind::json::JsonError) -> JsError {
    JsError::new(&e.to_string())
}

/// `checkJson(reportJson, optionsJson, previousJson)`: the result of domain.md as JSON text.
/// `previousJson` is last year's report, or "" for none.
#[wasm_bindgen(js_name = checkJson)]
pub fn check_json(report: &str, options: &str, previous: &str) -> Result<String, JsError> {
    crate::bind::json::check_json(report, options, previous).map_err(js_error)
}

/// `checkValues(formId, values, optionsJson)`: the per-keystroke path. `values` holds one raw
/// value per cell of the form, in the order of `formJson(formId).cells`, joined by U+001F.
#[wasm_bindgen(js_name = checkValues)]
pub fn check_values(form: &str, values: &str, options: &str) -> Result<String, JsError> {
    crate::bind::json::check_values(form, values, options).map_err(js_error)
}

/// `formJson(formId)`: the form definition (cell ids, labels, input or derived) as JSON text.
#[wasm_bindgen(js_name = formJson)]
pub fn form_json(form: &str) -> Option<String> {
    crate::form::form(form).map(crate::bind::json::form_json)
}

/// `mapGrid(formId, pageJson)`: which input is which cell, from the tables a browser extracted.
#[wasm_bindgen(js_name = mapGrid)]
pub fn map_grid(form: &str, page: &str) -> Result<String, JsError> {
    crate::bind::json::map_grid(form, page).map_err(js_error)
}

/// `auditText(text, previousText, file, locale)`: a published report read and checked, as one
/// JSON line (see `crate::bind::json::audit_json`). Behind the `audit` feature until the size of the
/// one module is settled: extraction adds ~20 KB gzipped that no form page needs.
#[cfg(audit_enabled)]
#[wasm_bindgen(js_name = auditText)]
pub fn audit_text(text: &str, previous: &str, file: &str, locale: &str) -> String {
    crate::bind::json::audit_json(text, previous, file, locale)
}

/// `auditIdentity(text)`: `{"year", "agency"}` of a published report, from its title and
/// metadata only (cheap: no table is read).
#[cfg(audit_enabled)]
#[wasm_bindgen(js_name = auditIdentity)]
pub fn audit_identity(text: &str) -> String {
    crate::bind::json::identity_json(text)
}

/// Test builds only (`--features trap-test`): traps, so the browser tests can check that the
/// wrapper recovers from a trapped instance.
#[cfg(feature = "trap-test")]
#[wasm_bindgen(js_name = __trap)]
pub fn trap() {
    std::process::abort()
}
