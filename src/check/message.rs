//! Messages in Chinese and English, in words a township clerk understands: which cell (by its
//! label), what was expected, what was found.

use crate::check::engine::{Diag, Shown};
use crate::form::rules::Rule;
use crate::form::Form;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Locale {
    #[default]
    ZhCn,
    En,
}

pub fn message(form: &Form, d: &Diag, locale: Locale) -> String {
    let en = locale == Locale::En;
    let label = |k: usize| -> String {
        d.cells
            .get(k)
            .and_then(|&i| form.cell(i))
            .map(|c| c.label(en))
            .unwrap_or_default()
    };
    let here = label(0);
    let exp = d.expected.as_ref().map(Shown::render).unwrap_or_default();
    let act = d.actual.as_ref().map(Shown::render).unwrap_or_default();
    let name = d.name.clone().unwrap_or_default();
    let col = d
        .cells
        .first()
        .and_then(|&i| form.cell(i))
        .map(|c| {
            if en {
                c.col_def.label.en
            } else {
                c.col_def.label.zh
            }
        })
        .unwrap_or_default();
    let join = |xs: &[i64], sep: &str| {
        let mut out = String::new();
        for (k, x) in xs.iter().enumerate() {
            if k > 0 {
                out.push_str(sep);
            }
            crate::check::value::push(&mut out, *x, crate::form::Kind::Count);
        }
        out
    };
    let (lhs, rhs) = d.sides.clone().unwrap_or_default();

    match (d.rule, en) {
        (Rule::NotANumber, false) => format!("「{here}」填写的“{act}”不是数字，请只填写阿拉伯数字，例如 0 或 12。"),
        (Rule::NotANumber, true) => format!("{here}: “{act}” is not a number. Type digits only, for example 0 or 12."),
        (Rule::Negative, false) => format!("「{here}」不能是负数（填写的是“{act}”）。"),
        (Rule::Negative, true) => format!("{here} cannot be negative (found “{act}”)."),
        (Rule::NotInteger, false) => format!("「{here}」是件数，应填整数（填写的是“{act}”）。"),
        (Rule::NotInteger, true) => format!("{here} is a count and must be a whole number (found “{act}”)."),
        (Rule::TooManyDecimals, false) => {
            format!("「{here}」以万元为单位，最多保留4位小数（精确到元），填写的是“{act}”。")
        }
        (Rule::TooManyDecimals, true) => format!(
            "{here} is in units of 10,000 yuan with at most 4 decimal places (to the yuan); found “{act}”."
        ),
        (Rule::TooLarge, false) => format!("「{here}」填写的“{act}”超过10亿，可能是输入错误，请核对。"),
        (Rule::TooLarge, true) => format!("{here}: “{act}” is over 1,000,000,000; probably a typo, please check."),
        (Rule::Missing, _) if d.cells.len() > 1 => blanks(form, d, en),
        (Rule::Missing, false) => format!("「{here}」未填写；没有发生的请填 0。"),
        (Rule::Missing, true) => format!("{here} is blank; enter 0 if there were none."),
        (Rule::RowTotal, false) | (Rule::T4Total, false) => {
            format!("「{here}」应等于本行各项之和 {exp}，现在是 {act}。")
        }
        (Rule::RowTotal, true) | (Rule::T4Total, true) => {
            format!("{here} should be {exp}, the sum of its row, but is {act}.")
        }
        (Rule::ResultsTotal, false) => {
            format!("「{here}」应等于（一）至（六）各项办理结果之和 {exp}，现在是 {act}。")
        }
        (Rule::ResultsTotal, true) => {
            format!("{here} should be {exp}, the sum of results (1) to (6), but is {act}.")
        }
        (Rule::Balance, false) => format!(
            "「{col}」这一列前后对不上：新收加上年结转（{}）共 {exp} 件，应等于办理结果加结转下年度（{}）共 {act} 件。请核对本列数字。",
            join(&lhs, "＋"),
            join(&rhs, "＋")
        ),
        (Rule::Balance, true) => format!(
            "The {col} column does not balance: new plus carried over from last year ({}) make {exp}, but results plus carried over to next year ({}) make {act}. Check the column.",
            join(&lhs, " + "),
            join(&rhs, " + ")
        ),
        (Rule::InForceFloor, false) => format!(
            "「{here}」是 {act}，少于本年制发件数减本年废止件数（{}）。请核对。",
            join(&lhs, "−")
        ),
        (Rule::InForceFloor, true) => format!(
            "{here} is {act}, fewer than issued minus repealed this year ({}). Please check.",
            join(&lhs, " − ")
        ),
        (Rule::PrevInForce, false) => format!(
            "「{here}」应为上年现行有效件数加本年制发、减本年废止（{}＝{exp}），现在是 {act}。",
            fmt_prev(&lhs, false)
        ),
        (Rule::PrevInForce, true) => format!(
            "{here} should be last year's count plus issued minus repealed ({} = {exp}), but is {act}.",
            fmt_prev(&lhs, true)
        ),
        (Rule::PrevCarriedIn, false) => format!(
            "「{here}」是 {act}，应与上年报告中「四、结转下年度继续办理 · {col}」的 {exp} 一致。"
        ),
        (Rule::PrevCarriedIn, true) => format!(
            "{here} is {act}, but last year's report carried {exp} over to this year ({col})."
        ),
        (Rule::UnknownCell, false) => format!("报表中没有“{name}”这一项，已忽略。"),
        (Rule::UnknownCell, true) => format!("The form has no cell “{name}”; it was ignored."),
        (Rule::UnknownForm, false) => format!("不认识的报表格式“{name}”，无法核对。"),
        (Rule::UnknownForm, true) => format!("Unknown report form “{name}”; nothing was checked."),
        (rule, en) => published(rule, en, &here, &exp, &act, &name),
    }
}

