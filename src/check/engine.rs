//! The rule engine: values in, totals and compact diagnostics out.
//!
//! It works on slices indexed by the form's cells, so every front end (JSON, JS objects, a
//! typed array) crosses into it once. It knows no cell id: the rules come from [`Form`].
//!
//! Causes before consequences: a rule instance is not evaluated when one of its operands already
//! has an error of its own (a value that is not a number, a blank cell in a submitted report);
//! that error is the diagnostic to fix. A given total is always checked against the sum of the
//! inputs, never against other given totals, so one wrong total does not spread to the totals
//! built on it. The 总计 column has no balance rule of its own: it is the sum of the six
//! applicant columns' balances and could only break because one of them did.

use crate::check::value::{parse, parse_within, Parsed, Raw, LIMIT, TOTAL_LIMIT};
use crate::form::rules::Rule;
use crate::form::{insertion_sort, Form, Kind};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Mode {
    /// Derived totals are computed; given ones are overwritten.
    Fill,
    /// Given totals are checked; missing ones are computed.
    #[default]
    Verify,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Phase {
    /// Blank inputs are not errors yet.
    Typing,
    /// Blank inputs are `value.missing` errors.
    #[default]
    Submit,
}

/// A number shown in a diagnostic.
#[derive(Clone, Debug, PartialEq)]
pub enum Shown {
    Num(i64, Kind),
    /// `≥ n`, for floors.
    AtLeast(i64, Kind),
    /// What was typed (value rules, unknown cells).
    Text(String),
}

impl Shown {
    pub fn render(&self) -> String {
        match self {
            Shown::Num(v, k) => crate::check::value::format(*v, *k),
            Shown::AtLeast(v, k) => format!("≥{}", crate::check::value::format(*v, *k)),
            Shown::Text(s) => s.clone(),
        }
    }
}

/// A diagnostic before its message is written: rule, cell indices (`cells[0]` is where it is
/// shown), expected and actual.
#[derive(Clone, Debug, PartialEq)]
pub struct Diag {
    pub rule: Rule,
    pub cells: Vec<u16>,
    pub expected: Option<Shown>,
    pub actual: Option<Shown>,
    /// For balances: the two sides' operands (`new + carried_in`, `results + carried_out`).
    pub sides: Option<(Vec<i64>, Vec<i64>)>,
    /// Cell ids the form does not have (`input.unknown_cell`), or the unknown form id.
    pub name: Option<String>,
    /// For broken sums and balances: the single cell most likely wrong ([`crate::check::suggest`]).
    pub suggestion: Option<Suggestion>,
    /// On a form page: the cell the person just changed, when this rule involves it.
    pub at: Option<u16>,
}

impl Diag {
    pub fn new(rule: Rule, cells: Vec<u16>) -> Diag {
        Diag {
            rule,
            cells,
            expected: None,
            actual: None,
            sides: None,
            name: None,
            suggestion: None,
            at: None,
        }
    }
}

/// Why a cell is named as the one to fix (see `crate::check::suggest`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reason {
    /// The value reads like the right one with two digits swapped (1423 ↔ 1243).
    Transposed,
    /// It breaks its row and its column (or its balance) at once.
    RowAndColumn,
    /// A typed total that does not match the sum of its row or column.
    OwnSum,
    /// The cell the person just changed, when it is one of several that could each fix it.
    Changed,
    /// No single cell explains every broken sum.
    NoSingleCell,
}

/// The single cell most likely wrong, and the value that makes its sums hold.
#[derive(Clone, Debug, PartialEq)]
pub struct Suggestion {
    pub cell: Option<u16>,
    pub old: i64,
    pub value: i64,
    pub reason: Reason,
}

#[derive(Clone, Debug, Default)]
pub struct Outcome {
    /// Per cell: the computed value of each derived cell (`None` for inputs, and for totals
    /// that cannot be computed because an operand is not a number).
    pub totals: Vec<Option<i64>>,
    /// In the stable order of docs/contract.md.
    pub diags: Vec<Diag>,
    /// Per cell: the value as given, when it is a usable number (`None` for blanks, bad values,
    /// and totals computed rather than typed): what the suggestion of the faulty cell reads.
    pub given: Vec<Option<i64>>,
}

