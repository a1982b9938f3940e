//! Rechecking a published report: extraction, every rule in verify / submit mode, the
//! narrative against the tables, the agency's level against 规章, and last year's report.

pub mod extract;
pub mod html;

use crate::audit::extract::{extract, Extracted, Origin};
use crate::check::engine::{self, Diag, Mode, Phase, Shown};
use crate::check::report::CellValue;
use crate::check::value::{parse, Parsed, Raw};
use crate::form::rules::Rule;
use crate::form::{Form, Kind};

/// A published report, read and checked.
pub struct Audit {
    pub extracted: Extracted,
    pub outcome: engine::Outcome,
}

fn raw_cells<'a>(form: &Form, cells: &'a [(String, CellValue)]) -> Vec<Raw<'a>> {
    let mut raw = vec![Raw::Missing; form.cells.len()];
    for (id, v) in cells {
        if let Some(slot) = form.lookup(id).and_then(|i| raw.get_mut(usize::from(i))) {
            *slot = v.raw();
        }
    }
    raw
}

/// Reads and checks one published report; `previous` is last year's, read the same way.
pub fn audit(form: &'static Form, text: &str, previous: Option<&Extracted>) -> Audit {
    let ex = extract(form, text);
    let raw = raw_cells(form, &ex.report.cells.0);
    let prev = previous.map(|p| raw_cells(form, &p.report.cells.0));
    let mut outcome = recheck(form, &raw, prev.as_deref());

    // Blank is what the report shows as an empty cell. A cell the text never gave (its row lost
    // across pages, or its values not placeable) was not read: reported once per row, not as blank.
    let seen = |i: u16| {
        form.cell(i)
            .is_some_and(|c| ex.report.cells.0.iter().any(|(id, _)| *id == c.id))
    };
    let unread: Vec<u16> = ex
        .notes
        .iter()
        .filter(|n| n.rule == Rule::Unplaced)
        .flat_map(|n| n.cells.iter().filter_map(|c| form.lookup(c)))
        .collect();
    let mut lost: Vec<u16> = Vec::new();
    outcome.diags.retain(|d| {
        let Some(&c) = d.cells.first() else {
            return true;
        };
        if d.rule != Rule::Missing || seen(c) {
            return true;
        }
        if !unread.contains(&c) {
            lost.push(c);
        }
        false
    });
    let mut rows: Vec<Vec<u16>> = Vec::new();
    for c in lost {
        let row = form.cell(c).map(|x| (x.table, x.row));
        match rows.iter_mut().find(|r| {
            r.first()
                .and_then(|&f| form.cell(f))
                .map(|x| (x.table, x.row))
                == row
        }) {
            Some(r) => r.push(c),
            None => rows.push(vec![c]),
        }
    }
    for cells in rows {
        outcome.diags.push(Diag::new(Rule::NotFound, cells));
    }

    // A total left blank in a published table is a fault of the report, not a gap to fill.
    for (id, v) in &ex.report.cells.0 {
        let derived = form
            .lookup(id)
            .and_then(|i| form.cell(i))
            .is_some_and(|c| c.derived);
        if derived && *v == CellValue::Null {
            outcome.diags.push(Diag::new(
                Rule::Missing,
                form.lookup(id).into_iter().collect(),
            ));
        }
    }
    said_once(form, &mut outcome.diags);
    // A report with no table at all, or whose tables are not text (images under the headings):
    // said once, not as every row not found. (Tables whose rows could not be placed are
    // there: those rows are said.)
    if ex.report.cells.0.is_empty() && ex.notes.iter().all(|n| n.rule != Rule::Unplaced) {
        outcome.diags.retain(|d| d.rule != Rule::NotFound);
        outcome.diags.push(Diag::new(Rule::NoTables, Vec::new()));
    }
    for n in &ex.notes {
        let mut d = Diag::new(
            n.rule,
            n.cells.iter().filter_map(|c| form.lookup(c)).collect(),
        );
        d.actual = Some(Shown::Text(n.actual.clone()));
        d.name = Some(n.origin.describe());
        outcome.diags.push(d);
    }
    narrative(form, &ex, &raw, &mut outcome.diags);
    if !ex.tables {
        narrative_alone(&ex, &mut outcome.diags);
    }
    rules_by_agency(form, &ex, &raw, &mut outcome.diags);
    suggest(form, &mut outcome);
    if form.id() == crate::form::OGI_2019_ID {
        if let Some(year) = ex.report.year.filter(|y| *y >= 2021) {
            let mut d = Diag::new(Rule::OutdatedTemplate, Vec::new());
            d.name = Some(year.to_string());
            outcome.diags.push(d);
        }
    }
    let key = |d: &Diag| (d.cells.first().copied().unwrap_or(u16::MAX), d.rule);
    crate::form::insertion_sort(&mut outcome.diags, |a, b| key(a) < key(b));
    Audit {
        extracted: ex,
        outcome,
    }
}

