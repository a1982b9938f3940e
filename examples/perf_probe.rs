//! A quick native timing of the JSON path (the criterion benchmarks are in benches/).
fn main() {
    let text = std::fs::read_to_string("tests/fixtures/parity/typing-fullwidth.fill-typing-zh-CN.json").unwrap();
    let opts = r#"{"mode":"fill","phase":"typing"}"#;
    let n: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(20000);
    let t = std::time::Instant::now();
    for _ in 0..n {
        std::hint::black_box(nianbao::json::check_json(&text, opts, "").unwrap());
    }
    println!("check_json: {:.2} µs", t.elapsed().as_secs_f64() * 1e6 / n as f64);
    let report = nianbao::Report::from_json(&text).unwrap();
    let form = nianbao::form::ogi_2021();
    let values: Vec<String> = form
        .cells
        .iter()
        .map(|c| match report.cells.get(&c.id) {
            Some(nianbao::CellValue::Text(s)) => s.clone(),
            _ => String::new(),
        })
        .collect();
    let packed = values.join("\u{1f}");
    let t = std::time::Instant::now();
    for _ in 0..n {
        std::hint::black_box(nianbao::json::check_values("", &packed, opts).unwrap());
    }
    println!("check_values: {:.2} µs", t.elapsed().as_secs_f64() * 1e6 / n as f64);
}
