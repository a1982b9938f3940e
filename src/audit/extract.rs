//! Published reports back into the report JSON: HTML tables (Word pasted into a CMS), and text
//! as copied, crawled or extracted from PDFs (tab-separated, `cell | cell |` rows, one cell per
//! line, whitespace-separated PDF lines).
//!
//! The text is read as rows of cells. Headings switch between tables 二, 三 and 四; within a
//! table a row is known by its label (the same words the page matcher uses) and its values are
//! taken in column order. A row whose values cannot be placed with certainty (too few or too
//! many) is reported, never completed by guessing; a row with values and a label of no template
//! row is reported as extra; "—", "/" and "无" count as 0 with a note.

use crate::check::report::{CellValue, Pairs, Report};
use crate::check::value::{parse_within, Parsed, Raw, TOTAL_LIMIT};
use crate::form::rules::Rule;
use crate::form::{Form, Shape};
use crate::page::normalise;

/// Where a value came from: a line of the text (1-based), or a table cell of the HTML.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    Line(usize),
    Cell {
        table: usize,
        row: usize,
        cell: usize,
    },
    /// A line whose digits ran together (crawled page text), split where exactly one split
    /// satisfies `by`.
    Split {
        line: usize,
        by: &'static str,
    },
}

impl Origin {
    pub fn describe(self) -> String {
        match self {
            Origin::Line(l) => format!("line {l}"),
            Origin::Split { line, by } => {
                format!("line {line}, digits run together, split by {by}")
            }
            Origin::Cell { table, row, cell } => {
                format!("table {} row {} cell {}", table + 1, row + 1, cell + 1)
            }
        }
    }
}

