#![cfg(not(target_arch = "wasm32"))]
//! The `check` example: exit codes, options, stdin.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

fn bin() -> PathBuf {
    // target/<profile>/deps/cli-xxxx → target/<profile>/examples/check
    let mut p = std::env::current_exe().unwrap();
    p.pop();
    p.pop();
    p.push("examples");
    p.push(format!("check{}", std::env::consts::EXE_SUFFIX));
    assert!(
        p.exists(),
        "cargo test builds the examples: {}",
        p.display()
    );
    p
}

fn run(args: &[&str], stdin: Option<&str>) -> (i32, String, String) {
    let mut child = Command::new(bin())
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    if let Some(s) = stdin {
        child.stdin.take().unwrap().write_all(s.as_bytes()).unwrap();
    }
    drop(child.stdin.take());
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

const SEED: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/yingchun-2023.json"
);

#[test]
fn ok_report_exits_0_with_result_json() {
    let (code, out, _) = run(&[SEED], None);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["ok"], true);
    assert_eq!(v["totals"].as_object().unwrap().len(), 34);
}

#[test]
fn errors_exit_1_and_options_apply() {
    let text = std::fs::read_to_string(SEED).unwrap().replacen(
        "\"t3.new.total\": \"0\"",
        "\"t3.new.total\": \"4\"",
        1,
    );
    let (code, out, _) = run(&["-", "--locale", "en"], Some(&text));
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["diagnostics"][0]["rule"], "t3.row_total");
    assert!(v["diagnostics"][0]["message"]
        .as_str()
        .unwrap()
        .contains("should be 0"));
    // In fill mode the given total is overwritten: no error.
    let (code, _, _) = run(&["-", "--mode", "fill", "--phase", "typing"], Some(&text));
    assert_eq!(code, 0);
}

#[test]
fn unreadable_input_exits_2_with_one_line() {
    for (args, stdin) in [
        (vec!["/nonexistent/report.json"], None),
        (vec!["-"], Some("[1,2,3]")),
        (vec!["-"], Some("{\"cells\": ")),
        (vec![SEED, "--mode", "sideways"], None),
        (vec![], None),
    ] {
        let (code, out, err) = run(&args, stdin);
        assert_eq!(code, 2, "{args:?}");
        assert!(out.is_empty());
        assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    }
}
