//! The 2021 form definition against docs/contract.md's ids.

use nianbao::form::{ogi_2021, Kind};

fn domain_ids() -> (Vec<String>, Vec<String>) {
    let mut inputs = Vec::new();
    let mut derived = Vec::new();
    for r in ["rules", "normative"] {
        for c in ["issued", "repealed", "in_force"] {
            inputs.push(format!("t2.{r}.{c}"));
        }
    }
    for id in [
        "t2.licensing.decisions",
        "t2.penalty.decisions",
        "t2.coercion.decisions",
        "t2.fees.amount",
    ] {
        inputs.push(id.into());
    }
    let rows = "new carried_in granted partial denied_secret denied_prohibited denied_security \
        denied_third_party denied_internal denied_process denied_enforcement denied_inquiry \
        unable_not_held unable_to_create unable_unclear rejected_petition rejected_duplicate \
        rejected_publication rejected_excessive rejected_confirm other_no_correction other_no_fee \
        other_other results_total carried_out";
    for r in rows.split_whitespace() {
        for c in [
            "natural",
            "business",
            "research",
            "nonprofit",
            "legal",
            "other",
            "total",
        ] {
            let id = format!("t3.{r}.{c}");
            if r == "results_total" || c == "total" {
                derived.push(id)
            } else {
                inputs.push(id)
            }
        }
    }
    for g in ["review", "suit_direct", "suit_after_review"] {
        for c in ["upheld", "corrected", "other", "pending", "total"] {
            let id = format!("t4.{g}.{c}");
            if c == "total" {
                derived.push(id)
            } else {
                inputs.push(id)
            }
        }
    }
    (inputs, derived)
}

#[test]
fn cells_are_exactly_domain_ids_in_template_order() {
    let form = ogi_2021();
    let (inputs, derived) = domain_ids();
    assert_eq!((inputs.len(), derived.len()), (166, 34));
    let got_in: Vec<_> = form
        .cells
        .iter()
        .filter(|c| !c.derived)
        .map(|c| c.id.to_string())
        .collect();
    let got_de: Vec<_> = form
        .cells
        .iter()
        .filter(|c| c.derived)
        .map(|c| c.id.to_string())
        .collect();
    assert_eq!(got_in, inputs);
    assert_eq!(got_de, derived);
    for c in form.cells {
        let money = c.id == "t2.fees.amount";
        assert_eq!(c.kind == Kind::Money, money, "{}", c.id);
        let cjk = |s: &str| {
            s.chars().any(|ch| {
                ('\u{3000}'..='\u{9fff}').contains(&ch) || ('\u{ff00}'..='\u{ffef}').contains(&ch)
            })
        };
        assert!(cjk(&c.label(false)), "{}", c.id);
        assert!(!cjk(&c.label(true)), "{}: {}", c.id, c.label(true));
    }
}

#[test]
fn rules_are_generated_from_the_definition() {
    let form = ogi_2021();
    // One defining sum per derived cell; 25 + 6 in table 三, 3 in table 四.
    assert_eq!(form.sums.len(), 34);
    let mut totals: Vec<u16> = form.sums.iter().map(|s| s.total).collect();
    totals.sort();
    totals.dedup();
    assert_eq!(totals.len(), 34);
    // A sum only uses totals defined before it.
    for (k, s) in form.sums.iter().enumerate() {
        for p in s.parts {
            if form.cell(*p).unwrap().derived {
                assert!(form.sums[..k].iter().any(|e| e.total == *p));
            }
        }
    }
    assert_eq!(form.balances.len(), 6);
    assert_eq!(form.in_force.len(), 2);
    assert_eq!(form.carries.len(), 6);
    assert_eq!(
        form.lookup("t3.results_total.total")
            .map(|i| form.cell(i).unwrap().id),
        Some("t3.results_total.total")
    );
    assert_eq!(form.lookup("t3.nope.total"), None);
}

#[test]
fn labels_read_like_the_template() {
    let form = ogi_2021();
    let label = |id: &str| form.cell(form.lookup(id).unwrap()).unwrap().label(false);
    assert_eq!(
        label("t3.carried_out.natural"),
        "四、结转下年度继续办理 · 自然人"
    );
    assert_eq!(
        label("t3.denied_secret.legal"),
        "（三）不予公开 1.属于国家秘密 · 法律服务机构"
    );
    assert_eq!(label("t2.rules.issued"), "规章 · 本年制发件数");
    assert_eq!(label("t4.review.total"), "行政复议 · 总计");
}
