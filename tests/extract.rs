#![cfg(not(target_arch = "wasm32"))]
//! Published reports: extraction from every shape, faults found exactly.

use nianbao::audit::audit;
use nianbao::form::ogi_2021;

fn rules(a: &nianbao::audit::Audit) -> Vec<(String, String)> {
    rules_of(ogi_2021(), a)
}

fn rules_of(form: &nianbao::form::Form, a: &nianbao::audit::Audit) -> Vec<(String, String)> {
    a.outcome
        .diags
        .iter()
        .map(|d| {
            let cell = d
                .cells
                .first()
                .and_then(|&i| form.cell(i))
                .map(|c| c.id.to_string())
                .unwrap_or_default();
            (d.rule.id().to_string(), cell)
        })
        .collect()
}

#[test]
fn the_seed_extracts_to_all_zeros_and_passes() {
    let text = include_str!("fixtures/published/yingchun-2023.txt");
    let a = audit(ogi_2021(), text, None);
    assert_eq!(rules(&a), vec![]);
    let r = &a.extracted.report;
    assert_eq!(r.year, Some(2023));
    assert_eq!(r.agency.as_deref(), Some("虎林市迎春镇人民政府"));
    assert_eq!(r.cells.0.len(), 200, "every cell of the three tables");
    assert!(r
        .cells
        .0
        .iter()
        .all(|(_, v)| *v == nianbao::CellValue::Text("0".into())));
    assert!(a.outcome.ok());
    // Where the page break shifted the cells: still the right row.
    let src = |id: &str| {
        a.extracted
            .sources
            .iter()
            .find(|(c, _)| c == id)
            .map(|(_, o)| o.describe())
    };
    assert_eq!(
        src("t3.rejected_publication.natural").as_deref(),
        Some("line 71")
    );
}

// ---------------------------------------------------------------------------------------------
// A renderer of the 2021 form in each published shape, for fixtures and the round trip.

#[derive(Clone, Copy, Debug)]
enum ShapeKind {
    Tabs,
    Pipes,
    /// Crawled tables: `规章 | 0 | 0 | 0 |` (no leading pipe).
    PipesTrailing,
    /// `规章 | 13 | 13 | 524` (no pipe at either end).
    PipesBare,
    OnePerLine,
    /// One cell per line, each ending in ` |`, rows ended by a line of pipes.
    OnePerLinePipes,
    Pdf,
    Html,
}

const SHAPES: [ShapeKind; 8] = [
    ShapeKind::Tabs,
    ShapeKind::Pipes,
    ShapeKind::PipesTrailing,
    ShapeKind::PipesBare,
    ShapeKind::OnePerLine,
    ShapeKind::OnePerLinePipes,
    ShapeKind::Pdf,
    ShapeKind::Html,
];