/// Blank cells of a published table, said once: one `value.missing` per table listing every
/// blank cell in table order (an auditor reads it as one finding, not 125).
fn said_once(form: &Form, diags: &mut Vec<Diag>) {
    let table = |d: &Diag| d.cells.first().and_then(|&c| form.cell(c)).map(|c| c.table);
    let mut tables: Vec<u8> = diags
        .iter()
        .filter(|d| d.rule == Rule::Missing)
        .filter_map(table)
        .collect();
    tables.dedup();
    for t in tables {
        let mut cells: Vec<u16> = diags
            .iter()
            .filter(|d| d.rule == Rule::Missing && table(d) == Some(t))
            .flat_map(|d| d.cells.iter().copied())
            .collect();
        if cells.len() < 2 {
            continue;
        }
        crate::form::insertion_sort(&mut cells, |a, b| a < b);
        diags.retain(|d| !(d.rule == Rule::Missing && table(d) == Some(t)));
        diags.push(Diag::new(Rule::Missing, cells));
    }
}

/// Points at the single faulty cell of broken sums (typed totals are checked: verify mode).
fn suggest(form: &Form, outcome: &mut engine::Outcome) {
    let engine::Outcome { given, diags, .. } = outcome;
    crate::check::suggest::suggest(form, given, diags, None);
}

/// A report given as cells (JSON), checked as a published one would be: verify / submit, and
/// the faulty cell pointed at.
pub fn audit_report(form: &'static Form, report: &crate::Report) -> engine::Outcome {
    let raw = raw_cells(form, &report.cells.0);
    let prev = report
        .previous
        .as_ref()
        .map(|p| raw_cells(form, &p.cells.0));
    let mut outcome = recheck(form, &raw, prev.as_deref());
    suggest(form, &mut outcome);
    outcome
}

/// Values as published, checked as a submitted report is (verify, submit).
fn recheck(form: &Form, raw: &[Raw<'_>], previous: Option<&[Raw<'_>]>) -> engine::Outcome {
    engine::evaluate(form, raw, previous, &[], Mode::Verify, Phase::Submit)
}

