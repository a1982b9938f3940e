//! Input normalisation, table-driven: what people type → the value, or the `value.*` rule.

mod common;
use common::*;
use nianbao::check::value::{parse, Parsed, Raw};
use nianbao::form::Kind::{self, Count, Money, Signed};
use nianbao::{Mode, Phase};

/// (typed, kind, accepted value in the cell's unit as text, or the rule id)
const CASES: &[(&str, Kind, &str)] = &[
    ("0", Count, "0"),
    ("12", Count, "12"),
    ("007", Count, "7"),
    ("１２", Count, "12"),
    ("１２３４", Count, "1234"),
    ("  12  ", Count, "12"),
    ("\u{3000}12\u{3000}", Count, "12"),
    ("\t12\n", Count, "12"),
    ("\u{a0}5", Count, "5"),
    ("\u{feff}5\u{200b}", Count, "5"),
    ("1,234", Count, "1234"),
    ("1，234", Count, "1234"),
    ("１，２３４，５６７", Count, "1234567"),
    ("12,345,678", Count, "12345678"),
    ("+5", Count, "5"),
    ("＋5", Count, "5"),
    ("-0", Count, "0"),
    ("－0", Count, "0"),
    ("12.", Count, "12"),
    ("12.00", Count, "12"),
    ("1000000000", Count, "1000000000"),
    ("1.25", Money, "1.25"),
    ("１．２５", Money, "1.25"),
    (".5", Money, "0.5"),
    ("0.0001", Money, "0.0001"),
    ("1.23450", Money, "1.2345"),
    ("1,234.5", Money, "1234.5"),
    ("1000000000", Money, "1000000000"),
    ("", Count, "missing"),
    ("   ", Count, "missing"),
    ("\u{3000}", Count, "missing"),
    ("abc", Count, "value.not_a_number"),
    ("1e3", Count, "value.not_a_number"),
    ("0x10", Count, "value.not_a_number"),
    ("NaN", Count, "value.not_a_number"),
    ("Infinity", Count, "value.not_a_number"),
    ("1 234", Count, "value.not_a_number"),
    ("1,23", Count, "value.not_a_number"),
    ("1234,567", Count, "value.not_a_number"),
    (",123", Count, "value.not_a_number"),
    ("1,", Count, "value.not_a_number"),
    ("1,,234", Count, "value.not_a_number"),
    ("1.2.3", Count, "value.not_a_number"),
    ("-", Count, "value.not_a_number"),
    (".", Count, "value.not_a_number"),
    ("--1", Count, "value.not_a_number"),
    ("12件", Count, "value.not_a_number"),
    ("一", Count, "value.not_a_number"),
    ("<img src=x onerror=alert(1)>", Count, "value.not_a_number"),
    ("-1", Count, "value.negative"),
    ("－３", Count, "value.negative"),
    ("-0.5", Money, "value.negative"),
    ("1.5", Count, "value.not_integer"),
    ("１．５", Count, "value.not_integer"),
    (".5", Count, "value.not_integer"),
    ("1.23456", Money, "value.too_many_decimals"),
    ("1000000001", Count, "value.too_large"),
    ("1,000,000,001", Count, "value.too_large"),
    ("1000000000.5", Money, "value.too_large"),
    ("123456789012345678901234567890", Count, "value.too_large"),
    // The 2019 form's 本年增/减 may be negative.
    ("-3", Signed, "-3"),
    ("－１２", Signed, "-12"),
    ("+4", Signed, "4"),
    ("-1.5", Signed, "value.not_integer"),
];

fn expect(kind: Kind, want: &str) -> Parsed {
    match want {
        "missing" => Parsed::Missing,
        w if w.starts_with("value.") => Parsed::Bad(nianbao::Rule::from_id(w).expect("known rule")),
        w => {
            let (int, frac) = w.split_once('.').unwrap_or((w, ""));
            let int: i64 = int.parse().unwrap();
            match kind {
                Count | Signed => Parsed::Num(int),
                Money => {
                    let f: i64 = format!("{frac:0<4}").parse().unwrap();
                    Parsed::Num(int * 10_000 + f)
                }
            }
        }
    }
}

#[test]
fn table() {
    assert!(CASES.len() >= 30);
    let accepted = CASES
        .iter()
        .filter(|c| !c.2.starts_with("value.") && c.2 != "missing")
        .count();
    assert!(accepted >= 15 && CASES.len() - accepted >= 15);
    for &(typed, kind, want) in CASES {
        assert_eq!(
            parse(Raw::Text(typed), kind),
            expect(kind, want),
            "{typed:?} as {kind:?}"
        );
    }
}