/// The message in a few words, for the small space under the cell it is shown at: what is wrong
/// and what to do, naming no cell (the full [`message`] does, in the summary and for screen
/// readers). Rules not tied to a cell get their full message.
pub fn short(form: &Form, d: &Diag, locale: Locale) -> String {
    let en = locale == Locale::En;
    let exp = d.expected.as_ref().map(Shown::render).unwrap_or_default();
    let act = d.actual.as_ref().map(Shown::render).unwrap_or_default();
    let gap = match (&d.expected, &d.actual) {
        (Some(Shown::Num(e, _)), Some(Shown::Num(a, _))) => e.abs_diff(*a),
        _ => 0,
    };
    let s = match (d.rule, en) {
        (Rule::Missing, false) => "未填写；没有请填 0",
        (Rule::Missing, true) => "Blank: enter 0 if none",
        (Rule::NotANumber, false) => "不是数字，请只填数字",
        (Rule::NotANumber, true) => "Not a number: digits only",
        (Rule::Negative, false) => "不能是负数",
        (Rule::Negative, true) => "Cannot be negative",
        (Rule::NotInteger, false) => "件数应为整数",
        (Rule::NotInteger, true) => "A count: whole number",
        (Rule::TooManyDecimals, false) => "最多 4 位小数",
        (Rule::TooManyDecimals, true) => "At most 4 decimals",
        (Rule::TooLarge, false) => "超过 10 亿，请核对",
        (Rule::TooLarge, true) => "Over 1,000,000,000: check",
        (Rule::RowTotal | Rule::T4Total | Rule::ResultsTotal | Rule::PrevInForce, false) => {
            return format!("应为 {exp}，现为 {act}")
        }
        (Rule::RowTotal | Rule::T4Total | Rule::ResultsTotal | Rule::PrevInForce, true) => {
            return format!("Should be {exp}, is {act}")
        }
        (Rule::Balance, false) => return format!("本列不平，差 {gap}"),
        (Rule::Balance, true) => return format!("Column off by {gap}"),
        (Rule::InForceFloor, false) => "少于制发减废止，请核对",
        (Rule::InForceFloor, true) => "Below issued − repealed",
        (Rule::PrevCarriedIn, false) => return format!("上年结转为 {exp}"),
        (Rule::PrevCarriedIn, true) => return format!("Last year: {exp}"),
        _ => return message(form, d, locale),
    };
    s.to_string()
}

