//! A small JSON reader for reports and options, and the result writer.
//!
//! One reader for every front end (native CLI, Node, browser), so they read a report the same
//! way; it keeps number tokens as text (values are judged exactly, never through a float), has a
//! nesting limit (no stack overflow on hostile input), and keeps serde_json out of the wasm build.

use std::borrow::Cow;

use crate::check::message::Locale;
use crate::check::report::{CellValue, CheckResult, Options, Pairs, Previous, Report};
use crate::check::value::Raw;
use crate::{Mode, Phase};

/// Deepest nesting read (a report needs 3: report, cells, value).
pub const MAX_DEPTH: usize = 64;

/// Why a text is not a report: a message and the byte offset where reading stopped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JsonError {
    pub message: String,
    pub offset: usize,
}

impl std::fmt::Display for JsonError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} (at byte {})", self.message, self.offset)
    }
}

impl std::error::Error for JsonError {}

/// A cell value borrowed from the JSON text where it can be.
#[derive(Clone, Debug)]
enum Val<'a> {
    Null,
    Text(Cow<'a, str>),
    Number(&'a str),
    Other(&'static str),
}

impl<'a> Val<'a> {
    fn raw(&self) -> Raw<'_> {
        match self {
            Val::Null => Raw::Missing,
            Val::Text(s) => Raw::Text(s),
            Val::Number(s) => Raw::Number(s),
            Val::Other(k) => Raw::Other(k),
        }
    }

    fn owned(self) -> CellValue {
        match self {
            Val::Null => CellValue::Null,
            Val::Text(s) => CellValue::Text(s.into_owned()),
            Val::Number(s) => CellValue::Number(s.to_string()),
            Val::Other(k) => CellValue::Other(k),
        }
    }
}

type Cells<'a> = Vec<(Cow<'a, str>, Val<'a>)>;

/// A report as read, borrowing from the text.
#[derive(Default)]
struct View<'a> {
    form: Option<String>,
    year: Option<i64>,
    agency: Option<String>,
    cells: Cells<'a>,
    previous: Option<Cells<'a>>,
}

struct Reader<'a> {
    s: &'a [u8],
    text: &'a str,
    i: usize,
}

type R<T> = Result<T, JsonError>;

impl<'a> Reader<'a> {
    fn err<T>(&self, message: impl Into<String>) -> R<T> {
        Err(JsonError {
            message: message.into(),
            offset: self.i,
        })
    }

