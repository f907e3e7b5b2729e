//! Fixed vocabularies shared by both directions: colour names, emoticons, panel macros, dangerous link
//! schemes, and the node builders for wiki macros that have no ADF node of their own.

use serde_json::{Value, json};

use crate::adf::json::Field;

use super::MACRO_EXTENSION_TYPE;

/// Wiki colour names and the hex value ADF's `textColor` mark stores (which must be `#rrggbb`).
/// The first name of a hex value is the one written back; `grey`, `aqua` and `magenta` read as aliases.
const COLORS: &[(&str, &str)] = &[
    ("black", "#000000"),
    ("white", "#ffffff"),
    ("red", "#ff0000"),
    ("green", "#008000"),
    ("blue", "#0000ff"),
    ("yellow", "#ffff00"),
    ("orange", "#ffa500"),
    ("purple", "#800080"),
    ("gray", "#808080"),
    ("grey", "#808080"),
    ("brown", "#a52a2a"),
    ("pink", "#ffc0cb"),
    ("navy", "#000080"),
    ("teal", "#008080"),
    ("maroon", "#800000"),
    ("olive", "#808000"),
    ("lime", "#00ff00"),
    ("cyan", "#00ffff"),
    ("aqua", "#00ffff"),
    ("magenta", "#ff00ff"),
    ("fuchsia", "#ff00ff"),
    ("silver", "#c0c0c0"),
];

/// The lower-case `#rrggbb` of a wiki colour (a name, `#rrggbb` or `#rgb`), if it is one.
pub(crate) fn color_to_hex(color: &str) -> Option<String> {
    let c = color.trim().to_ascii_lowercase();
    if let Some((_, hex)) = COLORS.iter().find(|(name, _)| *name == c) {
        return Some((*hex).to_owned());
    }
    let digits = c.strip_prefix('#').unwrap_or(&c);
    if !digits.chars().all(|d| d.is_ascii_hexdigit()) {
        return None;
    }
    match digits.len() {
        6 => Some(format!("#{digits}")),
        3 => Some(digits.chars().fold(String::from("#"), |mut s, d| {
            s.push(d);
            s.push(d);
            s
        })),
        _ => None,
    }
}

/// The wiki spelling of an ADF colour: its name when it has one, else `#rrggbb`.
pub(crate) fn hex_to_color(hex: &str) -> String {
    let h = hex.to_ascii_lowercase();
    COLORS.iter().find(|(_, x)| *x == h).map_or(h, |(name, _)| (*name).to_owned())
}

/// The bytes that follow `(` in an emoticon's code, as a set for `adf::proven::in_set` (every byte should a code
/// be `(` alone or go on with a non-ASCII byte): at a `(` followed by any other byte, no emoticon starts or
/// continues. The direct wiki → Markdown reader and the wiki writer skip such a `(` without looking at the list.
pub(crate) const EMOTICON_SECOND: u128 = {
    let mut set = 0u128;
    let mut k = 0;
    while k < EMOTICONS.len() {
        let code = EMOTICONS[k].0.as_bytes();
        if code.len() < 2 || code[1] >= 128 {
            set = u128::MAX;
        } else {
            set |= 1 << code[1];
        }
        k += 1;
    }
    set
};

/// Emoticons: the wiki code, and the ADF emoji `shortName`, `id` and `text` it becomes.
pub(crate) const EMOTICONS: &[(&str, &str, &str, &str)] = &[
    ("(/)", ":check_mark:", "atlassian-check_mark", "✅"),
    ("(x)", ":cross_mark:", "atlassian-cross_mark", "❌"),
    ("(!)", ":warning:", "atlassian-warning", "⚠️"),
    ("(?)", ":question:", "atlassian-question_mark", "❓"),
    ("(i)", ":info:", "atlassian-info", "ℹ️"),
    ("(y)", ":thumbsup:", "1f44d", "👍"),
    ("(n)", ":thumbsdown:", "1f44e", "👎"),
    ("(on)", ":light_bulb_on:", "atlassian-light_bulb_on", "💡"),
    ("(off)", ":light_bulb_off:", "atlassian-light_bulb_off", "💡"),
    ("(*r)", ":red_star:", "atlassian-red_star", "★"),
    ("(*g)", ":green_star:", "atlassian-green_star", "★"),
    ("(*b)", ":blue_star:", "atlassian-blue_star", "★"),
    ("(*y)", ":yellow_star:", "atlassian-yellow_star", "★"),
    ("(*)", ":star:", "2b50", "⭐"),
    ("(+)", ":plus:", "atlassian-plus", "+"),
    ("(-)", ":minus:", "atlassian-minus", "-"),
    ("(flagoff)", ":flag_off:", "atlassian-flag_off", "🏳"),
    ("(flag)", ":flag_on:", "atlassian-flag_on", "🚩"),
];

