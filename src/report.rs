//! The JSON contract of domain.md: a report and options in, a result out.

use std::fmt;

use serde::de::{Deserializer, MapAccess, Visitor};
use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};

use crate::engine::{self, Mode, Outcome, Phase};
use crate::form::{self, Form};
use crate::message::{self, Locale};
use crate::rules::Rule;
use crate::value::Raw;

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

/// A report (domain.md, "Input and output contract").
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
}

#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
pub struct Diagnostic {
    pub rule: String,
    pub severity: String,
    pub cells: Vec<String>,
    pub expected: Option<String>,
    pub actual: Option<String>,
    pub message: String,
}

#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
pub struct CheckResult {
    pub ok: bool,
    pub form: String,
    pub totals: Pairs<String>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Maps a report's cells onto `form`'s cells; ids the form lacks go to `unknown`.
fn place<'a>(form: &Form, cells: &'a Pairs<CellValue>, unknown: Option<&mut Vec<&'a str>>) -> Vec<Raw<'a>> {
    let mut raw = vec![Raw::Missing; form.cells.len()];
    let mut sink = unknown;
    for (id, v) in &cells.0 {
        match form.lookup(id).and_then(|i| raw.get_mut(usize::from(i))) {
            Some(slot) => *slot = v.raw(),
            None => {
                if let Some(u) = sink.as_deref_mut() {
                    u.push(id.as_str());
                }
            }
        }
    }
    raw
}

/// Checks a report: fills the derived totals and evaluates every rule of its form.
pub fn check(report: &Report, options: &Options) -> CheckResult {
    let id = report.form.as_deref().unwrap_or(form::OGI_2021_ID);
    let Some(form) = form::form(id) else {
        let mut d = engine::Diag::new(Rule::UnknownForm, Vec::new());
        d.name = Some(id.to_string());
        let outcome = Outcome { totals: Vec::new(), diags: vec![d] };
        return render_with(id, None, &outcome, options.locale);
    };
    let mut unknown = Vec::new();
    let raw = place(form, &report.cells, Some(&mut unknown));
    let prev = report.previous.as_ref().map(|p| place(form, &p.cells, None));
    let outcome = engine::evaluate(form, &raw, prev.as_deref(), &unknown, options.mode, options.phase);
    render(form, &outcome, options.locale)
}

/// Turns the engine's outcome into the result JSON of domain.md.
pub fn render(form: &Form, outcome: &Outcome, locale: Locale) -> CheckResult {
    render_with(form.id(), Some(form), outcome, locale)
}

fn render_with(id: &str, form: Option<&Form>, outcome: &Outcome, locale: Locale) -> CheckResult {
    let totals = match form {
        Some(form) => form
            .cells
            .iter()
            .zip(&outcome.totals)
            .filter(|(c, _)| c.derived)
            .filter_map(|(c, v)| Some((c.id.clone(), crate::value::format((*v)?, c.kind))))
            .collect(),
        None => Vec::new(),
    };
    let diagnostics = outcome
        .diags
        .iter()
        .map(|d| Diagnostic {
            rule: d.rule.id().to_string(),
            severity: d.rule.severity().as_str().to_string(),
            cells: match (form, &d.name) {
                (Some(form), None) => {
                    d.cells.iter().filter_map(|&i| form.cell(i)).map(|c| c.id.clone()).collect()
                }
                (_, Some(name)) if d.rule == Rule::UnknownCell => vec![name.clone()],
                _ => Vec::new(),
            },
            expected: d.expected.as_ref().map(|s| s.render()),
            actual: d.actual.as_ref().map(|s| s.render()),
            message: match form {
                Some(form) => message::message(form, d, locale),
                None => message::message(form::ogi_2021(), d, locale),
            },
        })
        .collect();
    CheckResult { ok: outcome.ok(), form: id.to_string(), totals: Pairs(totals), diagnostics }
}
