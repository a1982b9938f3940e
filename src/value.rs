//! What people type, normalised and parsed exactly (domain.md, "Input normalisation").
//!
//! Counts are integers; 万元 amounts are fixed-point integers in units of 1/10,000 万元 (one
//! yuan), so no floating point ever touches a value typed as text. One linear pass, no
//! allocation, no panic, for any input of any length.

use crate::form::Kind;
use crate::rules::Rule;

/// Fixed-point scale of [`Kind::Money`] values: 4 decimal places of 万元.
pub const SCALE: i64 = 10_000;
/// Largest accepted value of an input (in the cell's unit): beyond it is a typo.
pub const LIMIT: i64 = 1_000_000_000;
/// Largest accepted value of a typed total: above the sum of every input of a form at [`LIMIT`],
/// so totals the engine fills always verify.
pub const TOTAL_LIMIT: i64 = 1_000 * LIMIT;

/// A cell value as it arrived: the raw text, or a JSON/JS value of another type.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Raw<'a> {
    Missing,
    Text(&'a str),
    Int(i64),
    Float(f64),
    /// A boolean, array or object: never a number. The text says what it was.
    Other(&'a str),
}

/// The outcome of parsing one cell.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Parsed {
    Missing,
    /// The value, scaled by [`SCALE`] for money.
    Num(i64),
    /// The `value.*` rule it breaks.
    Bad(Rule),
}

fn is_space(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}')
}

/// Full-width digits and signs, and the full-width comma, to ASCII.
fn fold(c: char) -> char {
    match c {
        '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
        '－' | '−' | '﹣' => '-',
        '＋' => '+',
        '．' => '.',
        '，' => ',',
        _ => c,
    }
}

/// Parses an input cell's value.
pub fn parse(raw: Raw<'_>, kind: Kind) -> Parsed {
    parse_within(raw, kind, LIMIT)
}

/// Parses a value, `limit` being the largest accepted ([`LIMIT`], or [`TOTAL_LIMIT`] for totals).
pub fn parse_within(raw: Raw<'_>, kind: Kind, limit: i64) -> Parsed {
    match raw {
        Raw::Missing => Parsed::Missing,
        Raw::Text(s) => parse_text(s, kind, limit),
        Raw::Int(v) => from_int(v, kind, limit),
        Raw::Float(x) => from_float(x, kind, limit),
        Raw::Other(_) => Parsed::Bad(Rule::NotANumber),
    }
}

fn from_int(v: i64, kind: Kind, limit: i64) -> Parsed {
    if v < 0 {
        Parsed::Bad(Rule::Negative)
    } else if v > limit {
        Parsed::Bad(Rule::TooLarge)
    } else {
        Parsed::Num(scale(v, kind))
    }
}

fn scale(v: i64, kind: Kind) -> i64 {
    match kind {
        Kind::Count => v,
        // v ≤ TOTAL_LIMIT, so this cannot overflow; saturate all the same.
        Kind::Money => v.saturating_mul(SCALE),
    }
}

fn from_float(x: f64, kind: Kind, limit: i64) -> Parsed {
    if !x.is_finite() {
        return Parsed::Bad(Rule::NotANumber);
    }
    if x < 0.0 {
        return Parsed::Bad(Rule::Negative);
    }
    if x > limit as f64 {
        return Parsed::Bad(Rule::TooLarge);
    }
    match kind {
        Kind::Count if x.fract() != 0.0 => Parsed::Bad(Rule::NotInteger),
        Kind::Count => Parsed::Num(x as i64),
        Kind::Money => {
            let scaled = x * SCALE as f64;
            let r = scaled.round();
            if (scaled - r).abs() > scaled.abs().max(1.0) * 1e-9 {
                Parsed::Bad(Rule::TooManyDecimals)
            } else {
                Parsed::Num(r as i64)
            }
        }
    }
}

