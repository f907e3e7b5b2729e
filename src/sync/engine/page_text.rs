//! An answer read from its JSON text, an issue page's rich-text fields kept as text up to their conversion.
//!
//! Search, recovery and fetch answers (`{issues: [{id, key, fields: {…}}, …]}`) carry each issue's description
//! and other rich-text fields as ADF, often most of the page. [`SyncRun::handle_response_json`] finds those fields
//! in the answer's text first ([`scan`], a plain pass over the bytes), holds each as its JSON text (per issue,
//! in `SyncRun::held_rich`) and reads the rest into the [`Response`](super::Response) [`SyncRun::handle_response`] takes, each
//! held field `null` there. The held fields are converted straight from their text (`read_field_or_held`), so no
//! `Value` of their ADF is built or dropped; the notes, bases and reports are the same.
//!
//! The answer's `id` must come before its `body` (as the drivers write it) for the body to be read as a page;
//! anything the scan does not read plainly (a key given twice, nesting near serde_json's limit, …) is read as
//! before, holding nothing, with the same result.

use super::run::{Purpose, SyncRun};
use crate::sync::jira_fields::{FieldContext, Shape, resolve};

/// Each issue's rich-text fields held as JSON text: (field id, the field's ADF object), by the issue's position
/// in the page's `issues`.
pub(super) type HeldRich = Vec<Vec<(String, String)>>;

/// serde_json's nesting limit: an answer nested this deep is read as before (which refuses it).
const RECURSION_LIMIT: usize = 128;

impl SyncRun {
    /// [`handle_response`](Self::handle_response) of the [`Response`](super::Response) serialised as JSON text
    /// (`{id, status, body, error?, date?}`), as the wasm driver hands it in: an issue page's rich-text fields
    /// stay text up to their conversion (see the module documentation); the run goes exactly as with the
    /// [`Response`](super::Response) read from the same text. Fails, as reading that [`Response`](super::Response) would, when the text is not one.
    pub fn handle_response_json(&mut self, text: &str) -> serde_json::Result<()> {
        let page =
            |p: &Purpose| matches!(p, Purpose::Search | Purpose::Recover | Purpose::FetchKeys | Purpose::CreatedFetch);
        let pages: Vec<u32> = self.pending.iter().filter(|(_, p)| page(p)).map(|(id, _)| *id).collect();
        let ids = if pages.is_empty() { Vec::new() } else { self.rich_text_ids() };
        let cuts = if ids.is_empty() { Vec::new() } else { scan(text, &pages, &ids).unwrap_or_default() };
        let (rest, mut held) = cut_out(text, &cuts);
        let response = match (!cuts.is_empty()).then(|| crate::json_objects::from_str(&rest)) {
            Some(Ok(response)) => response,
            // Nothing held, or a text that is no answer: read as before (the same answer or the same error).
            _ => {
                held.clear();
                crate::json_objects::from_str(text)?
            }
        };
        self.held_rich = held;
        self.handle_response(response);
        self.held_rich.clear();
        Ok(())
    }

    /// The Jira ids of the mapped fields read as rich text (and by no mapping in another shape).
    fn rich_text_ids(&self) -> Vec<String> {
        let customs = self.ctx_customs();
        let ctx = FieldContext { deployment: self.input.deployment, customs: &customs, durations: self.durations() };
        let resolved: Vec<_> = self.input.config.fields.iter().filter_map(|m| resolve(&m.jira, &ctx).ok()).collect();
        let only_rich = |id: &String| resolved.iter().all(|r| r.id.as_ref() != Some(id) || r.shape == Shape::RichText);
        resolved.iter().filter(|r| r.shape == Shape::RichText).filter_map(|r| r.id.clone()).filter(only_rich).collect()
    }
}

/// `text` with each cut's value `null`, and the cut values held by issue.
fn cut_out(text: &str, cuts: &[Cut]) -> (String, HeldRich) {
    let mut held = HeldRich::new();
    let mut rest = String::with_capacity(if cuts.is_empty() { 0 } else { text.len() });
    let mut from = 0;
    for cut in cuts {
        held.resize_with(held.len().max(cut.issue + 1), Vec::new);
        held[cut.issue].push((text[cut.key.clone()].to_owned(), text[cut.value.clone()].to_owned()));
        rest.push_str(&text[from..cut.value.start]);
        rest.push_str("null");
        from = cut.value.end;
    }
    if !cuts.is_empty() {
        rest.push_str(&text[from..]);
    }
    (rest, held)
}

