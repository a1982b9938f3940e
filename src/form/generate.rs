//! Build time only (included by build.rs, never compiled into the crate or the wasm module, so
//! no report ever reaches it; a template it cannot compile stops the build): turns a template
//! ([`FormDef`]) into the Rust source of a compiled-in `Form` — the cells in table, row, column
//! order with their ids, and every rule instance as cell indexes — so the module does no work
//! per form when it starts.

use std::fmt::Write;

use super::template::{ColDef, FormDef, Kind, Label, RowDef, Shape};

struct Cell {
    id: String,
    table: u8,
    row: u16,
    col: u16,
    row_def: RowDef,
    col_def: ColDef,
    derived: bool,
}

/// Every cell of `def`, in table, row, column order.
fn cells(def: &FormDef) -> Vec<Cell> {
    let mut cells = Vec::new();
    for (ti, t) in def.tables.iter().enumerate() {
        let total = match t.shape {
            Shape::Grid {
                total_col,
                total_row,
                ..
            } => Some((total_col, total_row.map(|x| x.row))),
            Shape::Rows(_) => None,
        };
        for (ri, (r, cols)) in t.shape.rows_with_cols().into_iter().enumerate() {
            for (ci, c) in cols.iter().enumerate() {
                let derived = total.is_some_and(|(col, row)| c.key == col || Some(r.key) == row);
                let id = format!("{}.{}.{}", t.key, r.key, c.key);
                cells.push(Cell {
                    id,
                    table: ti as u8,
                    row: ri as u16,
                    col: ci as u16,
                    row_def: r,
                    col_def: *c,
                    derived,
                });
            }
        }
    }
    cells
}

/// Every rule instance of a template, as cell indexes.
struct Instances {
    /// (rule, total, parts), in evaluation order.
    sums: Vec<(String, u16, Vec<u16>)>,
    /// (shown, lhs, rhs).
    balances: Vec<(u16, Vec<u16>, Vec<u16>)>,
    in_force: Vec<[u16; 3]>,
    carries: Vec<(u16, u16)>,
    /// Per cell, the inputs a total adds up (through the totals it adds up).
    closure: Vec<Vec<u16>>,
}

/// The index of cell `t.r.c` (a template naming a cell it lacks does not build).
fn at(def: &FormDef, cells: &[Cell], t: &str, r: &str, c: &str) -> u16 {
    let id = format!("{t}.{r}.{c}");
    match cells.iter().position(|x| x.id == id) {
        Some(i) => i as u16,
        None => bad(def, &format!("no cell {id}")),
    }
}

/// Every derived cell's sum: row sums, then column sums (the grand total sums the row totals
/// just defined).
fn sums(def: &FormDef, cells: &[Cell]) -> Vec<(String, u16, Vec<u16>)> {
    let at = |t: &str, r: &str, c: &str| at(def, cells, t, r, c);
    let mut sums = Vec::new();
    for t in def.tables {
        let Shape::Grid {
            cols,
            total_col,
            row_rule,
            total_row,
            ..
        } = t.shape
        else {
            continue;
        };
        let rows = t.shape.grid_rows();
        for r in rows
            .iter()
            .filter(|r| Some(r.key) != total_row.map(|x| x.row))
        {
            let parts = cols
                .iter()
                .filter(|c| c.key != total_col)
                .map(|c| at(t.key, r.key, c.key))
                .collect();
            sums.push((format!("{row_rule:?}"), at(t.key, r.key, total_col), parts));
        }
        if let Some(tr) = total_row {
            let first = rows
                .iter()
                .position(|r| r.key == tr.first)
                .unwrap_or_else(|| bad(def, "the first row of a total is not in its table"));
            let last = rows
                .iter()
                .position(|r| r.key == tr.last)
                .unwrap_or_else(|| bad(def, "the last row of a total is not in its table"));
            for c in cols {
                let parts = rows
                    .get(first..=last)
                    .unwrap_or_else(|| bad(def, "a total's first row comes after its last"))
                    .iter()
                    .map(|r| at(t.key, r.key, c.key))
                    .collect();
                sums.push((format!("{:?}", tr.rule), at(t.key, tr.row, c.key), parts));
            }
        }
    }
    sums
}

fn instances(def: &FormDef, cells: &[Cell]) -> Instances {
    let at = |t: &str, r: &str, c: &str| at(def, cells, t, r, c);
    let body_cols = |table: &str| -> Vec<&'static str> {
        match def.tables.iter().find(|t| t.key == table).map(|t| t.shape) {
            Some(Shape::Grid {
                cols, total_col, ..
            }) => cols
                .iter()
                .filter(|c| c.key != total_col)
                .map(|c| c.key)
                .collect(),
            _ => bad(def, &format!("{table} is not a grid")),
        }
    };
    let sums = sums(def, cells);
    let mut balances = Vec::new();
    for b in def.balance {
        for c in body_cols(b.table) {
            let side =
                |rows: &[&str]| -> Vec<u16> { rows.iter().map(|r| at(b.table, r, c)).collect() };
            let (lhs, rhs) = (side(b.lhs), side(b.rhs));
            balances.push((
                *rhs.last()
                    .unwrap_or_else(|| bad(def, "a balance has no right side")),
                lhs,
                rhs,
            ));
        }
    }
    let in_force: Vec<[u16; 3]> = def
        .in_force
        .iter()
        .map(|f| ["issued", "repealed", "in_force"].map(|c| at("t2", f.row, c)))
        .collect();
    let mut carries = Vec::new();
    for k in def.carry {
        for c in body_cols(k.table) {
            carries.push((at(k.table, k.to, c), at(k.table, k.from, c)));
        }
    }
    // Per cell, the inputs a total adds up (through the totals it adds up).
    let mut closure: Vec<Vec<u16>> = vec![Vec::new(); cells.len()];
    for (_, total, parts) in &sums {
        let all = parts
            .iter()
            .flat_map(|&p| {
                if closure[usize::from(p)].is_empty() {
                    vec![p]
                } else {
                    closure[usize::from(p)].clone()
                }
            })
            .collect();
        closure[usize::from(*total)] = all;
    }
    Instances {
        sums,
        balances,
        in_force,
        carries,
        closure,
    }
}