    fn ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.s.get(self.i) {
            self.i += 1;
        }
    }

    fn peek(&mut self) -> Option<u8> {
        self.ws();
        self.s.get(self.i).copied()
    }

    fn eat(&mut self, c: u8) -> R<()> {
        if self.peek() == Some(c) {
            self.i += 1;
            Ok(())
        } else {
            self.err(format!("expected '{}'", c as char))
        }
    }

    fn literal(&mut self, word: &str) -> R<()> {
        if self.s.get(self.i..self.i + word.len()) == Some(word.as_bytes()) {
            self.i += word.len();
            Ok(())
        } else {
            self.err("expected a JSON value")
        }
    }

    fn string(&mut self) -> R<String> {
        self.str_cow().map(Cow::into_owned)
    }

    /// A string, borrowed from the input when it has no escapes.
    fn str_cow(&mut self) -> R<Cow<'a, str>> {
        self.eat(b'"')?;
        let run = |r: &mut Self| {
            let start = r.i;
            let rest = r.s.get(r.i..).unwrap_or_default();
            r.i += rest
                .iter()
                .position(|&b| b == b'"' || b == b'\\' || b < 0x20)
                .unwrap_or(rest.len());
            r.text.get(start..r.i).unwrap_or_default()
        };
        let first = run(self);
        if self.s.get(self.i) == Some(&b'"') {
            self.i += 1;
            return Ok(Cow::Borrowed(first));
        }
        let mut out = String::from(first);
        loop {
            match self.s.get(self.i) {
                Some(b'"') => {
                    self.i += 1;
                    return Ok(Cow::Owned(out));
                }
                Some(b'\\') => {
                    self.i += 1;
                    let Some(&e) = self.s.get(self.i) else {
                        return self.err("unfinished string");
                    };
                    self.i += 1;
                    match e {
                        b'"' => out.push('"'),
                        b'\\' => out.push('\\'),
                        b'/' => out.push('/'),
                        b'b' => out.push('\u{8}'),
                        b'f' => out.push('\u{c}'),
                        b'n' => out.push('\n'),
                        b'r' => out.push('\r'),
                        b't' => out.push('\t'),
                        b'u' => {
                            let hi = self.hex4()?;
                            let c = if (0xD800..0xDC00).contains(&hi)
                                && self.s.get(self.i..self.i + 2) == Some(b"\\u")
                            {
                                let save = self.i;
                                self.i += 2;
                                let lo = self.hex4()?;
                                if (0xDC00..0xE000).contains(&lo) {
                                    char::from_u32(0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00))
                                } else {
                                    self.i = save;
                                    None
                                }
                            } else {
                                char::from_u32(hi)
                            };
                            // A lone surrogate (possible in JS strings) becomes U+FFFD.
                            out.push(c.unwrap_or('\u{FFFD}'));
                        }
                        _ => return self.err("bad escape in string"),
                    }
                }
                Some(_) => return self.err("control character in string"),
                None => return self.err("unfinished string"),
            }
            let more = run(self);
            out.push_str(more);
        }
    }

    fn hex4(&mut self) -> R<u32> {
        let Some(h) = self.text.get(self.i..self.i + 4) else {
            return self.err("bad \\u escape");
        };
        let Ok(v) = u32::from_str_radix(h, 16) else {
            return self.err("bad \\u escape");
        };
        if !h.bytes().all(|b| b.is_ascii_hexdigit()) {
            return self.err("bad \\u escape");
        }
        self.i += 4;
        Ok(v)
    }

    /// A number token, kept as its text.
    fn number(&mut self) -> R<&'a str> {
        let start = self.i;
        let digits = |r: &mut Self| {
            let s = r.i;
            while r.s.get(r.i).is_some_and(u8::is_ascii_digit) {
                r.i += 1;
            }
            r.i > s
        };
        if self.s.get(self.i) == Some(&b'-') {
            self.i += 1;
        }
        if !digits(self) {
            return self.err("expected a JSON value");
        }
        if self.s.get(self.i) == Some(&b'.') {
            self.i += 1;
            if !digits(self) {
                return self.err("bad number");
            }
        }
        if let Some(b'e' | b'E') = self.s.get(self.i) {
            self.i += 1;
            if let Some(b'+' | b'-') = self.s.get(self.i) {
                self.i += 1;
            }
            if !digits(self) {
                return self.err("bad number");
            }
        }
        Ok(self.text.get(start..self.i).unwrap_or_default())
    }

    /// Skips any value, iteratively, up to [`MAX_DEPTH`] levels.
    fn skip(&mut self, depth: usize) -> R<()> {
        match self.peek() {
            Some(b'{') | Some(b'[') => {
                if depth >= MAX_DEPTH {
                    return self.err(format!("nested deeper than {MAX_DEPTH} levels"));
                }
                let close = if self.s.get(self.i) == Some(&b'{') {
                    b'}'
                } else {
                    b']'
                };
                let object = close == b'}';
                self.i += 1;
                if self.peek() == Some(close) {
                    self.i += 1;
                    return Ok(());
                }
                loop {
                    if object {
                        self.string()?;
                        self.eat(b':')?;
                    }
                    self.skip(depth + 1)?;
                    match self.peek() {
                        Some(b',') => self.i += 1,
                        Some(c) if c == close => {
                            self.i += 1;
                            return Ok(());
                        }
                        _ => return self.err(format!("expected ',' or '{}'", close as char)),
                    }
                }
            }
            Some(b'"') => self.string().map(drop),
            Some(b't') => self.literal("true"),
            Some(b'f') => self.literal("false"),
            Some(b'n') => self.literal("null"),
            Some(_) => self.number().map(drop),
            None => self.err("unexpected end of input"),
        }
    }

    fn value(&mut self, depth: usize) -> R<Val<'a>> {
        Ok(match self.peek() {
            Some(b'"') => Val::Text(self.str_cow()?),
            Some(b'n') => {
                self.literal("null")?;
                Val::Null
            }
            Some(b't') => {
                self.literal("true")?;
                Val::Other("true")
            }
            Some(b'f') => {
                self.literal("false")?;
                Val::Other("false")
            }
            Some(b'[') => {
                self.skip(depth)?;
                Val::Other("[…]")
            }
            Some(b'{') => {
                self.skip(depth)?;
                Val::Other("{…}")
            }
            Some(_) => Val::Number(self.number()?),
            None => return self.err("unexpected end of input"),
        })
    }

    /// `{ "key": …, … }`, calling `f` with each key; `f` reads the value.
    fn object(&mut self, what: &str, f: &mut dyn FnMut(&mut Self, Cow<'a, str>) -> R<()>) -> R<()> {
        if self.peek() != Some(b'{') {
            return self.err(format!("{what} must be a JSON object"));
        }
        self.i += 1;
        if self.peek() == Some(b'}') {
            self.i += 1;
            return Ok(());
        }
        loop {
            let key = self.str_cow()?;
            self.eat(b':')?;
            f(self, key)?;
            match self.peek() {
                Some(b',') => self.i += 1,
                Some(b'}') => {
                    self.i += 1;
                    return Ok(());
                }
                _ => return self.err("expected ',' or '}'"),
            }
        }
    }

    fn cells(&mut self) -> R<Cells<'a>> {
        let mut out = Vec::with_capacity(256);
        self.object("cells", &mut |r, k| {
            let v = r.value(2)?;
            out.push((k, v));
            Ok(())
        })?;
        Ok(out)
    }

    fn opt_string(&mut self, what: &str) -> R<Option<String>> {
        match self.value(1)? {
            Val::Text(s) => Ok(Some(s.into_owned())),
            Val::Null => Ok(None),
            _ => self.err(format!("{what} must be a string")),
        }
    }

    /// A report (docs/contract.md's JSON). Unknown top-level fields are skipped.
    fn report(&mut self) -> R<View<'a>> {
        let mut report = View::default();
        self.object("a report", &mut |r, key| {
            match key.as_ref() {
                "form" => report.form = r.opt_string("form")?,
                "agency" => report.agency = r.opt_string("agency")?,
                "year" => {
                    report.year = match r.value(1)? {
                        Val::Number(n) => n.parse().ok(),
                        Val::Text(n) => n.trim().parse().ok(),
                        _ => None,
                    }
                }
                "cells" => report.cells = r.cells()?,
                "previous" => {
                    if r.peek() == Some(b'n') {
                        r.literal("null")?;
                    } else {
                        let mut prev = Vec::new();
                        r.object("previous", &mut |r, key| match key.as_ref() {
                            "cells" => {
                                prev = r.cells()?;
                                Ok(())
                            }
                            _ => r.skip(2),
                        })?;
                        report.previous = Some(prev);
                    }
                }
                _ => r.skip(1)?,
            }
            Ok(())
        })?;
        self.end()?;
        Ok(report)
    }

    fn end(&mut self) -> R<()> {
        if self.peek().is_some() {
            return self.err("unexpected text after the JSON value");
        }
        Ok(())
    }
}