/// Rows of the three tables as (labels, values), headings between them.
fn table_rows(
    form: &nianbao::form::Form,
    value: &dyn Fn(&str) -> String,
) -> Vec<(Option<&'static str>, Vec<String>, Vec<String>)> {
    let mut out: Vec<(Option<&'static str>, Vec<String>, Vec<String>)> = Vec::new();
    out.push((Some("二、主动公开政府信息情况"), vec![], vec![]));
    let mut last_row = String::new();
    let mut last_cols = String::new();
    for c in form.cells.iter().filter(|c| c.id.starts_with("t2.")) {
        let row = c.row_def.key.to_string();
        if row != last_row {
            // Each item of table 二 under its own column headings, as the template prints them.
            let cols: Vec<String> = form
                .cells
                .iter()
                .filter(|x| x.id.starts_with(&format!("t2.{row}.")))
                .map(|x| x.col_def.label.zh.to_string())
                .collect();
            if cols.join("|") != last_cols {
                last_cols = cols.join("|");
                out.push((None, cols, vec![]));
            }
            out.push((None, vec![c.row_def.label.zh.to_string()], vec![]));
            last_row = row;
        }
        out.last_mut().unwrap().2.push(value(c.id));
    }
    out.push((Some("三、收到和处理政府信息公开申请情况"), vec![], vec![]));
    out.push((None, vec!["申请人情况".into()], vec![]));
    out.push((
        None,
        vec![
            "自然人".into(),
            "商业企业".into(),
            "科研机构".into(),
            "社会公益组织".into(),
            "法律服务机构".into(),
            "其他".into(),
            "总计".into(),
        ],
        vec![],
    ));
    for r in form
        .cells
        .iter()
        .filter(|c| c.id.starts_with("t3.") && c.col_def.key == "natural")
    {
        let mut labels = Vec::new();
        if let Some(g) = r.row_def.group {
            labels.push(g.zh.to_string());
        }
        labels.push(r.row_def.label.zh.to_string());
        let values = [
            "natural",
            "business",
            "research",
            "nonprofit",
            "legal",
            "other",
            "total",
        ]
        .iter()
        .map(|col| value(&format!("t3.{}.{col}", r.row_def.key)))
        .collect();
        out.push((None, labels, values));
    }
    out.push((
        Some("四、政府信息公开行政复议、行政诉讼情况"),
        vec![],
        vec![],
    ));
    out.push((None, vec!["行政复议".into(), "行政诉讼".into()], vec![]));
    out.push((
        None,
        vec![
            "结果维持".into(),
            "结果纠正".into(),
            "其他结果".into(),
            "尚未审结".into(),
            "总计".into(),
        ],
        vec![],
    ));
    let t4: Vec<String> = form
        .cells
        .iter()
        .filter(|c| c.id.starts_with("t4."))
        .map(|c| value(c.id))
        .collect();
    out.push((None, vec![], t4));
    out.push((Some("五、存在的主要问题及改进情况"), vec![], vec![]));
    out
}

fn render(
    shape: ShapeKind,
    agency: &str,
    year: i64,
    narrative: &str,
    value: &dyn Fn(&str) -> String,
) -> String {
    render_form(ogi_2021(), shape, agency, year, narrative, value)
}

fn render_form(
    form: &nianbao::form::Form,
    shape: ShapeKind,
    agency: &str,
    year: i64,
    narrative: &str,
    value: &dyn Fn(&str) -> String,
) -> String {
    let mut o = String::new();
    let title = format!("{agency} {year} 年政府信息公开工作年度报告");
    let esc = |s: &str| s.replace('&', "&amp;").replace('<', "&lt;");
    if let ShapeKind::Html = shape {
        o.push_str(&format!(
            "<html><body><p align=center><b>{}</b></p>\n<p>一、总体情况</p><p>{}</p>\n",
            esc(&title),
            esc(narrative)
        ));
        let mut open = false;
        for (heading, labels, values) in table_rows(form, value) {
            if let Some(h) = heading {
                if open {
                    o.push_str("</table>\n");
                }
                o.push_str(&format!("<p><span style=\"font-family:黑体\">{h}</span></p>\n<table border=1 cellspacing=0>\n"));
                open = true;
                continue;
            }
            o.push_str("<tr>");
            for l in &labels {
                o.push_str(&format!("<td><p><span>{}</span></p></td>", esc(l)));
            }
            for v in &values {
                let v = if v.is_empty() {
                    "&nbsp;".to_string()
                } else {
                    esc(v)
                };
                o.push_str(&format!("<td width=40><p align=center>{v}</p></td>"));
            }
            o.push_str("</tr>\n");
        }
        o.push_str("</table><p>五、存在的主要问题及改进情况</p></body></html>\n");
        return o;
    }
    o.push_str(&format!("{title}\n\n一、总体情况\n\n{narrative}\n\n"));
    for (heading, labels, values) in table_rows(form, value) {
        if let Some(h) = heading {
            o.push_str(&format!("{h}\n\n"));
            continue;
        }
        match shape {
            ShapeKind::Tabs => {
                o.push_str(&labels.join("\t"));
                o.push('\t');
                o.push_str(&values.join("\t"));
                o.push_str("\t\n");
            }
            ShapeKind::Pipes => {
                // Spanned cells come out as runs of empty cells: "| 标签 || 0 | 0 |".
                let spacer = if labels.len() == 1 && values.len() == 7 {
                    vec![String::new()]
                } else {
                    vec![]
                };
                let cells: Vec<String> = labels
                    .iter()
                    .chain(&spacer)
                    .chain(&values)
                    .cloned()
                    .collect();
                o.push_str(&format!("| {} |\n", cells.join(" | ")));
                if values.is_empty() {
                    o.push_str(&format!("|{}|\n", vec!["---"; cells.len()].join("|")));
                }
            }
            ShapeKind::PipesTrailing | ShapeKind::PipesBare => {
                let cells: Vec<String> = labels.iter().chain(&values).cloned().collect();
                o.push_str(&cells.join(" | "));
                o.push_str(if matches!(shape, ShapeKind::PipesTrailing) {
                    " |\n"
                } else {
                    "\n"
                });
            }
            ShapeKind::OnePerLine => {
                for c in labels.iter().chain(&values) {
                    o.push_str(c);
                    o.push('\n');
                }
            }
            ShapeKind::OnePerLinePipes => {
                for c in labels.iter().chain(&values) {
                    o.push_str(c);
                    o.push_str(" |\n");
                }
                o.push_str(&"|".repeat(labels.len() + values.len()));
                o.push('\n');
            }
            ShapeKind::Pdf => {
                // Two-line labels as PDF text breaks them; numbers separated by spaces.
                if let Some((first, rest)) = labels.split_first() {
                    o.push_str(first);
                    o.push('\n');
                    let mut line = rest.join(" ");
                    for v in &values {
                        line.push(' ');
                        line.push_str(v);
                    }
                    o.push_str(line.trim());
                    o.push('\n');
                } else {
                    o.push_str(&values.join(" "));
                    o.push('\n');
                }
            }
            ShapeKind::Html => {}
        }
    }
    o.push_str("五、存在的主要问题及改进情况\n\n略。\n");
    o
}

/// A valid report (every total the sum of its parts, every column balanced).
fn valid(seed: &[u32]) -> std::collections::HashMap<String, i64> {
    valid_for(ogi_2021(), seed)
}

fn valid_for(
    form: &'static nianbao::form::Form,
    seed: &[u32],
) -> std::collections::HashMap<String, i64> {
    let mut v: std::collections::HashMap<String, i64> = std::collections::HashMap::new();
    let mut k = 0usize;
    let mut next = || {
        k += 1;
        i64::from(seed[k % seed.len()] % 50)
    };
    for c in form.cells.iter().filter(|c| !c.derived) {
        v.insert(c.id.to_string(), next());
    }
    for id in ["t2.rules.in_force", "t2.normative.in_force"] {
        if v.contains_key(id) {
            v.insert(id.into(), 100);
        }
    }
    let cols = [
        "natural",
        "business",
        "research",
        "nonprofit",
        "legal",
        "other",
    ];
    let results: Vec<&str> = form
        .cells
        .iter()
        .filter(|c| c.id.starts_with("t3.") && c.col_def.key == "natural")
        .map(|c| c.row_def.key)
        .filter(|r| !["new", "carried_in", "results_total", "carried_out"].contains(r))
        .collect();
    for col in cols {
        // Balance: carried_out = new + carried_in - results (made non-negative by raising new).
        let res: i64 = results.iter().map(|r| v[&format!("t3.{r}.{col}")]).sum();
        let ci = v[&format!("t3.carried_in.{col}")];
        let co = v[&format!("t3.carried_out.{col}")];
        v.insert(format!("t3.new.{col}"), res + co - ci + 50);
        v.insert(format!("t3.carried_out.{col}"), co + 50);
    }
    let res = nianbao::check(
        &nianbao::Report {
            form: Some(form.id().to_string()),
            cells: nianbao::check::report::Pairs(
                v.iter()
                    .map(|(k, x)| (k.clone(), nianbao::CellValue::Text(x.to_string())))
                    .collect(),
            ),
            ..Default::default()
        },
        &nianbao::Options {
            mode: nianbao::Mode::Fill,
            ..Default::default()
        },
    );
    assert!(res.ok, "{:?}", res.diagnostics);
    for (id, t) in res.totals.0 {
        v.insert(id, t.parse().unwrap());
    }
    v
}

fn text_of(v: &std::collections::HashMap<String, i64>) -> impl Fn(&str) -> String + '_ {
    move |id: &str| v.get(id).map(|x| x.to_string()).unwrap_or_default()
}