/// The Rust source of `static {name}: Form` for the template at `def_path`.
pub fn emit(name: &str, def_path: &str, def: &FormDef) -> String {
    let cells = cells(def);
    let Instances {
        sums,
        balances,
        in_force,
        carries,
        closure,
    } = instances(def, &cells);
    let mut index: Vec<(&str, usize)> = cells
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id.as_str(), i))
        .collect();
    index.sort();

    // Rows and columns once each; cells point at them.
    let mut rows: Vec<String> = Vec::new();
    let mut cols: Vec<String> = Vec::new();
    let place = |list: &mut Vec<String>, s: String| {
        list.iter().position(|x| *x == s).unwrap_or_else(|| {
            list.push(s);
            list.len() - 1
        })
    };
    let mut o = String::new();
    let mut cell_src = String::new();
    for c in &cells {
        let r = place(&mut rows, row_def(&c.row_def));
        let k = place(&mut cols, col_def(&c.col_def));
        let _ = writeln!(
            cell_src,
            "        Cell {{ id: {:?}, table: {}, row: {}, col: {}, row_def: &{name}_ROWS[{r}], col_def: &{name}_COLS[{k}], derived: {}, kind: {} }},",
            c.id, c.table, c.row, c.col, c.derived, kind(c.col_def.kind)
        );
    }
    let list = |xs: &[u16]| format!("&{xs:?}");
    let _ = writeln!(
        o,
        "static {name}_ROWS: [RowDef; {}] = [{}];",
        rows.len(),
        rows.join(", ")
    );
    let _ = writeln!(
        o,
        "static {name}_COLS: [ColDef; {}] = [{}];",
        cols.len(),
        cols.join(", ")
    );
    let _ = writeln!(
        o,
        "pub static {name}: Form = Form {{\n    def: &{def_path},\n    cells: &[\n{cell_src}    ],"
    );
    let sums = sums
        .iter()
        .map(|(r, t, p)| format!("Sum {{ rule: Rule::{r}, total: {t}, parts: {} }}", list(p)));
    field(&mut o, "sums", sums);
    let balances = balances.iter().map(|(s, l, r)| {
        format!(
            "Balance {{ shown: {s}, lhs: {}, rhs: {} }}",
            list(l),
            list(r)
        )
    });
    field(&mut o, "balances", balances);
    let in_force = in_force
        .iter()
        .map(|[i, r, f]| format!("InForce {{ issued: {i}, repealed: {r}, in_force: {f} }}"));
    field(&mut o, "in_force", in_force);
    field(
        &mut o,
        "carries",
        carries
            .iter()
            .map(|(t, f)| format!("Carry {{ to: {t}, from: {f} }}")),
    );
    field(&mut o, "closure", closure.iter().map(|c| list(c)));
    field(
        &mut o,
        "index",
        index.iter().map(|(id, i)| format!("({id:?}, {i})")),
    );
    o.push_str("};\n");
    o
}

/// One field of the `Form` literal: a slice of `items`.
fn field(o: &mut String, name: &str, items: impl Iterator<Item = String>) {
    let _ = writeln!(
        o,
        "    {name}: &[{}],",
        items.collect::<Vec<_>>().join(", ")
    );
}

fn label(l: &Label) -> String {
    format!("Label {{ zh: {:?}, en: {:?} }}", l.zh, l.en)
}

fn row_def(r: &RowDef) -> String {
    let group = r
        .group
        .as_ref()
        .map_or("None".to_string(), |g| format!("Some({})", label(g)));
    format!(
        "RowDef {{ key: {:?}, group: {group}, label: {} }}",
        r.key,
        label(&r.label)
    )
}

fn col_def(c: &ColDef) -> String {
    format!(
        "ColDef {{ key: {:?}, label: {}, kind: {} }}",
        c.key,
        label(&c.label),
        kind(c.kind)
    )
}

fn kind(k: Kind) -> &'static str {
    match k {
        Kind::Count => "Kind::Count",
        Kind::Money => "Kind::Money",
        Kind::Signed => "Kind::Signed",
    }
}

/// Stops the build: the template declares something that cannot be compiled in.
fn bad(def: &FormDef, what: &str) -> ! {
    panic!("template {}: {what}", def.id)
}