/// A finding of the extraction itself (before any rule runs).
#[derive(Clone, Debug, PartialEq)]
pub struct Note {
    pub rule: Rule,
    /// Cell ids concerned (empty for a row that is no cell).
    pub cells: Vec<String>,
    /// What was found: the dash, the row's text.
    pub actual: String,
    pub origin: Origin,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Extracted {
    pub report: Report,
    /// Cell id → where its value came from.
    pub sources: Vec<(String, Origin)>,
    pub notes: Vec<Note>,
    /// The text outside the tables, as (origin, text) lines: the narrative.
    pub narrative: Vec<(Origin, String)>,
    /// Whether a table of the template (its heading, or a row of it) was found at all.
    pub tables: bool,
}

#[derive(Clone, Debug)]
struct Cell {
    text: String,
    origin: Origin,
}

/// One row of the document: its cells, and whether empty cells are real (tables, tabs, pipes)
/// or just spacing (PDF text).
#[derive(Clone, Debug)]
struct Row {
    cells: Vec<Cell>,
    explicit: bool,
    origin: Origin,
    /// Empty cells after the last one with text (the tabs a tab-separated row ends in): a row
    /// left blank has its cells there.
    trailing: usize,
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Tok {
    Blank,
    Dash,
    Value,
    Label,
}

const DASHES: &[&str] = &["—", "——", "-", "－", "–", "/", "／", "无", "\\"];
/// Written in a cell for nothing at all: underscores, and an `&nbsp;` a crawler kept as text.
const BLANKS: &[&str] = &["_", "__", "＿", "&nbsp;", "&#160;"];

fn classify(text: &str) -> Tok {
    let t = text.trim_matches(|c: char| c.is_whitespace());
    if t.is_empty() || BLANKS.contains(&t) {
        return Tok::Blank;
    }
    if DASHES.contains(&t) {
        return Tok::Dash;
    }
    match parse_within(Raw::Text(t), crate::form::Kind::Money, TOTAL_LIMIT) {
        Parsed::Bad(Rule::NotANumber) | Parsed::Missing => Tok::Label,
        _ => Tok::Value,
    }
}

/// The template a published report follows: the 2019 one has its own table 二 headings.
pub fn detect(input: &str) -> &'static Form {
    // Column headings only the 2019 table 二 has (a remark that mentions 政府集中采购 or 收费 is
    // not one).
    const MARKS_2019: &[&str] = &[
        "本年新制作数量",
        "本年新公开数量",
        "对外公开总数量",
        "上一年项目数量",
    ];
    let compact: String = input.chars().filter(|c| !c.is_whitespace()).collect();
    if MARKS_2019
        .iter()
        .any(|m| crate::page::find(&compact, m).is_some())
    {
        crate::form::ogi_2019()
    } else {
        crate::form::ogi_2021()
    }
}

/// Reads a published report, HTML or text.
pub fn extract(form: &Form, input: &str) -> Extracted {
    let rows = if looks_like_html(input) {
        html_rows(input)
    } else {
        text_rows(input)
    };
    let mut out = Walker::new(form).run(&rows);
    if out.sources.is_empty() {
        run_together(form, input, &mut out);
    }
    if out.report.agency.is_none() {
        out.report.agency = first_paragraph(&out.narrative);
    }
    // Column headings only a table has (prose says 申请3件, not 商业企业 / 结果维持): tables whose
    // cells run together, as crawled page text has them, are still tables.
    const TABLE_WORDS: &[&str] = &[
        "本年制发件数",
        "本年新制作数量",
        "商业企业",
        "法律服务机构",
        "结果维持",
        "尚未审结",
    ];
    if !out.tables {
        let compact: String = input.chars().filter(|c| !c.is_whitespace()).collect();
        out.tables = TABLE_WORDS
            .iter()
            .any(|w| crate::page::find(&compact, w).is_some());
    }
    out
}

/// The year and the agency of a published report, from its title and metadata only (no table
/// is read): what pairs a report with its agency's report of the year before.
pub fn identify(input: &str) -> (Option<i64>, Option<String>) {
    let rows = if looks_like_html(input) {
        html_rows(input)
    } else {
        text_rows(input)
    };
    let mut report = Report::default();
    title(&rows, &mut report);
    (report.year, report.agency)
}

fn looks_like_html(s: &str) -> bool {
    let head: String = s
        .chars()
        .take(4096)
        .collect::<String>()
        .to_ascii_lowercase();
    head.contains("<table")
        || head.contains("<html")
        || head.contains("<td")
        || s.to_ascii_lowercase().contains("<table")
}

fn text_rows(input: &str) -> Vec<Row> {
    let mut out = Vec::new();
    for (i, line) in input.lines().enumerate() {
        let origin = Origin::Line(i + 1);
        let cell = |t: &str| Cell {
            text: t.trim().to_string(),
            origin,
        };
        let trimmed = line.trim();
        if trimmed.is_empty() || is_page_number(trimmed) {
            continue;
        }
        if line.contains('\t') {
            let kept = line.trim_end();
            out.push(Row {
                cells: kept.split('\t').map(cell).collect(),
                explicit: true,
                origin,
                trailing: line.get(kept.len()..).unwrap_or("").matches('\t').count(),
            });
        } else if is_pipe_row(trimmed) {
            // `| a | b |`, and as crawlers write them `a | b |` or `a | b`; runs of empty cells
            // (`||`) are spanned cells.
            let inner = trimmed.trim_start_matches('|');
            let inner = inner.strip_suffix('|').unwrap_or(inner);
            let mut cells: Vec<Cell> = inner.split('|').map(cell).collect();
            let rule_line = cells.iter().all(|c| {
                !c.text.is_empty() && c.text.chars().all(|ch| matches!(ch, '-' | ':' | ' '))
            });
            let filled = cells.iter().filter(|c| !c.text.is_empty()).count();
            if rule_line || filled == 0 {
                continue; // a markdown rule, or a line of empty cells ending a row
            }
            if filled == 1 {
                // One cell per line (`3 |`): a cell like any line of its own.
                cells.retain(|c| !c.text.is_empty());
                out.push(Row {
                    cells,
                    explicit: false,
                    origin,
                    trailing: 0,
                });
            } else {
                out.push(Row {
                    cells,
                    explicit: true,
                    origin,
                    trailing: 0,
                });
            }
        } else {
            // PDF text: numbers stand apart; consecutive words are one label.
            let mut cells: Vec<Cell> = Vec::new();
            for tok in trimmed.split_whitespace() {
                let is_label = classify(tok) == Tok::Label;
                match cells.last_mut() {
                    Some(last) if is_label && classify(&last.text) == Tok::Label => {
                        last.text.push(' ');
                        last.text.push_str(tok);
                    }
                    _ => cells.push(cell(tok)),
                }
            }
            out.push(Row {
                cells,
                explicit: false,
                origin,
                trailing: 0,
            });
        }
    }
    out
}

/// A row of a pipe table: it starts or ends with `|`, or has two cells around one.
fn is_pipe_row(line: &str) -> bool {
    line.starts_with('|')
        || line.ends_with('|')
        || line.split('|').filter(|c| !c.trim().is_empty()).count() >= 2
}

/// A page number line of PDF text: "— 5 —", "- 12 -".
fn is_page_number(line: &str) -> bool {
    let inner =
        line.trim_matches(|c: char| matches!(c, '—' | '-' | '－' | '–') || c.is_whitespace());
    inner.len() < line.len() && !inner.is_empty() && inner.chars().all(|c| c.is_ascii_digit())
}

fn html_rows(input: &str) -> Vec<Row> {
    let mut out = Vec::new();
    for block in crate::audit::html::document(input) {
        match block {
            crate::audit::html::Block::Text(line, text) => {
                let origin = Origin::Line(line);
                out.push(Row {
                    cells: vec![Cell { text, origin }],
                    explicit: false,
                    origin,
                    trailing: 0,
                });
            }
            crate::audit::html::Block::Table(table, rows) => {
                for (r, cells) in rows.into_iter().enumerate() {
                    let cells: Vec<Cell> = cells
                        .into_iter()
                        .enumerate()
                        .map(|(c, text)| Cell {
                            text,
                            origin: Origin::Cell {
                                table,
                                row: r,
                                cell: c,
                            },
                        })
                        .collect();
                    let origin = Origin::Cell {
                        table,
                        row: r,
                        cell: 0,
                    };
                    out.push(Row {
                        cells,
                        explicit: true,
                        origin,
                        trailing: 0,
                    });
                }
            }
        }
    }
    out
}

/// A template row waiting for (more of) its values.
struct Open {
    table: &'static str,
    row: &'static str,
    cols: Vec<(String, bool)>, // (cell id, derived)
    values: Vec<Cell>,
    label: String,
    origin: Origin,
}

struct Walker<'f> {
    form: &'f Form,
    words: crate::page::Words,
    section: Option<&'static str>,
    ended: bool,
    pending_label: Vec<String>,
    open: Option<Open>,
    out: Extracted,
    cells: Vec<(String, CellValue)>,
    /// The last template row placed: (table, row key).
    placed: Option<(&'static str, &'static str)>,
    /// Label fragments on lines of their own just after the current row (PDF text puts a cut
    /// label below the values it names), for the template-order check.
    ahead: Vec<String>,
    /// Rows of the current table a label line has named and that are not read yet.
    named: Vec<&'static str>,
    /// Each table's template rows in order: (table, [(row key, normalised label)]).
    templates: Vec<(&'static str, Vec<(&'static str, String)>)>,
    /// (table, five characters of a row label) → the one row of that table whose label has
    /// them, or None when several do.
    pieces: std::collections::HashMap<(&'static str, String), Option<&'static str>>,
    /// Rows with a value read: (table, row).
    read: Vec<(&'static str, &'static str)>,
    /// A row of values was left unplaced since the last row placed by a label on its own line:
    /// which label lines belong to which values is then uncertain until the next such row.
    orphan: bool,
}

impl<'f> Walker<'f> {
    fn new(form: &'f Form) -> Self {
        Walker {
            form,
            words: crate::page::Words::new(form),
            section: None,
            ended: false,
            pending_label: Vec::new(),
            open: None,
            out: Extracted::default(),
            cells: Vec::new(),
            placed: None,
            ahead: Vec::new(),
            named: Vec::new(),
            orphan: false,
            templates: form
                .def
                .tables
                .iter()
                .map(|t| {
                    (
                        t.key,
                        t.shape
                            .rows_with_cols()
                            .iter()
                            .map(|(r, _)| (r.key, normalise(r.label.zh)))
                            .collect(),
                    )
                })
                .collect(),
            pieces: std::collections::HashMap::new(),
            read: Vec::new(),
        }
        .indexed()
    }

