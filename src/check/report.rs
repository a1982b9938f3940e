//! The JSON contract of docs/contract.md: a report and options in, a result out.

use std::fmt;

use serde::de::{Deserializer, MapAccess, Visitor};
use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};

use crate::check::engine::{self, Mode, Outcome, Phase};
use crate::check::message::{self, Locale};
use crate::check::value::Raw;
use crate::form::rules::Rule;
use crate::form::{self, Form};

/// One cell value as received: text (what people typed), a JSON number (its token, kept exact),
/// null, or something else.
#[derive(Clone, Debug, PartialEq)]
pub enum CellValue {
    Null,
    Text(String),
    /// A JSON number token such as `12`, `1.5` or `1e3`.
    Number(String),
    /// `true`, `false`, `[…]` or `{…}`: kept only to say what it was.
    Other(&'static str),
}

impl CellValue {
    pub fn raw(&self) -> Raw<'_> {
        match self {
            CellValue::Null => Raw::Missing,
            CellValue::Text(s) => Raw::Text(s),
            CellValue::Number(s) => Raw::Number(s),
            CellValue::Other(k) => Raw::Other(k),
        }
    }
}

impl From<&str> for CellValue {
    fn from(s: &str) -> Self {
        CellValue::Text(s.to_string())
    }
}

/// A JSON object kept as ordered pairs (no hashing, order preserved on output).
#[derive(Clone, Debug, PartialEq)]
pub struct Pairs<T>(pub Vec<(String, T)>);

impl<T> Default for Pairs<T> {
    fn default() -> Self {
        Pairs(Vec::new())
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Pairs<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = Pairs<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object of cell id → value")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut a: A) -> Result<Pairs<T>, A::Error> {
                let mut out = Vec::with_capacity(a.size_hint().unwrap_or(0).min(512));
                while let Some((k, v)) = a.next_entry::<String, T>()? {
                    out.push((k, v));
                }
                Ok(Pairs(out))
            }
        }
        d.deserialize_map(V(std::marker::PhantomData))
    }
}

impl<T: Serialize> Serialize for Pairs<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

impl<T> Pairs<T> {
    pub fn get(&self, key: &str) -> Option<&T> {
        self.0.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v)
    }
}

/// A report (docs/contract.md, "Input and output contract").
/// Read from JSON with [`Report::from_json`].
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Report {
    pub form: Option<String>,
    pub year: Option<i64>,
    pub agency: Option<String>,
    pub cells: Pairs<CellValue>,
    pub previous: Option<Previous>,
}

/// Last year's report: only its cells are read.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Previous {
    pub cells: Pairs<CellValue>,
}

/// Read from JSON with [`Options::from_json`].
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Options {
    pub mode: Mode,
    pub phase: Phase,
    pub locale: Locale,
    /// For a form page (the browser wrapper): each diagnostic also gets `short` (a few words for
    /// under the cell), and broken sums and balances a `suggestion`.
    pub inline: bool,
    /// For a form page, with `inline`: the cell (index in form order) the person just changed.
    /// Diagnostics of complete rules it takes part in get `at` (where the person made the
    /// mistake), and it breaks the tie when several cells could each fix a balance.
    pub changed: Option<u16>,
}

#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
pub struct Diagnostic {
    pub rule: String,
    pub severity: String,
    pub cells: Vec<String>,
    pub expected: Option<String>,
    pub actual: Option<String>,
    pub message: String,
    /// Broken sums (audits, and form pages with `inline`): the cell most likely wrong, the value
    /// that makes every sum hold, and why (`cell` and `value` are null when no single cell
    /// explains them).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suggestion: Option<SuggestionOut>,
    /// With `inline`: the message in a few words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub short: Option<String>,
    /// With `changed`: the changed cell, when this rule involves it and is shown elsewhere.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<String>,
}

#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
pub struct SuggestionOut {
    pub cell: Option<String>,
    pub value: Option<String>,
    pub reason: String,
    /// With `inline`: the suggestion in a few words, for under the suggested cell.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub short: Option<String>,
}

#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
pub struct CheckResult {
    pub ok: bool,
    pub form: String,
    pub totals: Pairs<String>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Maps `(id, value)` pairs onto `form`'s cells; ids the form lacks go to `unknown`. Reports
/// usually list cells in form order, so the next cell is tried before a lookup.
fn place<'a>(
    form: &Form,
    items: impl Iterator<Item = (&'a str, Raw<'a>)>,
    mut unknown: Option<&mut Vec<&'a str>>,
) -> Vec<Raw<'a>> {
    let mut raw = vec![Raw::Missing; form.cells.len()];
    let mut next = 0usize;
    for (id, v) in items {
        let at = match form.cells.get(next) {
            Some(c) if c.id == id => Some(next),
            _ => form.lookup(id).map(usize::from),
        };
        match at.and_then(|i| raw.get_mut(i).map(|slot| (i, slot))) {
            Some((i, slot)) => {
                *slot = v;
                next = i + 1;
            }
            None => {
                if let Some(u) = unknown.as_deref_mut() {
                    u.push(id);
                }
            }
        }
    }
    raw
}

/// Checks a report: fills the derived totals and evaluates every rule of its form.
pub fn check(report: &Report, options: &Options) -> CheckResult {
    let cells = report.cells.0.iter().map(|(k, v)| (k.as_str(), v.raw()));
    let previous = report
        .previous
        .as_ref()
        .map(|p| p.cells.0.iter().map(|(k, v)| (k.as_str(), v.raw())));
    check_cells(report.form.as_deref(), cells, previous, options)
}

