//! Pointing at the faulty cell: when sums or balances do not hold, the single cell whose change
//! makes every sum and balance of its table hold, and why; or, when no single cell does, saying
//! so instead of guessing. In verify mode typed totals are checked too; in fill mode (the form
//! page) only balances can break, and any cell of the column would do: there the cell the person
//! just changed is the one named, when it alone can make the column hold.

use crate::check::engine::{Diag, Outcome};
pub use crate::check::engine::{Reason, Suggestion};
use crate::form::rules::Rule;
use crate::form::Form;

/// For a form page: [`suggest`] on the values the engine read (in fill mode totals are
/// computed, so only inputs count), then [`locate`].
pub fn for_page(form: &Form, outcome: &mut Outcome, changed: Option<u16>) {
    let Outcome { given, diags, .. } = outcome;
    suggest(form, given, diags, changed);
    if let Some(changed) = changed {
        locate(form, given, diags, changed);
    }
}

/// Sets `at` on the diagnostics of rules the `changed` cell takes part in (directly or through
/// the totals it adds up) and that are shown on another cell, once every input of the rule holds
/// a number: a column still being filled in is not a mistake yet.
fn locate(form: &Form, given: &[Option<i64>], diags: &mut [Diag], changed: u16) {
    for d in diags
        .iter_mut()
        .filter(|d| d.cells.first() != Some(&changed))
    {
        let mut all = d.cells.iter().flat_map(|c| inputs_of(form, c));
        if all.clone().any(|&c| c == changed)
            && all.all(|&c| given.get(usize::from(c)).copied().flatten().is_some())
        {
            d.at = Some(changed);
        }
    }
}

/// The inputs a cell stands for: a total's closure, or the cell itself.
fn inputs_of<'a>(form: &'a Form, i: &'a u16) -> &'a [u16] {
    match form.closure.get(usize::from(*i)) {
        Some(c) if !c.is_empty() => c,
        _ => std::slice::from_ref(i),
    }
}

/// The linear checks `Σ coeff·value = 0` of a form's typed values, each with its current
/// residual; coefficients of all checks in one list (no allocation per check).
struct Checks {
    coeffs: Vec<(u16, i64)>,
    /// (table, residual, end of its coefficients in `coeffs`).
    checks: Vec<(u8, i64, usize)>,
}

impl Checks {
    fn push(&mut self, form: &Form, val: &dyn Fn(u16) -> Option<i64>, start: usize) {
        let mine = self.coeffs.get(start..).unwrap_or(&[]);
        let residual = mine.iter().try_fold(0i64, |r, &(c, a)| {
            Some(r.saturating_add(a.saturating_mul(val(c)?)))
        });
        let table = mine
            .first()
            .and_then(|&(c, _)| form.cell(c))
            .map(|c| c.table);
        match (residual, table) {
            (Some(r), Some(t)) => self.checks.push((t, r, self.coeffs.len())),
            _ => self.coeffs.truncate(start),
        }
    }

    /// Each check: table, residual, coefficients.
    fn iter(&self) -> impl Iterator<Item = (u8, i64, &[(u16, i64)])> {
        let mut start = 0;
        self.checks.iter().map(move |&(t, r, end)| {
            let c = self.coeffs.get(start..end).unwrap_or(&[]);
            start = end;
            (t, r, c)
        })
    }
}