/// Messages of the rules only the reading of published reports raises. Outside that build
/// (the browser module) those rules never occur, and their texts are left out of it.
#[cfg(audit_enabled)]
fn published(rule: Rule, en: bool, here: &str, exp: &str, act: &str, name: &str) -> String {
    match (rule, en) {
        (Rule::DashAsZero, false) => format!("「{here}」填的是“{act}”，按 0 计。"),
        (Rule::DashAsZero, true) => format!("{here}: “{act}” is read as 0."),
        (Rule::ExtraRow, false) => format!("表格里有一行不属于模板（{name}）：“{act}”。已列出，未计入任何格子。"),
        (Rule::ExtraRow, true) => format!("A table row that is not in the template ({name}): “{act}”. Listed, counted in no cell."),
        (Rule::Unplaced, false) => {
            format!("无法确定这一行的数字各属于哪一格（{name}）：“{act}”。这些格子没有读出，请对照原文核对。")
        }
        (Rule::Unplaced, true) => format!(
            "Could not tell which cell each number of this row belongs to ({name}): “{act}”. These cells were not read; check them against the original."
        ),
        (Rule::NotFound, false) => format!(
            "原文中没有找到「{}」这一行的数字（可能跨页或标签被截断），这些格子没有读出，请对照原文核对。",
            here.split(" · ").next().unwrap_or_default()
        ),
        (Rule::NotFound, true) => format!(
            "The numbers of the row {} were not found in the text (split across pages, or a label cut in half); these cells were not read. Check them against the original.",
            here.split(" · ").next().unwrap_or_default()
        ),
        (Rule::NoTables, false) => "本报告没有表格：正文中找不到第二、三、四部分的统计表，无法核对各项数字。模板要求以表格列出这三部分。".to_string(),
        (Rule::NoTables, true) => "No tables found: the text has none of the statistical tables of parts 2, 3 and 4, so no number could be checked. The template requires them as tables.".to_string(),
        (Rule::TextMismatch, false) if here.is_empty() => format!("正文的数字之间对不上：{name}。办结加结转下年度应等于受理（含上年结转）。"),
        (Rule::TextMismatch, true) if here.is_empty() => format!("The numbers of the text do not agree: {name}. Completed plus carried over should equal received (with last year's carried in)."),
        (Rule::TextMismatch, false) => format!("正文写的是“{name}”，而表格中「{here}」是 {exp}，两者不一致。"),
        (Rule::TextMismatch, true) => format!("The text says “{name}”, but the table has {exp} in {here}."),
        (Rule::RulesByAgency, false) => format!(
            "「{here}」报了 {act} 件，但“{name}”不能制定规章（只有国务院部门和省、设区的市人民政府可以）。请核对是否应填在行政规范性文件一行。"
        ),
        (Rule::RulesByAgency, true) => format!(
            "{here} reports {act}, but “{name}” cannot make rules (规章): only State Council departments and provincial and districted-city governments can. Should they be normative documents?"
        ),
        (Rule::OutdatedTemplate, false) => {
            format!("这是 {name} 年度的报告，却用了 2019 年版模板；2021 年起应使用新模板（国办公开办函〔2021〕30号）。")
        }
        (Rule::OutdatedTemplate, true) => {
            format!("A report for {name} on the 2019 template; reports from 2021 on use the 2021 template.")
        }
        (rule, _) => rule.id().to_string(),
    }
}

#[cfg(not(audit_enabled))]
fn published(rule: Rule, _en: bool, _here: &str, _exp: &str, _act: &str, _name: &str) -> String {
    rule.id().to_string()
}

/// The blank cells of one table, said once (the audit groups them): how many, and where, by
/// column or by row, whichever is the shorter list.
#[cfg(audit_enabled)]
fn blanks(form: &Form, d: &Diag, en: bool) -> String {
    let cells: Vec<&crate::form::Cell> = d.cells.iter().filter_map(|&c| form.cell(c)).collect();
    let table = cells
        .first()
        .and_then(|c| form.def.tables.get(usize::from(c.table)))
        .map(|t| if en { t.label.en } else { t.label.zh })
        .unwrap_or_default();
    let count = |key: &dyn Fn(&crate::form::Cell) -> String| {
        let mut out: Vec<(String, usize)> = Vec::new();
        for c in &cells {
            let k = key(c);
            match out.iter_mut().find(|(x, _)| *x == k) {
                Some((_, n)) => *n += 1,
                None => out.push((k, 1)),
            }
        }
        out
    };
    let by_col = count(&|c| {
        (if en {
            c.col_def.label.en
        } else {
            c.col_def.label.zh
        })
        .to_string()
    });
    let by_row = count(&|c| {
        (if en {
            c.row_def.label.en
        } else {
            c.row_def.label.zh
        })
        .to_string()
    });
    let groups = if by_col.len() <= by_row.len() {
        by_col
    } else {
        by_row
    };
    let mut list = String::new();
    for (k, (name, n)) in groups.iter().take(8).enumerate() {
        if k > 0 {
            list.push_str(if en { "; " } else { "、" });
        }
        list.push_str(name);
        list.push(' ');
        crate::check::value::push(&mut list, *n as i64, crate::form::Kind::Count);
    }
    if groups.len() > 8 {
        list.push_str(if en { "; …" } else { "等" });
    }
    let mut n = String::new();
    crate::check::value::push(&mut n, cells.len() as i64, crate::form::Kind::Count);
    if en {
        format!("{table}: {n} cells are blank ({list}). A cell with nothing to report should say 0; check against the original.")
    } else {
        format!("「{table}」有 {n} 个格子空白（{list} 格）。没有发生的应填 0，请对照原文核对。")
    }
}

/// Only the audit groups blank cells: the browser module leaves the text out.
#[cfg(not(audit_enabled))]
fn blanks(_form: &Form, _d: &Diag, _en: bool) -> String {
    String::new()
}

fn fmt_prev(xs: &[i64], en: bool) -> String {
    match xs {
        [a, b, c] if en => format!("{a} + {b} − {c}"),
        [a, b, c] => format!("{a}＋{b}−{c}"),
        _ => String::new(),
    }
}
