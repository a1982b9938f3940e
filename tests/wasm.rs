#![cfg(target_arch = "wasm32")]
//! The wasm build in headless Chromium: the exported functions, called as JS calls them.
//! Every parity fixture gives exactly the bytes the native core gives, and the result read back
//! into the Rust type equals what the core computes.

use nianbao::{CheckResult, Options, Report};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

include!(concat!(env!("OUT_DIR"), "/parity.rs"));

#[path = "support/catalogue.rs"]
mod catalogue_cases;

#[wasm_bindgen_test]
fn bad_input_catalogue_in_the_browser_build() {
    // The core as compiled into the browser module, run in Chromium; the export around it is
    // checked to fail exactly when the core does.
    catalogue_cases::run(|text| {
        let core =
            nianbao::bind::json::check_json(text, r#"{"mode":"verify","phase":"submit"}"#, "")
                .map_err(|e| e.to_string());
        let export =
            nianbao::bind::wasm::check_json(text, r#"{"mode":"verify","phase":"submit"}"#, "");
        assert_eq!(core.is_ok(), export.is_ok());
        core
    });
}

#[wasm_bindgen_test]
fn parity_fixtures_are_byte_identical() {
    assert!(PARITY.len() >= 8);
    for (name, options, report, expected) in PARITY {
        let got = nianbao::bind::wasm::check_json(report, options, "")
            .map_err(wasm_bindgen::JsValue::from)
            .unwrap();
        assert_eq!(got, expected.trim_end(), "{name}");
        let back: CheckResult = serde_json::from_str(&got).unwrap();
        let direct = nianbao::check(
            &Report::from_json(report).unwrap(),
            &Options::from_json(options).unwrap(),
        );
        assert_eq!(back, direct, "{name}");
    }
}

#[wasm_bindgen_test]
fn keystroke_path_agrees_with_the_report_path() {
    let form: serde_json::Value =
        serde_json::from_str(&nianbao::bind::wasm::form_json("ogi-2021").unwrap()).unwrap();
    let cells = form["cells"].as_array().unwrap();
    assert_eq!(cells.len(), 200);
    let (_, _, report, _) = PARITY
        .iter()
        .find(|c| c.0.starts_with("typing-fullwidth."))
        .unwrap();
    let parsed: serde_json::Value = serde_json::from_str(report).unwrap();
    let values: Vec<&str> = cells
        .iter()
        .map(|c| {
            parsed["cells"][c["id"].as_str().unwrap()]
                .as_str()
                .unwrap_or("")
        })
        .collect();
    let options = r#"{"mode":"fill","phase":"typing"}"#;
    let fast = nianbao::bind::wasm::check_values("ogi-2021", &values.join("\u{1f}"), options)
        .map_err(wasm_bindgen::JsValue::from)
        .unwrap();
    let slow = nianbao::bind::wasm::check_json(report, options, "")
        .map_err(wasm_bindgen::JsValue::from)
        .unwrap();
    assert_eq!(fast, slow);
}

#[wasm_bindgen_test]
fn bad_input_is_an_error_not_a_trap() {
    for (report, options) in [
        ("\"not a report\"", "{}"),
        ("null", "{}"),
        ("{", "{}"),
        ("{}", r#"{"mode":"sideways"}"#),
    ] {
        assert!(
            nianbao::bind::wasm::check_json(report, options, "").is_err(),
            "{report} {options}"
        );
    }
    let deep = format!(
        "{{\"cells\":{{\"t3.new.natural\":{}1{}}}}}",
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    assert!(nianbao::bind::wasm::check_json(&deep, "{}", "").is_err());
    // The instance still works afterwards.
    let (_, options, report, expected) = PARITY[0];
    assert_eq!(
        nianbao::bind::wasm::check_json(report, options, "")
            .ok()
            .as_deref(),
        Some(expected.trim_end())
    );
}