/// The emoticon `text` starts with, as its ADF emoji node and its length in chars.
pub(crate) fn emoticon_at(chars: &[char]) -> Option<(Value, usize)> {
    EMOTICONS.iter().find_map(|(code, short, id, text)| {
        let n = code.chars().count();
        (chars.len() >= n && chars.iter().take(n).copied().eq(code.chars()))
            .then(|| (json!({"type": "emoji", "attrs": {"shortName": short, "id": id, "text": text}}), n))
    })
}

/// Whether `chars` (the end of one text node) is a proper prefix of an emoticon, so that the next text node
/// could complete it (`"A(n"` then `")"` reads back as 👎 once written side by side).
pub(crate) fn emoticon_may_continue(chars: &[char]) -> bool {
    EMOTICONS
        .iter()
        .any(|(code, ..)| code.chars().count() > chars.len() && code.chars().zip(chars).all(|(a, &b)| a == b))
}

/// The wiki emoticon of an emoji short name, if wiki has one.
pub(crate) fn emoticon_of(short_name: &str) -> Option<&'static str> {
    EMOTICONS.iter().find(|e| e.1 == short_name).map(|e| e.0)
}

/// Panel-like macros and the ADF `panelType` each becomes (`panel` itself is `custom`).
pub(crate) const PANEL_MACROS: &[(&str, &str)] =
    &[("info", "info"), ("note", "note"), ("warning", "warning"), ("tip", "tip"), ("panel", "custom")];

/// Whether a link target would run code or smuggle content when followed: `javascript:`, `vbscript:` or
/// `data:`, compared the way browsers do (case-insensitively, ignoring ASCII whitespace and control chars).
pub(crate) fn is_dangerous_url(url: &str) -> bool {
    let squeezed: String =
        url.chars().filter(|c| !c.is_ascii_whitespace() && !c.is_control()).take(16).collect::<String>();
    let lower = squeezed.to_ascii_lowercase();
    ["javascript:", "vbscript:", "data:"].iter().any(|s| lower.starts_with(s))
}

/// Whether any `href`, `url` or `src` string anywhere inside `value` is dangerous.
pub(crate) fn contains_dangerous_url(value: &Value) -> bool {
    match value {
        Value::Object(map) => map.iter().any(|(k, v)| {
            (matches!(k.as_str(), "href" | "url" | "src") && v.as_str().is_some_and(is_dangerous_url))
                || contains_dangerous_url(v)
        }),
        Value::Array(items) => items.iter().any(contains_dangerous_url),
        _ => false,
    }
}

/// Every ADF node type of the v1 schema.
const NODE_TYPES: &[&str] = &[
    "blockCard",
    "blockquote",
    "blockTaskItem",
    "bodiedExtension",
    "bodiedSyncBlock",
    "bulletList",
    "caption",
    "codeBlock",
    "date",
    "decisionItem",
    "decisionList",
    "doc",
    "embedCard",
    "emoji",
    "expand",
    "extension",
    "hardBreak",
    "heading",
    "inlineCard",
    "inlineExtension",
    "layoutColumn",
    "layoutSection",
    "listItem",
    "media",
    "mediaGroup",
    "mediaInline",
    "mediaSingle",
    "mention",
    "nestedExpand",
    "orderedList",
    "panel",
    "paragraph",
    "placeholder",
    "rule",
    "status",
    "syncBlock",
    "table",
    "tableCell",
    "tableHeader",
    "tableRow",
    "taskItem",
    "taskList",
    "text",
];
/// Every ADF mark type of the v1 schema.
const MARK_TYPES: &[&str] = &[
    "alignment",
    "annotation",
    "backgroundColor",
    "border",
    "breakout",
    "code",
    "dataConsumer",
    "em",
    "fontSize",
    "fragment",
    "indentation",
    "link",
    "strike",
    "strong",
    "subsup",
    "textColor",
    "underline",
];