fn reader(text: &str) -> Reader<'_> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    Reader {
        s: text.as_bytes(),
        text,
        i: 0,
    }
}

impl Report {
    /// Reads a report (docs/contract.md's JSON). Unknown top-level fields are skipped.
    pub fn from_json(text: &str) -> Result<Report, JsonError> {
        let v = reader(text).report()?;
        let owned = |cells: Cells<'_>| {
            Pairs(
                cells
                    .into_iter()
                    .map(|(k, v)| (k.into_owned(), v.owned()))
                    .collect(),
            )
        };
        Ok(Report {
            form: v.form,
            year: v.year,
            agency: v.agency,
            cells: owned(v.cells),
            previous: v.previous.map(|p| Previous { cells: owned(p) }),
        })
    }
}

impl Options {
    /// Reads `{"mode": "fill"|"verify", "phase": "typing"|"submit", "locale": "zh-CN"|"en",
    /// "inline": bool, "changed": cell index}`; missing fields keep their defaults, unknown
    /// values are errors.
    pub fn from_json(text: &str) -> Result<Options, JsonError> {
        let mut r = reader(text);
        let mut o = Options::default();
        if r.peek().is_none() || r.peek() == Some(b'n') {
            if r.peek().is_some() {
                r.literal("null")?;
                r.end()?;
            }
            return Ok(o);
        }
        r.object("options", &mut |r, key| {
            match key.as_ref() {
                "inline" => return r.flag().map(|f| o.inline = f),
                "changed" if r.peek() == Some(b'n') => return r.literal("null"),
                "changed" => {
                    let i = r.index()?;
                    o.changed = Some(u16::try_from(i).unwrap_or(u16::MAX));
                    return Ok(());
                }
                _ => {}
            }
            let v = r.opt_string(&key)?;
            let Some(v) = v else { return Ok(()) };
            let Some((name, values)) = OPTION_CHOICES
                .iter()
                .find(|(name, _)| *name == key.as_ref())
            else {
                return Ok(());
            };
            let first = match values.iter().position(|x| *x == v) {
                Some(i) => i == 0,
                None => {
                    return r.err(format!(
                        "{name} must be \"{}\" or \"{}\", not \"{v}\"",
                        values[0], values[1]
                    ))
                }
            };
            match *name {
                "mode" => o.mode = if first { Mode::Fill } else { Mode::Verify },
                "phase" => o.phase = if first { Phase::Typing } else { Phase::Submit },
                _ => o.locale = if first { Locale::ZhCn } else { Locale::En },
            }
            Ok(())
        })?;
        r.end()?;
        Ok(o)
    }
}