#[test]
fn every_shape_of_a_valid_report_extracts_and_passes() {
    let v = valid(&[3, 14, 15, 92, 65, 35, 89, 79]);
    for shape in SHAPES {
        let text = render(
            shape,
            "某市某局",
            2024,
            "本年共收到政府信息公开申请若干件。",
            &text_of(&v),
        );
        let a = audit(ogi_2021(), &text, None);
        assert_eq!(rules(&a), vec![], "{shape:?}\n{text}");
        assert_eq!(a.extracted.report.cells.0.len(), 200, "{shape:?}");
        for (id, x) in &a.extracted.report.cells.0 {
            assert_eq!(
                *x,
                nianbao::CellValue::Text(v[id].to_string()),
                "{shape:?} {id}"
            );
        }
        assert_eq!(
            (
                a.extracted.report.year,
                a.extracted.report.agency.as_deref()
            ),
            (Some(2024), Some("某市某局"))
        );
    }
}

#[test]
fn each_shape_with_a_known_fault_gives_exactly_that_fault() {
    let v = valid(&[2, 7, 1, 8, 2, 8, 1, 8, 2, 8]);
    type Change = Box<dyn Fn(&str) -> Option<String>>;
    type Fault<'a> = (ShapeKind, &'a str, &'a str, Change, Vec<(&'a str, &'a str)>);
    let faults: Vec<Fault> = vec![
        (
            ShapeKind::Tabs,
            "某市某局",
            "",
            Box::new(|id| (id == "t3.granted.total").then(|| "9999".into())),
            vec![("t3.row_total", "t3.granted.total")],
        ),
        (
            ShapeKind::Pipes,
            "某市某局",
            "",
            Box::new(|id| (id == "t3.denied_secret.legal").then(String::new)),
            vec![("value.missing", "t3.denied_secret.legal")],
        ),
        (
            ShapeKind::OnePerLine,
            "某市某局",
            "",
            Box::new(|id| (id == "t2.penalty.decisions").then(|| "—".into())),
            vec![("value.dash_as_zero", "t2.penalty.decisions")],
        ),
        (
            ShapeKind::Html,
            "某县某镇人民政府",
            "",
            Box::new(|_| None),
            vec![("t2.rules_by_agency", "t2.rules.issued")],
        ),
        (
            ShapeKind::Pdf,
            "某市某局",
            "MISMATCH",
            Box::new(|_| None),
            vec![("text.mismatch", "t3.new.total")],
        ),
    ];
    for (shape, agency, narrative, change, want) in faults {
        let mut v = v.clone();
        if agency.contains('镇') {
            v.insert("t2.rules.issued".into(), 1);
        }
        let base = text_of(&v);
        let value = |id: &str| change(id).unwrap_or_else(|| base(id));
        let narrative = if narrative == "MISMATCH" {
            format!(
                "全年共收到政府信息公开申请{}件，均已按时答复",
                v["t3.new.total"] + 7
            )
        } else {
            "本年工作平稳。".to_string()
        };
        let text = render(shape, agency, 2024, &narrative, &value);
        let a = audit(ogi_2021(), &text, None);
        let want: Vec<(String, String)> = want
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect();
        assert_eq!(rules(&a), want, "{shape:?}");
    }
}

#[test]
fn an_extra_row_is_reported_and_a_row_that_cannot_be_placed_is_not_guessed() {
    let v = valid(&[5, 5, 5, 1]);
    let text = render(ShapeKind::Tabs, "某市某局", 2024, "", &text_of(&v))
        .replace(
            "四、结转下年度继续办理",
            "其中：网上申请\t1\t0\t0\t0\t0\t0\t1\t\n四、结转下年度继续办理",
        )
        .replace(
            &format!("（一）予以公开\t{}\t", v["t3.granted.natural"]),
            "（一）予以公开\t",
        );
    let a = audit(ogi_2021(), &text, None);
    let got = rules(&a);
    assert!(
        got.contains(&("extract.extra_row".into(), String::new())),
        "{got:?}"
    );
    assert!(
        got.contains(&("extract.unplaced".into(), "t3.granted.natural".into())),
        "{got:?}"
    );
    assert!(
        !a.extracted
            .report
            .cells
            .0
            .iter()
            .any(|(id, _)| id.starts_with("t3.granted.")),
        "nothing invented"
    );
    assert!(
        !got.iter()
            .any(|(r, c)| r == "value.missing" && c.starts_with("t3.granted.")),
        "reported once, as unplaced"
    );
}

#[test]
fn real_reports_never_get_an_invented_value() {
    // Text extracted from real PDFs: rows split across pages, labels cut in half. Whatever is
    // recovered must stand on the line it is said to come from; the rest is reported.
    for (name, text) in [
        (
            "shanghai-gov-office-2025",
            include_str!("fixtures/published/shanghai-gov-office-2025.pdf.md"),
        ),
        (
            "shanghai-stcsm-2024",
            include_str!("fixtures/published/shanghai-stcsm-2024.pdf.md"),
        ),
        (
            "shuyang-county-2025",
            include_str!("fixtures/published/shuyang-county-2025.pdf.md"),
        ),
    ] {
        let a = audit(ogi_2021(), text, None);
        let lines: Vec<&str> = text.lines().collect();
        for (id, origin) in &a.extracted.sources {
            let nianbao::audit::extract::Origin::Line(n) = origin else {
                panic!("{name}: text has lines")
            };
            let value = a.extracted.report.cells.get(id).unwrap();
            if let nianbao::CellValue::Text(v) = value {
                let line = lines[n - 1];
                assert!(
                    line.contains(v.as_str()) || v == "0",
                    "{name}: {id} = {v} not on line {n}: {line}"
                );
            }
        }
        // Cells the text did not give are "not found", never "blank".
        for (rule, cell) in rules(&a) {
            if rule == "value.missing" {
                assert!(
                    a.extracted.report.cells.get(&cell).is_some(),
                    "{name}: {cell}"
                );
            }
        }
        if name == "shuyang-county-2025" {
            assert_eq!(rules(&a), vec![], "this one survived the PDF whole");
            assert_eq!(a.extracted.sources.len(), 200);
            assert_eq!(a.extracted.report.agency.as_deref(), Some("沐阳县人民政府"));
        } else {
            assert!(
                rules(&a)
                    .iter()
                    .any(|(r, _)| r == "extract.not_found" || r == "extract.unplaced"),
                "{name}"
            );
        }
        println!(
            "{name}: {} cells read, {} diagnostics",
            a.extracted.sources.len(),
            a.outcome.diags.len()
        );
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 48, ..Default::default() })]

    /// Render a random valid report in each shape, read it back: the same cells, and it passes.
    #[test]
    fn extraction_round_trip(seed in proptest::collection::vec(0u32..1000, 8..40)) {
        let v = valid(&seed);
        for shape in SHAPES {
            let text = render(shape, "某市某局", 2025, "", &text_of(&v));
            let a = audit(ogi_2021(), &text, None);
            proptest::prop_assert_eq!(rules(&a), vec![], "{:?}", shape);
            proptest::prop_assert_eq!(a.extracted.report.cells.0.len(), 200);
            for (id, x) in &a.extracted.report.cells.0 {
                proptest::prop_assert_eq!(x, &nianbao::CellValue::Text(v[id].to_string()), "{:?} {}", shape, id);
            }
        }
    }

    /// Any text at all: extraction never panics and never reports a value that is not in it.
    #[test]
    fn extraction_never_panics(text in "\\PC{0,400}", lines in proptest::collection::vec("[ \\t|0-9一二三四（）()、.规章行政复议本年新收总计—/无]{0,30}", 0..30)) {
        let joined = lines.join("\n");
        for t in [text.as_str(), joined.as_str()] {
            let a = audit(ogi_2021(), t, None);
            for (_, v) in &a.extracted.report.cells.0 {
                if let nianbao::CellValue::Text(v) = v {
                    proptest::prop_assert!(v == "0" || t.contains(v.as_str()));
                }
            }
        }
    }
}

