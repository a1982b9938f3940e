#![cfg(not(target_arch = "wasm32"))]
//! The architecture as README and CONTRIBUTING describe it: one folder per concern under src/,
//! no import circle between modules, and a core (`form`, `check`) that knows nothing of JSON,
//! wasm or the other folders.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Module path (`check::engine`, `page`) → source without comments.
fn modules() -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let mut dirs = vec![Path::new("src").to_path_buf()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
                continue;
            }
            let rel = path.strip_prefix("src").unwrap().with_extension("");
            let name = rel
                .to_string_lossy()
                .replace(['/', '\\'], "::")
                .trim_end_matches("::mod")
                .to_string();
            if name == "lib" || path.extension() != Some(std::ffi::OsStr::new("rs")) {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            let code: String = text
                .lines()
                .map(|l| l.split("//").next().unwrap_or(""))
                .collect::<Vec<_>>()
                .join("\n");
            // Unit tests may reach anywhere.
            let code = code.split("#[cfg(test)]").next().unwrap_or("").to_string();
            out.insert(name, code);
        }
    }
    out
}

/// Which modules each module names as `crate::…`.
fn edges(mods: &BTreeMap<String, String>) -> BTreeMap<String, BTreeSet<String>> {
    let mut edges = BTreeMap::new();
    for (m, code) in mods {
        let mut to = BTreeSet::new();
        for (at, _) in code.match_indices("crate::") {
            let path: String = code[at + 7..]
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
                .collect();
            let parts: Vec<&str> = path.split("::").collect();
            // The longest module prefix of the path.
            let target = (1..=parts.len().min(2))
                .rev()
                .map(|k| parts[..k].join("::"))
                .find(|p| mods.contains_key(p));
            if let Some(t) = target.filter(|t| t != m && !m.starts_with(&format!("{t}::"))) {
                to.insert(t);
            }
        }
        edges.insert(m.clone(), to);
    }
    edges
}

fn reaches(edges: &BTreeMap<String, BTreeSet<String>>, from: &str, to: &str) -> bool {
    let mut seen = BTreeSet::new();
    let mut stack = vec![from.to_string()];
    while let Some(x) = stack.pop() {
        if x == to {
            return true;
        }
        if seen.insert(x.clone()) {
            stack.extend(edges.get(&x).into_iter().flatten().cloned());
        }
    }
    false
}

#[test]
fn no_import_circle_between_modules_or_folders() {
    let mods = modules();
    assert!(mods.len() >= 15, "{:?}", mods.keys());
    let e = edges(&mods);
    for (a, tos) in &e {
        for b in tos {
            assert!(!reaches(&e, b, a), "import circle: {a} → {b} → … → {a}");
        }
    }
    let folder = |m: &str| m.split("::").next().unwrap_or("").to_string();
    let mut f: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (a, tos) in &e {
        for b in tos.iter().filter(|b| folder(b) != folder(a)) {
            f.entry(folder(a)).or_default().insert(folder(b));
        }
    }
    for (a, tos) in &f {
        for b in tos {
            assert!(!reaches(&f, b, a), "folders in a circle: {a} ↔ {b}");
        }
    }
}

#[test]
fn the_core_knows_nothing_of_json_wasm_or_the_outer_folders() {
    let mods = modules();
    for (m, code) in mods
        .iter()
        .filter(|(m, _)| m.starts_with("form") || m.starts_with("check"))
    {
        for outer in [
            "crate::bind",
            "crate::page",
            "crate::audit",
            "wasm_bindgen",
            "js_sys",
            "serde_json",
        ] {
            assert!(!code.contains(outer), "{m} uses {outer}");
        }
    }
}
