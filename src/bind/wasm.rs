//! wasm-bindgen bindings: strings in, strings out, one crossing per call.
//!
//! JSON text crosses the boundary instead of JS objects: `JSON.stringify` and `JSON.parse` are
//! native and fast on the JS side, and the core reads the text with the same reader as the
//! native CLI, so browser, Node and native results are byte-identical.

use wasm_bindgen::prelude::*;

fn js_error(e: crate::bind::json::JsonError) -> JsError {
    JsError::new(&e.to_string())
}

/// `checkJson(reportJson, optionsJson, previousJson)`: the result of docs/contract.md as JSON text.
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

/// The fast path of a form page: `new Sheet(formId)` keeps the values typed so far (each parsed
/// once, when it changes) and the last outcome. A keystroke is `set(cell, value)` then
/// `run(flags, changed)`; the outcome crosses as numbers (`totals()`, `codes()`), and text is
/// made only for what is shown (`totalsText()`, `message(i)`, `diagnostic(i)`).
#[wasm_bindgen]
pub struct Sheet {
    inner: crate::check::sheet::Sheet,
    options: crate::check::report::Options,
    codes: Vec<u32>,
    totals: Vec<f64>,
}

/// `run` flags.
use crate::bind::json::SHEET_FLAGS;
const FILL: u32 = SHEET_FLAGS[0].1;
const SUBMIT: u32 = SHEET_FLAGS[1].1;
const INLINE: u32 = SHEET_FLAGS[2].1;
const EN: u32 = SHEET_FLAGS[3].1;

#[wasm_bindgen]
impl Sheet {
    #[wasm_bindgen(constructor)]
    pub fn new(form: &str) -> Result<Sheet, JsError> {
        let form = crate::form::form(form)
            .ok_or_else(|| JsError::new(&format!("unknown form \"{form}\"")))?;
        let n = form.cells.len();
        Ok(Sheet {
            inner: crate::check::sheet::Sheet::new(form),
            options: Default::default(),
            codes: Vec::new(),
            totals: vec![f64::NAN; n],
        })
    }

    /// Sets one cell (its index in `formJson(formId).cells`); false for an index out of range.
    pub fn set(&mut self, cell: u32, value: &str) -> bool {
        self.inner.set(cell as usize, value)
    }

    /// Sets every cell: values in form order joined by U+001F.
    #[wasm_bindgen(js_name = setAll)]
    pub fn set_all(&mut self, values: &str) {
        self.inner
            .set_all(values, crate::bind::json::VALUE_SEPARATOR)
    }

    /// Runs the rules: `flags` = 1 fill (else verify) | 2 submit (else typing) | 4 inline (form
    /// page: suggestion, `at`, short messages) | 8 English; `changed` the cell just changed, or
    /// -1. Returns the number of diagnostics; `codes()` and `totals()` hold the outcome.
    pub fn run(&mut self, flags: u32, changed: i32) -> u32 {
        use crate::check::engine::{Mode, Phase};
        let o = &mut self.options;
        o.mode = if flags & FILL != 0 {
            Mode::Fill
        } else {
            Mode::Verify
        };
        o.phase = if flags & SUBMIT != 0 {
            Phase::Submit
        } else {
            Phase::Typing
        };
        o.inline = flags & INLINE != 0;
        o.locale = if flags & EN != 0 {
            crate::Locale::En
        } else {
            crate::Locale::ZhCn
        };
        o.changed = u16::try_from(changed).ok();
        let out = self.inner.run(o.mode, o.phase, o.inline, o.changed);
        crate::bind::json::codes(out, &mut self.codes);
        for (t, v) in self.totals.iter_mut().zip(&out.totals) {
            *t = v.map_or(f64::NAN, |v| v as f64);
        }
        out.diags.len() as u32
    }

    /// Per cell, its computed total (money in 1/10,000 万元), NaN for inputs and totals that
    /// cannot be computed.
    pub fn totals(&self) -> js_sys::Float64Array {
        js_sys::Float64Array::from(&self.totals[..])
    }

    /// The diagnostics, each as `rule, at + 1, fix + 1, n, cell × n` (`rule` indexes
    /// `rulesJson()`; `at`, the changed cell it is shown at, and `fix`, the suggested cell,
    /// are 0 when absent; cells are indexes of the form's cells, the first where it is shown).
    pub fn codes(&self) -> js_sys::Uint32Array {
        js_sys::Uint32Array::from(&self.codes[..])
    }

    /// Every cell's computed total as text, joined by U+001F ("" where there is none).
    #[wasm_bindgen(js_name = totalsText)]
    pub fn totals_text(&self) -> String {
        crate::bind::json::totals_text(self.inner.form(), &self.inner.outcome)
    }

    /// Diagnostic `i` of the last run as the JSON object of docs/contract.md (with `short`,
    /// `suggestion` and `at` when the run was inline); "" when there is no such diagnostic.
    pub fn diagnostic(&self, i: u32) -> String {
        crate::bind::json::diagnostic_json(
            self.inner.form(),
            &self.inner.outcome,
            i as usize,
            &self.options,
        )
    }

    /// The whole result of the last run, as JSON text (what `checkValues` returns).
    pub fn result(&self) -> String {
        let form = self.inner.form();
        crate::bind::json::write_result(form.id(), Some(form), &self.inner.outcome, &self.options)
    }
}

/// `contractJson()`: the contract's constants JS needs (form ids, options, the sheet's flag bits,
/// the value separator, the layout of `Sheet.codes()`), so JS restates none of them.
#[wasm_bindgen(js_name = contractJson)]
pub fn contract_json() -> String {
    crate::bind::json::contract_json()
}

/// `rulesJson()`: `[{"id", "severity"}]`, indexed by the rule codes of `Sheet.codes()`.
#[wasm_bindgen(js_name = rulesJson)]
pub fn rules_json() -> String {
    crate::bind::json::rules_json()
}
