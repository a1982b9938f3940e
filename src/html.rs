//! HTML tables → grids, tolerant of hand-written and Word-pasted markup: implied end tags,
//! unquoted attributes, entities, comments, `<script>`/`<style>`, nested tables.
//!
//! The browser wrapper builds the same [`Page`] from the DOM; both feed the label matcher
//! ([`crate::mapping`]), so the server and the browser map a page the same way.

/// One slot of a table grid after rowspan/colspan: the text of the cell covering it (a spanning
/// cell's text is repeated in every slot it covers) and the inputs it holds (only in the slot
/// where the cell starts).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Slot {
    pub text: String,
    pub inputs: Vec<u32>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Grid {
    pub rows: Vec<Vec<Slot>>,
}

/// An input of the page: its key (name, else id, else `#ordinal`) and an explicit cell
/// (`data-nianbao-cell`), if any.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Input {
    pub key: String,
    pub cell: Option<String>,
}

/// The tables of one form (or of a whole document without forms).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Page {
    pub tables: Vec<Grid>,
    pub inputs: Vec<Input>,
}

/// Input types that hold a number a person types.
pub fn is_number_input(kind: &str) -> bool {
    matches!(kind.to_ascii_lowercase().as_str(), "" | "text" | "number" | "tel" | "search")
}

/// The key the wrapper and the server use for an input: name, else id, else `#ordinal`; a key
/// already taken gets `#ordinal` appended.
pub fn input_key(name: &str, id: &str, ordinal: usize, taken: &mut Vec<String>) -> String {
    let base = if !name.is_empty() {
        name.to_string()
    } else if !id.is_empty() {
        id.to_string()
    } else {
        format!("#{ordinal}")
    };
    let key = if taken.contains(&base) { format!("{base}#{ordinal}") } else { base };
    taken.push(key.clone());
    key
}

#[derive(Default)]
struct RawCell {
    text: String,
    inputs: Vec<(String, String, Option<String>)>,
    rowspan: usize,
    colspan: usize,
}

#[derive(Default)]
struct RawTable {
    rows: Vec<Vec<RawCell>>,
    in_row: bool,
    in_cell: bool,
}

/// Reads every `<form>` of `html` (or the whole document when it has none) into pages.
pub fn pages(html: &str) -> Vec<Page> {
    let mut out = Vec::new();
    let mut tables: Vec<RawTable> = Vec::new(); // in start order
    let mut open: Vec<usize> = Vec::new(); // indices of open tables
    let mut in_form = false;
    let mut saw_form = false;
    let mut form_tables: Vec<usize> = Vec::new();
    let mut doc_tables: Vec<usize> = Vec::new();
    let mut skip_until: Option<&'static str> = None;

    let flush = |tables: &[RawTable], ids: &[usize], out: &mut Vec<Page>| {
        out.push(build_page(ids.iter().filter_map(|&i| tables.get(i))));
    };

    for tok in Tokens::new(html) {
        if let Some(end) = skip_until {
            if matches!(&tok, Tok::End(n) if n == end) {
                skip_until = None;
            }
            continue;
        }
        match tok {
            Tok::Text(t) => {
                if let Some(cell) = open.last().and_then(|&i| tables.get_mut(i)).and_then(current_cell) {
                    cell.text.push_str(&t);
                }
            }
            Tok::Start(name, attrs) => match name.as_str() {
                "script" | "style" | "textarea" | "select" | "title" => {
                    if name == "textarea" {
                        add_input(&mut tables, &open, &attrs, true);
                    }
                    skip_until = Some(match name.as_str() {
                        "script" => "script",
                        "style" => "style",
                        "textarea" => "textarea",
                        "select" => "select",
                        _ => "title",
                    });
                }
                "form" => {
                    in_form = true;
                    saw_form = true;
                    form_tables.clear();
                }
                "table" => {
                    tables.push(RawTable::default());
                    let i = tables.len() - 1;
                    open.push(i);
                    doc_tables.push(i);
                    if in_form {
                        form_tables.push(i);
                    }
                }
                "tr" => {
                    if let Some(t) = open.last().and_then(|&i| tables.get_mut(i)) {
                        t.rows.push(Vec::new());
                        t.in_row = true;
                        t.in_cell = false;
                    }
                }
                "td" | "th" => {
                    if let Some(t) = open.last().and_then(|&i| tables.get_mut(i)) {
                        if !t.in_row {
                            t.rows.push(Vec::new());
                            t.in_row = true;
                        }
                        let span = |k: &str| attr(&attrs, k).and_then(|v| v.trim().parse::<usize>().ok()).filter(|&v| v >= 1);
                        let cell = RawCell {
                            rowspan: span("rowspan").unwrap_or(1).min(1000),
                            colspan: span("colspan").unwrap_or(1).min(1000),
                            ..RawCell::default()
                        };
                        if let Some(row) = t.rows.last_mut() {
                            row.push(cell);
                        }
                        t.in_cell = true;
                    }
                }
                "input" => add_input(&mut tables, &open, &attrs, false),
                "br" | "p" | "div" => {
                    if let Some(cell) = open.last().and_then(|&i| tables.get_mut(i)).and_then(current_cell) {
                        cell.text.push(' ');
                    }
                }
                _ => {}
            },
            Tok::End(name) => match name.as_str() {
                "table" => {
                    open.pop();
                }
                "tr" | "tbody" | "thead" | "tfoot" => {
                    if let Some(t) = open.last().and_then(|&i| tables.get_mut(i)) {
                        t.in_row = false;
                        t.in_cell = false;
                    }
                }
                "td" | "th" => {
                    if let Some(t) = open.last().and_then(|&i| tables.get_mut(i)) {
                        t.in_cell = false;
                    }
                }
                "form" if in_form => {
                    in_form = false;
                    flush(&tables, &form_tables, &mut out);
                    form_tables.clear();
                }
                _ => {}
            },
        }
    }
    if in_form {
        flush(&tables, &form_tables, &mut out);
    }
    if !saw_form {
        flush(&tables, &doc_tables, &mut out);
    }
    out
}