impl Outcome {
    pub fn ok(&self) -> bool {
        self.diags
            .iter()
            .all(|d| d.rule.severity() != crate::form::rules::Severity::Error)
    }
}

#[derive(Clone, Copy)]
struct Slot {
    /// Parsed value: `None` when missing, or bad (see `bad`).
    val: Option<i64>,
    /// Not a number (or otherwise unusable): sums through it cannot be computed.
    bad: bool,
    /// Carries an error diagnostic of its own: rules through it are not evaluated.
    faulty: bool,
}

const EMPTY: Slot = Slot {
    val: None,
    bad: false,
    faulty: false,
};

/// Runs every rule of `form` on `raw` (one entry per cell, in form order; shorter slices read as
/// blank). `previous` is last year's report on the same form, if known. `unknown` lists the ids
/// the report gave that the form does not have.
pub fn evaluate(
    form: &Form,
    raw: &[Raw<'_>],
    previous: Option<&[Raw<'_>]>,
    unknown: &[&str],
    mode: Mode,
    phase: Phase,
) -> Outcome {
    let raw_at = |i: usize| raw.get(i).copied().unwrap_or(Raw::Missing);
    let parsed: Vec<Parsed> = (0..form.cells.len())
        .map(|i| read(form, i, raw_at(i)))
        .collect();
    let mut out = Outcome::default();
    let input = Input {
        parsed: &parsed,
        shown: &|i| crate::check::value::show(raw_at(i)),
        previous,
        unknown,
    };
    evaluate_into(&mut out, form, &input, mode, phase);
    out
}

/// One cell's value parsed against its limit (a typed total may exceed an input's).
pub fn read(form: &Form, i: usize, raw: Raw<'_>) -> Parsed {
    match form.cells.get(i) {
        Some(c) => parse_within(raw, c.kind, if c.derived { TOTAL_LIMIT } else { LIMIT }),
        None => Parsed::Missing,
    }
}

/// What [`evaluate_into`] reads: every cell's value already parsed ([`read`]), and how to show
/// what was typed in a cell whose value is bad.
pub struct Input<'a, 'r> {
    pub parsed: &'a [Parsed],
    pub shown: &'a dyn Fn(usize) -> String,
    pub previous: Option<&'a [Raw<'r>]>,
    pub unknown: &'a [&'a str],
}

/// [`evaluate`] on values parsed beforehand, into `out` (its buffers are reused): what a form
/// page does on every keystroke, having parsed only the cell that changed.
pub fn evaluate_into(
    out: &mut Outcome,
    form: &Form,
    input: &Input<'_, '_>,
    mode: Mode,
    phase: Phase,
) {
    let mut run = Run {
        form,
        slots: vec![EMPTY; form.cells.len()],
        totals: std::mem::take(&mut out.totals),
        tainted: vec![false; form.cells.len()],
        diags: std::mem::take(&mut out.diags),
    };
    run.diags.clear();
    run.read(input, mode, phase);
    run.compute_totals();
    if mode == Mode::Verify {
        run.check_sums();
    }
    run.check_balances();
    run.check_floors(input.previous);
    run.unknown_cells(input.unknown);
    // Stable order: table, row, column (the form's cell order), then rule; form-less last.
    let key = |d: &Diag| (d.cells.first().copied().unwrap_or(u16::MAX), d.rule);
    insertion_sort(&mut run.diags, |a, b| key(a) < key(b));
    out.given.clear();
    out.given.extend(run.slots.iter().map(|s| s.val));
    out.totals = run.totals;
    out.diags = run.diags;
}

/// One evaluation: per cell its value as given (`slots`) and, for derived cells, the computed
/// total and whether an operand under it is faulty (`tainted`).
struct Run<'f> {
    form: &'f Form,
    slots: Vec<Slot>,
    totals: Vec<Option<i64>>,
    tainted: Vec<bool>,
    diags: Vec<Diag>,
}