/// `given[i]`: the typed value of cell i when it is a usable number (`None` for blanks, bad
/// values, and totals computed rather than typed). `changed`: the cell the person just changed.
pub fn suggest(form: &Form, given: &[Option<i64>], diags: &mut [Diag], changed: Option<u16>) {
    let sum_rule = |r: Rule| {
        matches!(
            r,
            Rule::RowTotal | Rule::ResultsTotal | Rule::T4Total | Rule::Balance
        )
    };
    if !diags.iter().any(|d| sum_rule(d.rule)) {
        return;
    }
    let val = |i: u16| given.get(usize::from(i)).copied().flatten();
    let mut all = Checks {
        coeffs: Vec::with_capacity(256),
        checks: Vec::new(),
    };
    for s in form.sums {
        if val(s.total).is_none() {
            continue; // not typed: computed, nothing to check
        }
        let start = all.coeffs.len();
        all.coeffs.push((s.total, 1));
        all.coeffs
            .extend(inputs_of(form, &s.total).iter().map(|&c| (c, -1)));
        all.push(form, &val, start);
    }
    for b in form.balances {
        let start = all.coeffs.len();
        all.coeffs.extend(
            b.lhs
                .iter()
                .flat_map(|c| inputs_of(form, c))
                .map(|&c| (c, 1)),
        );
        all.coeffs.extend(
            b.rhs
                .iter()
                .flat_map(|c| inputs_of(form, c))
                .map(|&c| (c, -1)),
        );
        all.push(form, &val, start);
    }
    // Tables are independent: one suggestion per table with broken sums.
    let mut tables: Vec<u8> = all.iter().filter(|c| c.1 != 0).map(|c| c.0).collect();
    tables.dedup();
    for t in tables {
        let s = best(form, &all, t, &val, changed);
        for d in diags.iter_mut().filter(|d| sum_rule(d.rule)) {
            if d.cells.first().and_then(|&c| form.cell(c)).map(|c| c.table) == Some(t) {
                d.suggestion = Some(s.clone());
            }
        }
    }
}

/// The one cell of table `t` whose change zeroes every broken check of the table and breaks
/// none that holds, if there is exactly one. One pass over the checks' coefficients: per cell,
/// the change each broken check asks of it, and whether it sits in a check that holds.
fn best(
    form: &Form,
    all: &Checks,
    t: u8,
    val: &dyn Fn(u16) -> Option<i64>,
    changed: Option<u16>,
) -> Suggestion {
    let n = form.cells.len();
    let mut delta: Vec<Option<i64>> = vec![None; n];
    let mut hits = vec![0usize; n];
    let mut out = vec![false; n]; // no single change of this cell can do it
    let mut coeff = vec![0i64; n];
    let mut broken = 0;
    for (_, residual, cs) in all.iter().filter(|c| c.0 == t) {
        broken += usize::from(residual != 0);
        for &(x, a) in cs {
            if let Some(c) = coeff.get_mut(usize::from(x)) {
                *c += a;
            }
        }
        for &(x, _) in cs {
            let i = usize::from(x);
            let a = coeff.get(i).copied().unwrap_or(0);
            if a == 0 {
                continue; // absent, or read already for this check
            }
            if let Some(c) = coeff.get_mut(i) {
                *c = 0;
            }
            let (Some(d), Some(h), Some(o)) = (delta.get_mut(i), hits.get_mut(i), out.get_mut(i))
            else {
                continue;
            };
            if residual == 0 || residual % a != 0 || d.is_some_and(|e| e != -residual / a) {
                *o = true;
                continue;
            }
            *d = Some(-residual / a);
            *h += 1;
        }
    }
    let mut candidates: Vec<Suggestion> = Vec::new();
    for (i, d) in delta.iter().enumerate() {
        let (Some(d), false, Some(&h)) = (*d, out.get(i).copied().unwrap_or(true), hits.get(i))
        else {
            continue;
        };
        let x = i as u16;
        let Some(old) = val(x) else { continue };
        let value = old.saturating_add(d);
        if h != broken || d == 0 || value < 0 {
            continue;
        }
        let derived = form.cell(x).is_some_and(|c| c.derived);
        let reason = if transposed(old, value) {
            Reason::Transposed
        } else if derived && h < 2 {
            Reason::OwnSum
        } else {
            Reason::RowAndColumn
        };
        candidates.push(Suggestion {
            cell: Some(x),
            old,
            value,
            reason,
        });
    }
    let only = |mut v: Vec<Suggestion>| if v.len() == 1 { v.pop() } else { None };
    let transposed = only(
        candidates
            .iter()
            .filter(|c| c.reason == Reason::Transposed)
            .cloned()
            .collect(),
    );
    let just_changed = candidates
        .iter()
        .find(|c| c.cell == changed)
        .map(|c| Suggestion {
            reason: Reason::Changed,
            ..c.clone()
        });
    // A stated total that alone disagrees with its parts (table 四, whose rows no column checks):
    // any part could be off by as much, but the total is the one figure that contradicts the
    // others, so it is the one named.
    let own_total = only(
        candidates
            .iter()
            .filter(|c| c.reason == Reason::OwnSum)
            .cloned()
            .collect(),
    );
    let chosen = if candidates.len() == 1 {
        only(candidates)
    } else {
        transposed.or(own_total).or(just_changed)
    };
    chosen.unwrap_or(Suggestion {
        cell: None,
        old: 0,
        value: 0,
        reason: Reason::NoSingleCell,
    })
}