/// A comma before every element but the first.
pub(crate) fn comma(o: &mut String, k: usize) {
    if k > 0 {
        o.push(',');
    }
}

/// Appends `s` as a JSON string, escaped as serde_json does.
pub fn write_str(out: &mut String, s: &str) {
    out.push('"');
    if !s.bytes().any(|b| b == b'"' || b == b'\\' || b < 0x20) {
        out.push_str(s);
        out.push('"');
        return;
    }
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.push_str("\\u00");
                out.push(HEX[(c as usize >> 4) & 0xf] as char);
                out.push(HEX[c as usize & 0xf] as char);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

pub(crate) fn write_opt(out: &mut String, s: &Option<String>) {
    match s {
        Some(s) => write_str(out, s),
        None => out.push_str("null"),
    }
}

/// One diagnostic object, fields in the order of docs/contract.md (then the optional ones).
pub(crate) fn write_diagnostic(o: &mut String, d: &crate::check::report::Parts<'_>) {
    o.push_str("{\"rule\":");
    write_str(o, d.rule);
    o.push_str(",\"severity\":");
    write_str(o, d.severity);
    o.push_str(",\"cells\":[");
    for (j, c) in d.cells.iter().enumerate() {
        comma(o, j);
        write_str(o, c);
    }
    o.push_str("],\"expected\":");
    write_opt(o, &d.expected);
    o.push_str(",\"actual\":");
    write_opt(o, &d.actual);
    o.push_str(",\"message\":");
    write_str(o, &d.message);
    if let Some(s) = &d.suggestion {
        o.push_str(",\"suggestion\":{\"cell\":");
        write_opt(o, &s.cell);
        o.push_str(",\"value\":");
        write_opt(o, &s.value);
        o.push_str(",\"reason\":");
        write_str(o, &s.reason);
        if let Some(short) = &s.short {
            o.push_str(",\"short\":");
            write_str(o, short);
        }
        o.push('}');
    }
    if let Some(short) = &d.short {
        o.push_str(",\"short\":");
        write_str(o, short);
    }
    if let Some(at) = d.at {
        o.push_str(",\"at\":");
        write_str(o, at);
    }
    o.push('}');
}

impl CheckResult {
    /// The result as compact JSON, byte for byte what serde_json writes for it.
    pub fn to_json(&self) -> String {
        let mut o = String::with_capacity(2048 + 256 * self.diagnostics.len());
        o.push_str(if self.ok {
            "{\"ok\":true,\"form\":"
        } else {
            "{\"ok\":false,\"form\":"
        });
        write_str(&mut o, &self.form);
        o.push_str(",\"totals\":{");
        for (k, (id, v)) in self.totals.0.iter().enumerate() {
            comma(&mut o, k);
            write_str(&mut o, id);
            o.push(':');
            write_str(&mut o, v);
        }
        o.push_str("},\"diagnostics\":[");
        for (k, d) in self.diagnostics.iter().enumerate() {
            comma(&mut o, k);
            write_diagnostic(
                &mut o,
                &crate::check::report::Parts {
                    rule: &d.rule,
                    severity: &d.severity,
                    cells: d.cells.iter().map(String::as_str).collect(),
                    expected: d.expected.clone(),
                    actual: d.actual.clone(),
                    message: d.message.clone(),
                    suggestion: d.suggestion.clone(),
                    short: d.short.clone(),
                    at: d.at.as_deref(),
                },
            );
        }
        o.push_str("]}");
        o
    }
}

/// Checks a report given as JSON text, with options as JSON text: the result as JSON text.
/// `previous`, unless empty, is last year's report (JSON text); it replaces the report's own
/// `previous`.
pub fn check_json(report: &str, options: &str, previous: &str) -> Result<String, JsonError> {
    let options = Options::from_json(options)?;
    let mut view = reader(report).report()?;
    if !previous.trim().is_empty() {
        let last = reader(previous).report().map_err(|e| JsonError {
            message: format!("previous report: {}", e.message),
            offset: e.offset,
        })?;
        view.previous = Some(last.cells);
    }
    let cells = view.cells.iter().map(|(k, v)| (k.as_ref(), v.raw()));
    let previous = view
        .previous
        .as_ref()
        .map(|p| p.iter().map(|(k, v)| (k.as_ref(), v.raw())));
    Ok(check_cells_json(
        view.form.as_deref(),
        cells,
        previous,
        &options,
    ))
}

/// Separator of the values in [`check_values`].
pub const VALUE_SEPARATOR: char = '\u{1F}';

/// The per-keystroke path: raw values in form order joined by U+001F (shorter lists read as
/// blank), no previous year. The result as JSON text.
pub fn check_values(form_id: &str, values: &str, options: &str) -> Result<String, JsonError> {
    let options = Options::from_json(options)?;
    let form = known_form(form_id)?;
    let mut raw: Vec<crate::check::value::Raw<'_>> = values
        .split(VALUE_SEPARATOR)
        .map(crate::check::value::Raw::Text)
        .collect();
    if values.is_empty() {
        raw.clear();
    }
    let mut out =
        crate::check::engine::evaluate(form, &raw, None, &[], options.mode, options.phase);
    if options.inline {
        crate::check::suggest::for_page(form, &mut out, options.changed);
    }
    Ok(write_result(form.id(), Some(form), &out, &options))
}

/// The form definition for front ends: `{"id", "label": {zh, en}, "tables": [...], "cells":
/// [{"id", "table", "row", "col", "derived", "kind", "zh", "en"}]}`.
pub fn form_json(form: &crate::form::Form) -> String {
    let mut o = String::with_capacity(64 * 1024);
    o.push_str("{\"id\":");
    write_str(&mut o, form.id());
    o.push_str(",\"label\":{\"zh\":");
    write_str(&mut o, form.def.label.zh);
    o.push_str(",\"en\":");
    write_str(&mut o, form.def.label.en);
    o.push_str("},\"tables\":[");
    for (k, t) in form.def.tables.iter().enumerate() {
        comma(&mut o, k);
        o.push_str("{\"key\":");
        write_str(&mut o, t.key);
        o.push_str(",\"zh\":");
        write_str(&mut o, t.label.zh);
        o.push_str(",\"en\":");
        write_str(&mut o, t.label.en);
        o.push('}');
    }
    o.push_str("],\"cells\":[");
    for (k, c) in form.cells.iter().enumerate() {
        comma(&mut o, k);
        o.push_str("{\"id\":");
        write_str(&mut o, c.id);
        o.push_str(",\"table\":");
        write_str(
            &mut o,
            form.def
                .tables
                .get(usize::from(c.table))
                .map(|t| t.key)
                .unwrap_or(""),
        );
        o.push_str(",\"row\":");
        write_str(&mut o, c.row_def.key);
        o.push_str(",\"col\":");
        write_str(&mut o, c.col_def.key);
        o.push_str(if c.derived {
            ",\"derived\":true"
        } else {
            ",\"derived\":false"
        });
        o.push_str(match c.kind {
            crate::form::Kind::Count => ",\"kind\":\"count\"",
            crate::form::Kind::Money => ",\"kind\":\"money\"",
            crate::form::Kind::Signed => ",\"kind\":\"signed\"",
        });
        o.push_str(",\"zh\":");
        write_str(&mut o, &c.label(false));
        o.push_str(",\"en\":");
        write_str(&mut o, &c.label(true));
        o.push('}');
    }
    o.push_str("]}");
    o
}

impl<'a> Reader<'a> {
    /// `[ … ]`, calling `f` for each element; `f` reads it.
    fn array(&mut self, what: &str, f: &mut dyn FnMut(&mut Self) -> R<()>) -> R<()> {
        if self.peek() != Some(b'[') {
            return self.err(format!("{what} must be a JSON array"));
        }
        self.i += 1;
        if self.peek() == Some(b']') {
            self.i += 1;
            return Ok(());
        }
        loop {
            f(self)?;
            match self.peek() {
                Some(b',') => self.i += 1,
                Some(b']') => {
                    self.i += 1;
                    return Ok(());
                }
                _ => return self.err("expected ',' or ']'"),
            }
        }
    }

    /// `true` or `false`.
    fn flag(&mut self) -> R<bool> {
        if self.peek() == Some(b't') {
            self.literal("true").map(|_| true)
        } else {
            self.literal("false").map(|_| false)
        }
    }

    fn index(&mut self) -> R<u32> {
        let n = self.number()?;
        match n.parse::<u32>() {
            Ok(v) => Ok(v),
            Err(_) => self.err("expected an input index"),
        }
    }
}

/// Reads the tables www/extract.mjs extracted from a page:
/// `{"tables": [{"rows": [[{"t": text, "i": [input, …]} | null, …], …], "free"?: bool}],
///   "inputs": [{"key", "cell", "hidden"?: bool}]}` (`free`: the labels of one input outside any
/// table; `hidden`: a hidden copy).
pub fn page_from_json(text: &str) -> Result<crate::page::Page, JsonError> {
    use crate::page::{Grid, Input, Page, Slot};
    let mut r = reader(text);
    let mut page = Page::default();
    r.object("a page", &mut |r, key| match key.as_ref() {
        "tables" => r.array("tables", &mut |r| {
            let mut grid = Grid::default();
            r.object("a table", &mut |r, key| match key.as_ref() {
                "rows" => r.array("rows", &mut |r| {
                    let mut row = Vec::new();
                    r.array("a row", &mut |r| {
                        let mut slot = Slot::default();
                        if r.peek() == Some(b'n') {
                            r.literal("null")?;
                        } else {
                            r.object("a slot", &mut |r, key| match key.as_ref() {
                                "t" => {
                                    slot.text = r.opt_string("t")?.unwrap_or_default();
                                    Ok(())
                                }
                                "i" => r.array("i", &mut |r| {
                                    slot.inputs.push(r.index()?);
                                    Ok(())
                                }),
                                _ => r.skip(4),
                            })?;
                        }
                        row.push(slot);
                        Ok(())
                    })?;
                    grid.rows.push(row);
                    Ok(())
                }),
                "free" => {
                    grid.free = r.flag()?;
                    Ok(())
                }
                _ => r.skip(2),
            })?;
            page.tables.push(grid);
            Ok(())
        }),
        "inputs" => r.array("inputs", &mut |r| {
            let mut input = Input::default();
            r.object("an input", &mut |r, key| match key.as_ref() {
                "key" => {
                    input.key = r.opt_string("key")?.unwrap_or_default();
                    Ok(())
                }
                "cell" => {
                    input.cell = r.opt_string("cell")?.filter(|c| !c.is_empty());
                    Ok(())
                }
                "hidden" => {
                    input.hidden = r.flag()?;
                    Ok(())
                }
                _ => r.skip(3),
            })?;
            page.inputs.push(input);
            Ok(())
        }),
        _ => r.skip(1),
    })?;
    r.end()?;
    Ok(page)
}

/// `{"mapping": {key: cell}, "unmapped": [key], "copies": {key: key}, "missing": [cell],
/// "reasons": {key: reason}}`.
pub fn mapping_json(m: &crate::page::Mapping) -> String {
    // `{"k": v, …}` from pairs, `["k", …]` from the first of each.
    let object = |o: &mut String, pairs: &[(String, String)]| {
        o.push('{');
        for (k, (key, value)) in pairs.iter().enumerate() {
            comma(o, k);
            write_str(o, key);
            o.push(':');
            write_str(o, value);
        }
        o.push('}');
    };
    let list = |o: &mut String, items: &mut dyn Iterator<Item = &String>| {
        o.push('[');
        for (k, item) in items.enumerate() {
            comma(o, k);
            write_str(o, item);
        }
        o.push(']');
    };
    let mut o = String::with_capacity(8192);
    o.push_str("{\"mapping\":");
    object(&mut o, &m.mapping);
    o.push_str(",\"unmapped\":");
    list(&mut o, &mut m.unmapped.iter().map(|(key, _)| key));
    o.push_str(",\"copies\":");
    object(&mut o, &m.copies);
    o.push_str(",\"missing\":");
    list(&mut o, &mut m.missing.iter());
    o.push_str(",\"reasons\":");
    object(&mut o, &m.unmapped);
    o.push('}');
    o
}

/// The mapping of a page the browser extracted (see [`page_from_json`]), as JSON text.
pub fn map_grid(form_id: &str, page: &str) -> Result<String, JsonError> {
    let form = known_form(form_id)?;
    let page = page_from_json(page)?;
    Ok(mapping_json(&crate::page::map_page(form, &page)))
}

fn known_form(form_id: &str) -> Result<&'static crate::form::Form, JsonError> {
    let id = if form_id.is_empty() {
        crate::form::OGI_2021_ID
    } else {
        form_id
    };
    crate::form::form(id).ok_or_else(|| JsonError {
        message: format!("unknown form \"{id}\""),
        offset: 0,
    })
}

