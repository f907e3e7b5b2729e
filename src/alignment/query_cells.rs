//! Jira field values as plain text for query block cells. Users read as their display name, options and
//! versions by value or name, lists joined with `, `, rich text (ADF on Cloud, wiki text on Data Center) as
//! its text; datetimes are left to [`crate::alignment::query_run`], which knows the user's zone.
//!
//! Invariant: the result is plain text for `createEl`'s `text`, never markup; nothing here panics.

use serde_json::Value;

/// A field's value as one line of plain text (empty for none).
pub fn plain_text(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Bool(b) => if *b { "yes" } else { "no" }.into(),
        Value::Number(n) => n.as_i64().map(|i| i.to_string()).unwrap_or_else(|| n.to_string()),
        Value::Array(items) => items.iter().map(plain_text).filter(|s| !s.is_empty()).collect::<Vec<_>>().join(", "),
        Value::Object(map) => {
            if map.get("type").and_then(Value::as_str) == Some("doc") {
                let mut out = String::new();
                adf_text(value, &mut out);
                return out.split_whitespace().collect::<Vec<_>>().join(" ");
            }
            for name in ["displayName", "value", "name", "key"] {
                if let Some(s) = map.get(name).and_then(Value::as_str) {
                    // A cascading select's child option follows its parent.
                    return match map.get("child").map(plain_text).filter(|c| !c.is_empty()) {
                        Some(child) => format!("{s} / {child}"),
                        None => s.to_string(),
                    };
                }
            }
            String::new()
        }
    }
}

/// The text nodes of an ADF document, blocks separated by spaces.
fn adf_text(node: &Value, out: &mut String) {
    if let Some(text) = node.get("text").and_then(Value::as_str) {
        out.push_str(text);
    }
    if let Some(Value::Array(children)) = node.get("content") {
        for child in children {
            adf_text(child, out);
        }
        out.push(' ');
    }
}

#[cfg(test)]
mod tests {
    use super::plain_text;
    use serde_json::json;

    #[test]
    fn reads_the_shapes_jira_answers_with() {
        assert_eq!(plain_text(&json!(null)), "");
        assert_eq!(plain_text(&json!("Fix it")), "Fix it");
        assert_eq!(plain_text(&json!(3.0)), "3.0");
        assert_eq!(plain_text(&json!(8)), "8");
        assert_eq!(plain_text(&json!({"displayName": "Alice Chen", "accountId": "x"})), "Alice Chen");
        assert_eq!(plain_text(&json!({"name": "High", "id": "2"})), "High");
        assert_eq!(plain_text(&json!({"value": "EMEA", "child": {"value": "Berlin"}})), "EMEA / Berlin");
        assert_eq!(plain_text(&json!(["infra", "", "ops"])), "infra, ops");
        assert_eq!(plain_text(&json!([{"name": "1.0"}, {"name": "1.1"}])), "1.0, 1.1");
        let doc = json!({"type": "doc", "version": 1, "content": [
            {"type": "paragraph", "content": [{"type": "text", "text": "<b>not</b> markup"}]},
            {"type": "paragraph", "content": [{"type": "text", "text": "second"}]}]});
        assert_eq!(plain_text(&doc), "<b>not</b> markup second");
    }
}