    /// Fills `pieces` from `templates`.
    fn indexed(mut self) -> Self {
        for (table, rows) in &self.templates {
            for (key, label) in rows {
                let chars: Vec<char> = label.chars().collect();
                for w in chars.windows(5) {
                    let entry = self
                        .pieces
                        .entry((*table, w.iter().collect()))
                        .or_insert(Some(*key));
                    if *entry != Some(*key) {
                        *entry = None;
                    }
                }
            }
        }
        self
    }

    fn run(mut self, rows: &[Row]) -> Extracted {
        title(rows, &mut self.out.report);
        let has_values = |r: &Row| {
            r.cells
                .iter()
                .any(|c| matches!(classify(&c.text), Tok::Value | Tok::Dash))
        };
        for (k, row) in rows.iter().enumerate() {
            // For a row of values alone: the label-only lines that follow it.
            self.ahead.clear();
            if self.section.is_some()
                && has_values(row)
                && !row.cells.iter().any(|c| classify(&c.text) == Tok::Label)
            {
                self.ahead = rows
                    .iter()
                    .skip(k + 1)
                    .take(12)
                    .take_while(|r| !has_values(r))
                    .map(|r| texts(r.cells.iter(), ""))
                    .collect();
            }
            self.row(row);
        }
        self.close_open();
        self.out.report.form = Some(self.form.id().to_string());
        self.out.report.cells = Pairs(std::mem::take(&mut self.cells));
        self.out
    }

    fn heading(&mut self, text: &str) -> bool {
        let n = normalise(text);
        if n.chars().count() > 40 {
            return false;
        }
        let next = if n.contains("主动公开政府信息情况") {
            Some(Some("t2"))
        } else if n.contains("收到和处理政府信息公开申请情况") {
            Some(Some("t3"))
        } else if n.contains("行政复议") && n.contains("行政诉讼") && n.contains("情况") {
            Some(Some("t4"))
        } else if self.section.is_some()
            && (n.contains("存在的主要问题") || n.contains("其他需要报告的事项"))
        {
            Some(None)
        } else {
            None
        };
        match next {
            Some(s) => {
                self.close_open();
                self.pending_label.clear();
                self.out.tables |= s.is_some();
                self.named.clear();
                self.orphan = false;
                if s.is_none() {
                    self.ended = true;
                }
                self.section = s;
                true
            }
            None => false,
        }
    }

    fn row(&mut self, row: &Row) {
        let toks: Vec<Tok> = row.cells.iter().map(|c| classify(&c.text)).collect();
        let labels: Vec<&Cell> = row
            .cells
            .iter()
            .zip(&toks)
            .filter(|(_, t)| **t == Tok::Label)
            .map(|(c, _)| c)
            .collect();
        let blank = !toks.iter().any(|t| matches!(t, Tok::Value | Tok::Dash));
        if blank && !self.blank_row(row, &toks, &labels) {
            return self.label_line(row, &labels);
        }
        let Some(table) = self.section else {
            if !self.ended {
                let text: String = texts(row.cells.iter(), " ");
                self.out.narrative.push((row.origin, text));
            }
            return;
        };
        // Values after the last label cell.
        let last_label = toks.iter().rposition(|t| *t == Tok::Label);
        let mut values: Vec<Cell> = row
            .cells
            .iter()
            .skip(last_label.map_or(0, |i| i + 1))
            .cloned()
            .collect();
        if blank {
            // A row left blank: its trailing tabs are its cells too.
            values.extend((0..row.trailing).map(|_| Cell {
                text: String::new(),
                origin: row.origin,
            }));
        }
        let label: String = texts(labels.iter().copied(), " ");
        if self.open_for_values(table, row, &labels, label, &values) {
            self.take_values(row, values);
        }
    }

    /// Whether an explicit row (tab-separated, an HTML row) is a template row left blank: label
    /// cells whose last one names the row by itself (a header of sibling labels, 行政复议 …
    /// 行政诉讼, names none), then nothing but empty cells (its trailing tabs included), at least
    /// as many as the row has columns. Its empty cells are then the row's values, stated blanks,
    /// rather than a label whose values follow. A table's own headings (第二十条第（五）项,
    /// 信息内容, 申请人情况) are never one.
    fn blank_row(&self, row: &Row, toks: &[Tok], labels: &[&Cell]) -> bool {
        const HEADINGS: &[&str] = &["第二十条", "信息内容", "申请人情况"];
        let (Some(table), true) = (self.section, row.explicit) else {
            return false;
        };
        let (Some(last), Some(named)) =
            (toks.iter().rposition(|t| *t == Tok::Label), labels.last())
        else {
            return false;
        };
        if labels
            .iter()
            .any(|c| HEADINGS.iter().any(|h| c.text.trim_start().starts_with(h)))
        {
            return false;
        }
        let blanks = toks.len() - last - 1 + row.trailing;
        let own: Vec<String> = labels.iter().map(|c| c.text.clone()).collect();
        match (
            self.start(table, &own),
            self.start(table, std::slice::from_ref(&named.text)),
        ) {
            (Some(open), Some(alone)) => {
                open.row == alone.row && blanks >= open.cols.len() && !self.is_read(table, open.row)
            }
            _ => false,
        }
    }

    /// A line of labels only: a heading, narrative, or a row's label (its values follow).
    fn label_line(&mut self, row: &Row, labels: &[&Cell]) {
        let text: String = texts(labels.iter().copied(), " ");
        if text.is_empty() {
            return;
        }
        if self.heading(&text) {
            return;
        }
        match self.section {
            None => self.out.narrative.push((row.origin, text)),
            Some(table) => {
                // A label alone: a row whose values follow (one cell per line), a header,
                // or part of a label broken over lines.
                let own: Vec<String> = labels.iter().map(|c| c.text.clone()).collect();
                let joined = vec![self.pending_label.concat() + &text];
                let waiting = self.open.as_ref().is_some_and(|o| o.values.is_empty());
                self.name(self.names(table, &text));
                let started = self
                    .start(table, &own)
                    .or_else(|| self.start(table, &joined));
                if started.as_ref().is_some_and(|o| self.is_read(table, o.row)) {
                    // The label of a row already read (PDF text printed it below its values).
                    self.pending_label.clear();
                } else if let Some(open) = started {
                    if waiting {
                        self.open = None; // it was a heading of the rows below
                    }
                    self.close_open();
                    self.name(Some(open.row));
                    self.open = Some(Open {
                        origin: row.origin,
                        ..open
                    });
                    self.pending_label.clear();
                } else if waiting && self.is_column_header(table, &text) {
                    // Column headers after a group label: the group was a header too.
                    self.open = None;
                } else if waiting {
                    if let Some(o) = self.open.as_mut() {
                        o.label.push_str(&text);
                    }
                } else {
                    self.pending_label.push(text);
                    if self.pending_label.len() > 4 {
                        self.pending_label.remove(0);
                    }
                }
            }
        }
    }