/// The same table through `check`: the diagnostic, and the total the value contributes.
#[test]
fn table_through_check() {
    // The 2021 form has no signed cell; those cases are for the 2019 form (tests/extract.rs).
    for &(typed, kind, want) in CASES.iter().filter(|c| c.1 != Signed) {
        let cell = if kind == Money {
            "t2.fees.amount"
        } else {
            "t3.granted.business"
        };
        let r = with(seed(), &[(cell, typed)]);
        let res = run(&r, Mode::Fill, Phase::Submit);
        let rules: Vec<&str> = res.diagnostics.iter().map(|d| d.rule.as_str()).collect();
        match want {
            "missing" => assert_eq!(rules, ["value.missing"], "{typed:?}"),
            w if w.starts_with("value.") => {
                assert_eq!(rules, [w], "{typed:?}");
                assert_eq!(res.diagnostics[0].cells[0], cell);
            }
            w if kind == Count => {
                assert_eq!(
                    res.totals.get("t3.granted.total").map(String::as_str),
                    Some(w),
                    "{typed:?}"
                );
                let unbalanced = w != "0";
                assert_eq!(
                    rules.contains(&"t3.balance"),
                    unbalanced,
                    "{typed:?}: {rules:?}"
                );
            }
            _ => assert!(rules.is_empty(), "{typed:?}: {rules:?}"),
        }
    }
}

#[test]
fn json_numbers_and_other_values() {
    let n = |json: &str| -> Vec<String> {
        let text = common::SEED.replacen(
            "\"t3.new.legal\": \"0\"",
            &format!("\"t3.new.legal\": {json}"),
            1,
        );
        assert_ne!(text, common::SEED);
        let r = nianbao::Report::from_json(&text).unwrap();
        let res = run(&r, Mode::Fill, Phase::Submit);
        res.diagnostics
            .iter()
            .map(|d| d.rule.clone())
            .filter(|r| r.starts_with("value."))
            .collect()
    };
    let total = |json: &str| -> String {
        let text = common::SEED.replacen(
            "\"t3.new.legal\": \"0\"",
            &format!("\"t3.new.legal\": {json}"),
            1,
        );
        let res = run(
            &nianbao::Report::from_json(&text).unwrap(),
            Mode::Fill,
            Phase::Submit,
        );
        res.totals.get("t3.new.total").cloned().unwrap_or_default()
    };
    assert_eq!(total("1e3"), "1000");
    assert_eq!(total("1.5e1"), "15");
    assert_eq!(total("12300e-2"), "123");
    assert_eq!(total("7"), "7");
    assert_eq!(n("0"), Vec::<String>::new());
    assert_eq!(n("0.0"), Vec::<String>::new());
    assert_eq!(n("-2"), ["value.negative"]);
    assert_eq!(n("1.5"), ["value.not_integer"]);
    assert_eq!(n("1e3"), Vec::<String>::new());
    assert_eq!(n("1.5e1"), Vec::<String>::new());
    assert_eq!(n("15e-1"), ["value.not_integer"]);
    assert_eq!(n("1e-400"), ["value.not_integer"]);
    assert_eq!(n("0e999999999999"), Vec::<String>::new());
    assert_eq!(n("-0"), Vec::<String>::new());
    assert_eq!(n("-1e-9"), ["value.negative"]);
    assert_eq!(n("1e12"), ["value.too_large"]);
    assert_eq!(n("1e99999999999999999999"), ["value.too_large"]);
    assert_eq!(n("99999999999999999999"), ["value.too_large"]);
    assert_eq!(n("true"), ["value.not_a_number"]);
    assert_eq!(n("[1]"), ["value.not_a_number"]);
    assert_eq!(n("{\"a\":1}"), ["value.not_a_number"]);
    assert_eq!(n("null"), ["value.missing"]);
}

#[test]
fn long_values_are_cut_in_the_diagnostic() {
    let big = "9".repeat(1 << 20);
    let res = run(
        &with(seed(), &[("t3.new.natural", &big)]),
        Mode::Verify,
        Phase::Submit,
    );
    assert_eq!(res.diagnostics[0].rule, "value.too_large");
    let actual = res.diagnostics[0].actual.clone().unwrap();
    assert!(
        actual.chars().count() <= 41 && actual.ends_with('…'),
        "{actual}"
    );
}
