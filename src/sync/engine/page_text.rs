//! An answer read from its JSON text, an issue page's rich-text fields kept as text up to their conversion.
//!
//! Search, recovery and fetch answers (`{issues: [{id, key, fields: {…}}, …]}`) carry each issue's description
//! and other rich-text fields as ADF, often most of the page. [`SyncRun::handle_response_json`] reads the answer
//! into the [`Response`] [`SyncRun::handle_response`] takes, except for those fields of an issue page: each is
//! held as its JSON text (per issue, in `SyncRun::held_rich`) and converted straight from it
//! (`read_rich_text_json`), so no `Value` of the ADF is built or dropped. The rest of the page is the `Value` it
//! always was, and the notes, bases and reports are the same.
//!
//! The text is read in one pass, so the answer's `id` must come before its `body` (as the drivers write it) for
//! the body to be read as a page; anything this reader does not take is read as before, with the same result.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

use super::io::Response;
use super::run::{Purpose, SyncRun};
use crate::adf::node::Text;
use crate::sync::jira_fields::{FieldContext, Shape, resolve};

/// Each issue's rich-text fields held as JSON text: (field id, the field's ADF object), by the issue's position
/// in the page's `issues`.
pub(super) type HeldRich = Vec<Vec<(String, String)>>;

/// serde_json's nesting limit, and how deep an issue page's `fields` sit in the answer (answer, body, `issues`,
/// issue, `fields`): a held field nested past the limit is read as before, which refuses the answer.
const RECURSION_LIMIT: usize = 128;
const FIELDS_DEPTH: usize = 5;

impl SyncRun {
    /// [`handle_response`](Self::handle_response) of the [`Response`] serialised as JSON text
    /// (`{id, status, body, error?, date?}`), as the wasm driver hands it in: an issue page's rich-text fields
    /// stay text up to their conversion (see the module documentation); the run goes exactly as with the
    /// [`Response`] read from the same text. Fails, as reading that [`Response`] would, when the text is not one.
    pub fn handle_response_json(&mut self, text: &str) -> serde_json::Result<()> {
        let page =
            |p: &Purpose| matches!(p, Purpose::Search | Purpose::Recover | Purpose::FetchKeys | Purpose::CreatedFetch);
        let pages: Vec<u32> = self.pending.iter().filter(|(_, p)| page(p)).map(|(id, _)| *id).collect();
        let ids = if pages.is_empty() { Vec::new() } else { self.rich_text_ids() };
        let mut held = HeldRich::new();
        let mut de = serde_json::Deserializer::from_str(text);
        let seed = Seed { level: Level::Answer, text, pages: &pages, ids: &ids, held: &mut held };
        let read = seed.deserialize(&mut de).ok().filter(|_| de.end().is_ok()).and_then(response_of);
        let response = match read {
            Some(response) => response,
            // Anything else (a key given twice, an `id` that is no `u32`, …) is read as before: the same
            // response or the same error.
            None => {
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

/// The [`Response`] of an answer read as a `Value`, when it is one as [`Response`]'s own reader takes it (`None`
/// for anything that reader might read otherwise or refuse).
fn response_of(answer: Value) -> Option<Response> {
    let Value::Object(mut answer) = answer else { return None };
    let text = |v: Option<Value>| match v {
        None | Some(Value::Null) => Some(None),
        Some(Value::String(s)) => Some(Some(s)),
        Some(_) => None,
    };
    Some(Response {
        id: u32::try_from(answer.remove("id")?.as_u64()?).ok()?,
        status: u16::try_from(answer.remove("status")?.as_u64()?).ok()?,
        body: answer.remove("body").unwrap_or_default(),
        error: text(answer.remove("error"))?,
        date: text(answer.remove("date"))?,
    })
}

/// Where the JSON value of `key` starts in `text`, when `key` is borrowed from `text` (it held no escape).
#[allow(clippy::ptr_arg)] // Borrowed or not is the point.
fn value_start(text: &str, key: &Cow<'_, str>) -> Option<usize> {
    let key = match key {
        Cow::Borrowed(key) => *key,
        Cow::Owned(_) => return None,
    };
    let at = (key.as_ptr() as usize).checked_sub(text.as_ptr() as usize)? + key.len();
    let bytes = text.as_bytes();
    let mut i = at;
    // The key's closing quote, then white space, `:`, white space.
    while i < bytes.len() && (i == at || matches!(bytes[i], b' ' | b'\t' | b'\n' | b'\r' | b':')) {
        i += 1;
    }
    (at < bytes.len() && bytes[at] == b'"').then_some(i)
}

/// Where the JSON object or array starting at `start` ends (just past it) in valid JSON `text`, and how deeply
/// it nests.
fn value_end(text: &str, start: usize) -> (usize, usize) {
    let bytes = text.as_bytes();
    let (mut depth, mut deepest, mut in_string, mut i) = (0usize, 0, false, start);
    while i < bytes.len() {
        match (in_string, bytes[i]) {
            (true, b'\\') => i += 1,
            (true, b'"') => in_string = false,
            (false, b'"') => in_string = true,
            (false, b'{' | b'[') => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            (false, b'}' | b']') => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return (i + 1, deepest);
                }
            }
            _ => {}
        }
        i += 1;
    }
    (bytes.len(), deepest)
}

/// Where in an answer a value sits.
#[derive(Clone, Copy)]
enum Level {
    /// The answer: its `body` is read as [`Level::Body`] when its `id` (read before it) is an issue page's.
    Answer,
    /// The body: its `issues` is read as [`Level::Issues`].
    Body,
    /// `issues`: each item is an issue.
    Issues,
    /// An issue: its `fields` is read as [`Level::Fields`].
    Issue,
    /// An issue's `fields`: the rich-text ones are held as text.
    Fields,
    /// Anything else, read as a `Value`.
    Other,
}

/// Reads a value at `level` into a `Value`, holding the rich-text fields `ids` of each issue of a page in `held`.
struct Seed<'s> {
    level: Level,
    /// The whole text read (the held fields are slices of it).
    text: &'s str,
    /// The ids of the requests whose answers are issue pages.
    pages: &'s [u32],
    ids: &'s [String],
    held: &'s mut HeldRich,
}

impl Seed<'_> {
    fn at(&mut self, level: Level) -> Seed<'_> {
        Seed { level, text: self.text, pages: self.pages, ids: self.ids, held: &mut *self.held }
    }
}