#[test]
fn the_2019_form_is_recognised_checked_with_its_own_rules_and_flagged_after_2020() {
    let form = nianbao::form::ogi_2019();
    let mut v = valid_for(form, &[4, 8, 15, 16, 23, 42]);
    v.insert("t2.licensing.change".into(), -3); // 本年增/减 may be negative
    for (year, want) in [
        (2020, vec![]),
        (
            2022,
            vec![("form.outdated_template".to_string(), String::new())],
        ),
    ] {
        for shape in [ShapeKind::Tabs, ShapeKind::Html] {
            let text = render_form(form, shape, "某市某局", year, "", &text_of(&v));
            assert!(
                std::ptr::eq(nianbao::audit::extract::detect(&text), form),
                "{shape:?}"
            );
            let a = audit(form, &text, None);
            assert_eq!(rules_of(form, &a), want, "{shape:?} {year}");
            assert_eq!(
                a.extracted.report.cells.get("t3.other_2019.natural"),
                Some(&nianbao::CellValue::Text(
                    v["t3.other_2019.natural"].to_string()
                ))
            );
            assert_eq!(
                a.extracted.report.cells.get("t2.licensing.change"),
                Some(&nianbao::CellValue::Text("-3".into()))
            );
            assert_eq!(a.extracted.report.cells.0.len(), form.cells.len());
        }
    }
    // The 2021 seed is not mistaken for the 2019 form.
    assert!(std::ptr::eq(
        nianbao::audit::extract::detect(include_str!("fixtures/published/yingchun-2023.txt")),
        ogi_2021()
    ));
}

/// The portal's own form A, published as Word-pasted HTML: inputs replaced by their values,
/// spans that differ row to row, label cells in td, no th.
#[test]
fn the_portal_form_published_as_html_extracts_cell_for_cell() {
    let mapping: std::collections::BTreeMap<String, String> =
        serde_json::from_str(include_str!("fixtures/forms/form-a.mapping.json")).unwrap();
    let v = valid(&[9, 2, 6, 5, 3, 5, 8, 9, 7]);
    let mut html = include_str!("fixtures/forms/portal-form-a.html").to_string();
    for (name, cell) in &mapping {
        let input = format!("<input type=\"text\" class=\"inp\" name=\"{name}\">");
        assert!(html.contains(&input), "{input}");
        let value = if v[cell] == 0 {
            "&nbsp;0".to_string()
        } else {
            v[cell].to_string()
        };
        html = html.replace(&input, &value);
    }
    let html = html.replace("数据填报", "").replace(
        "<h2 class=\"tit\">2023年度",
        "<h2 class=\"tit\">虎林市迎春镇人民政府2023年度",
    );
    let a = audit(ogi_2021(), &html, None);
    // Everything adds up; but a town reports 规章 it cannot make.
    assert_eq!(
        rules(&a),
        vec![(
            "t2.rules_by_agency".to_string(),
            "t2.rules.issued".to_string()
        )]
    );
    assert_eq!(
        a.extracted.report.agency.as_deref(),
        Some("虎林市迎春镇人民政府")
    );
    assert_eq!(a.extracted.report.cells.0.len(), 200);
    for (id, x) in &a.extracted.report.cells.0 {
        assert_eq!(*x, nianbao::CellValue::Text(v[id].to_string()), "{id}");
    }
    assert_eq!(a.extracted.report.year, Some(2023));
}

/// The real reports of `../shared/reports/` (copied into the fixtures): per report, the year, the
/// agency, how many cells are read and what is reported. Cells read are checked against the line
/// or table cell they are said to come from; the numbers are today's, to move only upward.
/// (file, text, year, agency, cells read, diagnostics by rule)
type RealReport = (
    &'static str,
    &'static str,
    i64,
    &'static str,
    usize,
    &'static [(&'static str, usize)],
);