/// A rich-text field to hold: the issue's position in `issues`, and where the field's key (without quotes) and its
/// ADF object are in the text.
#[derive(Debug, PartialEq)]
struct Cut {
    issue: usize,
    key: std::ops::Range<usize>,
    value: std::ops::Range<usize>,
}

/// Where in an answer a value sits.
#[derive(Clone, Copy, PartialEq)]
enum Role {
    /// The answer: its `id`, then its `body`, read as [`Role::Body`] when that `id` is one of the pages'.
    Answer,
    /// The answer's `id`.
    Id,
    Body,
    /// `issues`: each item is an issue, by position.
    Issues,
    Issue(usize),
    /// An issue's `fields`: the objects of the rich-text fields are cut.
    Fields(usize),
    Other,
}

/// The rich-text fields `ids` of the issue page in the JSON `text`, when it answers one of `pages`, in text order;
/// `None` when the text is not read plainly here (invalid, a key that matters given twice or escaped, nesting at
/// serde_json's limit).
fn scan(text: &str, pages: &[u32], ids: &[String]) -> Option<Vec<Cut>> {
    let mut scan = Scan { bytes: text.as_bytes(), at: 0, depth: 0, pages, ids, page: false, cuts: Vec::new() };
    scan.value(Role::Answer)?;
    scan.space();
    (scan.at == text.len()).then_some(scan.cuts)
}

struct Scan<'a> {
    bytes: &'a [u8],
    at: usize,
    depth: usize,
    pages: &'a [u32],
    ids: &'a [String],
    /// The answer's `id` is one of the pages'.
    page: bool,
    cuts: Vec<Cut>,
}

