//! The inline writer's link destinations against the form they had before.

/// [`super::link_dest`] as it was written before it copied runs of bytes.
fn link_dest_by_chars(href: &str) -> Option<String> {
    if href.is_empty() || href.contains(['<', '>']) || href.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return None;
    }
    let chars: Vec<char> = href.chars().collect();
    let mut out = String::new();
    for (i, &c) in chars.iter().enumerate() {
        let entity = c == '&' && crate::adf::safety::looks_like_entity(&chars[i + 1..]);
        if entity || matches!(c, '\\' | '(' | ')' | '[' | ']' | '*' | '_' | '`') {
            out.push('\\');
        }
        out.push(c);
    }
    Some(out)
}

proptest::proptest! {
    #[test]
    fn link_destinations_as_before(href in "[a:/.&;#1()\\[\\]*_`\\\\<> \t\u{0}\u{7f}\u{a0}é]{0,12}") {
        proptest::prop_assert_eq!(super::link_dest(&href), link_dest_by_chars(&href));
    }
}

#[test]
fn a_link_closes_with_its_destination_and_title_escaped() {
    let mark =
        serde_json::json!({"type": "link", "attrs": {"href": "https://x.org/a_(b)", "title": "say \"hi\" \\ ok"}});
    let doc = serde_json::json!({"type": "doc", "version": 1, "content": [{"type": "paragraph", "content": [
        {"type": "text", "text": "one", "marks": [mark]},
        {"type": "text", "text": " two", "marks": [mark, {"type": "strong"}]},
    ]}]});
    let md = crate::adf::adf_to_markdown(&doc).expect("ADF");
    // One link over both runs (the same `href` and `title`), closed once; strong as tags before a space.
    assert_eq!(md, "[one<strong> two</strong>](https://x.org/a\\_\\(b\\) \"say \\\"hi\\\" \\\\ ok\")\n");
}
