#![allow(dead_code)]
//! Helpers shared by the native test suites.

use nianbao::{check, CellValue, CheckResult, Locale, Mode, Options, Phase, Report};

pub const SEED: &str = include_str!("../fixtures/yingchun-2023.json");

/// The seed report (all zeros), as published.
pub fn seed() -> Report {
    Report::from_json(SEED).expect("seed fixture is a report")
}

/// The seed report with only its 166 inputs (totals left for the engine).
pub fn inputs_only() -> Report {
    let mut r = seed();
    let form = nianbao::form::ogi_2021();
    r.cells.0.retain(|(id, _)| {
        form.lookup(id)
            .and_then(|i| form.cell(i))
            .is_some_and(|c| !c.derived)
    });
    r
}

/// Sets (or adds) cells.
pub fn with(mut r: Report, cells: &[(&str, &str)]) -> Report {
    for (id, v) in cells {
        match r.cells.0.iter_mut().find(|(k, _)| k == id) {
            Some((_, slot)) => *slot = CellValue::from(*v),
            None => r.cells.0.push((id.to_string(), CellValue::from(*v))),
        }
    }
    r
}

pub fn without(mut r: Report, ids: &[&str]) -> Report {
    r.cells.0.retain(|(k, _)| !ids.contains(&k.as_str()));
    r
}

pub fn opts(mode: Mode, phase: Phase) -> Options {
    Options {
        mode,
        phase,
        locale: Locale::ZhCn,
        ..Options::default()
    }
}

pub fn run(r: &Report, mode: Mode, phase: Phase) -> CheckResult {
    check(r, &opts(mode, phase))
}

/// `(rule, cells[0])` of every diagnostic, in order.
pub fn found(res: &CheckResult) -> Vec<(String, String)> {
    res.diagnostics
        .iter()
        .map(|d| (d.rule.clone(), d.cells.first().cloned().unwrap_or_default()))
        .collect()
}

pub fn pairs(xs: &[(&str, &str)]) -> Vec<(String, String)> {
    xs.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}
