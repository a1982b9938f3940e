//! Which input of a page is which cell, decided from the labels around it.
//!
//! For every input, the texts to its left in its row and above it in its column are read,
//! nearest first, after normalisation (full-width to half-width, no whitespace or quotes). A row
//! is the one whose word (from the form's `words`) the nearest matching text contains; a longer
//! word beats a shorter one ("其他法律行政法规禁止公开" over "其他"); a tie is no match. Rows come
//! from the left and columns from above, except in tables that may be transposed (table 四),
//! where either may come from either side. Columns of a table continued without its header are
//! taken from an earlier table of the same width.
//!
//! A table continued without its header (a framework's body table after its header table, which
//! may have one row and no inputs) takes its columns from the nearest earlier table of the same
//! width; trailing columns with no text and no input (a scrollbar gutter) do not count.
//! Inputs outside tables come as "free" grids: their labels (`<label for>`, `aria-label`,
//! `<fieldset><legend>`) in one row, nearest first, and rows or columns may come from any of them.
//!
//! Explicit cells (`data-nianbao-cell`, or a mapping given by the page) always win. An input
//! that matches nothing, or the same cell as another input, stays unmapped: never a guess. The one
//! exception is a hidden copy (a framework's fixed-column duplicate, not shown): when every other
//! input holding its cell is hidden and exactly one is shown, the shown one holds the cell and the
//! hidden ones are listed as its copies.

use crate::form::{Form, Shape};

/// One slot of a table grid after rowspan/colspan: the text of the cell covering it (a spanning
/// cell's text is repeated in every slot it covers) and the inputs it holds (only in the slot
/// where the cell starts).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Slot {
    pub text: String,
    pub inputs: Vec<u32>,
}

/// A table as extracted, or (`free`) the labels of one input outside any table.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Grid {
    pub rows: Vec<Vec<Slot>>,
    pub free: bool,
}

/// An input of the page: its key (name, else id, else `#ordinal`), an explicit cell
/// (`data-nianbao-cell`), if any, and whether it is a hidden copy (not shown on the page).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Input {
    pub key: String,
    pub cell: Option<String>,
    pub hidden: bool,
}

/// What a page extraction gives the matcher: the tables of one report and its inputs.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Page {
    pub tables: Vec<Grid>,
    pub inputs: Vec<Input>,
}

/// The outcome: input key → cell id (in input order), inputs left unmapped (with the reason),
/// hidden copies (copy key → the key of the shown input holding the cell), and the input cells
/// of the form that no input holds.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Mapping {
    pub mapping: Vec<(String, String)>,
    pub unmapped: Vec<(String, String)>,
    pub copies: Vec<(String, String)>,
    pub missing: Vec<String>,
}

/// Label text as compared: full-width forms folded to ASCII, no whitespace, no quotes,
/// `、` and `．` as `.`, ASCII lower case.
pub fn normalise(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        let c = match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '、' | '。' => '.',
            _ => c,
        };
        if c.is_whitespace()
            || matches!(
                c,
                '"' | '\'' | '“' | '”' | '‘' | '’' | '\u{200B}' | '\u{FEFF}'
            )
        {
            continue;
        }
        out.push(c.to_ascii_lowercase());
    }
    out
}