fn value_of(form: &Form, raw: &[Raw<'_>], id: &str) -> Option<i64> {
    let i = form.lookup(id)?;
    let kind = form.cell(i)?.kind;
    match parse(
        raw.get(usize::from(i)).copied().unwrap_or(Raw::Missing),
        kind,
    ) {
        Parsed::Num(v) => Some(v),
        _ => None,
    }
}

/// The sum of `ids`, each a value or (for totals the report left blank) the sum of its row.
fn sum_of(form: &Form, raw: &[Raw<'_>], ids: &[&str]) -> Option<i64> {
    let mut total = 0i64;
    for id in ids {
        let v = value_of(form, raw, id).or_else(|| {
            // A total cell left blank: the sum of the applicant columns.
            let row = id.strip_suffix(".total")?;
            let cols = [
                "natural",
                "business",
                "research",
                "nonprofit",
                "legal",
                "other",
            ];
            cols.iter()
                .map(|c| value_of(form, raw, &format!("{row}.{c}")))
                .sum()
        })?;
        total = total.checked_add(v)?;
    }
    Some(total)
}

/// Phrases of the narrative and the table cells they state, longest phrase first.
const STATED: &[(&str, &[&str])] = &[
    (
        "予以公开及部分公开",
        &["t3.granted.total", "t3.partial.total"],
    ),
    ("上年结转", &["t3.carried_in.total"]),
    ("结转下年度", &["t3.carried_out.total"]),
    ("结转下一年", &["t3.carried_out.total"]),
    ("转下一年度", &["t3.carried_out.total"]),
    ("顺延到下年度答复", &["t3.carried_out.total"]),
    ("顺延至下年度答复", &["t3.carried_out.total"]),
    ("结转至", &["t3.carried_out.total"]),
    ("共办结", &["t3.results_total.total"]),
    ("共办理", &["t3.results_total.total"]),
    ("办结", &["t3.results_total.total"]),
    ("共答复", &["t3.results_total.total"]),
    ("答复", &["t3.results_total.total"]),
    ("新收", &["t3.new.total"]),
    ("收到", &["t3.new.total"]),
    ("受理", &["t3.new.total"]),
    ("予以公开", &["t3.granted.total"]),
    ("部分公开", &["t3.partial.total"]),
    ("行政复议", &["t4.review.total"]),
    (
        "行政诉讼",
        &["t4.suit_direct.total", "t4.suit_after_review.total"],
    ),
];

/// `text.mismatch`: numbers the narrative states (…申请N件) against the cells they describe.
fn narrative(form: &Form, ex: &Extracted, raw: &[Raw<'_>], diags: &mut Vec<Diag>) {
    // Sentences may run over lines (PDF text): join, then cut at 。；
    let mut text = String::new();
    let mut starts: Vec<(usize, Origin)> = Vec::new();
    for (origin, line) in &ex.narrative {
        starts.push((text.len(), *origin));
        text.push_str(line.trim());
    }
    let mut from = 0usize;
    for sentence in text.split(['。', '；', ';']) {
        let origin = starts
            .iter()
            .rev()
            .find(|(at, _)| *at <= from)
            .map(|(_, o)| *o)
            .unwrap_or(Origin::Line(0));
        from += sentence.len() + '。'.len_utf8();
        if [
            "申请",
            "行政复议",
            "行政诉讼",
            "办理",
            "办结",
            "答复",
            "结转",
        ]
        .iter()
        .all(|w| crate::page::find(sentence, w).is_none())
        {
            continue;
        }
        let mut seen: Vec<usize> = Vec::new();
        for (phrase, cells) in STATED {
            let mut at = 0usize;
            while let Some(p) = sentence
                .get(at..)
                .and_then(|s| crate::page::find(s, phrase))
            {
                let pos = at + p;
                at = pos + phrase.len();
                if seen.iter().any(|s| *s <= pos && pos < *s + 30) {
                    continue;
                }
                let Some(n) = number_before_jian(sentence.get(at..).unwrap_or("")) else {
                    continue;
                };
                seen.push(pos);
                let ids: Vec<&str> = cells.to_vec();
                let Some(table) = sum_of(form, raw, &ids) else {
                    continue;
                };
                // "受理/收到 N 件" may count last year's carried-over applications too.
                let with_carried = if matches!(*phrase, "受理" | "收到") {
                    sum_of(form, raw, &["t3.new.total", "t3.carried_in.total"])
                } else {
                    None
                };
                if n != table && Some(n) != with_carried {
                    let mut d = Diag::new(
                        Rule::TextMismatch,
                        ids.iter().filter_map(|c| form.lookup(c)).collect(),
                    );
                    d.expected = Some(Shown::Num(table, Kind::Count));
                    d.actual = Some(Shown::Num(n, Kind::Count));
                    let quote: String = sentence.chars().take(80).collect();
                    d.name = Some(format!("{quote}（{}）", origin.describe()));
                    diags.push(d);
                }
            }
        }
    }
}

/// A report without tables: its narrative's counts against the balance they imply
/// (办结 + 结转下年度 = 受理, or = 受理 + 上年结转 when that is said apart).
fn narrative_alone(ex: &Extracted, diags: &mut Vec<Diag>) {
    let text: String = ex.narrative.iter().map(|(_, l)| l.trim()).collect();
    let first = |phrases: &[&str]| -> Option<(i64, String)> {
        phrases.iter().find_map(|p| {
            let mut at = 0usize;
            while let Some(i) = text.get(at..).and_then(|t| crate::page::find(t, p)) {
                at += i + p.len();
                if let Some(n) = number_before_jian(text.get(at..).unwrap_or("")) {
                    return Some((n, format!("{p}{n}件")));
                }
            }
            None
        })
    };
    let (Some((received, r)), Some((done, d)), Some((next, n))) = (
        first(&["共受理", "受理", "共收到", "收到", "新收"]),
        first(&["共办结", "办结", "共办理", "共答复"]),
        first(&[
            "结转下年度",
            "结转下一年",
            "转下一年度",
            "结转至",
            "顺延到下年度答复",
            "顺延至下年度答复",
        ]),
    ) else {
        return;
    };
    let carried_in = first(&["上年结转"]).map(|(c, _)| c);
    if done + next != received && carried_in.map_or(true, |c| done + next != received + c) {
        let mut diag = Diag::new(Rule::TextMismatch, Vec::new());
        diag.expected = Some(Shown::Num(received, Kind::Count));
        diag.actual = Some(Shown::Num(done + next, Kind::Count));
        diag.name = Some(format!("{r}，{d}，{n}"));
        diags.push(diag);
    }
}

/// The count right after a phrase, followed by 件: "政府信息公开申请 749 件", "结转至2026年6件".
/// Between the phrase and the number only words that keep it about applications may stand
/// (政府信息公开, 申请, a year): "共办理相关案件 74 件" or "收到群众诉求348件" count something else.
fn number_before_jian(s: &str) -> Option<i64> {
    const FILLERS: &[&str] = &["政府信息公开", "申请", "了", "共", "总计", "合计"];
    let window: String = s.chars().take(24).collect();
    let mut rest = window.as_str();
    loop {
        let trimmed = rest.trim_start();
        let digits: String = trimmed.chars().take_while(char::is_ascii_digit).collect();
        if !digits.is_empty() {
            let after = trimmed[digits.len()..].trim_start();
            if after.starts_with('年') && digits.len() == 4 {
                rest = &after['年'.len_utf8()..];
                continue;
            }
            return if after.starts_with('件') {
                digits.parse().ok()
            } else {
                None
            };
        }
        let filler = FILLERS.iter().find(|f| trimmed.starts_with(**f))?;
        rest = &trimmed[filler.len()..];
    }
}

/// `t2.rules_by_agency`: 规章 from an agency below the level that may make them.
fn rules_by_agency(form: &Form, ex: &Extracted, raw: &[Raw<'_>], diags: &mut Vec<Diag>) {
    let Some(agency) = &ex.report.agency else {
        return;
    };
    let a: String = agency.chars().filter(|c| !c.is_whitespace()).collect();
    let below = ["镇", "乡", "街道", "县"]
        .iter()
        .any(|w| crate::page::find(&a, w).is_some())
        || (crate::page::find(&a, "区").is_some() && crate::page::find(&a, "自治区").is_none());
    if !below {
        return;
    }
    for col in ["issued", "in_force"] {
        let id = format!("t2.rules.{col}");
        if let Some(v) = value_of(form, raw, &id).filter(|v| *v > 0) {
            let mut d = Diag::new(Rule::RulesByAgency, form.lookup(&id).into_iter().collect());
            d.actual = Some(Shown::Num(v, Kind::Count));
            d.name = Some(agency.clone());
            diags.push(d);
            return;
        }
    }
}