fn parse_text(s: &str, kind: Kind, limit: i64) -> Parsed {
    let s = s.trim_matches(is_space);
    if s.is_empty() {
        return Parsed::Missing;
    }
    let nan = Parsed::Bad(Rule::NotANumber);
    let mut it = s.chars().map(fold).peekable();
    let mut negative = false;
    match it.peek() {
        Some('-') => {
            negative = true;
            it.next();
        }
        Some('+') => {
            it.next();
        }
        _ => {}
    }

    // Integer part, with optional thousands separators: 1,234,567.
    let mut int: i64 = 0;
    let mut too_big = false;
    let mut int_digits = 0usize;
    let mut group = 0usize;
    let mut grouped = false;
    let mut point = false;
    for c in it.by_ref() {
        match c {
            '0'..='9' => {
                let d = i64::from(c as u8 - b'0');
                match int.checked_mul(10).and_then(|v| v.checked_add(d)) {
                    Some(v) if v <= limit => int = v,
                    _ => too_big = true,
                }
                int_digits += 1;
                group += 1;
            }
            ',' => {
                let ok = if grouped { group == 3 } else { (1..=3).contains(&group) };
                if !ok {
                    return nan;
                }
                grouped = true;
                group = 0;
            }
            '.' => {
                point = true;
                break;
            }
            _ => return nan,
        }
    }
    if grouped && group != 3 {
        return nan;
    }

    // Fraction: the first 4 digits are kept (money), any non-zero digit after is too many.
    let mut frac: i64 = 0;
    let mut frac_digits = 0usize;
    let mut frac_nonzero = false;
    let mut beyond_4 = false;
    if point {
        for c in it {
            let Some(d) = c.to_digit(10) else { return nan };
            if frac_digits < 4 {
                frac = frac * 10 + i64::from(d);
            } else if d != 0 {
                beyond_4 = true;
            }
            frac_nonzero |= d != 0;
            frac_digits += 1;
        }
    }
    if int_digits == 0 && frac_digits == 0 {
        return nan;
    }
    let zero = !too_big && int == 0 && !frac_nonzero;
    if negative && !zero {
        return Parsed::Bad(Rule::Negative);
    }
    if too_big || (int == limit && frac_nonzero) {
        return Parsed::Bad(Rule::TooLarge);
    }
    match kind {
        Kind::Count if frac_nonzero => Parsed::Bad(Rule::NotInteger),
        Kind::Count => Parsed::Num(int),
        Kind::Money if beyond_4 => Parsed::Bad(Rule::TooManyDecimals),
        Kind::Money => {
            for _ in frac_digits..4 {
                frac *= 10;
            }
            Parsed::Num(int.saturating_mul(SCALE).saturating_add(frac))
        }
    }
}

/// A value in its unit, for totals and messages: `12`, `1.25` (万元).
pub fn format(v: i64, kind: Kind) -> String {
    match kind {
        Kind::Count => v.to_string(),
        Kind::Money => {
            let sign = if v < 0 { "-" } else { "" };
            let a = v.unsigned_abs();
            let (int, frac) = (a / SCALE as u64, a % SCALE as u64);
            if frac == 0 {
                format!("{sign}{int}")
            } else {
                let f = format!("{frac:04}");
                format!("{sign}{int}.{}", f.trim_end_matches('0'))
            }
        }
    }
}

/// The raw value as a person would read it back, cut to a readable length.
pub fn show(raw: Raw<'_>) -> String {
    const MAX: usize = 40;
    match raw {
        Raw::Missing => String::new(),
        Raw::Text(s) => {
            let mut out: String = s.chars().take(MAX).collect();
            if s.chars().nth(MAX).is_some() {
                out.push('…');
            }
            out
        }
        Raw::Int(v) => v.to_string(),
        Raw::Float(x) => show_float(x),
        Raw::Other(kind) => kind.to_string(),
    }
}

/// Decimal text of a float without the float formatter (kept out of the wasm build):
/// up to 6 decimal places, which is more than any cell accepts.
fn show_float(x: f64) -> String {
    if x.is_nan() {
        return "NaN".into();
    }
    if x.is_infinite() {
        return if x > 0.0 { "Infinity".into() } else { "-Infinity".into() };
    }
    let sign = if x < 0.0 { "-" } else { "" };
    let a = x.abs();
    if a >= 1e18 {
        return format!("{sign}1e18+");
    }
    let mut int = a.trunc() as u64;
    let mut frac = (a.fract() * 1e6).round() as u64;
    if frac >= 1_000_000 {
        int += 1;
        frac -= 1_000_000;
    }
    if frac == 0 {
        format!("{sign}{int}")
    } else {
        let f = format!("{frac:06}");
        format!("{sign}{int}.{}", f.trim_end_matches('0'))
    }
}
