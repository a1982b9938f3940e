//! Compiles the report forms in (src/form/generate.rs over src/form/template.rs), and lists
//! the parity fixtures (tests/fixtures/parity/*.json) as `include_str!` entries, so the
//! wasm test in the browser runs exactly the cases the native and Node suites run.

use std::fmt::Write;
use std::path::Path;

// The templates, and the generator that compiles them in (src/form/generate.rs).
#[path = "src/form/generate.rs"]
mod generate;
#[allow(dead_code)]
#[path = "src/form/rules.rs"]
mod rules;
#[allow(dead_code)]
#[path = "src/form/template.rs"]
mod template;

fn main() {
    // `audit_enabled`: the code that rechecks published reports (extraction, suggestions). In
    // native builds always; in wasm only with the `audit` feature, so the browser module stays
    // small.
    println!("cargo::rustc-check-cfg=cfg(audit_enabled)");
    let wasm = std::env::var("CARGO_CFG_TARGET_ARCH").is_ok_and(|a| a == "wasm32");
    if !wasm || std::env::var_os("CARGO_FEATURE_AUDIT").is_some() {
        println!("cargo:rustc-cfg=audit_enabled");
    }

    for f in ["rules", "template", "generate"] {
        println!("cargo:rerun-if-changed=src/form/{f}.rs");
    }
    let forms = [
        ("OGI_2021_FORM", "OGI_2021", &template::OGI_2021),
        ("OGI_2019_FORM", "OGI_2019", &template::OGI_2019),
    ];
    let source: String = forms
        .iter()
        .map(|(name, path, def)| generate::emit(name, path, def))
        .collect();
    let out = std::env::var("OUT_DIR").unwrap_or_default();
    if let Err(e) = std::fs::write(Path::new(&out).join("forms.rs"), source) {
        panic!("cannot write {out}/forms.rs: {e}");
    }

    let dir = Path::new("tests/fixtures/parity");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|d| {
            d.filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.ends_with(".json") && !n.ends_with(".result.json"))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    let root = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default();
    // (name, options JSON, report JSON, result JSON); NAME.MODE-PHASE-LOCALE.json.
    let mut out = String::from("pub const PARITY: &[(&str, &str, &str, &str)] = &[\n");
    for n in &names {
        let stem = n.trim_end_matches(".json");
        let opts = stem.rsplit('.').next().unwrap_or("");
        let mut parts = opts.splitn(3, '-');
        let (mode, phase, locale) = (parts.next(), parts.next(), parts.next());
        let options = format!(
            r#"{{"mode":"{}","phase":"{}","locale":"{}"}}"#,
            mode.unwrap_or(""),
            phase.unwrap_or(""),
            locale.unwrap_or("")
        );
        let _ = writeln!(
            out,
            "    ({stem:?}, {options:?}, include_str!({:?}), include_str!({:?})),",
            format!("{root}/tests/fixtures/parity/{n}"),
            format!("{root}/tests/fixtures/parity/{stem}.result.json"),
        );
    }
    out.push_str("];\n");
    let dest = Path::new(&std::env::var("OUT_DIR").unwrap_or_default()).join("parity.rs");
    if let Err(e) = std::fs::write(&dest, out) {
        println!("cargo:warning=cannot write {}: {e}", dest.display());
    }
}