fn current_cell(t: &mut RawTable) -> Option<&mut RawCell> {
    if !t.in_cell {
        return None;
    }
    t.rows.last_mut().and_then(|r| r.last_mut())
}

fn attr<'a>(attrs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    attrs.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
}

fn add_input(tables: &mut [RawTable], open: &[usize], attrs: &[(String, String)], textarea: bool) {
    if !textarea && !is_number_input(attr(attrs, "type").unwrap_or("")) {
        return;
    }
    if let Some(cell) = open.last().and_then(|&i| tables.get_mut(i)).and_then(current_cell) {
        let get = |k: &str| attr(attrs, k).unwrap_or("").to_string();
        let explicit = attr(attrs, "data-nianbao-cell").map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
        cell.inputs.push((get("name"), get("id"), explicit));
    }
}

fn build_page<'a>(tables: impl Iterator<Item = &'a RawTable>) -> Page {
    let mut page = Page::default();
    let mut taken = Vec::new();
    for t in tables {
        let mut grid: Vec<Vec<Option<Slot>>> = Vec::new();
        for (r, row) in t.rows.iter().enumerate() {
            let mut c = 0usize;
            for cell in row {
                while grid.get(r).and_then(|g| g.get(c)).is_some_and(Option::is_some) {
                    c += 1;
                }
                let mut inputs = Vec::new();
                for (name, id, explicit) in &cell.inputs {
                    let ordinal = page.inputs.len();
                    let key = input_key(name, id, ordinal, &mut taken);
                    page.inputs.push(Input { key, cell: explicit.clone() });
                    inputs.push(ordinal as u32);
                }
                let text = clean_text(&cell.text);
                for dr in 0..cell.rowspan {
                    for dc in 0..cell.colspan {
                        let (rr, cc) = (r + dr, c + dc);
                        while grid.len() <= rr {
                            grid.push(Vec::new());
                        }
                        if let Some(g) = grid.get_mut(rr) {
                            while g.len() <= cc {
                                g.push(None);
                            }
                            if let Some(slot) = g.get_mut(cc) {
                                let here = if dr == 0 && dc == 0 { inputs.clone() } else { Vec::new() };
                                *slot = Some(Slot { text: text.clone(), inputs: here });
                            }
                        }
                    }
                }
                c += cell.colspan;
            }
        }
        // Spans past the last real row do not make rows of their own.
        grid.truncate(t.rows.len());
        let rows = grid.into_iter().map(|r| r.into_iter().map(Option::unwrap_or_default).collect()).collect();
        page.tables.push(Grid { rows });
    }
    page
}

/// Byte position of `needle` in `hay`: a plain scan (needles here are a few bytes), which keeps
/// the general substring searcher and its panic formatting out of the wasm build.
pub fn find(hay: &str, needle: &str) -> Option<usize> {
    let n = needle.as_bytes();
    if n.is_empty() {
        return Some(0);
    }
    hay.as_bytes().windows(n.len()).position(|w| w == n)
}

