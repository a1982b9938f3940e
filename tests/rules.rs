//! Every rule fires on a minimal broken report and stays silent on a correct one.

mod common;
use common::*;
use nianbao::{Mode::*, Phase::*};

#[test]
fn seed_passes_in_every_mode_and_phase() {
    for mode in [Fill, Verify] {
        for phase in [Typing, Submit] {
            let res = run(&seed(), mode, phase);
            assert!(res.ok, "{mode:?}/{phase:?}: {:?}", res.diagnostics);
            assert!(
                res.diagnostics.is_empty(),
                "{mode:?}/{phase:?}: {:?}",
                res.diagnostics
            );
            assert_eq!(res.form, "ogi-2021");
            assert_eq!(res.totals.0.len(), 34, "all 34 derived totals are filled");
            assert!(res.totals.0.iter().all(|(_, v)| v == "0"));
        }
    }
}

#[test]
fn inputs_only_seed_passes_and_gets_its_totals() {
    let res = run(&inputs_only(), Verify, Submit);
    assert_eq!(found(&res), vec![]);
    assert_eq!(res.totals.0.len(), 34);
}

fn only(res: &nianbao::CheckResult, rule: &str, cell: &str) {
    assert_eq!(found(res), pairs(&[(rule, cell)]), "{:#?}", res.diagnostics);
}

#[test]
fn value_rules() {
    let cases = [
        ("t3.new.natural", "abc", "value.not_a_number"),
        ("t3.new.natural", "-1", "value.negative"),
        ("t3.new.natural", "1.5", "value.not_integer"),
        ("t2.fees.amount", "1.23456", "value.too_many_decimals"),
        ("t4.review.upheld", "1000000001", "value.too_large"),
    ];
    for (cell, v, rule) in cases {
        for mode in [Fill, Verify] {
            let res = run(&with(seed(), &[(cell, v)]), mode, Typing);
            only(&res, rule, cell);
            let d = &res.diagnostics[0];
            assert_eq!(d.severity, "error");
            assert_eq!(d.actual.as_deref(), Some(v));
            assert!(!res.ok);
        }
    }
}

#[test]
fn missing_is_an_error_on_submit_and_silent_while_typing() {
    let r = without(seed(), &["t3.denied_secret.legal"]);
    only(
        &run(&r, Verify, Submit),
        "value.missing",
        "t3.denied_secret.legal",
    );
    only(
        &run(&r, Fill, Submit),
        "value.missing",
        "t3.denied_secret.legal",
    );
    assert_eq!(found(&run(&r, Fill, Typing)), vec![]);
    // A missing total is computed, not reported.
    assert_eq!(
        found(&run(&without(seed(), &["t3.new.total"]), Verify, Submit)),
        vec![]
    );
}

#[test]
fn row_total() {
    let r = with(seed(), &[("t3.new.total", "1")]);
    let res = run(&r, Verify, Submit);
    only(&res, "t3.row_total", "t3.new.total");
    assert_eq!(res.diagnostics[0].expected.as_deref(), Some("0"));
    assert_eq!(res.diagnostics[0].actual.as_deref(), Some("1"));
    assert_eq!(res.diagnostics[0].cells.len(), 7);
    // Fill mode overwrites the given total.
    let res = run(&r, Fill, Submit);
    assert_eq!(found(&res), vec![]);
    assert_eq!(
        res.totals.get("t3.new.total").map(String::as_str),
        Some("0")
    );
}

#[test]
fn results_total() {
    let r = with(seed(), &[("t3.results_total.research", "2")]);
    let res = run(&r, Verify, Submit);
    only(&res, "t3.results_total", "t3.results_total.research");
    assert_eq!(
        res.diagnostics[0].cells.len(),
        22,
        "the total and the 21 result rows"
    );
    assert_eq!(found(&run(&r, Fill, Submit)), vec![]);
}

#[test]
fn balance() {
    let r = with(seed(), &[("t3.new.natural", "1")]);
    for mode in [Fill, Verify] {
        let res = run(&with(r.clone(), &[("t3.new.total", "1")]), mode, Submit);
        only(&res, "t3.balance", "t3.carried_out.natural");
        let d = &res.diagnostics[0];
        assert_eq!(
            d.cells,
            [
                "t3.carried_out.natural",
                "t3.new.natural",
                "t3.carried_in.natural",
                "t3.results_total.natural"
            ]
        );
        assert_eq!(
            (d.expected.as_deref(), d.actual.as_deref()),
            (Some("1"), Some("0"))
        );
    }
    // Balanced again once the result is recorded.
    let fixed = with(r, &[("t3.granted.natural", "1")]);
    assert_eq!(found(&run(&fixed, Fill, Submit)), vec![]);
}

