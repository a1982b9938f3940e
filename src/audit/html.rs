//! Published reports as HTML (often Word pasted into a CMS), read into text blocks and table
//! rows for the audit: tolerant of implied end tags, unquoted attributes, entities, comments,
//! `<script>`/`<style>` and nested tables.
//!
//! Report *forms* are not read here: the browser and the CLI extract a form page's tables with
//! one JavaScript extraction (www/extract.mjs) over a real DOM, and the matcher
//! ([`crate::page`]) maps what it extracted.
use crate::page::find;

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
    Start(String),
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
        let end = rest
            .get(from..)
            .and_then(|r| r.find('<'))
            .map(|e| e + from)
            .unwrap_or(rest.len());
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
        while b
            .get(j)
            .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'-' || *c == b':')
        {
            j += 1;
        }
        let name = rest
            .get(name_start..j)
            .unwrap_or_default()
            .to_ascii_lowercase();
        loop {
            while b
                .get(j)
                .is_some_and(|c| c.is_ascii_whitespace() || *c == b'/')
            {
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
            while b
                .get(j)
                .is_some_and(|c| !c.is_ascii_whitespace() && !matches!(c, b'=' | b'>' | b'/'))
            {
                j += 1;
            }
            let named = j > k0;
            while b.get(j).is_some_and(u8::is_ascii_whitespace) {
                j += 1;
            }
            // Attribute values are skipped (quoted ones may hold '>'): the audit reads text only.
            if b.get(j) == Some(&b'=') {
                j += 1;
                while b.get(j).is_some_and(u8::is_ascii_whitespace) {
                    j += 1;
                }
                match b.get(j) {
                    Some(&q @ (b'"' | b'\'')) => {
                        let v0 = j + 1;
                        let len = rest
                            .get(v0..)
                            .and_then(|r| r.find(q as char))
                            .unwrap_or(rest.len().saturating_sub(v0));
                        j = v0 + len + 1;
                    }
                    _ => {
                        while b
                            .get(j)
                            .is_some_and(|c| !c.is_ascii_whitespace() && *c != b'>')
                        {
                            j += 1;
                        }
                    }
                }
            }
            if !named {
                j += 1;
            }
        }
        self.i += j.min(rest.len());
        if is_end {
            Tok::End(name)
        } else {
            Tok::Start(name)
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
            Tok::Start(name) => match name.as_str() {
                "script" | "style" | "title" | "head" | "select" | "textarea" => {
                    skip_until = Some(name)
                }
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
                        let table: Vec<Vec<String>> = rows
                            .drain(..)
                            .map(|r| r.into_iter().map(|c| clean_text(&c)).collect())
                            .collect();
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
        let table: Vec<Vec<String>> = rows
            .drain(..)
            .map(|r| r.into_iter().map(|c| clean_text(&c)).collect())
            .collect();
        out.push(Block::Table(tables, table));
    }
    flush(&mut para, &mut paras, &mut out);
    out
}