/// Collapses runs of whitespace (including U+3000 and NBSP) to one space and trims.
pub fn clean_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        if c.is_whitespace() {
            space = true;
        } else {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.push(c);
        }
    }
    out
}

enum Tok {
    Text(String),
    Start(String, Vec<(String, String)>),
    End(String),
}

struct Tokens<'a> {
    s: &'a str,
    i: usize,
}

impl<'a> Tokens<'a> {
    fn new(s: &'a str) -> Self {
        Tokens { s, i: 0 }
    }
}

impl Iterator for Tokens<'_> {
    type Item = Tok;

    fn next(&mut self) -> Option<Tok> {
        let rest = self.s.get(self.i..)?;
        if rest.is_empty() {
            return None;
        }
        if let Some(after) = rest.strip_prefix("<!--") {
            let end = find(after, "-->").map(|e| e + 3).unwrap_or(after.len());
            self.i += 4 + end;
            return Some(Tok::Text(String::new()));
        }
        if rest.starts_with('<') {
            let b = rest.as_bytes();
            let is_end = b.get(1) == Some(&b'/');
            let name_start = if is_end { 2 } else { 1 };
            if b.get(name_start).is_some_and(|c| c.is_ascii_alphabetic()) {
                return Some(self.tag(is_end, name_start));
            }
            if b.get(1).is_some_and(|&c| c == b'!' || c == b'?') {
                let end = rest.find('>').map(|e| e + 1).unwrap_or(rest.len());
                self.i += end;
                return Some(Tok::Text(String::new()));
            }
        }
        // Text up to the next '<' (a lone '<' is text).
        let from = usize::from(rest.starts_with('<'));
        let end = rest.get(from..).and_then(|r| r.find('<')).map(|e| e + from).unwrap_or(rest.len());
        let text = rest.get(..end).unwrap_or_default();
        self.i += end;
        Some(Tok::Text(decode_entities(text)))
    }
}

impl Tokens<'_> {
    fn tag(&mut self, is_end: bool, name_start: usize) -> Tok {
        let rest = self.s.get(self.i..).unwrap_or_default();
        let b = rest.as_bytes();
        let mut j = name_start;
        while b.get(j).is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'-' || *c == b':') {
            j += 1;
        }
        let name = rest.get(name_start..j).unwrap_or_default().to_ascii_lowercase();
        let mut attrs = Vec::new();
        loop {
            while b.get(j).is_some_and(|c| c.is_ascii_whitespace() || *c == b'/') {
                j += 1;
            }
            match b.get(j) {
                None => break,
                Some(b'>') => {
                    j += 1;
                    break;
                }
                _ => {}
            }
            let k0 = j;
            while b.get(j).is_some_and(|c| !c.is_ascii_whitespace() && !matches!(c, b'=' | b'>' | b'/')) {
                j += 1;
            }
            let key = rest.get(k0..j).unwrap_or_default().to_ascii_lowercase();
            while b.get(j).is_some_and(u8::is_ascii_whitespace) {
                j += 1;
            }
            let mut value = String::new();
            if b.get(j) == Some(&b'=') {
                j += 1;
                while b.get(j).is_some_and(u8::is_ascii_whitespace) {
                    j += 1;
                }
                match b.get(j) {
                    Some(&q @ (b'"' | b'\'')) => {
                        let v0 = j + 1;
                        let len = rest.get(v0..).and_then(|r| r.find(q as char)).unwrap_or(rest.len().saturating_sub(v0));
                        value = decode_entities(rest.get(v0..v0 + len).unwrap_or_default());
                        j = v0 + len + 1;
                    }
                    _ => {
                        let v0 = j;
                        while b.get(j).is_some_and(|c| !c.is_ascii_whitespace() && *c != b'>') {
                            j += 1;
                        }
                        value = decode_entities(rest.get(v0..j).unwrap_or_default());
                    }
                }
            }
            if key.is_empty() {
                j += 1;
            } else {
                attrs.push((key, value));
            }
        }
        self.i += j.min(rest.len());
        if is_end {
            Tok::End(name)
        } else {
            Tok::Start(name, attrs)
        }
    }
}