/// Same digits in another order: 1423 and 1243.
fn transposed(a: i64, b: i64) -> bool {
    // Digit counts and length of |v| (values here are never negative), without formatting.
    let digits = |v: i64| {
        let mut count = [0u8; 11];
        let mut v = v.unsigned_abs();
        loop {
            if let Some(c) = count.get_mut((v % 10) as usize) {
                *c += 1;
            }
            count[10] += 1;
            v /= 10;
            if v == 0 {
                return count;
            }
        }
    };
    a != b && digits(a) == digits(b)
}

/// The suggestion in words.
pub fn describe(form: &Form, s: &Suggestion, en: bool) -> String {
    let label = s
        .cell
        .and_then(|c| form.cell(c))
        .map(|c| c.label(en))
        .unwrap_or_default();
    let (old, value) = (s.old, s.value);
    match (s.reason, en) {
        (Reason::Transposed, false) => format!("最可能错的是「{label}」：{old} 像是 {value} 的两位数字颠倒，改为 {value} 后各项合计都对得上。"),
        (Reason::Transposed, true) => format!("Most likely wrong: {label}. {old} reads like {value} with two digits swapped; with {value} every sum holds."),
        (Reason::RowAndColumn, false) => format!("最可能错的是「{label}」：它所在的行和列都对不上，改为 {value}（现为 {old}）后各项合计都对得上。"),
        (Reason::RowAndColumn, true) => format!("Most likely wrong: {label}. It breaks both its row and its column; with {value} (now {old}) every sum holds."),
        (Reason::OwnSum, false) => format!("最可能错的是合计「{label}」：应为 {value}（现为 {old}），其余各项都对得上。"),
        (Reason::OwnSum, true) => format!("Most likely wrong: the total {label}, which should be {value} (now {old}); everything else adds up."),
        (Reason::Changed, false) => format!("刚修改的「{label}」改为 {value}（现为 {old}）后各项合计都对得上；也请核对同列其他格子。"),
        (Reason::Changed, true) => format!("The cell just changed, {label}: with {value} (now {old}) every sum holds; check the rest of the column too."),
        (Reason::NoSingleCell, false) => "没有哪一个格子改一下就能让所有合计都对上，可能不止一处有误，请逐项核对。".to_string(),
        (Reason::NoSingleCell, true) => "No single cell explains every broken sum: more than one value may be wrong; check them one by one.".to_string(),
    }
}

/// The suggestion in a few words, shown at the suggested cell itself (so it names no cell).
pub fn short(form: &Form, s: &Suggestion, en: bool) -> Option<String> {
    let kind = form.cell(s.cell?)?.kind;
    let value = crate::check::value::format(s.value, kind);
    Some(if en {
        format!("{value} makes it add up")
    } else {
        format!("改为 {value} 则对得上")
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn transposed_digits() {
        assert!(super::transposed(1423, 1243));
        assert!(super::transposed(12, 21));
        assert!(super::transposed(1200, 2100));
        assert!(!super::transposed(120, 12));
        assert!(!super::transposed(100, 10));
        assert!(!super::transposed(7, 7));
        assert!(!super::transposed(0, 0));
        assert!(!super::transposed(1423, 1224));
    }
}