    /// Which row a line of values belongs to (`label`: the line's own label cells, joined);
    /// false when none (noted as an extra row).
    fn open_for_values(
        &mut self,
        table: &'static str,
        row: &Row,
        labels: &[&Cell],
        label: String,
        values: &[Cell],
    ) -> bool {
        let count = values
            .iter()
            .filter(|c| classify(&c.text) != Tok::Blank)
            .count();
        let t4_waiting = self
            .open
            .as_ref()
            .map_or(true, |o| o.values.is_empty() && !o.row.is_empty());
        if table == "t4" && label.is_empty() && (count >= 12 || self.open.is_none()) && t4_waiting {
            // Table 四 in the template's layout: one line of all its values, no label.
            self.open = None;
            self.pending_label.clear();
            self.open = self.whole_table("t4", row.origin);
        } else if !label.is_empty() {
            // Its own label, else (a fragment: the rest of a label cut over lines) the next row
            // of the template when fragments name it; never the row a concatenation of
            // fragments of several rows happens to match.
            let own: Vec<String> = labels.iter().map(|c| c.text.clone()).collect();
            self.name(self.names(table, &label));
            let mine = self
                .start(table, &own)
                .filter(|o| !self.is_read(table, o.row));
            if mine.is_some() {
                self.orphan = false; // a label and its values on one line: certain again
            }
            let open = mine.or_else(|| self.in_order(table));
            self.pending_label.clear();
            match open {
                Some(open) => {
                    self.close_open();
                    self.open = Some(Open {
                        origin: row.origin,
                        ..open
                    });
                }
                None => {
                    self.close_open();
                    self.note(Rule::ExtraRow, Vec::new(), label, row.origin);
                    self.orphan = true;
                    return false;
                }
            }
        } else if self.open.is_none() {
            // Values under a label cut into fragments on lines of their own: placed by the
            // template's order, when the fragments agree (joining fragments of several rows
            // names the wrong one).
            if let Some(open) = self.in_order(table) {
                self.open = Some(Open {
                    origin: row.origin,
                    ..open
                });
            }
            self.pending_label.clear();
        } else if self.orphan
            && self
                .open
                .as_ref()
                .is_some_and(|o| o.values.is_empty() && !o.row.is_empty())
        {
            // The label line may name the values left unplaced above as well as these.
            self.open = None;
        } else if self
            .open
            .as_ref()
            .is_some_and(|o| o.values.is_empty() && !o.row.is_empty())
        {
            // A row opened by a label line of its own, later in the template than the next row:
            // when that next row was named too (its label cut into fragments above), these
            // values are its own. PDF text prints the labels of several rows before their values.
            if let Some(open) = self.in_order(table).filter(|e| {
                self.open
                    .as_ref()
                    .is_some_and(|o| o.row != e.row && self.after(table, o.row, e.row))
            }) {
                self.open = Some(Open {
                    origin: row.origin,
                    ..open
                });
            }
        }
        if self.open.is_none() {
            let text: String = texts(row.cells.iter(), " ");
            self.note(Rule::ExtraRow, Vec::new(), text, row.origin);
            self.orphan = true;
            return false;
        }
        true
    }

    /// The values of a line added to the open row, which is read once it has them all.
    fn take_values(&mut self, row: &Row, mut values: Vec<Cell>) {
        let Some(open) = self.open.as_mut() else {
            return;
        };
        if !row.explicit {
            values.retain(|c| classify(&c.text) != Tok::Blank);
        }
        open.values.extend(values);
        let want = open.cols.len();
        // Trailing blanks are spacing; leading blanks too while there are more cells than columns.
        while open.values.len() > want
            && open
                .values
                .last()
                .is_some_and(|c| classify(&c.text) == Tok::Blank)
        {
            open.values.pop();
        }
        while open.values.len() > want
            && open
                .values
                .first()
                .is_some_and(|c| classify(&c.text) == Tok::Blank)
        {
            open.values.remove(0);
        }
        if open.values.len() >= want || row.explicit {
            self.close_open();
        }
    }

    /// The template row of `table` named by `labels` (the row's label cells, nearest the values
    /// first: "1.属于国家秘密" before "（三）不予公开").
    fn start(&self, table: &'static str, labels: &[String]) -> Option<Open> {
        let texts: Vec<String> = labels
            .iter()
            .rev()
            .map(|l| normalise(l))
            .filter(|l| !l.is_empty())
            .collect();
        let (_, row) = self.words.find(&texts, table, "row", None)?;
        let mut open = self.start_row(table, row)?;
        open.label = labels.join(" ");
        Some(open)
    }

    /// An open row for `row` of `table`, with its columns.
    fn start_row(&self, table: &'static str, row: &'static str) -> Option<Open> {
        let t = self.form.def.tables.iter().find(|t| t.key == table)?;
        let (_, cols) = t
            .shape
            .rows_with_cols()
            .into_iter()
            .find(|(r, _)| r.key == row)?;
        let cols: Vec<(String, bool)> = cols
            .iter()
            .map(|c| {
                let id = format!("{table}.{row}.{}", c.key);
                let derived = self
                    .form
                    .lookup(&id)
                    .and_then(|i| self.form.cell(i))
                    .is_some_and(|c| c.derived);
                (id, derived)
            })
            .collect();
        Some(Open {
            table,
            row,
            cols,
            values: Vec::new(),
            label: String::new(),
            origin: Origin::Line(0),
        })
    }

