#![cfg(target_arch = "wasm32")]
//! The wasm build in headless Chromium: `check` is called through the real JS boundary
//! (a JS object in, a JS object out), and the result, deserialized back into the Rust type,
//! equals what the core computes directly.

use nianbao::report::{CheckResult, Report};
use nianbao::{Locale, Mode, Options, Phase};
use serde::Serialize;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const SEED: &str = include_str!("fixtures/yingchun-2023.json");

fn to_js<T: Serialize>(v: &T) -> JsValue {
    v.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).unwrap()
}

fn through_js(report: &Report, options: &JsValue) -> CheckResult {
    let out = nianbao::wasm::check(to_js(report), options.clone()).map_err(JsValue::from).unwrap();
    serde_wasm_bindgen::from_value(out).unwrap()
}

fn options(mode: &str, phase: &str, locale: &str) -> JsValue {
    let map: std::collections::BTreeMap<&str, &str> =
        [("mode", mode), ("phase", phase), ("locale", locale)].into_iter().collect();
    to_js(&map)
}

#[wasm_bindgen_test]
fn seed_passes_through_the_boundary() {
    let report: Report = serde_json::from_str(SEED).unwrap();
    let res = through_js(&report, &JsValue::UNDEFINED);
    assert!(res.ok);
    assert!(res.diagnostics.is_empty());
    assert_eq!(res.totals.0.len(), 34);
    assert_eq!(res, nianbao::check(&report, &Options::default()));
}

#[wasm_bindgen_test]
fn broken_report_gives_the_same_result_as_the_core() {
    let text = SEED
        .replacen("\"t3.new.natural\": \"0\"", "\"t3.new.natural\": \"２\"", 1)
        .replacen("\"t4.review.total\": \"0\"", "\"t4.review.total\": \"abc\"", 1)
        .replacen("\"t2.fees.amount\": \"0\"", "\"t2.fees.amount\": \"1.25\"", 1);
    let report: Report = serde_json::from_str(&text).unwrap();
    for (mode, phase, locale) in [("fill", "typing", "zh-CN"), ("verify", "submit", "en")] {
        let res = through_js(&report, &options(mode, phase, locale));
        let native = nianbao::check(
            &report,
            &Options {
                mode: if mode == "fill" { Mode::Fill } else { Mode::Verify },
                phase: if phase == "typing" { Phase::Typing } else { Phase::Submit },
                locale: if locale == "en" { Locale::En } else { Locale::ZhCn },
            },
        );
        assert_eq!(res, native);
        assert!(!res.ok);
        assert!(res.diagnostics.iter().any(|d| d.rule == "t3.balance" && d.cells[0] == "t3.carried_out.natural"));
    }
}

#[wasm_bindgen_test]
fn bad_input_is_a_js_error_not_a_trap() {
    let err = nianbao::wasm::check(JsValue::from_str("not a report"), JsValue::UNDEFINED);
    assert!(err.is_err());
    let err = nianbao::wasm::check(JsValue::NULL, JsValue::UNDEFINED);
    assert!(err.is_err());
    let report: Report = serde_json::from_str(SEED).unwrap();
    let err = nianbao::wasm::check(to_js(&report), options("sideways", "typing", "en"));
    assert!(err.is_err());
    // The instance still works afterwards.
    assert!(through_js(&report, &JsValue::UNDEFINED).ok);
}