/// `{"year", "agency"}` of a published report (title and metadata only).
#[cfg(audit_enabled)]
pub fn identity_json(text: &str) -> String {
    let (year, agency) = crate::audit::extract::identify(text);
    let mut o = String::from("{\"year\":");
    match year {
        Some(y) => crate::check::value::push(&mut o, y, crate::form::Kind::Count),
        None => o.push_str("null"),
    }
    o.push_str(",\"agency\":");
    write_opt(&mut o, &agency);
    o.push('}');
    o
}

/// Reads and checks a published report (text or HTML): one JSON line with the file name, year,
/// agency, the cells read and where from, and the result. `previous`, unless empty, is last
/// year's published report of the same agency.
#[cfg(audit_enabled)]
pub fn audit_json(text: &str, previous: &str, file: &str, locale: &str) -> String {
    let form = crate::audit::extract::detect(text);
    let last = (!previous.trim().is_empty())
        .then(|| crate::audit::extract::extract(crate::audit::extract::detect(previous), previous));
    let locale = if locale == "en" {
        Locale::En
    } else {
        Locale::ZhCn
    };
    audit_line(
        &crate::audit::audit(form, text, last.as_ref()),
        form,
        file,
        locale,
    )
}

/// [`check_cells`], the result as JSON text.
pub(crate) fn check_cells_json<'a>(
    form_id: Option<&str>,
    cells: impl Iterator<Item = (&'a str, Raw<'a>)>,
    previous: Option<impl Iterator<Item = (&'a str, Raw<'a>)>>,
    options: &Options,
) -> String {
    let (id, form, outcome) = crate::check::report::run(form_id, cells, previous, options);
    write_result(id, form, &outcome, options)
}