impl Run<'_> {
    /// The values as given: blanks (errors on submit) and values that are not numbers.
    fn read(&mut self, input: &Input<'_, '_>, mode: Mode, phase: Phase) {
        for (i, cell) in self.form.cells.iter().enumerate() {
            if cell.derived && mode == Mode::Fill {
                continue;
            }
            let Some(s) = self.slots.get_mut(i) else {
                continue;
            };
            match input.parsed.get(i).copied().unwrap_or(Parsed::Missing) {
                Parsed::Num(v) => s.val = Some(v),
                Parsed::Missing => {
                    if !cell.derived && phase == Phase::Submit {
                        s.faulty = true;
                        self.diags.push(Diag::new(Rule::Missing, vec![i as u16]));
                    }
                }
                Parsed::Bad(rule) => {
                    s.bad = true;
                    s.faulty = true;
                    let mut d = Diag::new(rule, vec![i as u16]);
                    d.actual = Some(Shown::Text((input.shown)(i)));
                    self.diags.push(d);
                }
            }
        }
    }

    /// A cell as an operand: its value (a blank input counts as 0; none when not a number) and
    /// whether it is faulty.
    fn operand(&self, i: u16) -> (Option<i64>, bool) {
        let i = usize::from(i);
        match self.form.cells.get(i) {
            Some(c) if c.derived => (
                self.totals.get(i).copied().flatten(),
                self.tainted.get(i).copied().unwrap_or(true),
            ),
            Some(_) => {
                let s = self.slots.get(i).copied().unwrap_or(EMPTY);
                (
                    if s.bad {
                        None
                    } else {
                        Some(s.val.unwrap_or(0))
                    },
                    s.faulty,
                )
            }
            None => (None, true),
        }
    }

    fn sum(&self, ids: &[u16]) -> (Option<i64>, bool) {
        let mut acc = Some(0i64);
        let mut taint = false;
        for &p in ids {
            let (v, t) = self.operand(p);
            acc = match (acc, v) {
                (Some(a), Some(b)) => a.checked_add(b),
                _ => None,
            };
            taint |= t;
        }
        (acc, taint)
    }

    /// Every derived cell, in the form's order (a sum only reads totals computed before it).
    fn compute_totals(&mut self) {
        self.totals.clear();
        self.totals.resize(self.form.cells.len(), None);
        for s in self.form.sums {
            let (v, t) = self.sum(s.parts);
            let i = usize::from(s.total);
            if let (Some(slot), Some(taint)) = (self.totals.get_mut(i), self.tainted.get_mut(i)) {
                *slot = v;
                *taint = t;
            }
        }
    }

    /// Typed totals against the sums of their parts (verify mode).
    fn check_sums(&mut self) {
        let form = self.form;
        for s in form.sums {
            let i = usize::from(s.total);
            let given = self.slots.get(i).and_then(|x| x.val);
            let computed = self.totals.get(i).copied().flatten();
            let taint = self.tainted.get(i).copied().unwrap_or(true);
            // Blank parts (a published table left them empty) can only add to the sum: a given
            // total below the sum of the parts that are given is wrong whatever the blanks are.
            let kind = kind_of(form, s.total);
            let expected = match (given, computed) {
                (Some(g), Some(c)) if !taint && g != c => Some(Shown::Num(c, kind)),
                (Some(g), Some(c)) if taint && g < c && lower_bound(form, &self.slots, s.parts) => {
                    Some(Shown::AtLeast(c, kind))
                }
                _ => None,
            };
            if let (Some(g), Some(expected)) = (given, expected) {
                let mut cells = vec![s.total];
                cells.extend_from_slice(s.parts);
                let mut d = Diag::new(s.rule, cells);
                d.expected = Some(expected);
                d.actual = Some(Shown::Num(g, kind));
                self.diags.push(d);
            }
        }
    }

    fn check_balances(&mut self) {
        for b in self.form.balances {
            let (l, lt) = self.sum(b.lhs);
            let (r, rt) = self.sum(b.rhs);
            let (Some(l), Some(r), false) = (l, r, lt || rt) else {
                continue;
            };
            if l == r {
                continue;
            }
            let side = |ids: &[u16]| -> Vec<i64> {
                ids.iter()
                    .map(|&p| self.operand(p).0.unwrap_or(0))
                    .collect()
            };
            let mut cells = vec![b.shown];
            cells.extend(b.lhs.iter().chain(b.rhs).copied().filter(|&c| c != b.shown));
            let mut d = Diag::new(Rule::Balance, cells);
            d.expected = Some(Shown::Num(l, Kind::Count));
            d.actual = Some(Shown::Num(r, Kind::Count));
            d.sides = Some((side(b.lhs), side(b.rhs)));
            self.diags.push(d);
        }
    }

    /// A cell's value when it is typed and valid (rules that need every operand).
    fn present(&self, i: u16) -> Option<i64> {
        let s = self.slots.get(usize::from(i))?;
        if s.faulty || s.bad {
            None
        } else {
            s.val
        }
    }

    /// The in-force floor, and with last year's report the cross-year rules.
    fn check_floors(&mut self, previous: Option<&[Raw<'_>]>) {
        let form = self.form;
        let prev_slots: Option<Vec<Option<i64>>> = previous.map(|p| {
            form.cells
                .iter()
                .enumerate()
                .map(
                    |(i, c)| match parse(p.get(i).copied().unwrap_or(Raw::Missing), c.kind) {
                        Parsed::Num(v) => Some(v),
                        _ => None,
                    },
                )
                .collect()
        });
        let prev_at = |i: u16| {
            prev_slots
                .as_ref()
                .and_then(|p| p.get(usize::from(i)).copied().flatten())
        };
        for f in form.in_force {
            let (Some(issued), Some(repealed), Some(now)) = (
                self.present(f.issued),
                self.present(f.repealed),
                self.present(f.in_force),
            ) else {
                continue;
            };
            let cells = vec![f.in_force, f.issued, f.repealed];
            let floor = issued - repealed;
            if now < floor {
                let mut d = Diag::new(Rule::InForceFloor, cells.clone());
                d.expected = Some(Shown::AtLeast(floor, Kind::Count));
                d.actual = Some(Shown::Num(now, Kind::Count));
                d.sides = Some((vec![issued, repealed], vec![]));
                self.diags.push(d);
            }
            if let Some(before) = prev_at(f.in_force) {
                let want = before + issued - repealed;
                if now != want {
                    let mut d = Diag::new(Rule::PrevInForce, cells);
                    d.expected = Some(Shown::Num(want, Kind::Count));
                    d.actual = Some(Shown::Num(now, Kind::Count));
                    d.sides = Some((vec![before, issued, repealed], vec![]));
                    self.diags.push(d);
                }
            }
        }
        for c in form.carries {
            if let (Some(now), Some(before)) = (self.present(c.to), prev_at(c.from)) {
                if now != before {
                    let mut d = Diag::new(Rule::PrevCarriedIn, vec![c.to]);
                    d.expected = Some(Shown::Num(before, Kind::Count));
                    d.actual = Some(Shown::Num(now, Kind::Count));
                    self.diags.push(d);
                }
            }
        }
    }

    fn unknown_cells(&mut self, unknown: &[&str]) {
        let mut unknown: Vec<&str> = unknown.to_vec();
        insertion_sort(&mut unknown, |a, b| a < b);
        unknown.dedup();
        for u in unknown {
            let mut d = Diag::new(Rule::UnknownCell, Vec::new());
            d.name = Some(u.to_string());
            self.diags.push(d);
        }
    }
}

/// Whether the parts' sum, blanks read as 0, is a lower bound of their true sum: every input
/// under them is a number or blank (none bad, none that may be negative).
fn lower_bound(form: &Form, slots: &[Slot], parts: &[u16]) -> bool {
    parts.iter().all(|&p| {
        let inputs: &[u16] = match form.closure.get(usize::from(p)) {
            Some(c) if !c.is_empty() => c,
            _ => std::slice::from_ref(&p),
        };
        inputs.iter().all(|&i| {
            let ok_kind = form.cell(i).is_some_and(|c| c.kind != Kind::Signed);
            ok_kind && slots.get(usize::from(i)).is_some_and(|s| !s.bad)
        })
    })
}

fn kind_of(form: &Form, i: u16) -> Kind {
    form.cell(i).map(|c| c.kind).unwrap_or(Kind::Count)
}
