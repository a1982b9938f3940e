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

/// A real page in Chromium, driven through web-sys: a row of table 三 as inputs, each `input`
/// event sets its cell in a Sheet (the export the drop-in uses) and writes the row total back
/// into the page, as the wrapper does; a person's value is never rewritten.
#[wasm_bindgen_test]
fn a_sheet_fills_a_row_total_on_a_real_page() {
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;
    let document = web_sys::window()
        .and_then(|w| w.document())
        .expect("a document");
    let body = document.body().expect("a body");
    let table = document.create_element("table").unwrap();
    table.set_inner_html(
        "<tr><th>一、本年新收政府信息公开申请数量</th>\
         <td><input name=a></td><td><input name=b></td><td><input name=c></td>\
         <td><input name=d></td><td><input name=e></td><td><input name=f></td>\
         <td><input name=total readonly></td></tr>",
    );
    body.append_child(&table).unwrap();
    let form = serde_json::from_str::<serde_json::Value>(
        &nianbao::bind::wasm::form_json("ogi-2021").unwrap(),
    )
    .unwrap();
    let index = |id: &str| {
        form["cells"]
            .as_array()
            .unwrap()
            .iter()
            .position(|c| c["id"] == id)
            .unwrap() as u32
    };
    let cols = [
        "natural",
        "business",
        "research",
        "nonprofit",
        "legal",
        "other",
    ];
    let inputs: Vec<web_sys::HtmlInputElement> = ["a", "b", "c", "d", "e", "f", "total"]
        .iter()
        .map(|n| {
            document
                .query_selector(&format!("input[name={n}]"))
                .unwrap()
                .unwrap()
                .dyn_into()
                .unwrap()
        })
        .collect();
    let total_cell = index("t3.new.total");
    let sheet = std::rc::Rc::new(std::cell::RefCell::new(
        nianbao::bind::wasm::Sheet::new("ogi-2021").unwrap(),
    ));
    for (k, col) in cols.iter().enumerate() {
        let cell = index(&format!("t3.new.{col}"));
        let (sheet, input, total) = (sheet.clone(), inputs[k].clone(), inputs[6].clone());
        let on_input = Closure::<dyn FnMut()>::new(move || {
            let mut s = sheet.borrow_mut();
            s.set(cell, &input.value());
            s.run(1, cell as i32);
            let text = s.totals_text();
            total.set_value(text.split('\u{1f}').nth(total_cell as usize).unwrap_or(""));
        });
        inputs[k]
            .add_event_listener_with_callback("input", on_input.as_ref().unchecked_ref())
            .unwrap();
        on_input.forget();
    }
    let typed = ["3", "１２", "1,204", "", "0", "7"];
    for (k, v) in typed.iter().enumerate() {
        inputs[k].set_value(v);
        inputs[k]
            .dispatch_event(&web_sys::InputEvent::new("input").unwrap())
            .unwrap();
    }
    assert_eq!(inputs[6].value(), "1226");
    assert_eq!(
        inputs[1].value(),
        "１２",
        "what a person typed stays as typed"
    );
    inputs[2].set_value("x");
    inputs[2]
        .dispatch_event(&web_sys::InputEvent::new("input").unwrap())
        .unwrap();
    assert_eq!(
        inputs[6].value(),
        "",
        "no total while a part is not a number"
    );
    table.remove();
}