#[test]
fn real_reports_per_report_figures() {
    let reports: [RealReport; 11] = [
        (
            "pingtan-zone-2019.txt",
            include_str!("fixtures/published/pingtan-zone-2019.txt"),
            2019,
            "平潭综合实验区",
            179,
            &[("extract.unplaced", 7)],
        ),
        (
            "pingtan-zone-2020.txt",
            include_str!("fixtures/published/pingtan-zone-2020.txt"),
            2020,
            "平潭综合实验区",
            181,
            &[
                ("extract.unplaced", 6),
                ("t3.balance", 1),
                ("t3.results_total", 2),
            ],
        ),
        (
            "pingtan-zone-2021.txt",
            include_str!("fixtures/published/pingtan-zone-2021.txt"),
            2021,
            "平潭综合实验区",
            197,
            &[("extract.unplaced", 1), ("value.too_many_decimals", 1)],
        ),
        (
            "pingtan-zone-2022.txt",
            include_str!("fixtures/published/pingtan-zone-2022.txt"),
            2022,
            "平潭综合实验区",
            197,
            &[("extract.unplaced", 1)],
        ),
        (
            "pingtan-zone-2023.txt",
            include_str!("fixtures/published/pingtan-zone-2023.txt"),
            2023,
            "平潭综合实验区管委会办公室",
            197,
            &[("extract.unplaced", 1), ("value.too_many_decimals", 1)],
        ),
        (
            "pingtan-zone-2024.txt",
            include_str!("fixtures/published/pingtan-zone-2024.txt"),
            2024,
            "平潭综合实验区管委会办公室",
            197,
            &[("extract.unplaced", 1)],
        ),
        (
            "pingtan-zone-2025.txt",
            include_str!("fixtures/published/pingtan-zone-2025.txt"),
            2025,
            "平潭综合实验区管委会办公室",
            197,
            &[("extract.unplaced", 1), ("value.too_many_decimals", 1)],
        ),
        (
            "shanghai-gov-office-2025.pdf.md",
            include_str!("fixtures/published/shanghai-gov-office-2025.pdf.md"),
            2025,
            "上海市人民政府办公厅",
            194,
            &[("extract.extra_row", 4), ("extract.unplaced", 2)],
        ),
        (
            "shanghai-stcsm-2024.pdf.md",
            include_str!("fixtures/published/shanghai-stcsm-2024.pdf.md"),
            2024,
            "上海市科委",
            193,
            &[("extract.unplaced", 1), ("value.missing", 1)],
        ),
        (
            "shuyang-county-2025.pdf.md",
            include_str!("fixtures/published/shuyang-county-2025.pdf.md"),
            2025,
            "沐阳县人民政府",
            200,
            &[],
        ),
        (
            "shuyang-ndrc-2023.html",
            include_str!("fixtures/published/shuyang-ndrc-2023.html"),
            2023,
            "沭阳县发展和改革局",
            200,
            &[("value.missing", 1)],
        ),
    ];
    for (name, text, year, agency, read, expected) in reports {
        let form = nianbao::audit::extract::detect(text);
        let a = audit(form, text, None);
        let r = &a.extracted.report;
        assert_eq!(
            (r.year, r.agency.as_deref()),
            (Some(year), Some(agency)),
            "{name}"
        );
        assert_eq!(a.extracted.sources.len(), read, "{name}: cells read");
        let mut found: Vec<(String, usize)> = Vec::new();
        for (rule, _) in rules_of(form, &a) {
            match found.iter_mut().find(|(r, _)| *r == rule) {
                Some((_, n)) => *n += 1,
                None => found.push((rule, 1)),
            }
        }
        found.sort();
        let expected: Vec<(String, usize)> =
            expected.iter().map(|(r, n)| (r.to_string(), *n)).collect();
        assert_eq!(found, expected, "{name}");
        // Every value read stands where it is said to come from.
        if !name.ends_with(".html") {
            let lines: Vec<&str> = text.lines().collect();
            for (id, origin) in &a.extracted.sources {
                let n = match *origin {
                    nianbao::audit::extract::Origin::Line(n)
                    | nianbao::audit::extract::Origin::Split { line: n, .. } => n,
                    _ => panic!("{name}: text has lines"),
                };
                if let Some(nianbao::CellValue::Text(v)) = r.cells.get(id) {
                    assert!(
                        lines[n - 1].contains(v.as_str()) || v == "0",
                        "{name}: {id} = {v} not on line {n}"
                    );
                }
            }
        }
        println!("{name}: {year} {agency}: {read} cells read, {:?}", found);
    }
    // Rows whose labels PDF text cut into fragments on other lines, placed by the template's
    // order where the fragments agree; checked by reading the source (shanghai-stcsm lines
    // 104-178: 「5.属于三类内部事务信」「息」「1.本机关不掌握相关政」「府信息」 stand before the value
    // rows of both; the column sums confirm: 9+1+1+4+6+8+4 = 33).
    for (name, text, id, value, line) in [
        (
            "shanghai-stcsm",
            include_str!("fixtures/published/shanghai-stcsm-2024.pdf.md"),
            "t3.partial.natural",
            "0",
            105,
        ),
        (
            "shanghai-stcsm",
            include_str!("fixtures/published/shanghai-stcsm-2024.pdf.md"),
            "t3.denied_internal.natural",
            "1",
            128,
        ),
        (
            "shanghai-stcsm",
            include_str!("fixtures/published/shanghai-stcsm-2024.pdf.md"),
            "t3.unable_not_held.natural",
            "4",
            134,
        ),
        (
            "shanghai-stcsm",
            include_str!("fixtures/published/shanghai-stcsm-2024.pdf.md"),
            "t3.unable_to_create.natural",
            "6",
            141,
        ),
        (
            "shanghai-stcsm",
            include_str!("fixtures/published/shanghai-stcsm-2024.pdf.md"),
            "t3.other_no_correction.total",
            "10",
            163,
        ),
        (
            "shanghai-gov-office",
            include_str!("fixtures/published/shanghai-gov-office-2025.pdf.md"),
            "t3.rejected_confirm.natural",
            "0",
            154,
        ),
        (
            "shanghai-gov-office",
            include_str!("fixtures/published/shanghai-gov-office-2025.pdf.md"),
            "t3.other_no_correction.total",
            "43",
            156,
        ),
    ] {
        let a = audit(ogi_2021(), text, None);
        assert_eq!(
            a.extracted.report.cells.get(id),
            Some(&nianbao::CellValue::Text(value.into())),
            "{name} {id}"
        );
        let src = a
            .extracted
            .sources
            .iter()
            .find(|(c, _)| c == id)
            .map(|(_, o)| o.describe());
        assert_eq!(src, Some(format!("line {line}")), "{name} {id}");
    }
    // 平潭 2023, cells run together (checked by reading the source): 「一、本年新收…801000081」
    // is 80 1 0 0 0 0 81 (its row total decides); 「（一）予以公开220000022」 could be 22 0 … 22 or
    // 2 20 … 22, and the column totals decide (商业企业 total 1); table 四 「110024001510102」.
    let pt = include_str!("fixtures/published/pingtan-zone-2023.txt");
    let a = audit(ogi_2021(), pt, None);
    let get = |id: &str| a.extracted.report.cells.get(id).cloned();
    let src = |id: &str| {
        a.extracted
            .sources
            .iter()
            .find(|(c, _)| c == id)
            .map(|(_, o)| o.describe())
    };
    assert_eq!(
        get("t3.new.natural"),
        Some(nianbao::CellValue::Text("80".into()))
    );
    assert_eq!(
        src("t3.new.natural").as_deref(),
        Some("line 10, digits run together, split by its row total")
    );
    assert_eq!(
        get("t3.granted.natural"),
        Some(nianbao::CellValue::Text("22".into()))
    );
    assert_eq!(
        src("t3.granted.business").as_deref(),
        Some("line 10, digits run together, split by its row total and the column totals")
    );
    assert_eq!(
        get("t4.suit_direct.total"),
        Some(nianbao::CellValue::Text("5".into()))
    );
    assert_eq!(
        get("t2.licensing.decisions"),
        Some(nianbao::CellValue::Text("2629".into()))
    );
    // The HTML page's blank 法人 columns, said once: every blank cell, in table order.
    let html = include_str!("fixtures/published/shuyang-ndrc-2023.html");
    let a = audit(ogi_2021(), html, None);
    let missing: Vec<&nianbao::check::engine::Diag> = a
        .outcome
        .diags
        .iter()
        .filter(|d| d.rule == nianbao::Rule::Missing)
        .collect();
    assert_eq!(missing.len(), 1);
    assert_eq!(missing[0].cells.len(), 125);
    assert!(
        missing[0].cells.windows(2).all(|w| w[0] < w[1]),
        "in table order"
    );
    let msg = nianbao::check::message::message(ogi_2021(), missing[0], nianbao::Locale::ZhCn);
    assert_eq!(msg, "「三、收到和处理政府信息公开申请情况」有 125 个格子空白（商业企业 25、科研机构 25、社会公益组织 25、法律服务机构 25、其他 25 格）。没有发生的应填 0，请对照原文核对。");
}