/// Whether every node and mark inside `value` has a type the ADF schema knows (what an `{adf}` block may
/// bring in).
pub(crate) fn known_types_only(value: &Value, depth: usize) -> bool {
    let Some(obj) = value.as_object() else { return false };
    let ty_ok = obj.field("type").and_then(Value::as_str).is_some_and(|t| NODE_TYPES.contains(&t));
    let marks_ok = obj.field("marks").and_then(Value::as_array).is_none_or(|marks| {
        marks.iter().all(|m| m.field("type").and_then(Value::as_str).is_some_and(|t| MARK_TYPES.contains(&t)))
    });
    let content_ok = obj
        .field("content")
        .and_then(Value::as_array)
        .is_none_or(|c| depth < 128 && c.iter().all(|n| known_types_only(n, depth + 1)));
    ty_ok && marks_ok && content_ok
}

/// A wiki macro kept as an ADF extension: `{name:params}` (and, for raw macros, its verbatim body).
pub(crate) fn macro_extension(kind: &str, name: &str, params: Option<&str>, body: Option<&str>) -> Value {
    let mut parameters = serde_json::Map::new();
    if let Some(p) = params {
        parameters.insert("params".into(), Value::String(p.to_owned()));
    }
    if let Some(b) = body {
        parameters.insert("body".into(), Value::String(b.to_owned()));
    }
    json!({"type": kind, "attrs": {
        "extensionType": MACRO_EXTENSION_TYPE, "extensionKey": name, "parameters": parameters,
    }})
}

/// `name`, params and body of an extension node this crate made, if it is one.
pub(crate) fn macro_parts(node: &Value) -> Option<(&str, Option<&str>, Option<&str>)> {
    let attrs = node.field("attrs")?;
    if attrs.field("extensionType")?.as_str()? != MACRO_EXTENSION_TYPE {
        return None;
    }
    let name = attrs.field("extensionKey")?.as_str()?;
    let parameters = attrs.field("parameters")?.as_object()?;
    if parameters.keys().any(|k| k != "params" && k != "body") || attrs.as_object()?.len() != 3 {
        return None;
    }
    let params = match parameters.field("params") {
        Some(p) => Some(p.as_str()?),
        None => None,
    };
    let body = match parameters.field("body") {
        Some(b) => Some(b.as_str()?),
        None => None,
    };
    valid_macro_name(name).then_some((name, params, body))
}

/// Whether `name` is a macro name wiki can spell: an ASCII letter, then letters, digits, `-` or `_`.
pub(crate) fn valid_macro_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// Splits a macro's parameter string `k=v|k2=v2|flag` into pairs (a bare word has an empty value `None`).
pub(crate) fn split_params(params: &str) -> Vec<(&str, Option<&str>)> {
    params
        .split('|')
        .map(|p| match p.split_once('=') {
            Some((k, v)) => (k, Some(v)),
            None => (p, None),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colors_and_schemes() {
        assert_eq!(color_to_hex("Red").as_deref(), Some("#ff0000"));
        assert_eq!(color_to_hex("#ABC").as_deref(), Some("#aabbcc"));
        assert_eq!(color_to_hex("bogus"), None);
        assert_eq!(hex_to_color("#FF0000"), "red");
        assert_eq!(hex_to_color("#de350b"), "#de350b");
        assert!(is_dangerous_url(" JaVa\tScRiPt:alert(1)"));
        assert!(is_dangerous_url("data:text/html,x"));
        assert!(!is_dangerous_url("https://example.com/javascript:"));
    }
}