impl Scan<'_> {
    fn space(&mut self) {
        while self.bytes.get(self.at).is_some_and(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    /// Steps over `byte` (after white space), or fails.
    fn expect(&mut self, byte: u8) -> Option<()> {
        self.space();
        (self.bytes.get(self.at) == Some(&byte)).then(|| self.at += 1)
    }

    /// Steps over a string; gives its contents' range, and whether it holds an escape.
    fn string(&mut self) -> Option<(std::ops::Range<usize>, bool)> {
        self.expect(b'"')?;
        let start = self.at;
        let mut escaped = false;
        loop {
            // `get`: an escape at the very end of a torn text steps past it.
            let next = memchr::memchr2(b'"', b'\\', self.bytes.get(self.at..)?)?;
            self.at += next + 1;
            if self.bytes[self.at - 1] == b'"' {
                return Some((start..self.at - 1, escaped));
            }
            escaped = true;
            self.at += 1;
        }
    }

    /// Steps over one value in `role`.
    fn value(&mut self, role: Role) -> Option<()> {
        self.space();
        match *self.bytes.get(self.at)? {
            b'{' => self.object(role),
            b'[' => self.array(role),
            b'"' => self.string().map(drop),
            _ => {
                let start = self.at;
                while self.bytes.get(self.at).is_some_and(|b| !b" \t\n\r,:]}[{\"".contains(b)) {
                    self.at += 1;
                }
                if role == Role::Id {
                    // A number; anything else is no page.
                    let id = std::str::from_utf8(&self.bytes[start..self.at]).ok()?.parse::<u32>().ok();
                    self.page = id.is_some_and(|id| self.pages.contains(&id));
                }
                (self.at > start).then_some(())
            }
        }
    }

    fn nest(&mut self) -> Option<()> {
        self.depth += 1;
        self.at += 1;
        (self.depth < RECURSION_LIMIT).then_some(())
    }

    fn array(&mut self, role: Role) -> Option<()> {
        self.nest()?;
        self.space();
        if self.bytes.get(self.at) == Some(&b']') {
            self.at += 1;
        } else {
            for n in 0.. {
                self.value(if role == Role::Issues { Role::Issue(n) } else { Role::Other })?;
                self.space();
                self.at += 1;
                match self.bytes.get(self.at - 1)? {
                    b',' => {}
                    b']' => break,
                    _ => return None,
                }
            }
        }
        self.depth -= 1;
        Some(())
    }

    fn object(&mut self, role: Role) -> Option<()> {
        self.nest()?;
        self.space();
        // The keys that matter here, seen so far (a second one is not read plainly).
        let mut seen: Vec<&[u8]> = Vec::new();
        if self.bytes.get(self.at) == Some(&b'}') {
            self.at += 1;
        } else {
            loop {
                let (key, escaped) = self.string()?;
                self.expect(b':')?;
                self.space();
                let name = &self.bytes[key.clone()];
                let held = matches!(role, Role::Fields(_)) && self.ids.iter().any(|id| id.as_bytes() == name);
                let child = match (role, name) {
                    (Role::Answer, b"id") => Role::Id,
                    (Role::Answer, b"body") if self.page => Role::Body,
                    (Role::Body, b"issues") => Role::Issues,
                    (Role::Issue(n), b"fields") => Role::Fields(n),
                    _ => Role::Other,
                };
                let matters = held || child != Role::Other || (role == Role::Answer && name == b"body");
                if (escaped && role != Role::Other) || (matters && seen.contains(&name)) {
                    return None;
                }
                if matters {
                    seen.push(name);
                }
                let start = self.at;
                self.value(child)?;
                if let (true, Role::Fields(issue)) = (held && self.bytes[start] == b'{', role) {
                    self.cuts.push(Cut { issue, key, value: start..self.at });
                }
                self.space();
                self.at += 1;
                match self.bytes.get(self.at - 1)? {
                    b',' => self.space(),
                    b'}' => break,
                    _ => return None,
                }
            }
        }
        self.depth -= 1;
        Some(())
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::{cut_out, scan};
    use crate::sync::Response;

    type Held = Vec<Vec<(String, Value)>>;

    /// The answer `text` to request 3 read with `description` held: the response read from the rest, and the held
    /// fields as `Value`s (or `None` when nothing is held).
    fn read(text: &str) -> Option<(Response, Held)> {
        let cuts = scan(text, &[3], &["description".to_owned()]).filter(|c| !c.is_empty())?;
        let (rest, held) = cut_out(text, &cuts);
        let response: Response = crate::json_objects::from_str(&rest).expect("the rest reads");
        let held = held
            .into_iter()
            .map(|issue| issue.into_iter().map(|(k, v)| (k, serde_json::from_str(&v).expect("JSON"))).collect())
            .collect();
        Some((response, held))
    }

    #[test]
    fn a_page_s_rich_text_objects_are_held_and_the_rest_is_the_answer() {
        let adf = json!({"type": "doc", "version": 1, "content": [{"type": "text", "text": "a \"}] \\ b"}]});
        let body = json!({"total": 3, "issues": [
            {"id": "1", "fields": {"summary": "a", "description": adf, "parent": {"fields": {"description": adf}}}},
            7,
            {"id": "2", "fields": {"description": "plain"}},
            {"id": "3", "fields": {"environment": adf, "description": adf}},
            {"id": "4", "fields": null},
        ], "nextPageToken": "t"});
        let answer = json!({"id": 3, "status": 200, "body": body, "date": "d", "other": [1, {"id": 3}]});
        for text in [answer.to_string(), serde_json::to_string_pretty(&answer).expect("text")] {
            let (response, held) = read(&text).expect("held");
            assert_eq!((response.id, response.status, response.date.as_deref()), (3, 200, Some("d")));
            let mut expected = body.clone();
            expected["issues"][0]["fields"]["description"] = Value::Null;
            expected["issues"][3]["fields"]["description"] = Value::Null;
            assert_eq!(response.body, expected);
            let one = vec![("description".to_owned(), adf.clone())];
            assert_eq!(held, vec![one.clone(), vec![], vec![], one]);
        }
        // Another request's answer, or an `id` after the body: nothing held.
        assert!(read(&json!({"id": 4, "status": 200, "body": body}).to_string()).is_none());
        assert!(read(&format!(r#"{{"status":200,"body":{body},"id":3}}"#)).is_none());
    }

    #[test]
    fn what_is_not_read_plainly_holds_nothing() {
        let adf = r#"{"type":"doc","version":1,"content":[]}"#;
        let page = |fields: &str| format!(r#"{{"id":3,"status":200,"body":{{"issues":[{{"fields":{fields}}}]}}}}"#);
        assert!(read(&page(&format!(r#"{{"description":{adf}}}"#))).is_some());
        for text in [
            page(&format!(r#"{{"description":{adf},"description":"plain"}}"#)),
            page(&format!(r#"{{"descr\u0069ption":"plain","description":{adf}}}"#)),
            page(&format!(r#"{{"description":{adf}}},"fields":{{}}"#)),
            format!(r#"{{"id":3,"id":3,"status":200,"body":{{"issues":[{{"fields":{{"description":{adf}}}}}]}}}}"#),
            page(&format!(r#"{{"description":{adf}}}"#)) + "x",
            page(&format!(r#"{{"description":{adf},}}"#)),
        ] {
            assert!(read(&text).is_none(), "{text}");
        }
        // A torn answer (every prefix, one ending in an escape among them) is not read plainly, and never panics.
        let torn = page(&format!(r#"{{"description":{adf},"summary":"a\\"}}"#));
        for end in 0..torn.len() {
            assert!(scan(&torn[..end], &[3], &["description".to_owned()]).is_none(), "{}", &torn[..end]);
        }
        assert!(scan(r#"{"id":3,"body":"\"#, &[3], &[]).is_none());
        // Nested at serde_json's limit: read as before (which refuses the answer).
        let nested = |n: usize| page(&format!(r#"{{"description":{{"a":{}1{}}}}}"#, "[".repeat(n), "]".repeat(n)));
        assert!(read(&nested(122)).is_none());
        assert!(crate::json_objects::from_str::<Response>(&nested(122)).is_err());
        assert!(read(&nested(121)).is_some());
    }

    /// On generated answers (issues with ADF-like, plain and missing descriptions; strings with quotes,
    /// backslashes, line breaks and non-ASCII; compact or pretty text; sometimes an escaped key): whatever the scan
    /// holds, put back into the answer read from the rest, is the answer read whole; and it holds every
    /// description object of an unescaped page.
    #[cfg(not(target_arch = "wasm32"))]
    mod laws {
        use proptest::prelude::*;
        use serde_json::{Map, Value, json};

        use super::read;
        use crate::sync::Response;

        fn leaf() -> impl Strategy<Value = Value> {
            prop_oneof![
                Just(Value::Null),
                any::<bool>().prop_map(Value::Bool),
                any::<i32>().prop_map(Value::from),
                (-1e6f64..1e6).prop_map(Value::from),
                "[ -~\"\\\\é日\n\t]{0,8}".prop_map(Value::String),
            ]
        }

        /// Any JSON, objects keyed by a few names (`description` and `fields` among them).
        fn value() -> impl Strategy<Value = Value> {
            leaf().prop_recursive(4, 24, 4, |inner| {
                let key = proptest::sample::select(
                    &["type", "text", "content", "attrs", "description", "fields", "a\"b", "é"][..],
                );
                prop_oneof![
                    proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
                    proptest::collection::vec((key, inner), 0..4).prop_map(|kv| Value::Object(
                        kv.into_iter().map(|(k, v)| (k.to_owned(), v)).collect::<Map<_, _>>()
                    )),
                ]
            })
        }

        fn issue() -> impl Strategy<Value = Value> {
            let description = prop_oneof![
                3 => value().prop_map(|content| json!({"type": "doc", "version": 1, "content": [content]})),
                1 => leaf(),
            ];
            (any::<u16>(), proptest::option::of(description), value()).prop_map(|(id, description, other)| {
                let mut fields = Map::new();
                fields.insert("summary".to_owned(), other);
                if let Some(d) = description {
                    fields.insert("description".to_owned(), d);
                }
                json!({"id": id.to_string(), "key": format!("OPS-{id}"), "fields": fields})
            })
        }

        proptest! {
            #[test]
            fn held_fields_put_back_are_the_answer(
                issues in proptest::collection::vec(issue(), 0..5),
                request in prop_oneof![4 => Just(3u32), 1 => Just(4u32)],
                pretty in any::<bool>(),
                escape_a_key in proptest::bool::weighted(0.1),
            ) {
                let answer = json!({"id": request, "status": 200, "body": {"total": issues.len(), "issues": issues}});
                let mut text = if pretty { serde_json::to_string_pretty(&answer) } else { serde_json::to_string(&answer) }
                    .expect("JSON text");
                if escape_a_key {
                    text = text.replacen("\"description\"", "\"descr\\u0069ption\"", 1);
                }
                let whole: Response = crate::json_objects::from_str(&text).expect("the answer reads");
                match read(&text) {
                    Some((mut response, held)) => {
                        prop_assert_eq!(request, 3);
                        for (issue, fields) in held.into_iter().enumerate() {
                            for (key, value) in fields {
                                response.body["issues"][issue]["fields"][key.as_str()] = value;
                            }
                        }
                        prop_assert_eq!((response.id, response.status, &response.body), (whole.id, whole.status, &whole.body));
                    }
                    None => {
                        let objects = answer["body"]["issues"].as_array().into_iter().flatten()
                            .filter(|i| i["fields"]["description"].is_object()).count();
                        prop_assert!(escape_a_key || request != 3 || objects == 0, "nothing held of {objects} objects");
                    }
                }
            }
        }
    }
}