#[test]
fn a_report_without_tables_is_said_once_and_a_remark_on_procurement_is_not_the_2019_form() {
    let text = "某县某镇人民政府2023年政府信息公开工作年度报告\n\n一、总体情况\n\n2023年，本镇共收到政府信息公开申请3件，均已按时答复。\n\
                本年度未发生行政事业收费、政府集中采购相关的政府信息公开事项。\n\n二、存在的主要问题及改进情况\n\n略。\n";
    let form = nianbao::audit::extract::detect(text);
    assert_eq!(form.id(), "ogi-2021", "a remark is not a 2019 table");
    let a = audit(form, text, None);
    assert_eq!(
        rules_of(form, &a),
        vec![("extract.no_tables".to_string(), String::new())]
    );
    assert!(!a.outcome.ok());
    assert_eq!(
        a.extracted.report.agency.as_deref(),
        Some("某县某镇人民政府")
    );
    let msg = nianbao::check::message::message(form, &a.outcome.diags[0], nianbao::Locale::ZhCn);
    assert!(msg.starts_with("本报告没有表格"), "{msg}");
}

/// PDF text as extraction tools give it, at random: each row's label cut at a random point,
/// its pieces on lines of their own before the values, after them, or the labels of two rows
/// printed before both rows' values; page numbers between random rows.
fn render_cut(v: &std::collections::HashMap<String, i64>, plan: &[u32]) -> String {
    let mut o =
        String::from("某市某局 2025 年政府信息公开工作年度报告\n\n一、总体情况\n\n略。\n\n");
    let mut k = 0usize;
    let mut pick = |n: u32| {
        k += 1;
        plan[k % plan.len()] % n
    };
    let rows = table_rows(ogi_2021(), &|id| v[id].to_string());
    let mut i = 0;
    while i < rows.len() {
        let (heading, labels, values) = &rows[i];
        if let Some(h) = heading {
            o.push_str(&format!("{h}\n\n"));
            i += 1;
            continue;
        }
        if pick(6) == 0 {
            o.push_str("— 3 —\n");
        }
        let label: String = labels.concat();
        let chars: Vec<char> = label.chars().collect();
        let cut = if chars.len() > 1 {
            1 + pick(chars.len() as u32 - 1) as usize
        } else {
            chars.len()
        };
        let (a, b): (String, String) =
            (chars[..cut].iter().collect(), chars[cut..].iter().collect());
        let vals = values.join(" ");
        let two = rows
            .get(i + 1)
            .filter(|(h, _, v)| h.is_none() && !v.is_empty() && !values.is_empty());
        match (pick(4), two) {
            (3, Some((_, labels2, values2))) => {
                // Two rows' labels, then both rows' values.
                let l2: String = labels2.concat();
                o.push_str(&format!("{a}\n{b}\n{l2}\n{vals}\n{}\n", values2.join(" ")));
                i += 2;
                continue;
            }
            (0, _) => o.push_str(&format!("{label} {vals}\n")),
            (1, _) => o.push_str(&format!("{a}\n{b} {vals}\n")),
            (2, _) if !values.is_empty() => o.push_str(&format!("{vals}\n{a}\n{b}\n")),
            _ => o.push_str(&format!("{a}\n{b}\n{vals}\n")),
        }
        i += 1;
    }
    o.push_str("五、存在的主要问题及改进情况\n\n略。\n");
    o
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 64, ..Default::default() })]

    /// Never a wrong cell: whatever the cuts and page breaks, every value read is the value of
    /// its own cell; what cannot be placed with certainty is reported, not guessed.
    #[test]
    fn cut_labels_never_misplace_a_value(seed in proptest::collection::vec(0u32..1000, 8..40), plan in proptest::collection::vec(0u32..1000, 4..60)) {
        // Distinct values, so a value in another row's cell shows.
        let mut v = valid(&seed);
        let scale: Vec<(String, i64)> = v.iter().map(|(k, x)| (k.clone(), *x)).collect();
        for (k, x) in scale {
            v.insert(k, x * 1000 + 7);
        }
        let v = {
            // Keep the report valid after scaling: totals are sums, balances still hold (every
            // term scaled, the 7s added per input cell change sums: recompute through the core).
            let form = ogi_2021();
            let inputs: Vec<(String, nianbao::CellValue)> = form.cells.iter().filter(|c| !c.derived).map(|c| (c.id.to_string(), nianbao::CellValue::Text(v[c.id].to_string()))).collect();
            let res = nianbao::check(&nianbao::Report { form: Some(form.id().into()), cells: nianbao::check::report::Pairs(inputs), ..Default::default() }, &nianbao::Options { mode: nianbao::Mode::Fill, ..Default::default() });
            let mut all = v.clone();
            for (k, x) in &res.totals.0 {
                all.insert(k.clone(), x.parse().unwrap());
            }
            all
        };
        let text = render_cut(&v, &plan);
        let a = audit(ogi_2021(), &text, None);
        // Not vacuous: rows whose label shares their line are always read (measured over 500
        // cases: 187 of 200 cells read on average, 29 at least).
        proptest::prop_assert!(a.extracted.report.cells.0.len() >= 15, "{}", a.extracted.report.cells.0.len());
        for (id, x) in &a.extracted.report.cells.0 {
            if let nianbao::CellValue::Text(x) = x {
                proptest::prop_assert_eq!(x, &v[id].to_string(), "{} misplaced\n{}", id, text);
            }
        }
    }
}

