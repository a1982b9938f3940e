//! Native benchmarks of the core: `check` on a full report (fill and verify), the keystroke
//! paths (all values, and the sheet's one cell), and `extract` on the seed text. `cargo bench --bench core` (run by `npm run bench`).

use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;

fn report() -> String {
    // The seed with numbers in it: a real-looking report, one unbalanced column.
    std::fs::read_to_string("tests/fixtures/yingchun-2023.json")
        .expect("seed fixture")
        .replacen(
            "\"t3.new.natural\": \"0\"",
            "\"t3.new.natural\": \"１２\"",
            1,
        )
        .replacen(
            "\"t3.granted.natural\": \"0\"",
            "\"t3.granted.natural\": \"7\"",
            1,
        )
        .replacen(
            "\"t3.new.business\": \"0\"",
            "\"t3.new.business\": \"1,204\"",
            1,
        )
}

fn benches(c: &mut Criterion) {
    let text = report();
    let parsed = nianbao::Report::from_json(&text).expect("report");
    for (name, options) in [
        ("check_fill", r#"{"mode":"fill","phase":"typing"}"#),
        ("check_verify", r#"{"mode":"verify","phase":"submit"}"#),
    ] {
        let o = nianbao::Options::from_json(options).expect("options");
        c.bench_function(&format!("{name}_json"), |b| {
            b.iter(|| nianbao::bind::json::check_json(black_box(&text), options, ""))
        });
        c.bench_function(name, |b| b.iter(|| nianbao::check(black_box(&parsed), &o)));
    }
    let form = nianbao::form::ogi_2021();
    let values: Vec<String> = form
        .cells
        .iter()
        .map(|c| match parsed.cells.get(c.id) {
            Some(nianbao::CellValue::Text(s)) => s.clone(),
            _ => String::new(),
        })
        .collect();
    let packed = values.join("\u{1f}");
    c.bench_function("check_values_keystroke", |b| {
        b.iter(|| {
            nianbao::bind::json::check_values(
                "",
                black_box(&packed),
                r#"{"mode":"fill","phase":"typing"}"#,
            )
        })
    });
    // The form page's keystroke: one cell set, the rules run on what is parsed already.
    use nianbao::{Mode, Phase};
    let mut sheet = nianbao::check::sheet::Sheet::new(form);
    sheet.set_all(&packed, '\u{1f}');
    let cell = form.lookup("t3.granted.natural").map_or(0, usize::from);
    let mut k = 0u32;
    for (name, inline) in [("sheet_keystroke", false), ("sheet_keystroke_inline", true)] {
        c.bench_function(name, |b| {
            b.iter(|| {
                k = (k + 1) % 9;
                sheet.set(
                    cell,
                    ["7", "8", "9", "10", "11", "12", "13", "14", "15"][k as usize],
                );
                black_box(
                    sheet
                        .run(Mode::Fill, Phase::Typing, inline, Some(cell as u16))
                        .diags
                        .len(),
                )
            })
        });
    }
    let seed =
        std::fs::read_to_string("tests/fixtures/published/yingchun-2023.txt").expect("seed text");
    c.bench_function("extract_seed", |b| {
        b.iter(|| nianbao::audit::extract::extract(form, black_box(&seed)))
    });
    c.bench_function("audit_seed", |b| {
        b.iter(|| nianbao::bind::json::audit_json(black_box(&seed), "", "seed", "zh-CN"))
    });
}

criterion_group!(core, benches);
criterion_main!(core);