/// A text looked at: its hash, "table/dim/text", and (key, word length) of the words it holds.
type Seen = (u64, String, Vec<(&'static str, usize)>);

pub(crate) struct Words {
    /// (table, "row"/"col", key, normalised words)
    list: Vec<(&'static str, &'static str, &'static str, Vec<String>)>,
    /// The texts looked at already: a page repeats each label for every input of its row or
    /// column, so each text is searched for every word once. (hash, "table/dim/text", the
    /// keys whose words it holds with each word's length, in the list's order), sorted by hash.
    seen: std::cell::RefCell<Vec<Seen>>,
}

impl Words {
    pub(crate) fn new(form: &Form) -> Words {
        let list = form
            .def
            .words
            .iter()
            .flat_map(|group| group.iter())
            .filter_map(|(k, ws)| {
                let mut parts = k.splitn(3, '.');
                let (t, dim, key) = (parts.next()?, parts.next()?, parts.next()?);
                Some((t, dim, key, ws.iter().map(|w| normalise(w)).collect()))
            })
            .collect();
        Words {
            list,
            seen: Default::default(),
        }
    }

    /// The (key, word length) of every word of `table`/`dim` that `text` holds.
    fn hits(&self, text: &str, table: &str, dim: &str) -> Vec<(&'static str, usize)> {
        let id = format!("{table}/{dim}/{text}");
        // FNV-1a: the cache is searched by this before the texts are compared.
        let hash = id.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
        });
        // Kept sorted by hash: found by binary search.
        let at = self.seen.borrow().partition_point(|(h, _, _)| *h < hash);
        if let Some((_, _, hits)) = self
            .seen
            .borrow()
            .get(at..)
            .unwrap_or(&[])
            .iter()
            .take_while(|(h, _, _)| *h == hash)
            .find(|(_, k, _)| *k == id)
        {
            return hits.clone();
        }
        let mut hits = Vec::new();
        for (tk, dk, key, words) in &self.list {
            if *tk == table && *dk == dim {
                hits.extend(
                    words
                        .iter()
                        .filter(|w| find(text, w).is_some())
                        .map(|w| (*key, w.len())),
                );
            }
        }
        self.seen.borrow_mut().insert(at, (hash, id, hits.clone()));
        hits
    }

    /// The words of one row or column.
    pub(crate) fn words_of(&self, table: &str, dim: &str, key: &str) -> &[String] {
        self.list
            .iter()
            .find(|(t, d, k, _)| *t == table && *d == dim && *k == key)
            .map(|(_, _, _, w)| w.as_slice())
            .unwrap_or(&[])
    }

    /// The nearest text that holds a word of `table`/`dim` (among `allowed` keys, if given):
    /// (distance, key). `None` when nothing matches or the nearest match is a tie.
    pub(crate) fn find(
        &self,
        texts: &[String],
        table: &str,
        dim: &str,
        allowed: Option<&[&str]>,
    ) -> Option<(usize, &'static str)> {
        for (d, t) in texts.iter().enumerate() {
            let mut best: Option<(usize, &'static str)> = None;
            let mut tie = false;
            for (key, w) in self.hits(t, table, dim) {
                if allowed.is_some_and(|a| !a.contains(&key)) {
                    continue;
                }
                match best {
                    Some((len, k)) if w < len || (w == len && k == key) => {}
                    Some((len, _)) if w == len => tie = true,
                    _ => {
                        best = Some((w, key));
                        tie = false;
                    }
                }
            }
            if let Some((_, key)) = best {
                return if tie { None } else { Some((d, key)) };
            }
        }
        None
    }
}

/// A grid's texts, normalised once.
type Texts = Vec<Vec<String>>;

fn texts(grid: &Grid) -> Texts {
    grid.rows
        .iter()
        .map(|row| row.iter().map(|s| normalise(&s.text)).collect())
        .collect()
}

/// Texts from (r, c) outward: left along the row, or up along the column; nearest first, empty
/// and repeated texts dropped.
fn line(texts: &Texts, r: usize, c: usize, left: bool) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut push = |t: &String| {
        if !t.is_empty() && out.last() != Some(t) {
            out.push(t.clone());
        }
    };
    if left {
        if let Some(row) = texts.get(r) {
            row.iter().take(c).rev().for_each(&mut push);
        }
    } else {
        for row in texts.iter().take(r).rev() {
            if let Some(t) = row.get(c) {
                push(t);
            }
        }
    }
    out
}

/// The width of a grid without trailing columns that hold no text and no input.
fn width(g: &Grid) -> usize {
    g.rows
        .iter()
        .map(|row| {
            row.iter()
                .rposition(|s| !s.text.trim().is_empty() || !s.inputs.is_empty())
                .map_or(0, |p| p + 1)
        })
        .max()
        .unwrap_or(0)
}

/// Whether a grid can lend its header: more than one row, or one row and no input (a
/// framework's separate header table).
fn is_header(g: &Grid) -> bool {
    g.rows.len() > 1 || g.rows.iter().flatten().all(|s| s.inputs.is_empty())
}

/// Maps the inputs of `page` to the cells of `form`.
pub fn map_page(form: &Form, page: &Page) -> Mapping {
    let (auto, why) = by_labels(form, page);
    settle(form, page, auto, why)
}

/// Each input's cell from the labels around it, or why there is none.
fn by_labels(form: &Form, page: &Page) -> (Vec<Option<String>>, Vec<&'static str>) {
    let words = Words::new(form);
    let n = page.inputs.len();
    let mut auto: Vec<Option<String>> = vec![None; n];
    let mut why: Vec<&'static str> = vec!["no label matches a cell of the form"; n];
    let mut seen = vec![false; n];

    let all: Vec<Texts> = page.tables.iter().map(texts).collect();
    for (gi, grid) in page.tables.iter().enumerate() {
        let Some(here) = all.get(gi) else { continue };
        // A table continued without its header: the header of an earlier table of the same width.
        let earlier = page.tables[..gi]
            .iter()
            .zip(&all)
            .rev()
            .find(|(g, _)| !g.free && !grid.free && is_header(g) && width(g) == width(grid));
        for (r, row) in grid.rows.iter().enumerate() {
            for (c, slot) in row.iter().enumerate() {
                for &k in &slot.inputs {
                    let k = k as usize;
                    if seen.get(k).copied().unwrap_or(true) {
                        continue;
                    }
                    if let Some(s) = seen.get_mut(k) {
                        *s = true;
                    }
                    let own = here
                        .get(r)
                        .and_then(|row| row.get(c))
                        .cloned()
                        .unwrap_or_default();
                    let mut left = line(here, r, c, true);
                    let mut above = line(here, r, c, false);
                    if !own.is_empty() {
                        left.insert(0, own.clone());
                        above.insert(0, own);
                    }
                    let inherited = earlier
                        .map(|(g, t)| line(t, g.rows.len(), c, false))
                        .unwrap_or_default();
                    match locate(form, &words, &left, &above, &inherited, grid.free) {
                        Ok(cell) => {
                            if let Some(a) = auto.get_mut(k) {
                                *a = Some(cell);
                            }
                        }
                        Err(reason) => {
                            if let Some(w) = why.get_mut(k) {
                                *w = reason;
                            }
                        }
                    }
                }
            }
        }
    }

    (auto, why)
}

/// The mapping: explicit cells win; then each cell may be held by one input only, unless the
/// others are hidden copies of it.
fn settle(
    form: &Form,
    page: &Page,
    auto: Vec<Option<String>>,
    mut why: Vec<&'static str>,
) -> Mapping {
    let n = page.inputs.len();
    let mut result = Mapping::default();
    let mut final_cell: Vec<Option<String>> = vec![None; n];
    for (k, input) in page.inputs.iter().enumerate() {
        match &input.cell {
            Some(cell) if form.lookup(cell).is_some() => final_cell[k] = Some(cell.clone()),
            Some(_) => why[k] = "data-nianbao-cell names no cell of the form",
            None => final_cell[k] = auto[k].clone(),
        }
    }
    let explicit: Vec<&String> = page.inputs.iter().filter_map(|i| i.cell.as_ref()).collect();
    for k in 0..n {
        if page.inputs[k].cell.is_none()
            && final_cell[k]
                .as_ref()
                .is_some_and(|c| explicit.contains(&c))
        {
            final_cell[k] = None;
            why[k] = "its cell is given explicitly to another input";
        }
    }
    // Several inputs for one cell: unmapped, unless exactly one is shown and the rest are
    // hidden copies of it.
    let mut dup = vec![false; n];
    let mut copy_of: Vec<Option<usize>> = vec![None; n];
    // The inputs holding each cell, by cell index.
    let index: Vec<Option<u16>> = final_cell
        .iter()
        .map(|c| c.as_deref().and_then(|c| form.lookup(c)))
        .collect();
    let mut by_cell: Vec<Vec<usize>> = vec![Vec::new(); form.cells.len()];
    for (k, i) in index.iter().enumerate() {
        if let Some(list) = i.and_then(|i| by_cell.get_mut(usize::from(i))) {
            list.push(k);
        }
    }
    for k in 0..n {
        let Some(holders) = index[k].and_then(|i| by_cell.get(usize::from(i))) else {
            continue;
        };
        if holders.len() < 2 {
            continue;
        }
        let shown: Vec<usize> = holders
            .iter()
            .copied()
            .filter(|&j| !page.inputs[j].hidden)
            .collect();
        match shown.as_slice() {
            [one] if page.inputs[k].hidden => copy_of[k] = Some(*one),
            [one] if *one == k => {}
            _ => {
                dup[k] = true;
                why[k] = "another input holds the same cell";
            }
        }
    }
    for (k, input) in page.inputs.iter().enumerate() {
        match (&final_cell[k], dup[k], copy_of[k]) {
            (_, _, Some(j)) => result
                .copies
                .push((input.key.clone(), page.inputs[j].key.clone())),
            (Some(cell), false, None) => result.mapping.push((input.key.clone(), cell.clone())),
            _ => result
                .unmapped
                .push((input.key.clone(), why[k].to_string())),
        }
    }
    let mut mapped = vec![false; form.cells.len()];
    for (_, cell) in &result.mapping {
        if let Some(m) = form
            .lookup(cell)
            .and_then(|i| mapped.get_mut(usize::from(i)))
        {
            *m = true;
        }
    }
    for (c, _) in form
        .cells
        .iter()
        .zip(&mapped)
        .filter(|(c, m)| !c.derived && !**m)
    {
        result.missing.push(c.id.to_string());
    }
    result
}

/// Whether one label gives the row and the column through two different words ("一、本年新收
/// 自然人"), not through one word both could mean ("总计" under 行政诉讼 is table 四's total, not
/// table 三's 总计 row and column).
fn two_words(words: &Words, table: &str, text: &str, row: &str, col: &str) -> bool {
    let Some(w) = words
        .words_of(table, "row", row)
        .iter()
        .filter(|w| find(text, w).is_some())
        .max_by_key(|w| w.len())
    else {
        return true;
    };
    let at = find(text, w).unwrap_or(0);
    let (before, after) = (
        text.get(..at).unwrap_or(""),
        text.get(at + w.len()..).unwrap_or(""),
    );
    words
        .words_of(table, "col", col)
        .iter()
        .any(|c| find(before, c).is_some() || find(after, c).is_some())
}

/// The cell an input with these surroundings holds. In a `free` grid (labels outside a table)
/// rows and columns may come from any label.
fn locate(
    form: &Form,
    words: &Words,
    left: &[String],
    above: &[String],
    inherited: &[String],
    free: bool,
) -> Result<String, &'static str> {
    let mut best: Option<(usize, String)> = None;
    let mut tie = false;
    let mut consider = |dist: usize, cell: String| match &best {
        Some((d, c)) if *d < dist || (*d == dist && *c == cell) => {}
        Some((d, _)) if *d == dist => tie = true,
        _ => {
            best = Some((dist, cell));
            tie = false;
        }
    };
    let both = |a: &[String], b: &[String]| -> Vec<String> { a.iter().chain(b).cloned().collect() };
    for t in form.def.tables {
        match t.shape {
            Shape::Rows(rows) => {
                let (left, above) = if free {
                    (both(left, above), both(above, left))
                } else {
                    (left.to_vec(), above.to_vec())
                };
                let (left, above) = (left.as_slice(), above.as_slice());
                let Some((dr, row)) = words.find(left, t.key, "row", None) else {
                    continue;
                };
                let Some((_, cols)) = rows.iter().find(|(r, _)| r.key == row) else {
                    continue;
                };
                let keys: Vec<&str> = cols.iter().map(|c| c.key).collect();
                let col = words
                    .find(above, t.key, "col", Some(&keys))
                    .or_else(|| {
                        words
                            .find(inherited, t.key, "col", Some(&keys))
                            .map(|(d, k)| (d + above.len(), k))
                    })
                    .or_else(|| (keys.len() == 1).then(|| (0, keys[0])));
                if let Some((dc, col)) = col {
                    let id = format!("{}.{}.{}", t.key, row, col);
                    if form.lookup(&id).is_some()
                        && (!free
                            || dr != dc
                            || left
                                .get(dr)
                                .map_or(true, |text| two_words(words, t.key, text, row, col)))
                    {
                        consider(dr + dc, id);
                    }
                }
            }
            Shape::Grid { .. } => {
                // A table that may be transposed takes rows and columns from any side, also from
                // the header of a table it continues (table 四's groups stand in its header).
                let any_side = free || form.def.transposable.contains(&t.key);
                let (rows_in, cols_in) = if any_side {
                    (both(&both(left, above), inherited), both(above, left))
                } else {
                    (left.to_vec(), above.to_vec())
                };
                let Some((dr, row)) = words.find(&rows_in, t.key, "row", None) else {
                    continue;
                };
                let col = words.find(&cols_in, t.key, "col", None).or_else(|| {
                    words
                        .find(inherited, t.key, "col", None)
                        .map(|(d, k)| (d + cols_in.len(), k))
                });
                if let Some((dc, col)) = col {
                    let id = format!("{}.{}.{}", t.key, row, col);
                    if form.lookup(&id).is_some()
                        && (!free
                            || dr != dc
                            || rows_in
                                .get(dr)
                                .map_or(true, |text| two_words(words, t.key, text, row, col)))
                    {
                        consider(dr + dc, id);
                    }
                }
            }
        }
    }
    match (best, tie) {
        (Some((_, cell)), false) => Ok(cell),
        (Some(_), true) => Err("its labels fit two cells equally well"),
        (None, _) => Err("no label matches a cell of the form"),
    }
}

/// Byte position of `needle` in `hay`: a plain scan (needles here are a few bytes), which keeps
/// the general substring searcher and its panic formatting out of the wasm build. The rest of
/// a window is compared only where its first two bytes match (UTF-8 Chinese text shares lead
/// bytes: comparing every window costs the label matching most of its time).
pub fn find(hay: &str, needle: &str) -> Option<usize> {
    let n = needle.as_bytes();
    let (Some(&a), b) = (n.first(), n.get(1)) else {
        return Some(0);
    };
    hay.as_bytes()
        .windows(n.len())
        .position(|w| w.first() == Some(&a) && w.get(1) == b && w == n)
}
