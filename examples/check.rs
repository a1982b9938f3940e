//! `cargo run --example check -- FILE.json [--mode fill|verify] [--phase typing|submit] [--locale zh-CN|en]`
//!
//! Prints the result JSON on stdout. Exit 0 when the report has no errors, 1 when it has,
//! 2 when the input cannot be read (with a one-line reason on stderr). `-` reads stdin.

use std::io::Read;
use std::process::ExitCode;

use nianbao::{check, Options, Report};

const USAGE: &str =
    "usage: check FILE.json [--mode fill|verify] [--phase typing|submit] [--locale zh-CN|en]";

fn main() -> ExitCode {
    match run() {
        Ok(code) => ExitCode::from(code),
        Err(reason) => {
            eprintln!("check: {reason}");
            ExitCode::from(2)
        }
    }
}

fn run() -> Result<u8, String> {
    let mut file = None;
    let mut opts = String::from("{");
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--mode" | "--phase" | "--locale" => {
                let v = args
                    .next()
                    .ok_or_else(|| format!("{a} needs a value; {USAGE}"))?;
                if opts.len() > 1 {
                    opts.push(',');
                }
                nianbao::bind::json::write_str(&mut opts, a.trim_start_matches('-'));
                opts.push(':');
                nianbao::bind::json::write_str(&mut opts, &v);
            }
            "-h" | "--help" => {
                println!("{USAGE}");
                return Ok(0);
            }
            _ if file.is_none() && (a == "-" || !a.starts_with('-')) => file = Some(a),
            _ => return Err(format!("unexpected argument {a:?}; {USAGE}")),
        }
    }
    opts.push('}');
    let file = file.ok_or_else(|| USAGE.to_string())?;
    let options = Options::from_json(&opts).map_err(|e| format!("bad option: {}", e.message))?;
    let mut text = String::new();
    if file == "-" {
        std::io::stdin()
            .read_to_string(&mut text)
            .map_err(|e| format!("cannot read stdin: {e}"))?;
    } else {
        text = std::fs::read_to_string(&file).map_err(|e| format!("cannot read {file}: {e}"))?;
    }
    let report = Report::from_json(&text).map_err(|e| format!("{file} is not a report: {e}"))?;
    let result = check(&report, &options);
    println!("{}", result.to_json());
    Ok(if result.ok { 0 } else { 1 })
}
