//! `cargo run --example audit -- FILE [--locale en]`: reads a published report (text or HTML)
//! and prints the audit JSON line.
fn main() {
    let mut args = std::env::args().skip(1);
    let Some(file) = args.next() else {
        eprintln!("usage: audit FILE [--locale en]");
        std::process::exit(2);
    };
    let en = args.any(|a| a == "en");
    let text = match std::fs::read_to_string(&file) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("audit: cannot read {file}: {e}");
            std::process::exit(2);
        }
    };
    let form = nianbao::form::ogi_2021();
    let a = nianbao::audit::audit(form, &text, None);
    let locale = if en {
        nianbao::Locale::En
    } else {
        nianbao::Locale::ZhCn
    };
    println!(
        "{}",
        nianbao::bind::json::audit_line(&a, form, &file, locale)
    );
    std::process::exit(if a.outcome.ok() { 0 } else { 1 });
}