/// Crawled page text as the 平潭 reports have it: the introduction names the parts, then the
/// tables on one line with every cell boundary gone (`规章000行政规范性文件…`).
fn render_glued(v: &std::collections::HashMap<String, i64>) -> String {
    let mut o = String::from("标题: 某市某局2025年政府信息公开工作年度报告\n");
    o.push_str("本报告包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议、行政诉讼情况等部分。\n");
    for (heading, labels, values) in table_rows(ogi_2021(), &|id| v[id].to_string()) {
        if let Some(h) = heading {
            o.push_str(h);
        }
        o.push_str(&labels.concat());
        o.push_str(&values.concat());
    }
    o.push('\n');
    o
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 64, ..Default::default() })]

    /// Digits run together: split only where exactly one split satisfies the row's total (or
    /// the column totals decide); every value read is its own cell's.
    #[test]
    fn run_together_digits_never_misplace_a_value(seed in proptest::collection::vec(0u32..1000, 8..40)) {
        let v = valid(&seed);
        let text = render_glued(&v);
        let a = audit(ogi_2021(), &text, None);
        for (id, x) in &a.extracted.report.cells.0 {
            if let nianbao::CellValue::Text(x) = x {
                proptest::prop_assert_eq!(x, &v[id].to_string(), "{} misplaced\n{}", id, text);
            }
        }
        proptest::prop_assert!(a.extracted.report.cells.0.len() >= 7, "{}", a.extracted.report.cells.0.len());
    }
}

#[test]
fn a_report_without_tables_has_its_narrative_counts_checked_among_themselves() {
    let text = |done: u32| {
        format!(
            "某县某镇人民政府2023年政府信息公开工作年度报告\n\n一、总体情况\n\n2023年，本镇共受理政府信息公开申请12件，共办结{done}件，结转下年度2件，办结率100%。\n\n二、存在的主要问题及改进情况\n\n略。\n"
        )
    };
    let found = |t: &str| {
        let a = audit(ogi_2021(), t, None);
        a.outcome
            .diags
            .iter()
            .map(|d| {
                (
                    d.rule.id().to_string(),
                    nianbao::check::message::message(ogi_2021(), d, nianbao::Locale::ZhCn),
                )
            })
            .collect::<Vec<_>>()
    };
    let ok = found(&text(10));
    assert_eq!(
        ok.iter().map(|(r, _)| r.as_str()).collect::<Vec<_>>(),
        ["extract.no_tables"]
    );
    let bad = found(&text(9));
    assert_eq!(
        bad.iter().map(|(r, _)| r.as_str()).collect::<Vec<_>>(),
        ["extract.no_tables", "text.mismatch"]
    );
    assert!(
        bad[1]
            .1
            .starts_with("正文的数字之间对不上：共受理12件，共办结9件，结转下年度2件"),
        "{}",
        bad[1].1
    );
}

#[test]
fn the_agency_from_the_first_paragraph_when_the_title_has_none() {
    for (first, agency) in [
        (
            "2023年，某县某镇人民政府在县委、县政府的领导下，认真贯彻《条例》。",
            Some("某县某镇人民政府"),
        ),
        (
            "本报告由某市生态环境局根据《中华人民共和国政府信息公开条例》编制。",
            Some("某市生态环境局"),
        ),
        ("2023年，我们认真贯彻落实上级部署，扎实推进政务公开。", None),
    ] {
        let text = format!("2023年政府信息公开工作年度报告\n\n一、总体情况\n\n{first}\n\n二、存在的主要问题及改进情况\n\n略。\n");
        let a = audit(ogi_2021(), &text, None);
        assert_eq!(a.extracted.report.agency.as_deref(), agency, "{first}");
        assert_eq!(a.extracted.report.year, Some(2023));
    }
}

/// The seed's text with table 三's first row and 四、结转 row replaced.
fn seed_rows(new: &str, carried_out: &str) -> String {
    include_str!("fixtures/published/yingchun-2023.txt")
        .replace(
            "一、本年新收政府信息公开申请数量\t\t0\t0\t0\t0\t0\t0\t0",
            &format!("一、本年新收政府信息公开申请数量\t\t{new}"),
        )
        .replace(
            "四、结转下年度继续办理\t\t\t0\t0\t0\t0\t0\t0\t0",
            &format!("四、结转下年度继续办理\t\t\t{carried_out}"),
        )
}

#[test]
fn blanks_written_as_underscores_or_a_kept_nbsp_are_stated_blanks_and_shift_no_number() {
    for text in [
        seed_rows("821\t35\t_\t_\t2\t1\t859", "821\t35\t&nbsp;\t＿\t2\t1\t859"),
        // The same as pipe rows, as crawlers write them.
        seed_rows("821\t35\t_\t_\t2\t1\t859", "821\t35\t&nbsp;\t＿\t2\t1\t859")
            .lines()
            .map(|l| {
                if l.contains('\t') {
                    format!("| {} |", l.split('\t').collect::<Vec<_>>().join(" | "))
                } else {
                    l.to_string()
                }
            })
            .collect::<Vec<_>>()
            .join("\n"),
    ] {
        let a = audit(ogi_2021(), &text, None);
        let cells = &a.extracted.report.cells.0;
        let get = |id: &str| cells.iter().find(|(c, _)| c == id).map(|(_, v)| v.clone());
        let text = |s: &str| Some(nianbao::CellValue::Text(s.into()));
        assert_eq!(get("t3.new.natural"), text("821"));
        assert_eq!(get("t3.new.legal"), text("2"), "no number shifted left");
        assert_eq!(get("t3.new.total"), text("859"));
        assert_eq!(get("t3.carried_out.other"), text("1"));
        assert_eq!(
            get("t3.new.research"),
            Some(nianbao::CellValue::Null),
            "a stated blank"
        );
        assert_eq!(
            get("t3.carried_out.nonprofit"),
            Some(nianbao::CellValue::Null)
        );
        let found = rules(&a);
        assert!(
            !found.iter().any(|(r, _)| r.starts_with("extract.")),
            "{found:?}"
        );
        assert!(found.iter().any(|(r, _)| r == "value.missing"), "{found:?}");
    }
}

