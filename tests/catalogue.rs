//! The bad-input catalogue on the native core: each input gives exactly its diagnostic.

#[path = "support/catalogue.rs"]
mod catalogue_cases;

#[test]
fn every_bad_input_gives_exactly_its_diagnostic() {
    catalogue_cases::run(|text| {
        nianbao::bind::json::check_json(text, r#"{"mode":"verify","phase":"submit"}"#, "")
            .map_err(|e| e.to_string())
    });
}