#[test]
fn t4_total() {
    let r = with(seed(), &[("t4.suit_after_review.total", "3")]);
    let res = run(&r, Verify, Submit);
    only(&res, "t4.total", "t4.suit_after_review.total");
    assert_eq!(res.diagnostics[0].cells.len(), 5);
    let res = run(&with(seed(), &[("t4.review.pending", "2")]), Fill, Submit);
    assert_eq!(found(&res), vec![]);
    assert_eq!(
        res.totals.get("t4.review.total").map(String::as_str),
        Some("2")
    );
}

#[test]
fn in_force_floor_is_a_warning() {
    let r = with(
        seed(),
        &[
            ("t2.normative.issued", "5"),
            ("t2.normative.repealed", "1"),
            ("t2.normative.in_force", "3"),
        ],
    );
    let res = run(&r, Verify, Submit);
    only(&res, "t2.in_force_floor", "t2.normative.in_force");
    assert!(res.ok, "a warning does not fail the report");
    assert_eq!(res.diagnostics[0].severity, "warning");
    assert_eq!(res.diagnostics[0].expected.as_deref(), Some("≥4"));
    let ok = with(r, &[("t2.normative.in_force", "4")]);
    assert_eq!(found(&run(&ok, Verify, Submit)), vec![]);
}

fn with_previous(r: nianbao::Report, prev: &[(&str, &str)]) -> nianbao::Report {
    let mut r = r;
    r.previous = Some(nianbao::check::report::Previous {
        cells: nianbao::check::report::Pairs(
            prev.iter()
                .map(|(k, v)| (k.to_string(), (*v).into()))
                .collect(),
        ),
    });
    r
}

#[test]
fn prev_carried_in() {
    let r = with_previous(seed(), &[("t3.carried_out.business", "2")]);
    let res = run(&r, Verify, Submit);
    only(&res, "prev.carried_in", "t3.carried_in.business");
    assert_eq!(
        (
            res.diagnostics[0].expected.as_deref(),
            res.diagnostics[0].actual.as_deref()
        ),
        (Some("2"), Some("0"))
    );
    let ok = with_previous(seed(), &[("t3.carried_out.business", "0")]);
    assert_eq!(found(&run(&ok, Verify, Submit)), vec![]);
    // Without a previous report, no cross-year rule runs.
    assert!(run(&seed(), Verify, Submit).diagnostics.is_empty());
}

#[test]
fn prev_in_force() {
    let r = with(
        seed(),
        &[("t2.rules.issued", "2"), ("t2.rules.in_force", "5")],
    );
    let res = run(
        &with_previous(r.clone(), &[("t2.rules.in_force", "4")]),
        Verify,
        Submit,
    );
    only(&res, "prev.in_force", "t2.rules.in_force");
    assert_eq!(res.diagnostics[0].expected.as_deref(), Some("6"));
    assert!(res.ok);
    let ok = with_previous(r, &[("t2.rules.in_force", "3")]);
    assert_eq!(found(&run(&ok, Verify, Submit)), vec![]);
}

#[test]
fn unknown_cells_are_warnings() {
    let res = run(&with(seed(), &[("t3.new.robots", "1")]), Verify, Submit);
    assert_eq!(
        found(&res),
        pairs(&[("input.unknown_cell", "t3.new.robots")])
    );
    assert!(res.ok);
}

#[test]
fn unknown_form_is_an_error() {
    let mut r = seed();
    r.form = Some("ogi-1999".into());
    let res = run(&r, Verify, Submit);
    assert!(!res.ok);
    assert_eq!(res.diagnostics[0].rule, "input.unknown_form");
    assert!(res.totals.0.is_empty());
}

#[test]
fn cause_comes_first_and_consequences_are_not_buried_on_top() {
    // A cell that is not a number: its row total, column total and balance cannot be judged.
    let r = with(seed(), &[("t3.granted.natural", "l2")]);
    only(
        &run(&r, Verify, Submit),
        "value.not_a_number",
        "t3.granted.natural",
    );
    let res = run(&r, Fill, Typing);
    only(&res, "value.not_a_number", "t3.granted.natural");
    assert!(
        res.totals.get("t3.granted.total").is_none(),
        "no total from a value that is not a number"
    );
    assert!(res.totals.get("t3.new.total").is_some());

    // A wrong typed row total, with the grand total typed to match it: the row is reported
    // first; the grand total is checked against the inputs, not against the wrong row total.
    let r = with(
        seed(),
        &[("t3.granted.total", "5"), ("t3.results_total.total", "5")],
    );
    let res = run(&r, Verify, Submit);
    assert_eq!(
        found(&res),
        pairs(&[
            ("t3.row_total", "t3.granted.total"),
            ("t3.results_total", "t3.results_total.total")
        ])
    );

    // An unbalanced applicant column: reported there, not echoed on the 总计 column.
    let r = with(seed(), &[("t3.carried_in.legal", "4")]);
    only(&run(&r, Fill, Typing), "t3.balance", "t3.carried_out.legal");

    // Blank cells in a submitted report: the blanks are the cause, not the sums.
    let r = without(
        with(seed(), &[("t3.new.natural", "3"), ("t3.new.total", "3")]),
        &["t3.granted.natural"],
    );
    only(
        &run(&r, Verify, Submit),
        "value.missing",
        "t3.granted.natural",
    );
}

