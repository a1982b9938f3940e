//! The bad-input catalogue (tests/fixtures/catalogue.json), shared by the native suite
//! (tests/catalogue.rs) and the browser build (tests/wasm.rs); Node runs the same file in
//! tests/node/catalogue.test.mjs.
#![allow(dead_code)]

use serde_json::{json, Value};

const CATALOGUE: &str = include_str!("../fixtures/catalogue.json");
const SEED: &str = include_str!("../fixtures/yingchun-2023.json");

/// The report text of a catalogue entry: the seed with one cell set, or the entry's own text.
pub fn report_text(entry: &Value) -> String {
    if let Some(r) = entry["report"].as_str() {
        return r.to_string();
    }
    if let Some(depth) = entry["deep"].as_u64() {
        let d = depth as usize;
        return format!(
            "{{\"cells\":{{\"t3.new.natural\":{}1{}}}}}",
            "[".repeat(d),
            "]".repeat(d)
        );
    }
    let mut seed: Value = serde_json::from_str(SEED).unwrap();
    let cell = entry["cell"]
        .as_str()
        .unwrap_or("t3.new.natural")
        .to_string();
    let value = if let Some(rep) = entry["repeat"].as_array() {
        Value::String(
            rep[0]
                .as_str()
                .unwrap()
                .repeat(rep[1].as_u64().unwrap() as usize),
        )
    } else if let Some(raw) = entry["json"].as_str() {
        // Spliced in as text: serde_json cannot hold a lone surrogate.
        let mut text = serde_json::to_string(&seed).unwrap();
        text = text.replacen(
            "\"t3.new.natural\":\"0\"",
            &format!("\"t3.new.natural\":{raw}"),
            1,
        );
        return text;
    } else {
        entry["value"].clone()
    };
    seed["cells"][cell] = value;
    seed.to_string()
}

/// Runs every entry through `check` (report text → result JSON, or an error message).
pub fn run(check: impl Fn(&str) -> Result<String, String>) {
    let catalogue: Vec<Value> = serde_json::from_str(CATALOGUE).unwrap();
    assert!(catalogue.len() >= 25);
    for entry in &catalogue {
        let name = entry["name"].as_str().unwrap();
        let text = report_text(entry);
        let out = check(&text);
        if let Some(err) = entry["error"].as_str() {
            let e = out.expect_err(name);
            assert!(e.contains(err), "{name}: {e}");
            continue;
        }
        let result: Value = serde_json::from_str(&out.expect(name)).unwrap();
        let cell = entry["cell"].as_str().unwrap_or("t3.new.natural");
        let on_cell: Vec<&str> = result["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["cells"][0] == json!(cell))
            .map(|d| d["rule"].as_str().unwrap())
            .collect();
        match (entry["rule"].as_str(), entry["total"].as_str()) {
            (Some(rule), _) => assert_eq!(on_cell, [rule], "{name}"),
            (None, Some(total)) => {
                assert!(
                    on_cell.iter().all(|r| !r.starts_with("value.")),
                    "{name}: {on_cell:?}"
                );
                assert_eq!(result["totals"]["t3.new.total"], json!(total), "{name}");
            }
            _ => panic!("{name}: the entry says nothing to expect"),
        }
    }
}
