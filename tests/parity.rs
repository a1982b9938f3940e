//! Parity, native side: every fixture in tests/fixtures/parity gives exactly the bytes of its
//! `.result.json` (the same bytes the Node and Chromium suites must give).

include!(concat!(env!("OUT_DIR"), "/parity.rs"));

#[test]
fn native_results_are_byte_identical_to_the_fixtures() {
    assert!(PARITY.len() >= 8, "parity fixtures found: {}", PARITY.len());
    for (name, options, report, expected) in PARITY {
        let got = nianbao::bind::json::check_json(report, options, "").unwrap();
        assert_eq!(got, expected.trim_end(), "{name}");
    }
}

#[test]
fn the_writer_matches_serde_json() {
    for (name, options, report, _) in PARITY {
        let report = nianbao::Report::from_json(report).unwrap();
        let res = nianbao::check(&report, &nianbao::Options::from_json(options).unwrap());
        assert_eq!(
            res.to_json(),
            serde_json::to_string(&res).unwrap(),
            "{name}"
        );
        let back: nianbao::CheckResult = serde_json::from_str(&res.to_json()).unwrap();
        assert_eq!(back, res, "{name}");
    }
}