/// Decodes the character references that occur in report pages.
pub fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(p) = rest.find('&') {
        out.push_str(rest.get(..p).unwrap_or_default());
        let after = rest.get(p + 1..).unwrap_or_default();
        let end = after.find(';').filter(|&e| e <= 10);
        let decoded = end.and_then(|e| {
            let name = after.get(..e)?;
            let c = if let Some(num) = name.strip_prefix("#x").or_else(|| name.strip_prefix("#X")) {
                u32::from_str_radix(num, 16).ok().and_then(char::from_u32)
            } else if let Some(num) = name.strip_prefix('#') {
                num.parse::<u32>().ok().and_then(char::from_u32)
            } else {
                match name {
                    "nbsp" => Some('\u{a0}'),
                    "amp" => Some('&'),
                    "lt" => Some('<'),
                    "gt" => Some('>'),
                    "quot" => Some('"'),
                    "apos" => Some('\''),
                    "ensp" => Some('\u{2002}'),
                    "emsp" => Some('\u{2003}'),
                    "thinsp" => Some('\u{2009}'),
                    "mdash" => Some('—'),
                    "ndash" => Some('–'),
                    "ldquo" => Some('“'),
                    "rdquo" => Some('”'),
                    "lsquo" => Some('‘'),
                    "rsquo" => Some('’'),
                    "middot" => Some('·'),
                    "hellip" => Some('…'),
                    _ => None,
                }
            };
            Some((c?, e))
        });
        match decoded {
            Some((c, e)) => {
                out.push(c);
                rest = after.get(e + 1..).unwrap_or_default();
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// A block of a document, in order: a paragraph of text (numbered from 1), or a table as rows
/// of cell texts (spans not expanded: each cell once, where it starts).
#[derive(Clone, Debug, PartialEq)]
pub enum Block {
    Text(usize, String),
    Table(usize, Vec<Vec<String>>),
}

/// The text and tables of an HTML document, for reading a published report. Nested tables are
/// read as text of the cell that holds them.
pub fn document(html: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut para = String::new();
    let mut paras = 0usize;
    let mut tables = 0usize;
    let mut depth = 0usize;
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut in_cell = false;
    let mut skip_until: Option<String> = None;

    fn flush(para: &mut String, paras: &mut usize, out: &mut Vec<Block>) {
        let text = clean_text(para);
        para.clear();
        if !text.is_empty() {
            *paras += 1;
            out.push(Block::Text(*paras, text));
        }
    }

    for tok in Tokens::new(html) {
        if let Some(end) = &skip_until {
            if matches!(&tok, Tok::End(n) if n == end) {
                skip_until = None;
            }
            continue;
        }
        match tok {
            Tok::Text(t) => {
                if depth == 0 {
                    para.push_str(&t);
                } else if in_cell {
                    if let Some(cell) = rows.last_mut().and_then(|r| r.last_mut()) {
                        cell.push_str(&t);
                    }
                }
            }
            Tok::Start(name, _) => match name.as_str() {
                "script" | "style" | "title" | "head" | "select" | "textarea" => skip_until = Some(name),
                "table" => {
                    if depth == 0 {
                        flush(&mut para, &mut paras, &mut out);
                        rows.clear();
                    }
                    depth += 1;
                }
                "tr" if depth == 1 => {
                    rows.push(Vec::new());
                    in_cell = false;
                }
                "td" | "th" if depth == 1 => {
                    if rows.is_empty() {
                        rows.push(Vec::new());
                    }
                    if let Some(r) = rows.last_mut() {
                        r.push(String::new());
                    }
                    in_cell = true;
                }
                "p" | "div" | "br" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "li" => {
                    if depth == 0 {
                        flush(&mut para, &mut paras, &mut out);
                    } else if in_cell {
                        if let Some(cell) = rows.last_mut().and_then(|r| r.last_mut()) {
                            cell.push(' ');
                        }
                    }
                }
                _ => {}
            },
            Tok::End(name) => match name.as_str() {
                "table" if depth > 0 => {
                    depth -= 1;
                    if depth == 0 {
                        let table: Vec<Vec<String>> =
                            rows.drain(..).map(|r| r.into_iter().map(|c| clean_text(&c)).collect()).collect();
                        out.push(Block::Table(tables, table));
                        tables += 1;
                        in_cell = false;
                    }
                }
                "td" | "th" if depth == 1 => in_cell = false,
                "p" | "div" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "li" if depth == 0 => {
                    flush(&mut para, &mut paras, &mut out)
                }
                _ => {}
            },
        }
    }
    if depth > 0 {
        let table: Vec<Vec<String>> = rows.drain(..).map(|r| r.into_iter().map(|c| clean_text(&c)).collect()).collect();
        out.push(Block::Table(tables, table));
    }
    flush(&mut para, &mut paras, &mut out);
    out
}
