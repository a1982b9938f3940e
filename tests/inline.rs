//! The form page's path (`checkValues` with `inline` and `changed`): short messages for under a
//! cell, `at` (the changed cell a broken rule involves) and the suggestion of the single cell to
//! fix, in fill mode as the browser wrapper asks for them.

mod common;

use nianbao::form::ogi_2021;
use nianbao::CheckResult;
use serde_json::{json, Value};

/// The seed's inputs with some cells set, in form order, checked in fill mode with `extra` options.
fn check(cells: &[(&str, &str)], phase: &str, locale: &str, extra: Value) -> Value {
    let form = ogi_2021();
    let seed = common::seed();
    let values: Vec<String> = form
        .cells
        .iter()
        .map(|c| {
            let set = cells
                .iter()
                .find(|(id, _)| *id == c.id)
                .map(|(_, v)| v.to_string());
            set.or_else(|| {
                seed.cells
                    .0
                    .iter()
                    .find(|(k, _)| *k == c.id)
                    .map(|(_, v)| nianbao::check::value::show(v.raw()))
            })
            .unwrap_or_default()
        })
        .collect();
    let mut options = json!({ "mode": "fill", "phase": phase, "locale": locale });
    options
        .as_object_mut()
        .unwrap()
        .extend(extra.as_object().unwrap().clone());
    let text =
        nianbao::bind::json::check_values(form.id(), &values.join("\u{1f}"), &options.to_string())
            .unwrap();
    // The same bytes as the typed result structs give (the two writers must agree).
    let typed: CheckResult = serde_json::from_str(&text).unwrap();
    assert_eq!(serde_json::to_string(&typed).unwrap(), text);
    serde_json::from_str(&text).unwrap()
}

fn index(id: &str) -> u16 {
    ogi_2021().lookup(id).unwrap()
}

fn balance(res: &Value) -> &Value {
    res["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["rule"] == "t3.balance")
        .expect("a balance diagnostic")
}

#[test]
fn a_broken_balance_is_placed_at_the_changed_cell_and_names_it_with_the_value_that_fixes_it() {
    let changed = [
        ("t3.new.natural", "5"),
        ("t3.granted.natural", "4"),
        ("t3.carried_out.natural", "0"),
    ];
    let res = check(
        &changed,
        "typing",
        "zh-CN",
        json!({ "inline": true, "changed": index("t3.granted.natural") }),
    );
    let d = balance(&res);
    assert_eq!(d["cells"][0], "t3.carried_out.natural");
    assert_eq!(d["at"], "t3.granted.natural");
    assert_eq!(d["suggestion"]["cell"], "t3.granted.natural");
    assert_eq!(d["suggestion"]["value"], "5");
    assert_eq!(d["suggestion"]["short"], "改为 5 则对得上");
    assert!(d["suggestion"]["reason"]
        .as_str()
        .unwrap()
        .contains("刚修改的「三、本年度办理结果 （一）予以公开 · 自然人」改为 5"));
    assert_eq!(d["short"], "本列不平，差 1");

    let en = check(
        &changed,
        "typing",
        "en",
        json!({ "inline": true, "changed": index("t3.granted.natural") }),
    );
    assert_eq!(balance(&en)["short"], "Column off by 1");
    assert_eq!(balance(&en)["suggestion"]["short"], "5 makes it add up");
}

#[test]
fn a_digit_transposition_wins_over_the_changed_cell() {
    let cells = [
        ("t3.new.natural", "1500"),
        ("t3.granted.natural", "1243"),
        ("t3.partial.natural", "77"),
        ("t3.carried_out.natural", "0"),
    ];
    let res = check(
        &cells,
        "typing",
        "zh-CN",
        json!({ "inline": true, "changed": index("t3.carried_out.natural") }),
    );
    let d = balance(&res);
    // The changed cell is the one the balance is shown on: no `at`.
    assert!(d.get("at").is_none());
    assert_eq!(d["suggestion"]["cell"], "t3.granted.natural");
    assert_eq!(d["suggestion"]["value"], "1423");
    assert!(d["suggestion"]["reason"]
        .as_str()
        .unwrap()
        .contains("两位数字颠倒"));
}

#[test]
fn without_inline_the_result_is_the_contract_alone() {
    let cells = [("t3.new.natural", "5"), ("t3.granted.natural", "4")];
    let res = check(&cells, "typing", "zh-CN", json!({}));
    let d = balance(&res);
    let mut keys: Vec<&String> = d.as_object().unwrap().keys().collect();
    keys.sort();
    assert_eq!(
        keys,
        ["actual", "cells", "expected", "message", "rule", "severity"]
    );
    // A column still being filled in (a blank in it) is not a mistake yet: no `at`.
    let blank = [
        ("t3.new.natural", "5"),
        ("t3.granted.natural", "4"),
        ("t3.partial.natural", ""),
    ];
    let res = check(
        &blank,
        "typing",
        "zh-CN",
        json!({ "inline": true, "changed": index("t3.granted.natural") }),
    );
    assert!(balance(&res).get("at").is_none());
    // A cell the rule does not involve gets no `at`.
    let res = check(
        &cells,
        "typing",
        "zh-CN",
        json!({ "changed": index("t4.review.upheld") }),
    );
    assert!(balance(&res).get("at").is_none());
}

#[test]
fn short_messages_name_no_cell_and_the_balance_message_does_not_point_at_its_own_cell() {
    let form = ogi_2021();
    let labels: Vec<String> = form
        .cells
        .iter()
        .flat_map(|c| [c.label(false), c.label(true)])
        .collect();
    let cells = [
        ("t3.new.natural", "5"),
        ("t3.granted.natural", "x"),
        ("t3.granted.legal", "-1"),
        ("t3.granted.research", "1.5"),
        ("t2.fees.amount", "1.123456"),
        ("t3.new.other", "9999999999"),
        ("t3.new.business", ""),
        ("t2.rules.in_force", "0"),
        ("t2.rules.issued", "3"),
        ("t3.new.social", "4"),
    ];
    for locale in ["zh-CN", "en"] {
        for phase in ["typing", "submit"] {
            let res = check(&cells, phase, locale, json!({ "inline": true }));
            let diags = res["diagnostics"].as_array().unwrap();
            assert!(diags.len() >= 6, "{res}");
            for d in diags {
                let short = d["short"].as_str().unwrap();
                assert!(short.chars().count() <= 26, "{short}");
                assert!(
                    !labels.iter().any(|l| short.contains(l.as_str())),
                    "{short}"
                );
                let own = form
                    .cell(form.lookup(d["cells"][0].as_str().unwrap()).unwrap())
                    .unwrap();
                if d["rule"] == "t3.balance" {
                    assert!(
                        !d["message"]
                            .as_str()
                            .unwrap()
                            .contains(&own.label(locale == "en")),
                        "{d}"
                    );
                }
            }
        }
    }
}

#[test]
fn bad_options_are_reported() {
    let form = ogi_2021();
    for bad in [
        r#"{"inline": 1}"#,
        r#"{"changed": "t3.new.natural"}"#,
        r#"{"changed": -1}"#,
    ] {
        assert!(
            nianbao::bind::json::check_values(form.id(), "", bad).is_err(),
            "{bad}"
        );
    }
    // An index past the form: nothing involves it.
    let res =
        nianbao::bind::json::check_values(form.id(), "", r#"{"changed": 99999, "inline": true}"#)
            .unwrap();
    assert!(!res.contains("\"at\""));
}