#[test]
fn a_table_four_total_that_disagrees_with_its_row_is_the_cell_named() {
    let text = include_str!("fixtures/published/yingchun-2023.txt").replace(
        "\n0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0",
        "\n1\t2\t0\t0\t4\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0",
    );
    let a = audit(ogi_2021(), &text, None);
    let d = a
        .outcome
        .diags
        .iter()
        .find(|d| d.rule.id() == "t4.total")
        .expect("t4.total");
    let s = d.suggestion.as_ref().expect("a suggestion");
    let form = ogi_2021();
    assert_eq!(
        s.cell.and_then(|c| form.cell(c)).map(|c| c.id),
        Some("t4.review.total")
    );
    assert_eq!((s.old, s.value), (4, 3));
}

#[test]
fn a_results_total_with_two_digits_swapped_is_the_cell_named() {
    // Every column consistent, then the stated 办理结果总计 of 自然人 written 21 for 12.
    let text = include_str!("fixtures/published/yingchun-2023.txt")
        .replace(
            "一、本年新收政府信息公开申请数量\t\t0\t0\t0\t0\t0\t0\t0",
            "一、本年新收政府信息公开申请数量\t\t12\t0\t0\t0\t0\t0\t12",
        )
        .replace(
            "\t(一) 予以公开\t0\t0\t0\t0\t0\t0\t0",
            "\t(一) 予以公开\t12\t0\t0\t0\t0\t0\t12",
        )
        .replace(
            "\t(七)总计\t\t0\t0\t0\t0\t0\t0\t0",
            "\t(七)总计\t\t21\t0\t0\t0\t0\t0\t12",
        );
    let a = audit(ogi_2021(), &text, None);
    let form = ogi_2021();
    let d = a
        .outcome
        .diags
        .iter()
        .find(|d| d.rule.id() == "t3.results_total")
        .unwrap_or_else(|| panic!("t3.results_total in {:?}", rules(&a)));
    let s = d.suggestion.as_ref().expect("a suggestion");
    assert_eq!(
        s.cell.and_then(|c| form.cell(c)).map(|c| c.id),
        Some("t3.results_total.natural")
    );
    assert_eq!((s.old, s.value), (21, 12));
}

#[test]
fn an_annual_report_whose_tables_are_images_is_one_finding_that_they_are_missing() {
    // The seed with its tables taken out, as a page whose tables are pictures reads: the six
    // headings and the narrative stay.
    let text: String = include_str!("fixtures/published/yingchun-2023.txt")
        .lines()
        .filter(|l| {
            !l.contains('\t')
                && ![
                    "信息内容",
                    "申请人情况",
                    "第二十条",
                    "（本列",
                    "行政复议",
                    "结果维持",
                ]
                .iter()
                .any(|p| l.starts_with(p))
        })
        .collect::<Vec<_>>()
        .join("\n");
    assert!(text.contains("三、收到和处理政府信息公开申请情况"));
    let a = audit(ogi_2021(), &text, None);
    assert_eq!(
        rules(&a),
        vec![("extract.no_tables".to_string(), String::new())]
    );
    assert_eq!(a.extracted.report.year, Some(2023));
}

#[test]
fn a_report_whose_tables_were_left_blank_is_read_as_blank_cells_not_as_rows_not_found() {
    // Only labels, and one 0: every other value cell of tables 二 and 三 left empty.
    let seed = include_str!("fixtures/published/yingchun-2023.txt");
    let text = seed
        .replace("\t0", "\t")
        .replace("行政许可\t\t\t", "行政许可\t0\t\t");
    let a = audit(ogi_2021(), &text, None);
    let r = &a.extracted.report;
    assert_eq!(
        (r.year, r.agency.as_deref()),
        (Some(2023), Some("虎林市迎春镇人民政府"))
    );
    let form = ogi_2021();
    let value = |id: &str| {
        r.cells
            .0
            .iter()
            .find(|(c, _)| c == id)
            .map(|(_, v)| v.clone())
    };
    assert_eq!(
        value("t2.licensing.decisions"),
        Some(nianbao::CellValue::Text("0".into()))
    );
    for c in form
        .cells
        .iter()
        .filter(|c| !c.id.starts_with("t4.") && c.id != "t2.licensing.decisions")
    {
        assert_eq!(
            value(c.id),
            Some(nianbao::CellValue::Null),
            "{} read as a stated blank",
            c.id
        );
    }
    let found = rules(&a);
    assert!(
        !found
            .iter()
            .any(|(rule, cell)| rule.starts_with("extract.") && !cell.starts_with("t4.")),
        "{found:?}"
    );
    assert!(
        found.iter().any(|(rule, _)| rule == "value.missing"),
        "{found:?}"
    );
}

#[test]
fn reports_of_the_2019_form_with_most_cells_blank_never_put_a_value_in_another_cell() {
    // (How many of the stated values are read is printed: cell-per-line text loses the blank
    // cells' places, so there a value is left unread rather than guessed.)
    let form = nianbao::form::ogi_2019();
    let v = valid_for(form, &[3, 1, 4, 1, 5, 9, 2, 6]);
    // One cell in seven stated; the others left blank in the published text.
    let stated: std::collections::HashMap<String, String> = form
        .cells
        .iter()
        .enumerate()
        .filter(|(i, c)| i % 7 == 0 && !c.derived)
        .map(|(_, c)| (c.id.to_string(), v[c.id].to_string()))
        .collect();
    for shape in [ShapeKind::OnePerLinePipes, ShapeKind::Tabs, ShapeKind::Html] {
        let text = render_form(form, shape, "某县某局", 2020, "", &|id: &str| {
            stated.get(id).cloned().unwrap_or_default()
        });
        let a = audit(form, &text, None);
        let cells = &a.extracted.report.cells;
        let mut read = 0;
        for (id, want) in &stated {
            match cells.get(id) {
                Some(nianbao::CellValue::Text(t)) => {
                    assert_eq!(t, want, "{shape:?} {id}: never another cell's value");
                    read += 1;
                }
                other => assert!(
                    !matches!(other, Some(nianbao::CellValue::Text(_))),
                    "{shape:?} {id}"
                ),
            }
        }
        for (id, v) in &cells.0 {
            if let nianbao::CellValue::Text(t) = v {
                assert_eq!(
                    stated.get(id.as_str()),
                    Some(t),
                    "{shape:?}: {id} got {t}, which the text does not state for it"
                );
            }
        }
        eprintln!("{shape:?}: {read} of {} stated values read", stated.len());
    }
}