/// The result as JSON text straight from the engine's outcome (no intermediate `CheckResult`):
/// byte for byte what `render(..).to_json()` gives.
pub(crate) fn write_result(
    id: &str,
    form: Option<&crate::form::Form>,
    outcome: &crate::check::engine::Outcome,
    options: &Options,
) -> String {
    let mut o = String::with_capacity(2048 + 256 * outcome.diags.len());
    o.push_str(if outcome.ok() {
        "{\"ok\":true,\"form\":"
    } else {
        "{\"ok\":false,\"form\":"
    });
    write_str(&mut o, id);
    o.push_str(",\"totals\":{");
    for (k, (cell, v, kind)) in crate::check::report::totals(form, outcome).enumerate() {
        comma(&mut o, k);
        write_str(&mut o, cell);
        o.push_str(":\"");
        crate::check::value::push(&mut o, v, kind);
        o.push('"');
    }
    o.push_str("},\"diagnostics\":[");
    for (k, d) in outcome.diags.iter().enumerate() {
        comma(&mut o, k);
        write_diagnostic(&mut o, &crate::check::report::parts(form, d, options));
    }
    o.push_str("]}");
    o
}

/// One JSON line: file, form, year, agency, ok, the cells read and where from, totals,
/// diagnostics.
#[cfg(audit_enabled)]
pub fn audit_line(
    audit: &crate::audit::Audit,
    form: &crate::form::Form,
    file: &str,
    locale: Locale,
) -> String {
    let r = &audit.extracted.report;
    let mut o = String::with_capacity(16 * 1024);
    o.push_str("{\"file\":");
    write_str(&mut o, file);
    o.push_str(",\"year\":");
    match r.year {
        Some(y) => crate::check::value::push(&mut o, y, crate::form::Kind::Count),
        None => o.push_str("null"),
    }
    o.push_str(",\"agency\":");
    match &r.agency {
        Some(a) => write_str(&mut o, a),
        None => o.push_str("null"),
    }
    o.push_str(",\"cells\":{");
    for (k, (id, v)) in r.cells.0.iter().enumerate() {
        comma(&mut o, k);
        write_str(&mut o, id);
        o.push(':');
        match v {
            crate::check::report::CellValue::Text(t) => write_str(&mut o, t),
            _ => o.push_str("null"),
        }
    }
    o.push_str("},\"sources\":{");
    for (k, (id, origin)) in audit.extracted.sources.iter().enumerate() {
        comma(&mut o, k);
        write_str(&mut o, id);
        o.push(':');
        write_str(&mut o, &origin.describe());
    }
    o.push_str("},\"result\":");
    o.push_str(&write_result(
        form.id(),
        Some(form),
        &audit.outcome,
        &Options {
            locale,
            ..Default::default()
        },
    ));
    o.push('}');
    o
}

