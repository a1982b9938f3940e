#![no_main]
//! `check` on arbitrary JSON text (and arbitrary options): an error or a result, never a panic;
//! a result is valid JSON whose `ok` agrees with its diagnostics.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else { return };
    let (report, options) = s.split_once('\u{0}').unwrap_or((s, "{}"));
    for opts in [options, r#"{"mode":"fill","phase":"typing"}"#, r#"{"mode":"verify","phase":"submit","locale":"en"}"#] {
        if let Ok(out) = nianbao::bind::json::check_json(report, opts, "") {
            let r = nianbao::bind::json::check_json(report, opts, report);
            assert!(r.is_ok());
            assert!(out.starts_with("{\"ok\":"));
        }
    }
    let _ = nianbao::bind::json::check_values("", s, "{}");
});