impl<'de> DeserializeSeed<'de> for Seed<'_> {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Seed<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_bool<E>(self, b: bool) -> Result<Value, E> {
        Ok(Value::Bool(b))
    }

    fn visit_i64<E>(self, n: i64) -> Result<Value, E> {
        Ok(Value::from(n))
    }

    fn visit_u64<E>(self, n: u64) -> Result<Value, E> {
        Ok(Value::from(n))
    }

    fn visit_f64<E>(self, n: f64) -> Result<Value, E> {
        Ok(Value::from(n))
    }

    fn visit_str<E>(self, s: &str) -> Result<Value, E> {
        Ok(Value::from(s))
    }

    fn visit_seq<A: SeqAccess<'de>>(mut self, mut seq: A) -> Result<Value, A::Error> {
        let issues = matches!(self.level, Level::Issues);
        let mut items = Vec::new();
        loop {
            if issues {
                self.held.push(Vec::new());
            }
            let Some(item) = seq.next_element_seed(self.at(if issues { Level::Issue } else { Level::Other }))? else {
                break;
            };
            items.push(item);
        }
        if issues {
            self.held.pop();
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(mut self, mut map: A) -> Result<Value, A::Error> {
        let mut out = Map::new();
        // The answer's `id` read so far is an issue page's.
        let mut page = false;
        while let Some(Text(key)) = map.next_key::<Text<'de>>()? {
            // A key given twice counts as a `Value` reads it: the last one.
            let next = match (self.level, &*key) {
                (Level::Answer, "body") if page && !self.ids.is_empty() => Some(Level::Body),
                (Level::Body, "issues") => Some(Level::Issues),
                (Level::Issue, "fields") => Some(Level::Fields),
                _ => None,
            };
            let value = match next {
                Some(level) => {
                    if let Some(issue) = self.held.last_mut().filter(|_| matches!(level, Level::Fields)) {
                        issue.clear();
                    } else if matches!(level, Level::Issues) {
                        self.held.clear();
                    }
                    map.next_value_seed(self.at(level))?
                }
                None if matches!(self.level, Level::Fields) && self.ids.iter().any(|id| *id == *key) => {
                    let issue = self.held.last_mut().ok_or_else(|| de::Error::custom("no issue"))?;
                    issue.retain(|(id, _)| *id != *key);
                    match value_start(self.text, &key).filter(|&at| self.text.as_bytes().get(at) == Some(&b'{')) {
                        Some(at) => {
                            // Checked as JSON by the deserializer before its extent is taken.
                            map.next_value::<IgnoredAny>()?;
                            let (end, depth) = value_end(self.text, at);
                            if FIELDS_DEPTH + depth >= RECURSION_LIMIT {
                                return Err(de::Error::custom("nested too deep"));
                            }
                            out.remove(&*key);
                            issue.push((key.into_owned(), self.text[at..end].to_owned()));
                            continue;
                        }
                        None => map.next_value::<Value>()?,
                    }
                }
                None => map.next_value::<Value>()?,
            };
            if matches!(self.level, Level::Answer) {
                if key == "id" {
                    page = value.as_u64().is_some_and(|id| self.pages.iter().any(|&p| u64::from(p) == id));
                }
                // `Response`'s own reader refuses a key given twice.
                if out.contains_key(&*key) {
                    return Err(de::Error::custom("a key given twice"));
                }
            }
            out.insert(key.into_owned(), value);
        }
        Ok(Value::Object(out))
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::{HeldRich, Level, Seed, response_of};
    use serde::de::DeserializeSeed;

    /// The page `body` read with `ids` held: the `Value` and what was held.
    fn read(body: &Value, ids: &[&str]) -> (Value, HeldRich) {
        let ids: Vec<String> = ids.iter().map(|s| (*s).to_owned()).collect();
        let mut held = HeldRich::new();
        let text = body.to_string();
        let seed = Seed { level: Level::Body, text: &text, pages: &[], ids: &ids, held: &mut held };
        let value = seed.deserialize(&mut serde_json::Deserializer::from_str(&text)).expect("page");
        (value, held)
    }

    #[test]
    fn rich_text_objects_are_held_and_everything_else_is_the_value() {
        let adf = json!({"type": "doc", "version": 1, "content": []});
        let body = json!({"total": 3, "issues": [
            {"id": "1", "fields": {"summary": "a", "description": adf, "parent": {"fields": {"description": adf}}}},
            7,
            {"id": "2", "fields": {"description": "plain", "environment": adf}},
            {"id": "3", "fields": {"description": null}},
        ], "nextPageToken": "t"});
        let (value, held) = read(&body, &["description", "environment"]);
        let mut expected = body.clone();
        expected["issues"][0]["fields"].as_object_mut().expect("fields").remove("description");
        expected["issues"][2]["fields"].as_object_mut().expect("fields").remove("environment");
        assert_eq!(value, expected);
        let text = adf.to_string();
        assert_eq!(
            held,
            vec![
                vec![("description".to_owned(), text.clone())],
                vec![],
                vec![("environment".to_owned(), text)],
                vec![],
            ]
        );
        // Nothing held: the `Value` as read whole.
        assert_eq!(read(&body, &[]), (body.clone(), vec![vec![], vec![], vec![], vec![]]));
        assert_eq!(read(&json!([{"issues": 1}]), &["description"]).0, json!([{"issues": 1}]));
    }

    #[test]
    fn a_key_given_twice_counts_as_its_last() {
        let text = r#"{"issues":[{"fields":{"description":{"type":"doc"},"description":"plain"}},
            {"fields":{"description":"plain","description":{"type":"doc"}}},
            {"fields":{"x":1},"fields":{"y":2}}],"issues":[{"fields":{"description":{}}}]}"#;
        let ids = ["description".to_owned()];
        let mut held = HeldRich::new();
        let seed = Seed { level: Level::Body, text, pages: &[], ids: &ids, held: &mut held };
        let value = seed.deserialize(&mut serde_json::Deserializer::from_str(text)).expect("page");
        assert_eq!(value, json!({"issues": [{"fields": {}}]}));
        assert_eq!(held, vec![vec![("description".to_owned(), "{}".to_owned())]]);
        let mut held = HeldRich::new();
        let first = format!("{}}}", &text[..text.rfind(r#","issues""#).expect("two")]);
        let seed = Seed { level: Level::Body, text: &first, pages: &[], ids: &ids, held: &mut held };
        let value = seed.deserialize(&mut serde_json::Deserializer::from_str(&first)).expect("page");
        assert_eq!(value["issues"][0]["fields"]["description"], "plain");
        assert_eq!(value["issues"][1]["fields"], json!({}));
        assert_eq!(value["issues"][2]["fields"], json!({"y": 2}));
        assert_eq!(held[0], vec![]);
        assert_eq!(held[1], vec![("description".to_owned(), r#"{"type":"doc"}"#.to_owned())]);
    }

    /// The response in `text` read with the answers to `pages` as issue pages holding `description`.
    fn envelope(text: &str, pages: &[u32]) -> (Option<super::Response>, HeldRich) {
        let ids = ["description".to_owned()];
        let mut held = HeldRich::new();
        let seed = Seed { level: Level::Answer, text, pages, ids: &ids, held: &mut held };
        (seed.deserialize(&mut serde_json::Deserializer::from_str(text)).ok().and_then(response_of), held)
    }

    #[test]
    fn only_a_page_whose_id_comes_first_is_held_and_white_space_is_stepped_over() {
        let adf = json!({"type": "doc", "version": 1, "content": []});
        let body = json!({"issues": [{"fields": {"description": adf}}]});
        let answer = json!({"id": 3, "status": 200, "body": body, "date": "d", "other": [1]});
        for text in [answer.to_string(), serde_json::to_string_pretty(&answer).expect("text")] {
            let (response, held) = envelope(&text, &[3]);
            let response = response.expect("response");
            assert_eq!((response.id, response.status, response.date.as_deref()), (3, 200, Some("d")));
            assert_eq!(response.body, json!({"issues": [{"fields": {}}]}));
            let held_adf: Value = serde_json::from_str(&held[0][0].1).expect("held JSON");
            assert_eq!((held[0][0].0.as_str(), held_adf), ("description", adf.clone()));
            // Not a page: the body whole.
            let (response, held) = envelope(&text, &[4]);
            assert_eq!((response.expect("response").body, held), (body.clone(), vec![]));
        }
        let late_id = format!(r#"{{"status":200,"body":{body},"id":3}}"#);
        let (response, held) = envelope(&late_id, &[3]);
        assert_eq!((response.expect("response").body, held), (body.clone(), vec![]));
        // What the reader does not take is read as before.
        for text in [r#"{"id":3,"id":3,"status":200}"#, r#"{"id":3}"#, "[3, 200]", r#"{"id":-3,"status":200}"#] {
            assert!(envelope(text, &[3]).0.is_none(), "{text}");
        }
        // Nested past serde_json's limit: read as before (which refuses the answer).
        let nested = |n: usize| {
            let (open, close) = ("[".repeat(n), "]".repeat(n));
            format!(
                r#"{{"id":3,"status":200,"body":{{"issues":[{{"fields":{{"description":{{"a":{open}1{close}}}}}}}]}}}}"#
            )
        };
        let (deep, shallower) = (nested(122), nested(121));
        assert!(envelope(&deep, &[3]).0.is_none());
        assert!(crate::json_objects::from_str::<super::Response>(&deep).is_err());
        assert!(envelope(&shallower, &[3]).0.is_some());
        assert!(crate::json_objects::from_str::<super::Response>(&shallower).is_ok());
    }
}
