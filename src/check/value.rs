//! What people type, normalised and parsed exactly (docs/contract.md, "Input normalisation").
//!
//! Counts are integers; 万元 amounts are fixed-point integers in units of 1/10,000 万元 (one
//! yuan), so no floating point ever touches a value typed as text. One linear pass, no
//! allocation, no panic, for any input of any length.

use crate::form::rules::Rule;
use crate::form::Kind;

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
    /// A JSON number token (`12`, `-1.5`, `1e3`), judged exactly as written.
    Number(&'a str),
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
    c.is_whitespace()
        || matches!(
            c,
            '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}'
        )
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
        Raw::Number(s) => parse_number(s, kind, limit),
        Raw::Other(_) => Parsed::Bad(Rule::NotANumber),
    }
}

/// A JSON number token: as text, plus an exponent applied by moving the decimal point
/// (exact: no float is involved).
fn parse_number(s: &str, kind: Kind, limit: i64) -> Parsed {
    let Some(at) = s.find(['e', 'E']) else {
        return parse_text(s, kind, limit);
    };
    let (mantissa, exp) = (s.get(..at).unwrap_or(""), s.get(at + 1..).unwrap_or(""));
    let exp_digits = exp.trim_start_matches(['+', '-']);
    if exp_digits.is_empty() || !exp_digits.bytes().all(|b| b.is_ascii_digit()) {
        return Parsed::Bad(Rule::NotANumber);
    }
    // Exponents beyond ±100 are all alike here: far too large, or a fraction.
    let magnitude = exp_digits.parse::<i64>().unwrap_or(i64::MAX).min(100);
    let exp = if exp.starts_with('-') {
        -magnitude
    } else {
        magnitude
    };
    let (negative, mantissa) = match mantissa.strip_prefix('-') {
        Some(m) => (true, m),
        None => (false, mantissa),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    if int.is_empty() || !int.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit()) {
        return Parsed::Bad(Rule::NotANumber);
    }
    // All significant digits, and where the decimal point falls among them.
    let int = int.trim_start_matches('0');
    let mut digits = String::with_capacity(int.len() + frac.len());
    digits.push_str(int);
    digits.push_str(frac);
    let mut point = int.len() as i64 + exp;
    let lead = digits.len() - digits.trim_start_matches('0').len();
    point -= lead as i64;
    let digits = digits.get(lead..).unwrap_or("");
    if digits.trim_end_matches('0').is_empty() {
        return Parsed::Num(0);
    }
    if point > 30 {
        return Parsed::Bad(if negative {
            Rule::Negative
        } else {
            Rule::TooLarge
        });
    }
    let mut text = String::with_capacity(digits.len() + 128);
    if negative {
        text.push('-');
    }
    if point <= 0 {
        text.push_str("0.");
        for _ in point..0 {
            text.push('0');
        }
        text.push_str(digits);
    } else {
        let p = point as usize;
        text.push_str(digits.get(..p.min(digits.len())).unwrap_or(""));
        for _ in digits.len()..p {
            text.push('0');
        }
        if p < digits.len() {
            text.push('.');
            text.push_str(digits.get(p..).unwrap_or(""));
        }
    }
    parse_text(&text, kind, limit)
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
                let ok = if grouped {
                    group == 3
                } else {
                    (1..=3).contains(&group)
                };
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
    if negative && !zero && kind != Kind::Signed {
        return Parsed::Bad(Rule::Negative);
    }
    if too_big || (int == limit && frac_nonzero) {
        return Parsed::Bad(Rule::TooLarge);
    }
    match kind {
        Kind::Count | Kind::Signed if frac_nonzero => Parsed::Bad(Rule::NotInteger),
        Kind::Count => Parsed::Num(int),
        Kind::Signed => Parsed::Num(if negative { -int } else { int }),
        Kind::Money if beyond_4 => Parsed::Bad(Rule::TooManyDecimals),
        Kind::Money => {
            for _ in frac_digits..4 {
                frac *= 10;
            }
            Parsed::Num(int.saturating_mul(SCALE).saturating_add(frac))
        }
    }
}

/// Appends `v` in its unit (see [`format`]) without going through the formatter.
pub fn push(out: &mut String, v: i64, kind: Kind) {
    if kind != Kind::Money {
        if v < 0 {
            out.push('-');
        }
        let mut buf = [0u8; 20];
        let mut n = v.unsigned_abs();
        let mut i = buf.len();
        loop {
            i -= 1;
            if let Some(b) = buf.get_mut(i) {
                *b = b'0' + (n % 10) as u8;
            }
            n /= 10;
            if n == 0 || i == 0 {
                break;
            }
        }
        out.push_str(std::str::from_utf8(buf.get(i..).unwrap_or_default()).unwrap_or_default());
    } else {
        out.push_str(&format(v, kind));
    }
}

/// A value in its unit, for totals and messages: `12`, `1.25` (万元).
pub fn format(v: i64, kind: Kind) -> String {
    match kind {
        Kind::Count | Kind::Signed => v.to_string(),
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
        Raw::Number(s) => show(Raw::Text(s)),
        Raw::Other(kind) => kind.to_string(),
    }
}
