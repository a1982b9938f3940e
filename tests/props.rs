#![cfg(not(target_arch = "wasm32"))]
//! Property tests: filled totals satisfy every sum rule; `check` never panics on any string.

mod common;
use common::*;
use nianbao::form::ogi_2021;
use nianbao::{check, CellValue, Mode, Options, Phase, Report};
use proptest::prelude::*;

fn inputs() -> Vec<String> {
    ogi_2021()
        .cells
        .iter()
        .filter(|c| !c.derived)
        .map(|c| c.id.to_string())
        .collect()
}

fn report(values: &[(String, CellValue)]) -> Report {
    let mut r = Report::default();
    r.cells.0 = values.to_vec();
    r
}

fn num(
    res: &nianbao::CheckResult,
    cells: &std::collections::HashMap<String, u64>,
    id: &str,
) -> u64 {
    res.totals
        .get(id)
        .map(|v| v.parse().unwrap())
        .or_else(|| cells.get(id).copied())
        .unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn filled_totals_satisfy_every_sum(values in proptest::collection::vec(0u64..=1_000_000_000, 166), fee in 0u64..100_000_000) {
        let ids = inputs();
        let mut cells: std::collections::HashMap<String, u64> = ids.iter().cloned().zip(values.iter().copied()).collect();
        cells.insert("t2.fees.amount".into(), 0);
        let mut pairs: Vec<(String, CellValue)> = ids.iter().map(|id| (id.clone(), CellValue::Text(cells[id].to_string()))).collect();
        let fee_text = format!("{}.{:04}", fee / 10_000, fee % 10_000);
        pairs.retain(|(k, _)| k != "t2.fees.amount");
        pairs.push(("t2.fees.amount".into(), CellValue::Text(fee_text)));

        let res = check(&report(&pairs), &opts(Mode::Fill, Phase::Submit));
        prop_assert_eq!(res.totals.0.len(), 34);
        let rows = ["new", "carried_in", "granted", "partial", "denied_secret", "denied_prohibited", "denied_security",
            "denied_third_party", "denied_internal", "denied_process", "denied_enforcement", "denied_inquiry",
            "unable_not_held", "unable_to_create", "unable_unclear", "rejected_petition", "rejected_duplicate",
            "rejected_publication", "rejected_excessive", "rejected_confirm", "other_no_correction", "other_no_fee",
            "other_other", "results_total", "carried_out"];
        let cols = ["natural", "business", "research", "nonprofit", "legal", "other"];
        for r in rows {
            let s: u64 = cols.iter().map(|c| num(&res, &cells, &format!("t3.{r}.{c}"))).sum();
            prop_assert_eq!(num(&res, &cells, &format!("t3.{r}.total")), s);
        }
        for c in cols.iter().chain(&["total"]) {
            let s: u64 = rows[2..23].iter().map(|r| num(&res, &cells, &format!("t3.{r}.{c}"))).sum();
            prop_assert_eq!(num(&res, &cells, &format!("t3.results_total.{c}")), s);
        }
        for g in ["review", "suit_direct", "suit_after_review"] {
            let s: u64 = ["upheld", "corrected", "other", "pending"].iter().map(|c| num(&res, &cells, &format!("t4.{g}.{c}"))).sum();
            prop_assert_eq!(num(&res, &cells, &format!("t4.{g}.total")), s);
        }
        // Only the balance and the in-force floor can break on random inputs.
        for d in &res.diagnostics {
            prop_assert!(d.rule == "t3.balance" || d.rule == "t2.in_force_floor", "{:?}", d);
        }
        // The filled totals, typed back in, verify clean of every sum rule.
        let mut back = pairs.clone();
        back.extend(res.totals.0.iter().map(|(k, v)| (k.clone(), CellValue::Text(v.clone()))));
        let res2 = check(&report(&back), &opts(Mode::Verify, Phase::Submit));
        prop_assert_eq!(&res2.diagnostics, &res.diagnostics);
        prop_assert_eq!(&res2.totals, &res.totals);
    }

    #[test]
    fn never_panics_on_any_string(
        picks in proptest::collection::vec((0usize..230, any::<String>()), 0..40),
        mode in prop_oneof![Just(Mode::Fill), Just(Mode::Verify)],
        phase in prop_oneof![Just(Phase::Typing), Just(Phase::Submit)],
        en in any::<bool>(),
    ) {
        let form = ogi_2021();
        let mut pairs = Vec::new();
        for (i, s) in &picks {
            let id = form.cells.get(*i).map(|c| c.id.to_string()).unwrap_or_else(|| format!("t{i}.{s}"));
            pairs.push((id, CellValue::Text(s.clone())));
        }
        let mut r = with(seed(), &[]);
        r.cells.0.extend(pairs.clone());
        r.previous = Some(nianbao::check::report::Previous { cells: nianbao::check::report::Pairs(pairs) });
        let options = Options { mode, phase, locale: if en { nianbao::Locale::En } else { nianbao::Locale::ZhCn }, ..Options::default() };
        let res = check(&r, &options);
        prop_assert_eq!(res.ok, res.diagnostics.iter().all(|d| d.severity != "error"));
        for d in &res.diagnostics {
            prop_assert!(!d.cells.is_empty() && !d.message.is_empty());
        }
    }

    #[test]
    fn never_panics_on_any_number(v in any::<f64>(), i in any::<i64>(), e in -500i32..500, cell in 0usize..200) {
        let id = ogi_2021().cells[cell].id.to_string();
        for value in [CellValue::Number(format!("{v:?}")), CellValue::Number(i.to_string()), CellValue::Number(format!("{i}e{e}")), CellValue::Number(format!("{v:e}"))] {
            let mut r = seed();
            r.cells.0.push((id.clone(), value));
            let _ = check(&r, &opts(Mode::Verify, Phase::Submit));
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// One wrong cell in a consistent report (totals typed): the audit's suggestion, when it
    /// names a cell, names a change that makes every sum and balance hold again — and when the
    /// wrong cell is an input of table 三 (in a row total, a column total and a balance), it
    /// names that cell and its old value.
    #[test]
    fn the_suggested_change_makes_every_sum_hold(values in proptest::collection::vec(0u64..=500, 166), pick in 0usize..166, delta in 1u64..50) {
        let ids = inputs();
        let mut values = values;
        // A consistent report: each column of table 三 balanced (nothing carried in, as many
        // new as were answered and carried out).
        let at = |id: &str| ids.iter().position(|x| x == id).unwrap();
        for c in ["natural", "business", "research", "nonprofit", "legal", "other"] {
            let results: u64 = ids.iter().enumerate().filter(|(_, id)| id.ends_with(&format!(".{c}")) && id.starts_with("t3.") && !["t3.new", "t3.carried_in", "t3.carried_out"].iter().any(|r| id.starts_with(&format!("{r}.")))).map(|(i, _)| values[i]).sum();
            values[at(&format!("t3.carried_in.{c}"))] = 0;
            values[at(&format!("t3.new.{c}"))] = results + values[at(&format!("t3.carried_out.{c}"))];
        }
        let pairs: Vec<(String, CellValue)> = ids.iter().zip(&values).map(|(id, v)| (id.clone(), CellValue::Text(v.to_string()))).collect();
        let filled = check(&report(&pairs), &opts(Mode::Fill, Phase::Submit));
        prop_assert!(filled.diagnostics.iter().all(|d| d.severity != "error"), "{:?}", filled.diagnostics);
        let mut all = pairs.clone();
        all.extend(filled.totals.0.iter().map(|(k, v)| (k.clone(), CellValue::Text(v.clone()))));
        let wrong = &ids[pick];
        let was = values[pick];
        for (k, v) in all.iter_mut() {
            if k == wrong {
                *v = CellValue::Text((was + delta).to_string());
            }
        }
        let res = audited(&report(&all));
        let sums = |r: &nianbao::CheckResult| r.diagnostics.iter().filter(|d| matches!(d.rule.as_str(), "t3.row_total" | "t3.results_total" | "t3.balance" | "t4.total")).count();
        prop_assume!(sums(&res) > 0);
        let named = res.diagnostics.iter().filter_map(|d| d.suggestion.as_ref()).find_map(|s| Some((s.cell.clone()?, s.value.clone()?)));
        if wrong.starts_with("t3.") {
            prop_assert_eq!(named.clone(), Some((wrong.clone(), was.to_string())), "{:?}", res.diagnostics.iter().map(|d| (d.rule.clone(), d.cells.clone(), d.suggestion.as_ref().map(|s| s.reason.clone()))).collect::<Vec<_>>());
        }
        if let Some((cell, value)) = named {
            for (k, v) in all.iter_mut() {
                if *k == cell {
                    *v = CellValue::Text(value.clone());
                }
            }
            prop_assert_eq!(sums(&audited(&report(&all))), 0);
        }
    }
}

fn audited(r: &Report) -> nianbao::CheckResult {
    let form = ogi_2021();
    nianbao::check::report::render(
        form,
        &nianbao::audit::audit_report(form, r),
        nianbao::Locale::ZhCn,
    )
}
