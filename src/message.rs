//! Messages in Chinese and English, in words a township clerk understands: which cell (by its
//! label), what was expected, what was found.

use crate::engine::{Diag, Shown};
use crate::form::Form;
use crate::rules::Rule;

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
        .map(|c| if en { c.col_def.label.en } else { c.col_def.label.zh })
        .unwrap_or_default();
    let join = |xs: &[i64], sep: &str| {
        let mut out = String::new();
        for (k, x) in xs.iter().enumerate() {
            if k > 0 {
                out.push_str(sep);
            }
            crate::value::push(&mut out, *x, crate::form::Kind::Count);
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
            "「{col}」这一列前后对不上：新收加上年结转（{}）共 {exp} 件，应等于办理结果加结转下年度（{}）共 {act} 件。请核对本列数字，例如「{here}」。",
            join(&lhs, "＋"),
            join(&rhs, "＋")
        ),
        (Rule::Balance, true) => format!(
            "The {col} column does not balance: new plus carried over from last year ({}) make {exp}, but results plus carried over to next year ({}) make {act}. Check the column, e.g. {here}.",
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
    }
}

fn fmt_prev(xs: &[i64], en: bool) -> String {
    match xs {
        [a, b, c] if en => format!("{a} + {b} − {c}"),
        [a, b, c] => format!("{a}＋{b}−{c}"),
        _ => String::new(),
    }
}