/// [`check`] over borrowed `(cell id, value)` pairs.
pub fn check_cells<'a>(
    form_id: Option<&str>,
    cells: impl Iterator<Item = (&'a str, Raw<'a>)>,
    previous: Option<impl Iterator<Item = (&'a str, Raw<'a>)>>,
    options: &Options,
) -> CheckResult {
    let (id, form, outcome) = run(form_id, cells, previous, options);
    render_with(id, form, &outcome, options)
}

pub(crate) fn run<'a, 'i>(
    form_id: Option<&'i str>,
    cells: impl Iterator<Item = (&'a str, Raw<'a>)>,
    previous: Option<impl Iterator<Item = (&'a str, Raw<'a>)>>,
    options: &Options,
) -> (&'i str, Option<&'static Form>, Outcome) {
    let id = form_id.unwrap_or(form::OGI_2021_ID);
    let Some(form) = form::form(id) else {
        let mut d = engine::Diag::new(Rule::UnknownForm, Vec::new());
        d.name = Some(id.to_string());
        return (
            id,
            None,
            Outcome {
                totals: Vec::new(),
                diags: vec![d],
                given: Vec::new(),
            },
        );
    };
    let mut unknown = Vec::new();
    let raw = place(form, cells, Some(&mut unknown));
    let prev = previous.map(|p| place(form, p, None));
    (
        id,
        Some(form),
        engine::evaluate(
            form,
            &raw,
            prev.as_deref(),
            &unknown,
            options.mode,
            options.phase,
        ),
    )
}

/// Turns the engine's outcome into the result JSON of docs/contract.md.
pub fn render(form: &Form, outcome: &Outcome, locale: Locale) -> CheckResult {
    render_with(
        form.id(),
        Some(form),
        outcome,
        &Options {
            locale,
            ..Options::default()
        },
    )
}

/// One diagnostic's fields, borrowed where they can be: shared by [`render`] and the JSON writer.
pub(crate) struct Parts<'a> {
    pub rule: &'a str,
    pub severity: &'a str,
    pub cells: Vec<&'a str>,
    pub expected: Option<String>,
    pub actual: Option<String>,
    pub message: String,
    pub suggestion: Option<SuggestionOut>,
    pub short: Option<String>,
    pub at: Option<&'a str>,
}

pub(crate) fn parts<'a>(
    form: Option<&'a Form>,
    d: &'a engine::Diag,
    options: &Options,
) -> Parts<'a> {
    let locale = options.locale;
    let msg_form = form.unwrap_or_else(|| form::ogi_2021());
    Parts {
        rule: d.rule.id(),
        severity: d.rule.severity().as_str(),
        cells: match (form, &d.name) {
            (_, Some(name)) if d.rule == Rule::UnknownCell => vec![name.as_str()],
            (Some(form), _) => d
                .cells
                .iter()
                .filter_map(|&i| form.cell(i))
                .map(|c| c.id)
                .collect(),
            _ => Vec::new(),
        },
        expected: d.expected.as_ref().map(|s| s.render()),
        actual: d.actual.as_ref().map(|s| s.render()),
        message: message::message(msg_form, d, locale),
        suggestion: suggestion_out(form, d, options),
        short: options.inline.then(|| message::short(msg_form, d, locale)),
        at: form.and_then(|f| f.cell(d.at?)).map(|c| c.id),
    }
}

fn suggestion_out(
    form: Option<&Form>,
    d: &engine::Diag,
    options: &Options,
) -> Option<SuggestionOut> {
    let (form, s) = (form?, d.suggestion.as_ref()?);
    let cell = s.cell.and_then(|c| form.cell(c));
    let en = options.locale == Locale::En;
    Some(SuggestionOut {
        cell: cell.map(|c| c.id.to_string()),
        value: cell.map(|c| crate::check::value::format(s.value, c.kind)),
        reason: crate::check::suggest::describe(form, s, en),
        short: if options.inline {
            crate::check::suggest::short(form, s, en)
        } else {
            None
        },
    })
}

/// The derived cells with a computed value, in form order.
pub(crate) fn totals<'a>(
    form: Option<&'a Form>,
    outcome: &'a Outcome,
) -> impl Iterator<Item = (&'a str, i64, form::Kind)> {
    form.into_iter()
        .flat_map(|f| f.cells.iter().zip(&outcome.totals))
        .filter(|(c, _)| c.derived)
        .filter_map(|(c, v)| Some((c.id, (*v)?, c.kind)))
}

fn render_with(id: &str, form: Option<&Form>, outcome: &Outcome, options: &Options) -> CheckResult {
    let totals = totals(form, outcome)
        .map(|(c, v, k)| (c.to_string(), crate::check::value::format(v, k)))
        .collect();
    let diagnostics = outcome
        .diags
        .iter()
        .map(|d| {
            let p = parts(form, d, options);
            Diagnostic {
                rule: p.rule.to_string(),
                severity: p.severity.to_string(),
                cells: p.cells.into_iter().map(str::to_string).collect(),
                expected: p.expected,
                actual: p.actual,
                message: p.message,
                suggestion: p.suggestion,
                short: p.short,
                at: p.at.map(str::to_string),
            }
        })
        .collect();
    CheckResult {
        ok: outcome.ok(),
        form: id.to_string(),
        totals: Pairs(totals),
        diagnostics,
    }
}
