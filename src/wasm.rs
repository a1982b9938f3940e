//! wasm-bindgen bindings: thin, over the same plain structs as the JSON contract.

use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::report::{Options, Report};

fn options(value: JsValue) -> Result<Options, JsError> {
    if value.is_undefined() || value.is_null() {
        return Ok(Options::default());
    }
    serde_wasm_bindgen::from_value(value).map_err(|e| JsError::new(&format!("bad options: {e}")))
}

/// `check(report, options)`: the result object of domain.md.
#[wasm_bindgen]
pub fn check(report: JsValue, options_: JsValue) -> Result<JsValue, JsError> {
    let report: Report = serde_wasm_bindgen::from_value(report)
        .map_err(|e| JsError::new(&format!("not a report: {e}")))?;
    let options = options(options_)?;
    let result = crate::report::check(&report, &options);
    result
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| JsError::new(&e.to_string()))
}
