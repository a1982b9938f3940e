//! A form being filled in: the values typed so far, each parsed once when it changes, and the
//! last outcome. A keystroke sets one cell and runs the rules again on what is already parsed;
//! nothing is allocated per cell and the buffers are reused from one run to the next.

use crate::check::engine::{evaluate_into, read, Input, Mode, Outcome, Phase};
use crate::check::value::{show, Parsed, Raw};
use crate::form::Form;

pub struct Sheet {
    form: &'static Form,
    raw: Vec<String>,
    parsed: Vec<Parsed>,
    /// The outcome of the last [`Sheet::run`].
    pub outcome: Outcome,
}

impl Sheet {
    pub fn new(form: &'static Form) -> Sheet {
        let n = form.cells.len();
        Sheet {
            form,
            raw: vec![String::new(); n],
            parsed: vec![Parsed::Missing; n],
            outcome: Outcome::default(),
        }
    }

    pub fn form(&self) -> &'static Form {
        self.form
    }

    /// Sets one cell's raw value; false when the form has no such cell.
    pub fn set(&mut self, cell: usize, value: &str) -> bool {
        let (Some(raw), Some(parsed)) = (self.raw.get_mut(cell), self.parsed.get_mut(cell)) else {
            return false;
        };
        if raw != value {
            raw.clear();
            raw.push_str(value);
            *parsed = read(
                self.form,
                cell,
                if value.is_empty() {
                    Raw::Missing
                } else {
                    Raw::Text(value)
                },
            );
        }
        true
    }

    /// Sets every cell from values in form order joined by `sep` (a shorter list leaves the
    /// rest blank).
    pub fn set_all(&mut self, values: &str, sep: char) {
        let mut given = if values.is_empty() {
            None
        } else {
            Some(values.split(sep))
        };
        for i in 0..self.raw.len() {
            let v = given.as_mut().and_then(|g| g.next()).unwrap_or("");
            self.set(i, v);
        }
    }

    /// The raw value of a cell, as last set.
    pub fn raw(&self, cell: usize) -> &str {
        self.raw.get(cell).map(String::as_str).unwrap_or("")
    }

    /// Runs every rule on the values set; on a form page (`inline`) also points at the cell to
    /// fix and at the `changed` cell where a rule involves it.
    pub fn run(
        &mut self,
        mode: Mode,
        phase: Phase,
        inline: bool,
        changed: Option<u16>,
    ) -> &Outcome {
        let raw = &self.raw;
        let shown = |i: usize| show(raw.get(i).map_or(Raw::Missing, |s| Raw::Text(s)));
        let input = Input {
            parsed: &self.parsed,
            shown: &shown,
            previous: None,
            unknown: &[],
        };
        evaluate_into(&mut self.outcome, self.form, &input, mode, phase);
        if inline {
            crate::check::suggest::for_page(self.form, &mut self.outcome, changed);
        }
        &self.outcome
    }
}