/// The fast path's diagnostics as numbers, into `out` (cleared): per diagnostic `rule, at + 1,
/// fix + 1, n, cell × n`, `rule` being its index in [`Rule::ALL`](crate::Rule::ALL).
pub fn codes(outcome: &crate::check::engine::Outcome, out: &mut Vec<u32>) {
    out.clear();
    let plus_one = |c: Option<u16>| c.map_or(0, |c| u32::from(c) + 1);
    for d in &outcome.diags {
        out.push(d.rule.code());
        out.push(plus_one(d.at));
        out.push(plus_one(d.suggestion.as_ref().and_then(|s| s.cell)));
        out.push(d.cells.len() as u32);
        out.extend(d.cells.iter().map(|&c| u32::from(c)));
    }
}

/// Every cell's computed total as text, joined by U+001F ("" where there is none).
pub fn totals_text(form: &crate::form::Form, outcome: &crate::check::engine::Outcome) -> String {
    let mut o = String::with_capacity(4 * form.cells.len());
    for (i, (c, v)) in form.cells.iter().zip(&outcome.totals).enumerate() {
        if i > 0 {
            o.push(VALUE_SEPARATOR);
        }
        if let Some(v) = v {
            crate::check::value::push(&mut o, *v, c.kind);
        }
    }
    o
}