    /// The template rows of `table` in order: (key, normalised label).
    fn template_rows(&self, table: &str) -> &[(&'static str, String)] {
        self.templates
            .iter()
            .find(|(t, _)| *t == table)
            .map_or(&[], |(_, rows)| rows.as_slice())
    }

    /// The one row of `table` a label fragment names: five characters in a row that are in its
    /// label and in no other.
    fn names(&self, table: &'static str, fragment: &str) -> Option<&'static str> {
        let f: Vec<char> = normalise(fragment).chars().collect();
        let mut found: Option<&'static str> = None;
        for w in f.windows(5) {
            if let Some(Some(key)) = self.pieces.get(&(table, w.iter().collect::<String>())) {
                if found.is_some_and(|k| k != *key) {
                    return None; // it names two rows: no single one
                }
                found = Some(key);
            }
        }
        found
    }

    /// Notes that a label line named `row` (once).
    fn name(&mut self, row: Option<&'static str>) {
        if let Some(r) = row.filter(|r| !self.named.contains(r)) {
            self.named.push(r);
        }
    }

    /// Whether a value of `row` was read already.
    fn is_read(&self, table: &str, row: &str) -> bool {
        !row.is_empty() && self.read.iter().any(|(t, r)| *t == table && *r == row)
    }

    /// Whether row `a` comes after row `b` in the template of `table`.
    fn after(&self, table: &str, a: &str, b: &str) -> bool {
        let rows = self.template_rows(table);
        let at = |k: &str| rows.iter().position(|(r, _)| *r == k);
        matches!((at(a), at(b)), (Some(x), Some(y)) if x > y)
    }

    /// A row of values without a label of its own (PDF text cut its label into fragments on
    /// other lines): the template row after the last one placed, when a fragment nearby (the
    /// lines before it since that row, or the label-only lines just after it) names that row and
    /// no other. Order and label must agree; otherwise the values are reported, never placed.
    fn in_order(&self, table: &'static str) -> Option<Open> {
        let rows = self.template_rows(table);
        let next = match self.placed {
            Some((pt, pr)) if pt == table => rows.iter().position(|(k, _)| *k == pr)? + 1,
            _ => 0,
        };
        let (key, label) = rows.get(next)?;
        if self.is_read(table, key) || self.orphan {
            return None; // already read (order and text disagree), or uncertain
        }
        let named = self.named.contains(key)
            || self
                .pending_label
                .iter()
                .chain(&self.ahead)
                .any(|f| self.names(table, f) == Some(*key));
        if !named {
            return None;
        }
        let mut open = self.start_row(table, key)?;
        open.label = label.clone();
        Some(open)
    }

    /// Column headings of `table` and nothing else ("结果维持", "结果纠正 其他结果 总计").
    fn is_column_header(&self, table: &str, text: &str) -> bool {
        let mut rest = normalise(text);
        let mut any = false;
        while let Some((_, key)) = self
            .words
            .find(std::slice::from_ref(&rest), table, "col", None)
        {
            let before = rest.len();
            for w in self.words.words_of(table, "col", key) {
                rest = rest.replace(w.as_str(), "");
            }
            any = true;
            if rest.len() == before {
                break;
            }
        }
        any && rest.is_empty()
    }

    /// Every cell of a grid table, row after row (table 四's single line of values).
    fn whole_table(&self, table: &'static str, origin: Origin) -> Option<Open> {
        let t = self.form.def.tables.iter().find(|t| t.key == table)?;
        let Shape::Grid { cols, .. } = t.shape else {
            return None;
        };
        let mut all = Vec::new();
        for r in t.shape.grid_rows() {
            for c in cols {
                let id = format!("{table}.{}.{}", r.key, c.key);
                let derived = self
                    .form
                    .lookup(&id)
                    .and_then(|i| self.form.cell(i))
                    .is_some_and(|c| c.derived);
                all.push((id, derived));
            }
        }
        Some(Open {
            table,
            row: "",
            cols: all,
            values: Vec::new(),
            label: String::new(),
            origin,
        })
    }

    fn close_open(&mut self) {
        let Some(open) = self.open.take() else { return };
        let _ = (open.table, open.row);
        if open.values.is_empty() {
            return;
        }
        let n = open.values.len();
        let inputs: Vec<&(String, bool)> = open.cols.iter().filter(|(_, d)| !d).collect();
        // Every column, or (table 四's one line, which some reports give without its totals)
        // every input column; anything else cannot be placed with certainty.
        let targets: Vec<&(String, bool)> = if n == open.cols.len() {
            open.cols.iter().collect()
        } else if open.row.is_empty() && n == inputs.len() {
            inputs
        } else {
            let text = texts(open.values.iter(), " ");
            let cells = open
                .cols
                .iter()
                .filter(|(_, d)| !d)
                .map(|(id, _)| id.clone())
                .collect();
            self.note(
                Rule::Unplaced,
                cells,
                format!("{} {}", open.label, text).trim().to_string(),
                open.origin,
            );
            return;
        };
        // Table 四's line of values is the last of the tables: what follows is text again.
        if open.row.is_empty() {
            self.section = None;
        }
        if !open.row.is_empty() {
            self.placed = Some((open.table, open.row));
            self.read.push((open.table, open.row));
            self.named.retain(|r| *r != open.row);
        }
        for ((id, _), cell) in targets.into_iter().zip(open.values) {
            let tok = classify(&cell.text);
            let value = match tok {
                Tok::Blank => CellValue::Null,
                Tok::Dash => {
                    self.note(
                        Rule::DashAsZero,
                        vec![id.clone()],
                        cell.text.clone(),
                        cell.origin,
                    );
                    CellValue::Text("0".into())
                }
                _ => CellValue::Text(cell.text.clone()),
            };
            self.cells.push((id.clone(), value));
            self.out.sources.push((id.clone(), cell.origin));
        }
    }

    fn note(&mut self, rule: Rule, cells: Vec<String>, actual: String, origin: Origin) {
        self.out.notes.push(Note {
            rule,
            cells,
            actual,
            origin,
        });
    }
}

/// Year and agency from the title: "虎林市迎春镇人民政府 2023 年政府信息公开工作年度报告".
fn title(rows: &[Row], report: &mut Report) {
    let lines: Vec<String> = rows
        .iter()
        .take(8)
        .map(|r| texts(r.cells.iter(), ""))
        .collect();
    for k in 0..lines.len() {
        let joined: String = lines
            .iter()
            .skip(k)
            .take(3)
            .map(|l| l.trim_start_matches('#').trim())
            .collect::<Vec<_>>()
            .join("");
        let compact: String = joined.chars().filter(|c| !c.is_whitespace()).collect();
        let Some(at) = crate::page::find(&compact, "政府信息公开") else {
            continue;
        };
        let head = compact.get(..at).unwrap_or("");
        // The last 4-digit run followed by 年 in the head is the year.
        let chars: Vec<char> = head.chars().collect();
        let mut found = None;
        for i in 0..chars.len().saturating_sub(4) {
            let digits: String = chars[i..i + 4].iter().collect();
            if digits.chars().all(|c| c.is_ascii_digit())
                && chars.get(i + 4) == Some(&'年')
                && (i == 0 || !chars[i - 1].is_ascii_digit())
            {
                found = Some((i, digits));
            }
        }
        if let Some((i, digits)) = found {
            report.year = digits.parse().ok();
            // The agency stands before the year ("某镇人民政府 2023 年…") or after it
            // ("2025 年上海市人民政府办公厅政府信息公开…"); a page label such as 正文 is neither.
            let before: String = chars[..i].iter().collect();
            let after: String = chars
                .get(i + 5..)
                .unwrap_or(&[])
                .iter()
                .collect::<String>()
                .trim_start_matches('度')
                .to_string();
            report.agency = organisation(&before).or_else(|| organisation(&after));
            break;
        }
    }
    // Metadata of a government web page (发布机构：…) wins; else a line of its own near the title
    // that is an organisation's name (titles over several lines).
    let metadata = rows.iter().take(60).find_map(|r| {
        let text: String = r
            .cells
            .iter()
            .map(|c| c.text.as_str())
            .collect::<Vec<_>>()
            .join("");
        let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        compact
            .strip_prefix("发布机构")
            .and_then(|v| organisation(v.trim_start_matches(['：', ':'])))
    });
    let own_line = || {
        lines.iter().find_map(|l| {
            let compact: String = l.chars().filter(|c| !c.is_whitespace()).collect();
            (crate::page::find(&compact, "报告").is_none() && compact.chars().count() <= 30)
                .then(|| organisation(&compact))
                .flatten()
        })
    };
    if let Some(a) = metadata.or_else(|| report.agency.take()).or_else(own_line) {
        report.agency = Some(a);
    }
}

/// The agency as the first paragraphs name it: 「本报告由某县某局根据…编制」, 「2023年，某镇在…」,
/// 「某局坚持…」 — only a name that ends with its organisational word.
fn first_paragraph(narrative: &[(Origin, String)]) -> Option<String> {
    const AFTER: &[&str] = &[
        "根据", "依据", "按照", "编制", "在", "坚持", "认真", "深入", "全面", "紧紧", "围绕", "以",
        "始终", "持续",
    ];
    for (_, line) in narrative.iter().take(6) {
        let compact: String = line.chars().filter(|c| !c.is_whitespace()).collect();
        let mut rest = compact.as_str();
        if let Some(i) = crate::page::find(rest, "本报告由") {
            rest = &rest[i + "本报告由".len()..];
        } else if let Some(i) = rest.find("年，").filter(|&i| i <= 8) {
            rest = &rest[i + "年，".len()..];
        }
        // The shortest name ending at one of the words that follow a subject.
        let Some(cut) = AFTER
            .iter()
            .filter_map(|w| rest.find(w))
            .filter(|&i| i > 0)
            .min()
        else {
            continue;
        };
        if let Some(name) = organisation(&rest[..cut]) {
            return Some(name);
        }
    }
    None
}

/// Words an agency's name ends with.
const ORGANISATIONS: &[&str] = &[
    "人民政府",
    "政府",
    "办公室",
    "办公厅",
    "办事处",
    "委员会",
    "管委会",
    "局",
    "厅",
    "委",
    "院",
    "部",
    "署",
    "所",
    "馆",
    "中心",
    "街道",
    "镇",
    "乡",
    "区",
    "县",
    "市",
];

/// `text` as an agency's name: the value of a label (标题：…) if it is one, and only when it ends
/// with an organisation word (never a sentence fragment).
fn organisation(text: &str) -> Option<String> {
    let name = text
        .rsplit(['：', ':'])
        .next()
        .unwrap_or(text)
        .trim()
        .trim_start_matches('#')
        .trim();
    let ok = !name.is_empty()
        && name.chars().count() <= 30
        && !name.contains(['，', '。', '、', ',', ' '])
        && ORGANISATIONS.iter().any(|w| name.ends_with(w));
    ok.then(|| name.to_string())
}

/// Crawled page text whose table cells ran together (`…1.属于国家秘密40000042.其他法律…`):
/// rows are found by their labels in the template's order, and the digits between a label and
/// the next are split into the row's cells only where exactly one split satisfies the row's
/// own rule (a total equal to the sum of its parts; for a row without one, one digit per
/// column, or its only column). Anything else is reported, never guessed.
fn run_together(form: &Form, input: &str, out: &mut Extracted) {
    const T3: &str = "收到和处理政府信息公开申请情况";
    let Some((n, line)) = input
        .lines()
        .enumerate()
        .filter(|(_, l)| normalise(l).contains(T3))
        .max_by_key(|(_, l)| l.len())
    else {
        return;
    };
    let text = normalise(line);
    let line_no = n + 1;
    let at = |needle: &str, from: usize| at(&text, needle, from);
    let last_before =
        |needle: &str, before: usize| text.get(..before).and_then(|t| t.rfind(needle));
    // The headings as tables have them, not as the introduction lists the six parts: the last
    // one before the table's first row.
    let Some(first_t2) = at("本年制发件数", 0).or_else(|| at("本年新制作数量", 0))
    else {
        return;
    };
    let Some(first_t3) = at("本年新收政府信息公开申请数量", first_t2) else {
        return;
    };
    let (Some(t2), Some(t3)) = (
        last_before("主动公开政府信息情况", first_t2),
        last_before(T3, first_t3),
    ) else {
        return;
    };
    let t4 = at("结转下年度继续办理", first_t3)
        .and_then(|i| at("行政复议", i))
        .unwrap_or(text.len());
    let end = at("存在的主要问题", t4).unwrap_or(text.len());
    out.tables = true;
    let mut pending = found_in(form, &text, "t2", t2, t3);
    pending.extend(found_in(form, &text, "t3", t3, t4));
    place_found(form, pending, line_no, out);
    table_four(form, text.get(t4..end).unwrap_or(""), line_no, out);
}

/// The rows of `table` whose labels are found in `text[from..to]`, in the template's order,
/// each with the ways its digits can be split into its columns.
fn found_in(form: &Form, text: &str, table: &'static str, from: usize, to: usize) -> Vec<Found> {
    let Some(def) = form.def.tables.iter().find(|t| t.key == table) else {
        return Vec::new();
    };
    let at = |needle: &str, from: usize| at(text, needle, from);
    let mut pending = Vec::new();
    // (row, its label, its columns, whether its last column is the sum of the others)
    let sum = matches!(def.shape, Shape::Grid { .. });
    let rows: Vec<(&'static str, String, &'static [crate::form::ColDef], bool)> = def
        .shape
        .rows_with_cols()
        .into_iter()
        .map(|(r, cols)| (r.key, normalise(r.label.zh), cols, sum))
        .collect();
    // Where each row's label is, in order.
    let mut found: Vec<(usize, usize, usize)> = Vec::new(); // (row index, label start, label end)
    let mut pos = from;
    for (k, (_, label, _, _)) in rows.iter().enumerate() {
        // The template's label, else its first five characters (reports spell some rows
        // out: 「1.申请人无正当理由逾期不补正、…」 for 「1.申请人逾期不补正」).
        let head: String = label.chars().take(5).collect();
        let hit = at(label, pos).map(|i| (i, label.len())).or_else(|| {
            (head.chars().count() == 5)
                .then(|| at(&head, pos).map(|i| (i, head.len())))
                .flatten()
        });
        if let Some((i, len)) = hit.filter(|&(i, _)| i < to) {
            found.push((k, i, i + len));
            pos = i + len;
        }
    }
    for (j, &(k, _, label_end)) in found.iter().enumerate() {
        let next = found.get(j + 1).map_or(to, |f| f.1);
        let between = text.get(label_end..next).unwrap_or("");
        let (key, label, cols, sum) = &rows[k];
        let money = cols.iter().any(|c| c.kind == crate::form::Kind::Money);
        // The last run of digits before the next label (a label's own remainder and the
        // group heading of the next rows come between).
        let digits = last_digits(between, money);
        if digits.is_empty() {
            continue;
        }
        let cands: Vec<Vec<String>> = if cols.len() == 1 {
            vec![vec![digits.clone()]]
        } else if *sum {
            splits(&digits, cols.len(), 64)
        } else if digits.chars().count() == cols.len() {
            vec![digits.chars().map(String::from).collect()]
        } else {
            Vec::new()
        };
        let by = if cols.len() == 1 {
            "its only column"
        } else if *sum {
            "its row total"
        } else {
            "one digit per column"
        };
        pending.push(Found {
            table,
            row: key,
            cols: cols.iter().map(|c| c.key).collect(),
            splits: cands,
            by,
            text: format!("{label} {digits}"),
        });
    }
    pending
}

/// The last run of digits in `between` (with a decimal point for money).
fn last_digits(between: &str, money: bool) -> String {
    let Some(end) = between.rfind(|c: char| c.is_ascii_digit()) else {
        return String::new();
    };
    let head = between.get(..=end).unwrap_or("");
    let run = head
        .chars()
        .rev()
        .take_while(|c| c.is_ascii_digit() || (money && *c == '.'))
        .count();
    head.chars().skip(head.chars().count() - run).collect()
}

/// Byte position of `needle` in `text` at or after `from`.
fn at(text: &str, needle: &str, from: usize) -> Option<usize> {
    text.get(from..)
        .and_then(|t| t.find(needle))
        .map(|i| i + from)
}

/// The rows found, placed when one split of their digits remains, else reported.
fn place_found(form: &Form, pending: Vec<Found>, line_no: usize, out: &mut Extracted) {
    // Rows with several splits: the column totals of table 三 decide, when exactly one choice
    // makes every results total hold.
    let settled = settle_by_columns(form, &pending);
    for (
        k,
        Found {
            table,
            row: key,
            cols,
            splits: cands,
            by,
            text,
        },
    ) in pending.into_iter().enumerate()
    {
        let (values, by) = match (
            cands.len(),
            settled.as_ref().and_then(|s| s.get(k).cloned().flatten()),
        ) {
            (1, _) => (cands.into_iter().next(), by),
            (n, Some(i)) if n > 1 => (
                cands.into_iter().nth(i),
                "its row total and the column totals",
            ),
            _ => (None, by),
        };
        match values {
            Some(values) => {
                for (col, v) in cols.iter().zip(values) {
                    let id = format!("{table}.{key}.{col}");
                    out.report.cells.0.push((id.clone(), CellValue::Text(v)));
                    out.sources.push((id, Origin::Split { line: line_no, by }));
                }
            }
            None => out.notes.push(Note {
                rule: Rule::Unplaced,
                cells: cols.iter().map(|c| format!("{table}.{key}.{c}")).collect(),
                actual: text,
                origin: Origin::Line(line_no),
            }),
        }
    }
}

/// Table 四: one run of digits after its headings; three groups whose last is the sum.
fn table_four(form: &Form, t4_text: &str, line_no: usize, out: &mut Extracted) {
    let run: String = t4_text
        .chars()
        .skip_while(|c| !c.is_ascii_digit())
        .take_while(|c| c.is_ascii_digit())
        .collect();
    if let Some(def) = form.def.tables.iter().find(|t| t.key == "t4") {
        if let Shape::Grid { cols, .. } = def.shape {
            let groups = def.shape.grid_rows();
            if let Some(values) = unique_groups(&run, groups.len(), cols.len()) {
                for (g, chunk) in groups.iter().zip(values.chunks(cols.len())) {
                    for (c, v) in cols.iter().zip(chunk) {
                        let id = format!("t4.{}.{}", g.key, c.key);
                        out.report
                            .cells
                            .0
                            .push((id.clone(), CellValue::Text(v.clone())));
                        out.sources.push((
                            id,
                            Origin::Split {
                                line: line_no,
                                by: "the sum of each group",
                            },
                        ));
                    }
                }
            } else if !run.is_empty() {
                out.notes.push(Note {
                    rule: Rule::Unplaced,
                    cells: Vec::new(),
                    actual: run.clone(),
                    origin: Origin::Line(line_no),
                });
            }
        }
    }
}

/// A row found in run-together text: its columns, the splits of its digits that satisfy its
/// rule (`by`), and the row as found (for the report when none or several remain).
struct Found {
    table: &'static str,
    row: &'static str,
    cols: Vec<&'static str>,
    splits: Vec<Vec<String>>,
    by: &'static str,
    text: String,
}

/// The ways (up to `cap`) to cut `digits` into `n` numbers (no leading zeros) whose last is the
/// sum of the others.
fn splits(digits: &str, n: usize, cap: usize) -> Vec<Vec<String>> {
    let mut found: Vec<Vec<String>> = Vec::new();
    split_into(digits.as_bytes(), n, &mut Vec::new(), &mut found, cap);
    found
}

fn split_into(
    rest: &[u8],
    n: usize,
    parts: &mut Vec<u64>,
    found: &mut Vec<Vec<String>>,
    cap: usize,
) {
    if found.len() >= cap {
        return;
    }
    if parts.len() == n - 1 {
        // The total: exactly the rest, equal to the sum.
        let sum: u64 = parts.iter().sum();
        if rest == sum.to_string().as_bytes() {
            let mut all: Vec<String> = parts.iter().map(u64::to_string).collect();
            all.push(sum.to_string());
            found.push(all);
        }
        return;
    }
    for len in 1..=rest.len().min(9) {
        let piece = &rest[..len];
        if len > 1 && piece[0] == b'0' {
            break;
        }
        let Some(v) = std::str::from_utf8(piece)
            .ok()
            .and_then(|p| p.parse::<u64>().ok())
        else {
            break;
        };
        parts.push(v);
        split_into(&rest[len..], n, parts, found, cap);
        parts.pop();
    }
}

/// For the rows of table 三 with several splits: the one choice per row (index into its
/// splits) under which every column's results total is the sum of its result rows, when
/// exactly one choice does and every result row is known; None otherwise.
fn settle_by_columns(form: &Form, rows: &[Found]) -> Option<Vec<Option<usize>>> {
    let t3: Vec<usize> = (0..rows.len()).filter(|&k| rows[k].table == "t3").collect();
    let ambiguous: Vec<usize> = t3
        .iter()
        .copied()
        .filter(|&k| rows[k].splits.len() > 1)
        .collect();
    if ambiguous.is_empty() || t3.iter().any(|&k| rows[k].splits.is_empty()) {
        return None;
    }
    let def = form.def.tables.iter().find(|t| t.key == "t3")?;
    let all_rows = def.shape.grid_rows();
    let results: Vec<&'static str> = all_rows
        .iter()
        .map(|r| r.key)
        .filter(|k| !["new", "carried_in", "results_total", "carried_out"].contains(k))
        .collect();
    if results
        .iter()
        .chain(&["results_total"])
        .any(|r| !t3.iter().any(|&k| rows[k].row == *r))
    {
        return None; // a row not found: the columns cannot be checked
    }
    let combos: usize = ambiguous.iter().map(|&k| rows[k].splits.len()).product();
    if combos > 4096 {
        return None;
    }
    let value = |k: usize, choice: &[usize], col: usize| -> u64 {
        let i = ambiguous
            .iter()
            .position(|&a| a == k)
            .map_or(0, |p| choice[p]);
        rows[k].splits[i]
            .get(col)
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
    };
    let row_of = |key: &str| t3.iter().copied().find(|&k| rows[k].row == key);
    let mut hits: Vec<Vec<usize>> = Vec::new();
    let mut choice = vec![0usize; ambiguous.len()];
    for n in 0..combos {
        let mut m = n;
        for (p, &k) in ambiguous.iter().enumerate() {
            choice[p] = m % rows[k].splits.len();
            m /= rows[k].splits.len();
        }
        let total = row_of("results_total")?;
        let holds = (0..7).all(|col| {
            results
                .iter()
                .filter_map(|r| row_of(r))
                .map(|k| value(k, &choice, col))
                .sum::<u64>()
                == value(total, &choice, col)
        });
        if holds {
            hits.push(choice.clone());
            if hits.len() > 1 {
                return None;
            }
        }
    }
    let one = hits.pop()?;
    Some(
        (0..rows.len())
            .map(|k| ambiguous.iter().position(|&a| a == k).map(|p| one[p]))
            .collect(),
    )
}

/// `groups` groups of `n` numbers each whose last is the sum of the others, cut from `digits`
/// in the one way possible; None otherwise.
fn unique_groups(digits: &str, groups: usize, n: usize) -> Option<Vec<String>> {
    fn go(rest: &[u8], left: usize, n: usize, acc: &mut Vec<String>, found: &mut Vec<Vec<String>>) {
        if found.len() > 1 {
            return;
        }
        if left == 0 {
            if rest.is_empty() {
                found.push(acc.clone());
            }
            return;
        }
        // Every cut of one group, then the groups after it.
        for end in n..=rest.len() {
            let mut one = Vec::new();
            split_into(&rest[..end], n, &mut Vec::new(), &mut one, 2);
            for g in one {
                let k = acc.len();
                acc.extend(g);
                go(&rest[end..], left - 1, n, acc, found);
                acc.truncate(k);
            }
        }
    }
    let mut found = Vec::new();
    go(digits.as_bytes(), groups, n, &mut Vec::new(), &mut found);
    (found.len() == 1).then(|| found.pop()).flatten()
}

/// The texts of `cells` joined by `sep`.
fn texts<'c>(cells: impl Iterator<Item = &'c Cell>, sep: &str) -> String {
    cells.map(|c| c.text.as_str()).collect::<Vec<_>>().join(sep)
}

#[cfg(test)]
mod last_digits_tests {
    #[test]
    fn the_last_run_of_digits() {
        assert_eq!(
            super::last_digits("规章12 行政规范性文件 345 说明", false),
            "345"
        );
        assert_eq!(
            super::last_digits("收费 1.25万元 另计 24252.311082", true),
            "24252.311082"
        );
        assert_eq!(super::last_digits("1.23", false), "23");
        assert_eq!(super::last_digits("７ 全角不算", false), "");
        assert_eq!(super::last_digits("", true), "");
        assert_eq!(super::last_digits("9", false), "9");
    }
}