#[test]
fn stable_order_is_table_row_column_rule() {
    let r = with(
        seed(),
        &[
            ("t4.review.upheld", "x"),
            ("t3.carried_out.other", "1"),
            ("t3.new.total", "2"),
            ("t2.penalty.decisions", "-3"),
            ("t3.new.business", "1.5"),
            ("t3.carried_in.natural", "1"),
        ],
    );
    let res = run(&r, Verify, Submit);
    assert_eq!(
        found(&res),
        pairs(&[
            ("value.negative", "t2.penalty.decisions"),
            ("value.not_integer", "t3.new.business"),
            // t3.new.total is not judged: its row holds a value that is not a count.
            ("t3.row_total", "t3.carried_in.total"),
            ("t3.balance", "t3.carried_out.natural"),
            ("t3.balance", "t3.carried_out.other"),
            ("t3.row_total", "t3.carried_out.total"),
            ("value.not_a_number", "t4.review.upheld"),
        ])
    );
}

#[test]
fn messages_name_cells_by_label_in_both_locales() {
    let r = with(seed(), &[("t3.carried_in.natural", "2")]);
    let mut o = opts(Fill, Submit);
    let zh = nianbao::check(&r, &o);
    // The balance names its column, not the cell it is shown on (四、结转下年度).
    assert!(
        zh.diagnostics[0].message.starts_with("「自然人」这一列"),
        "{}",
        zh.diagnostics[0].message
    );
    assert!(
        !zh.diagnostics[0].message.contains("四、结转下年度"),
        "{}",
        zh.diagnostics[0].message
    );
    assert!(zh.diagnostics[0].message.contains("2"));
    o.locale = nianbao::Locale::En;
    let en = nianbao::check(&r, &o);
    assert!(
        en.diagnostics[0]
            .message
            .starts_with("The natural persons column"),
        "{}",
        en.diagnostics[0].message
    );
    assert!(!en.diagnostics[0]
        .message
        .contains("Carried over to next year"));
    assert!(en.diagnostics[0].message.is_ascii() || !en.diagnostics[0].message.contains("结转"));

    let m = |cell: &str, v: &str| {
        nianbao::check(&with(seed(), &[(cell, v)]), &opts(Verify, Submit)).diagnostics[0]
            .message
            .clone()
    };
    assert!(m("t3.denied_secret.legal", "x")
        .contains("「（三）不予公开 1.属于国家秘密 · 法律服务机构」"));
    assert!(m("t4.suit_direct.total", "1")
        .contains("「行政诉讼（未经复议直接起诉） · 总计」应等于本行各项之和 0，现在是 1"));
}

#[test]
fn a_total_below_the_parts_that_are_given_is_wrong_whatever_the_blanks() {
    // Blanks in a submitted report are value.missing; a total that is already below the sum of
    // the parts that are given is wrong however the blanks are filled, and is said too.
    let r = without(
        with(seed(), &[("t3.new.natural", "5"), ("t3.new.total", "3")]),
        &["t3.new.business"],
    );
    let res = run(&r, Verify, Submit);
    let total = res
        .diagnostics
        .iter()
        .find(|d| d.rule == "t3.row_total")
        .expect("the row total");
    assert_eq!(
        (total.expected.as_deref(), total.actual.as_deref()),
        (Some("≥5"), Some("3"))
    );
    assert!(res
        .diagnostics
        .iter()
        .any(|d| d.rule == "value.missing" && d.cells[0] == "t3.new.business"));
    // A total that the blanks could still reach: not said (the blank is the finding).
    let r = without(
        with(seed(), &[("t3.new.natural", "5"), ("t3.new.total", "9")]),
        &["t3.new.business"],
    );
    assert!(!run(&r, Verify, Submit)
        .diagnostics
        .iter()
        .any(|d| d.rule == "t3.row_total"));
}
