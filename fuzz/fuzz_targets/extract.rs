#![no_main]
//! Published-report extraction on arbitrary text and HTML: never a panic, never a value that is
//! not in the input, and the page matcher on whatever tables the HTML has.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else { return };
    let form = nianbao::audit::extract::detect(s);
    let ex = nianbao::audit::extract::extract(form, s);
    for (_, v) in &ex.report.cells.0 {
        if let nianbao::CellValue::Text(t) = v {
            assert!(t == "0" || s.contains(t.as_str()), "{t:?}");
        }
    }
    let _ = nianbao::bind::json::audit_json(s, "", "fuzz", "en");
});
