//! The label matcher on real and varied layouts.

use nianbao::html::pages;
use nianbao::mapping::map_page;
use std::collections::BTreeMap;

fn map(html: &str) -> nianbao::mapping::Mapping {
    let form = nianbao::form::ogi_2021();
    pages(html).iter().map(|p| map_page(form, p)).max_by_key(|m| m.mapping.len()).unwrap()
}

#[test]
fn form_a_maps_every_input_as_its_naming_scheme_says() {
    let html = include_str!("fixtures/forms/portal-form-a.html");
    let m = map(html);
    assert_eq!(m.unmapped, vec![], "unmapped");
    assert_eq!(m.missing, Vec::<String>::new(), "missing");
    // Written from the field names (zdgk_/ysq_R_C/fyss_N), independently of the labels.
    let expected: BTreeMap<String, String> =
        serde_json::from_str(include_str!("fixtures/forms/form-a.mapping.json")).unwrap();
    let got: BTreeMap<String, String> = m.mapping.into_iter().collect();
    assert_eq!(got, expected);
}

#[test]
fn layout_b_maps_every_input_from_its_labels() {
    let m = map(include_str!("../www/demo/layout-b.html"));
    assert_eq!(m.unmapped, vec![]);
    assert_eq!(m.missing, Vec::<String>::new());
    assert_eq!(m.mapping.len(), 200);
    let get = |k: &str| m.mapping.iter().find(|(key, _)| key == k).map(|(_, c)| c.as_str());
    // Inputs are numbered in page order: t2 (10), then t3 row by row (7 each), then t4 by group.
    assert_eq!(get("q001"), Some("t2.rules.issued"));
    assert_eq!(get("q007"), Some("t2.licensing.decisions"));
    assert_eq!(get("q010"), Some("t2.fees.amount"));
    assert_eq!(get("q011"), Some("t3.new.natural"));
    assert_eq!(get("q017"), Some("t3.new.total"));
    assert_eq!(get("q051"), Some("t3.denied_prohibited.other"));
    assert_eq!(get("q053"), Some("t3.denied_security.natural"));
    assert_eq!(get("q172"), Some("t3.results_total.natural"));
    assert_eq!(get("q179"), Some("t3.carried_out.natural"));
    assert_eq!(get("q186"), Some("t4.review.upheld"));
    assert_eq!(get("q191"), Some("t4.suit_direct.upheld"));
    assert_eq!(get("q200"), Some("t4.suit_after_review.total"));
}

/// Form A with its three tables joined into one `<table>`, an extra non-template row, and two
/// explicit cells.
#[test]
fn one_table_extra_rows_and_explicit_cells() {
    let a = include_str!("fixtures/forms/portal-form-a.html");
    let joined = a
        .replace("</table>\n<p class=\"sec\">三、收到和处理政府信息公开申请情况</p>\n<table class=\"tb_list\" width=\"980\">", "")
        .replace("</table>\n<p class=\"sec\">四、政府信息公开行政复议、行政诉讼情况</p>\n<table class=\"tb_list\" width=\"980\">", "")
        .replace(
            "<tr><td colspan=\"3\" class=\"lbl\">四、结转下年度继续办理</td>",
            "<tr><td colspan=\"3\">其他需要报告的事项</td><td><input name=\"extra\"></td></tr>\n<tr><td colspan=\"3\" class=\"lbl\">四、结转下年度继续办理</td>",
        )
        .replace("name=\"zdgk_8_1\"", "name=\"zdgk_8_1\" data-nianbao-cell=\"t2.fees.amount\"")
        .replace("name=\"ysq_1_1\"", "name=\"ysq_1_1\" data-nianbao-cell=\"t3.carried_in.natural\"");
    assert_eq!(joined.matches("<table").count(), 1);
    let m = map(&joined);
    let get = |k: &str| m.mapping.iter().find(|(key, _)| key == k).map(|(_, c)| c.as_str());
    assert_eq!(get("zdgk_8_1"), Some("t2.fees.amount"));
    assert_eq!(get("ysq_1_1"), Some("t3.carried_in.natural"), "explicit wins");
    // ysq_2_1 matched t3.carried_in.natural by its labels, but that cell is given explicitly.
    assert_eq!(get("ysq_2_1"), None);
    assert_eq!(get("fyss_7"), Some("t4.suit_direct.corrected"));
    let unmapped: Vec<&str> = m.unmapped.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(unmapped, ["ysq_2_1", "extra"]);
    assert_eq!(m.missing, ["t3.new.natural"]);
    assert_eq!(m.mapping.len(), 199);
}

#[test]
fn two_inputs_with_the_same_labels_are_both_left_unmapped() {
    let html = "<form><table><tr><td></td><td>自然人</td></tr>\
        <tr><td>一、本年新收政府信息公开申请数量</td><td><input name=a></td></tr>\
        <tr><td>本年新收</td><td><input name=b></td></tr>\
        <tr><td>行政许可</td><td><input name=c></td></tr></table></form>";
    let m = map(html);
    assert_eq!(m.mapping, vec![("c".to_string(), "t2.licensing.decisions".to_string())]);
    assert_eq!(m.unmapped.iter().map(|(k, _)| k.as_str()).collect::<Vec<_>>(), ["a", "b"]);
    assert!(m.unmapped[0].1.contains("same cell"));
}

#[test]
fn html_reader_is_tolerant() {
    let html = "<TABLE border=1><TR><TD>规章<TD><INPUT NAME=x><td>&nbsp;<tr><td colspan=2>行政<br>处罚</td><td><input type=text id=y></table><table><tr><td><input type=hidden name=h><textarea name=t>规章</textarea></table>";
    let pages = pages(html);
    assert_eq!(pages.len(), 1);
    let p = &pages[0];
    assert_eq!(p.inputs.iter().map(|i| i.key.as_str()).collect::<Vec<_>>(), ["x", "y", "t"]);
    assert_eq!(p.tables[0].rows.len(), 2);
    assert_eq!(p.tables[0].rows[1][1].text, "行政 处罚");
    assert_eq!(p.tables[0].rows[0][2].text, "");
}
