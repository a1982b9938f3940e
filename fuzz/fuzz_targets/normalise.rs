#![no_main]
//! Value normalisation: any text, every kind of cell; never a panic, and an accepted value is
//! within the limit and survives formatting and parsing back.
use libfuzzer_sys::fuzz_target;
use nianbao::form::Kind;
use nianbao::check::value::{format, parse, parse_within, Parsed, Raw, LIMIT, TOTAL_LIMIT};

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else { return };
    for kind in [Kind::Count, Kind::Money, Kind::Signed] {
        for raw in [Raw::Text(s), Raw::Number(s)] {
            if let Parsed::Num(v) = parse(raw, kind) {
                let scale = if kind == Kind::Money { 10_000 } else { 1 };
                assert!(v.abs() <= LIMIT * scale, "{s:?} → {v}");
                assert_eq!(parse(Raw::Text(&format(v, kind)), kind), Parsed::Num(v), "{s:?}");
            }
            let _ = parse_within(raw, kind, TOTAL_LIMIT);
        }
    }
});