/// Diagnostic `i` of `outcome` as its JSON object; "" when there is none.
pub fn diagnostic_json(
    form: &crate::form::Form,
    outcome: &crate::check::engine::Outcome,
    i: usize,
    options: &Options,
) -> String {
    let Some(d) = outcome.diags.get(i) else {
        return String::new();
    };
    let mut o = String::with_capacity(256);
    write_diagnostic(&mut o, &crate::check::report::parts(Some(form), d, options));
    o
}

/// `[{"id", "severity"}]` of every rule, in the order of their codes.
/// The options that take one of two values: (option, its two values).
pub const OPTION_CHOICES: [(&str, [&str; 2]); 3] = [
    ("mode", ["fill", "verify"]),
    ("phase", ["typing", "submit"]),
    ("locale", ["zh-CN", "en"]),
];

/// The bits of `Sheet.run(flags, …)`: (name, bit). `fill` mode, `submit` phase, `inline`
/// (form-page extras), `en` locale; an unset bit means verify, typing, plain, zh-CN.
pub const SHEET_FLAGS: [(&str, u32); 4] = [("fill", 1), ("submit", 2), ("inline", 4), ("en", 8)];

/// The fields before a diagnostic's cells in `Sheet.codes()`, in order; `count` cells follow.
pub const CODE_FIELDS: [&str; 4] = ["rule", "at", "fix", "count"];

/// `contractJson()`: the constants of docs/contract.md and of the sheet that JS needs, so none is
/// written twice: `{ forms, form, separator, options: {name: [values]}, flags: {name: bit},
/// codes: {field: offset} }`.
pub fn contract_json() -> String {
    let mut o = String::from("{\"forms\":[");
    for (k, id) in crate::form::FORMS.iter().enumerate() {
        comma(&mut o, k);
        write_str(&mut o, id);
    }
    o.push_str("],\"form\":");
    write_str(&mut o, crate::form::FORMS[0]);
    o.push_str(",\"separator\":");
    write_str(&mut o, &VALUE_SEPARATOR.to_string());
    o.push_str(",\"options\":{");
    for (k, (name, values)) in OPTION_CHOICES.iter().enumerate() {
        comma(&mut o, k);
        write_str(&mut o, name);
        o.push_str(":[");
        write_str(&mut o, values[0]);
        o.push(',');
        write_str(&mut o, values[1]);
        o.push(']');
    }
    o.push_str("},\"flags\":{");
    for (k, (name, bit)) in SHEET_FLAGS.iter().enumerate() {
        comma(&mut o, k);
        write_str(&mut o, name);
        o.push(':');
        o.push(digit(*bit as usize));
    }
    o.push_str("},\"codes\":{");
    for (k, name) in CODE_FIELDS.iter().enumerate() {
        comma(&mut o, k);
        write_str(&mut o, name);
        o.push(':');
        o.push(digit(k));
    }
    o.push_str("}}");
    o
}

/// A number below 10 as its digit (the contract's small constants, written without core::fmt).
fn digit(n: usize) -> char {
    char::from_digit(n as u32, 10).unwrap_or('?')
}

pub fn rules_json() -> String {
    let mut o = String::from("[");
    for (k, r) in crate::Rule::ALL.iter().enumerate() {
        comma(&mut o, k);
        o.push_str("{\"id\":");
        write_str(&mut o, r.id());
        o.push_str(",\"severity\":");
        write_str(&mut o, r.severity().as_str());
        o.push('}');
    }
    o.push(']');
    o
}
