#![cfg(not(target_arch = "wasm32"))]
//! Rechecking a report: the single faulty cell pointed at.

mod common;
use common::*;
use nianbao::{Mode::*, Phase::*};

/// A report checked as a published one (verify / submit, suggestions), rendered.
fn audited(r: &nianbao::Report) -> nianbao::CheckResult {
    let form = nianbao::form::ogi_2021();
    nianbao::check::report::render(
        form,
        &nianbao::audit::audit_report(form, r),
        nianbao::Locale::ZhCn,
    )
}

fn suggestion(res: &nianbao::CheckResult) -> Option<(Option<String>, Option<String>)> {
    res.diagnostics.iter().find_map(|d| {
        d.suggestion
            .as_ref()
            .map(|s| (s.cell.clone(), s.value.clone()))
    })
}

#[test]
fn verify_mode_points_at_the_single_faulty_cell() {
    // One input typed wrong: it breaks its row, its column and its balance.
    let r = with(seed(), &[("t3.denied_internal.business", "3")]);
    let res = audited(&r);
    assert_eq!(
        suggestion(&res),
        Some((Some("t3.denied_internal.business".into()), Some("0".into())))
    );
    let d = res
        .diagnostics
        .iter()
        .find(|d| d.suggestion.is_some())
        .unwrap();
    assert!(
        d.suggestion
            .as_ref()
            .unwrap()
            .reason
            .contains("行和列都对不上"),
        "{:?}",
        d.suggestion
    );
    assert!(res
        .diagnostics
        .iter()
        .filter(|d| d.rule.starts_with("t3."))
        .all(|d| d.suggestion.is_some()));

    // A digit transposition: 1423 typed for 1243.
    let r = with(
        seed(),
        &[
            ("t3.new.natural", "1243"),
            ("t3.new.total", "1243"),
            ("t3.granted.natural", "1423"),
            ("t3.granted.total", "1243"),
            ("t3.results_total.natural", "1243"),
            ("t3.results_total.total", "1243"),
        ],
    );
    let res = audited(&r);
    assert_eq!(
        suggestion(&res),
        Some((Some("t3.granted.natural".into()), Some("1243".into())))
    );
    let reason = &res.diagnostics[0].suggestion.as_ref().unwrap().reason;
    assert!(reason.contains("1423 像是 1243 的两位数字颠倒"), "{reason}");

    // A typed total alone is wrong.
    let res = audited(&with(seed(), &[("t3.carried_out.total", "4")]));
    assert_eq!(
        suggestion(&res),
        Some((Some("t3.carried_out.total".into()), Some("0".into())))
    );

    // Two faults in one table: no single cell explains them, and it says so.
    let r = with(
        seed(),
        &[
            ("t3.denied_internal.business", "3"),
            ("t3.granted.research", "2"),
        ],
    );
    let res = audited(&r);
    assert_eq!(suggestion(&res), Some((None, None)));
    assert!(res.diagnostics.iter().any(|d| d
        .suggestion
        .as_ref()
        .is_some_and(|s| s.reason.contains("没有哪一个格子"))));

    // A plain check never points (browser and server give the same result as ever).
    let r = with(seed(), &[("t3.denied_internal.business", "3")]);
    assert!(run(&r, Verify, Submit)
        .diagnostics
        .iter()
        .all(|d| d.suggestion.is_none()));
    assert!(run(&r, Fill, Submit)
        .diagnostics
        .iter()
        .all(|d| d.suggestion.is_none()));
}

/// The narrative's phrasings real reports use, against the table (the seed's table is all
/// zeros): each stated count that differs is one text.mismatch quoting the sentence; a count
/// that matches, a subset ("涉及自然人…"), a year before the count, a rate, raise nothing.
#[test]
fn narrative_phrasings_are_checked_against_the_table() {
    let seed = include_str!("fixtures/published/yingchun-2023.txt");
    let with = |sentence: &str| {
        seed.replacen(
            "（一）主动公开",
            &format!("{sentence}\n\n（一）主动公开"),
            1,
        )
    };
    let mismatches = |text: &str| -> Vec<(String, String)> {
        let a = nianbao::audit::audit(nianbao::form::ogi_2021(), text, None);
        a.outcome
            .diags
            .iter()
            .filter(|d| d.rule == nianbao::Rule::TextMismatch)
            .map(|d| {
                (
                    nianbao::form::ogi_2021()
                        .cell(d.cells[0])
                        .unwrap()
                        .id
                        .to_string(),
                    d.actual.as_ref().unwrap().render(),
                )
            })
            .collect()
    };
    assert_eq!(
        mismatches(&with(
            "2023年，全镇共收到政府信息公开申请0件，共办结0件，办结率100%，结转至2024年0件。"
        )),
        vec![]
    );
    assert_eq!(
        mismatches(&with("本年度共办结政府信息公开申请3件。")),
        vec![("t3.results_total.total".into(), "3".into())]
    );
    assert_eq!(
        mismatches(&with("全年共办理 5 件，结转至2024年2件。")),
        vec![
            ("t3.results_total.total".into(), "5".into()),
            ("t3.carried_out.total".into(), "2".into())
        ]
    );
    assert_eq!(
        mismatches(&with("因需补正材料，顺延到下年度答复4件。")),
        vec![("t3.carried_out.total".into(), "4".into())]
    );
    assert_eq!(
        mismatches(&with("收到申请0件，涉及自然人0件、商业企业0件。")),
        vec![]
    );
    assert_eq!(
        mismatches(&with(
            "本年度答复申请0件（含上年度结转0件），均在法定期限内予以答复。"
        )),
        vec![]
    );
    assert_eq!(
        mismatches(&with("本年度答复5件（含上年度结转2件）。")),
        vec![("t3.results_total.total".into(), "5".into())]
    );
}
