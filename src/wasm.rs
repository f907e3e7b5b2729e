//! The JavaScript boundary: the only module that knows about wasm-bindgen.
//!
//! Each export reads its arguments, calls the core, and hands the result back. Structured values cross as
//! JSON text (`from_js`, `to_js`): `JSON.stringify` / `JSON.parse` on the JavaScript side and serde_json
//! here. Reading a value property by property (as serde-wasm-bindgen did) looks an absent key up on the
//! object, prototype included, so an optional field named like one of `Object.prototype`'s (a changelog
//! item's `toString`) read a function and failed; JSON text has only own properties. It is also one crossing
//! per value instead of one call per property. Large parse results cross as a tape (`tape/`). Errors become
//! JavaScript `Error`s in `js_error`, and nothing here contains logic of its own.

mod activity;
mod alignment_health;
mod alignment_projects;
mod alignment_query;
pub use alignment_query::QueryEngine;
mod assist;
mod assist_suggest;
mod assist_summarise;
mod automation_rules;
mod history;
mod js_text;
mod report_out;
mod text_in;
mod time_suggest;
pub use history::HistoryEngine;
mod tape;

use std::borrow::Cow;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;

/// A core value for JavaScript: the plain object `JSON.parse` makes of its JSON text (maps become objects,
/// `None` becomes `null`, 64-bit integers become numbers).
fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsError> {
    js_text::json_to_js(value, "")
}

/// A core value from JavaScript, read from its `JSON.stringify` text: properties that are `undefined` count as
/// absent, and a key is only ever an own property (never one of `Object.prototype`'s). Throws, naming `what`,
/// when the value has no JSON text (`undefined`, a cycle, a `BigInt`) or is not shaped like a `T`.
fn from_js<T: DeserializeOwned>(value: &JsValue, what: &str) -> Result<T, JsError> {
    read_json(&js_json_text(value, what)?, what)
}

/// A value's `JSON.stringify` text, lone surrogates replaced as in [`from_js`], for a `T` that borrows from it.
fn js_json_text(value: &JsValue, what: &str) -> Result<String, JsError> {
    let failed = || JsError::new(&format!("expected {what} (JSON.stringify failed)"));
    let bytes = json_utf8(value).ok().flatten().ok_or_else(failed)?;
    let text = String::from_utf8(bytes).map_err(|_| failed())?;
    Ok(lone_surrogates_replaced(text))
}

// `JSON.stringify` of a value as UTF-8 bytes (`undefined` when the value has no JSON text; throws on a cycle or a
// `BigInt`). `TextEncoder` writes the text in one native call and the bytes cross in one copy; wasm-bindgen's
// own string transfer (`JsValue::as_string`) walks an ASCII text character by character in JavaScript, which
// for a sync input of several MB took longer than the `JSON.stringify` itself. `JSON.stringify` escapes lone
// surrogates, so the text is valid UTF-8 either way and the bytes are the same.
#[wasm_bindgen(inline_js = r#"
const encoder = new TextEncoder();
export function jsonUtf8(value) {
  const text = JSON.stringify(value);
  return text === undefined ? undefined : encoder.encode(text);
}
"#)]
extern "C" {
    #[wasm_bindgen(catch, js_name = jsonUtf8)]
    fn json_utf8(value: &JsValue) -> Result<Option<Vec<u8>>, JsValue>;
}

/// Reads a `T` from JSON text (its strings may borrow from it); throws, naming `what`, when it is not one.
/// Structs are read from JSON objects only (`crate::json_objects`: the array form is never compiled).
fn read_json<'a, T: Deserialize<'a>>(text: &'a str, what: &str) -> Result<T, JsError> {
    crate::json_objects::from_str(text).map_err(|e| JsError::new(&format!("expected {what}: {e}")))
}

/// `JSON.stringify` text with every lone surrogate made U+FFFD, as any other JavaScript string reaches Rust.
/// `JSON.stringify` writes a lone surrogate as the escape `\udXXX` (a pair stays two raw code units, which the
/// boundary already made UTF-8), and serde_json rejects such an escape; so every `\ud800`–`\udfff` escape
/// becomes `\ufffd`. Other escapes are stepped over whole, so an escaped backslash followed by `ud800` is
/// left as it is.
fn lone_surrogates_replaced(text: String) -> String {
    if !text.contains("\\ud") {
        return text;
    }
    surrogates_replaced(&text)
}

/// A JSON document from UTF-8 bytes (the text of a stored file, or `TextEncoder` output): one copy of the bytes
/// across the boundary instead of wasm-bindgen's character-by-character string transfer, and no
/// `JSON.parse`/`JSON.stringify` round trip on the JavaScript side. Lone surrogate escapes are made U+FFFD as in
/// [`from_js`]. Throws, naming `what`, when the bytes are not UTF-8 or not shaped like a `T`.
fn from_json_bytes<T: DeserializeOwned>(bytes: &[u8], what: &str) -> Result<T, JsError> {
    read_json(&json_text_of_bytes(bytes, what)?, what)
}

/// The JSON text of UTF-8 bytes with lone surrogate escapes replaced (see [`from_json_bytes`]): the bytes
/// themselves when they have none, for a `T` that borrows from them.
fn json_text_of_bytes<'a>(bytes: &'a [u8], what: &str) -> Result<Cow<'a, str>, JsError> {
    let text = std::str::from_utf8(bytes).map_err(|e| JsError::new(&format!("expected {what} as UTF-8 JSON: {e}")))?;
    Ok(if memchr::memmem::find(bytes, b"\\ud").is_some() {
        Cow::Owned(surrogates_replaced(text))
    } else {
        Cow::Borrowed(text)
    })
}

/// [`lone_surrogates_replaced`] of a text known to contain a `\ud` escape.
fn surrogates_replaced(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    let mut i = 0;
    while let Some(offset) = memchr::memchr(b'\\', &bytes[i..]) {
        let at = i + offset;
        let escape = bytes.get(at + 1..at + 6);
        let lone = matches!(escape, Some([b'u', b'd', b'8'..=b'9' | b'a'..=b'f', a, b]) if a.is_ascii_hexdigit() && b.is_ascii_hexdigit());
        if lone {
            out.push_str(&text[copied..at]);
            out.push_str("\\ufffd");
            copied = at + 6;
            i = at + 6;
        } else {
            i = at + 2;
        }
        if i >= bytes.len() {
            break;
        }
    }
    out.push_str(&text[copied.min(text.len())..]);
    out
}

/// An ADF document for JavaScript, as the plain object `JSON.parse` makes of its JSON text. One string crossing
/// and the engine's native parser are much cheaper for a large tree than building it property by property
/// through the boundary, and give the same object as [`to_js`] would.
fn adf_to_js(adf: &serde_json::Value) -> Result<JsValue, JsError> {
    js_sys::JSON::parse(&adf.to_string()).map_err(|_| JsError::new("the ADF could not be handed to JavaScript"))
}

/// An ADF document from JavaScript, read from its `JSON.stringify` text (one crossing, see [`adf_to_js`]).
/// Throws when the value has no JSON text (a cycle, a `BigInt`, `undefined`).
fn adf_from_js(adf: &JsValue) -> Result<serde_json::Value, JsError> {
    from_js(adf, "an ADF document object")
}

/// The one way errors cross the boundary: as a JavaScript `Error` whose message is the error's `Display`.
fn js_error(err: impl std::fmt::Display) -> JsError {
    JsError::new(&err.to_string())
}

/// The core's version (the Cargo package version).
#[wasm_bindgen]
pub fn version() -> String {
    crate::VERSION.to_owned()
}

/// Parses a note: front matter, diagnostics, title, headings, wiki links, tags, tasks and Jira keys.
/// Never throws on any text.
///
/// The text comes in through `TextEncoder.encodeInto` (`src/wasm/text_in.rs`). The result crosses as one tape
/// (`src/wasm/tape/`) rebuilt by `decodeTape`: the same plain object `JSON.parse` would make of the value's JSON
/// text, without the text.
#[wasm_bindgen(js_name = parseNote)]
pub fn parse_note(text: &js_sys::JsString, path: Option<js_sys::JsString>) -> Result<JsValue, JsError> {
    let tape = text_in::with_utf8(text, |text| {
        // The path crosses only for the title's fallback (as a `&str` argument would: a lone surrogate as U+FFFD).
        let path_stem = || path.and_then(|p| p.as_string()).map(|p| crate::note::file_stem(&p));
        let note = crate::note::read_note(text, path_stem);
        tape::encode_note(note, text.len())
    });
    let tape = tape.map_err(js_error)?;
    let value = tape::decode_tape(&tape.out.ops, &tape.out.nums, &tape.out.strs);
    // Its buffers serve the next note.
    tape::keep(tape);
    Ok(value)
}

/// The default sync configuration, as a plain object with camelCase properties.
#[wasm_bindgen(js_name = defaultSyncConfig)]
pub fn default_sync_config() -> Result<JsValue, JsError> {
    to_js(&crate::sync::default_config())
}

/// Checks a sync configuration (missing properties take their defaults) and returns its problems as
/// `{severity, code, path, message}` objects; throws only when `config` is not shaped like a configuration.
#[wasm_bindgen(js_name = validateSyncConfig)]
pub fn validate_sync_config(config: JsValue) -> Result<JsValue, JsError> {
    let config: crate::sync::SyncConfig = from_js(&config, "a sync configuration object")?;
    to_js(&crate::sync::validate_config(&config))
}

/// Applies front matter changes to a note and returns the new text. `changes` is a plain object of key → new
/// value, `null` meaning *remove the key*; every other byte of the note is kept. Throws, leaving the caller's
/// text as it was, when the front matter cannot be edited safely (malformed, unclosed, …) or `changes` is not an
/// object.
#[wasm_bindgen(js_name = updateFrontmatter)]
pub fn update_frontmatter(text: &str, changes: JsValue) -> Result<String, JsError> {
    let changes: crate::frontmatter::Mapping = from_js(&changes, "an object of front matter changes")?;
    crate::frontmatter::update_frontmatter(text, &crate::frontmatter::Changes::from_json_object(changes))
        .map_err(js_error)
}

/// Converts Jira wiki markup to an ADF document object. Never throws on any text.
#[wasm_bindgen(js_name = wikiToAdf)]
pub fn wiki_to_adf(wiki: &str) -> Result<JsValue, JsError> {
    adf_to_js(&crate::wiki::wiki_to_adf(wiki))
}

/// Converts an ADF document object to Jira wiki markup; throws when it is not ADF (naming the node path).
#[wasm_bindgen(js_name = adfToWiki)]
pub fn adf_to_wiki(adf: JsValue) -> Result<String, JsError> {
    crate::wiki::adf_to_wiki(&adf_from_js(&adf)?).map_err(js_error)
}

/// Converts Obsidian-flavoured Markdown to an ADF document object. Never throws.
///
/// The ADF crosses as its JSON text, as in `adf_to_js`, written by the converter's own writer (the same text,
/// faster than serde's).
#[wasm_bindgen(js_name = markdownToAdf)]
pub fn markdown_to_adf(markdown: &str) -> Result<JsValue, JsError> {
    js_sys::JSON::parse(&crate::markdown::markdown_to_adf_json(markdown))
        .map_err(|_| JsError::new("the ADF could not be handed to JavaScript"))
}

/// Converts an ADF document object to inert Markdown. Throws an `Error` naming the path of the first node
/// that is not ADF-shaped.
#[wasm_bindgen(js_name = adfToMarkdown)]
pub fn adf_to_markdown(adf: JsValue) -> Result<String, JsError> {
    const WHAT: &str = "an ADF document object";
    adf_text_to_markdown(&js_json_text(&adf, WHAT)?, WHAT)
}

/// Converts an ADF document's JSON text, as Jira sends it, to inert Markdown: the sync's own path, which reads the
/// text without building JavaScript objects (`adfToMarkdown` of the parsed text gives the same Markdown). Throws an
/// `Error` saying the text is not JSON, or naming the path of the first node that is not ADF-shaped.
#[wasm_bindgen(js_name = adfJsonToMarkdown)]
pub fn adf_json_to_markdown(json: &js_sys::JsString) -> Result<String, JsError> {
    text_in::with_utf8(json, |json| adf_text_to_markdown(json, "ADF JSON text"))
}

/// ADF's JSON text to Markdown: straight from the text; what that declines (errors included) is read as a
/// `Value`, as the engine does with Jira's answers.
fn adf_text_to_markdown(text: &str, what: &str) -> Result<String, JsError> {
    match crate::adf::adf_json_to_markdown(text) {
        Some(md) => Ok(md),
        None => crate::adf::adf_to_markdown(&read_json(text, what)?).map_err(js_error),
    }
}

/// Converts Obsidian-flavoured Markdown to Jira wiki markup (Data Center), through ADF.
#[wasm_bindgen(js_name = markdownToWiki)]
pub fn markdown_to_wiki(markdown: &str) -> Result<String, JsError> {
    crate::convert::markdown_to_wiki(markdown).map_err(js_error)
}

/// Converts Jira wiki markup (Data Center) to Obsidian-flavoured Markdown, through ADF.
#[wasm_bindgen(js_name = wikiToMarkdown)]
pub fn wiki_to_markdown(wiki: &str) -> Result<String, JsError> {
    crate::convert::wiki_to_markdown(wiki).map_err(js_error)
}

/// The `YYYY-MM-DD` date a daily note's name encodes under a Moment-style `format` (empty: `YYYY-MM-DD`), or
/// `undefined` when it does not match.
#[wasm_bindgen(js_name = parseDailyNoteDate)]
pub fn parse_daily_note_date(name: &str, format: &str) -> Option<String> {
    crate::worklog::parse_daily_date(name, format).map(|d| crate::date_text::Date(d).to_string())
}

/// Takes the sync's conflict callouts off the start of a note body: `{body, remoteBody, hadFieldCallout}`, where
/// `remoteBody` is Jira's description from the remote callout (or `null`). Never throws on any text.
#[wasm_bindgen(js_name = stripConflictCallouts)]
pub fn strip_conflict_callouts(body: &str) -> Result<JsValue, JsError> {
    to_js(&crate::sync::strip_conflict_callouts(body))
}

/// The time report note from a site's sync state: `timeReportFromState(state, {from, to, hoursPerDay,
/// daysPerWeek, doneStatuses, perPerson})` → Markdown; throws on a bad period or settings.
#[wasm_bindgen(js_name = timeReportFromState)]
pub fn time_report_from_state(state: JsValue, options: JsValue) -> Result<String, JsError> {
    let state = js_json_text(&state, "a site's sync state")?;
    let state: crate::report::ReportState<'_> = read_json(&state, "a site's sync state")?;
    let options: crate::report::time_input::StateReportOptions = from_js(&options, "time report options")?;
    let input = crate::report::time_input::report_input(&state, &options);
    crate::worklog::report::time_report(&input).map_err(js_error)
}

/// The report kinds: `reportKinds()` → `[{id, title}]`, in menu order.
#[wasm_bindgen(js_name = reportKinds)]
pub fn report_kinds() -> Result<JsValue, JsError> {
    let kinds: Vec<serde_json::Value> = crate::report::ReportKind::ALL
        .iter()
        .map(|k| serde_json::json!({ "id": k.id(), "title": k.title() }))
        .collect();
    to_js(&kinds)
}

/// A report note's parameters from its front matter: `reportParams(text)` → `{kind, project?, epic?, team?,
/// from?, to?, period?}`; throws when the note is not a generated report or a parameter is unreadable.
#[wasm_bindgen(js_name = reportParams)]
pub fn report_params(text: &str) -> Result<JsValue, JsError> {
    to_js(&crate::report::params_from_note(text).map_err(js_error)?)
}

/// Makes a report: `generateReport({params, notePath, now, state, history, settings})` → `{markdown, assets:
/// [{path, content}]}` (write the assets, then the note); throws on bad parameters or a bad path.
#[wasm_bindgen(js_name = generateReport)]
pub fn generate_report(input: JsValue) -> Result<JsValue, JsError> {
    let text = js_json_text(&input, "a report input object")?;
    let input: crate::report::GenerateInput<'_> = read_json(&text, "a report input object")?;
    to_js(&crate::report::generate(&input).map_err(js_error)?)
}

/// Several reports at once: `generateReports(bytes)` reads UTF-8 JSON `{reports: [{params, notePath}], now,
/// state, history, settings}` (the shell can splice the stored state and history files' text in unparsed) and
/// returns `[{markdown, assets}]` in the order asked; the metrics are computed once per scope and period.
/// Throws on bad parameters or a bad path, like `generateReport`.
#[wasm_bindgen(js_name = generateReports)]
pub fn generate_reports(input: &[u8]) -> Result<JsValue, JsError> {
    let text = json_text_of_bytes(input, "a reports input")?;
    let input: crate::report::BatchInput<'_> = read_json(&text, "a reports input")?;
    Ok(report_out::rendered_reports(&crate::report::generate_batch(&input).map_err(js_error)?))
}

/// Every metric of a report's scope and period: `reportMetrics({params, now, state, history, settings})` →
/// the metrics JSON documented in `docs/metrics.md`.
#[wasm_bindgen(js_name = reportMetrics)]
pub fn report_metrics(input: JsValue) -> Result<JsValue, JsError> {
    let text = js_json_text(&input, "a report input object")?;
    let input: crate::report::GenerateInput<'_> = read_json(&text, "a report input object")?;
    to_js(&crate::report::report_metrics(&input).map_err(js_error)?)
}

/// Whether a note's text is a generated report (front matter `generated_by: jira-vault-sync`); a note at the
/// report's path without it must not be overwritten.
#[wasm_bindgen(js_name = isGeneratedReport)]
pub fn is_generated_report(text: &str) -> bool {
    crate::worklog::report::is_generated_report(text)
}

/// Reconciles notes with Jira worklogs: `reconcileTime({notes, state, sectionHeading, dailyFolder, dailyFormat,
/// hoursPerDay, daysPerWeek, authorId, zoneOffsets})` → `{issues, problems, zoneInstants}`. `zoneOffsets` maps
/// instants (`YYYY-MM-DDTHH:MM:SSZ`) to the Jira user's zone offset in minutes east of UTC; `zoneInstants`
/// lists those still missing: answer them and call again until it is empty (two rounds).
#[wasm_bindgen(js_name = reconcileTime)]
pub fn reconcile_time(input: JsValue) -> Result<JsValue, JsError> {
    let input: crate::worklog::reconcile::ReconcileInput = from_js(&input, "a reconcile input object")?;
    to_js(&crate::worklog::reconcile::reconcile(&input))
}

/// Adds a line at the end of a note's worklog section (creating the section when missing); returns the text.
#[wasm_bindgen(js_name = insertWorklogLine)]
pub fn insert_worklog_line(text: &str, heading: &str, line: &str) -> String {
    crate::worklog::reconcile::insert_section_line(text, heading, line)
}

/// The state picked from its stored texts (see [`SyncEngine::from_stored`]). The texts are taken by value and
/// freed here, before the run is built: at 50,000 notes the state file is 21 MB of wasm memory.
fn stored_state(state: Option<Vec<u8>>, state_tmp: Option<Vec<u8>>) -> Result<crate::sync::SiteState, JsError> {
    let what = "a stored sync state";
    let main = state.as_deref().map(|bytes| json_text_of_bytes(bytes, what)).transpose()?;
    let tmp = state_tmp.as_deref().map(|bytes| json_text_of_bytes(bytes, what)).transpose()?;
    crate::sync::SiteState::from_stored(main.as_deref(), tmp.as_deref()).map_err(js_error)
}

/// One sync run, driven from JavaScript: `new SyncEngine(input)`, then `poll()` until it returns
/// `{kind: "done"}`, answering each action (`handleResponse`, `handleEdit`, `journalSaved`, `handleZoneOffsets`,
/// `handleNotes`),
/// then `finish()` for the report. The call order is documented on the core's `SyncRun`.
#[wasm_bindgen]
pub struct SyncEngine {
    run: Option<crate::sync::SyncRun>,
}

#[wasm_bindgen]
impl SyncEngine {
    /// Starts a run from a `RunInput` object (camelCase). Throws when `input` is not shaped like one.
    #[wasm_bindgen(constructor)]
    pub fn new(input: JsValue) -> Result<SyncEngine, JsError> {
        let input: crate::sync::RunInput = from_js(&input, "a sync run input object")?;
        Ok(Self { run: Some(crate::sync::SyncRun::new(input)) })
    }

    /// Starts a run from a `RunInput` object without its `state`, and the state's stored texts as UTF-8 bytes:
    /// `state` the state file's, `stateTmp` its temp copy's (`undefined` when a file is missing), picked as the
    /// core's `SiteState::from_stored` picks them (the file when it is JSON, else the copy, else an empty state).
    /// The state never crosses as an object, so the shell neither parses nor stringifies it; a `state` in `input`
    /// is replaced by the stored one. Throws when `input` is not shaped like a run input, or when the picked text
    /// is JSON but not a state.
    #[wasm_bindgen(js_name = fromStored)]
    pub fn from_stored(
        input: JsValue,
        state: Option<Vec<u8>>,
        state_tmp: Option<Vec<u8>>,
    ) -> Result<SyncEngine, JsError> {
        let mut input: crate::sync::RunInput = from_js(&input, "a sync run input object")?;
        input.state = stored_state(state, state_tmp)?;
        Ok(Self { run: Some(crate::sync::SyncRun::new(input)) })
    }

    /// Which notes can take part (`{all, frontmatterKeys, folders, rootNotes, paths}`, see the core's
    /// `NoteSelection`): the driver reads those and passes them to `addNotes` before the first `poll`.
    #[wasm_bindgen(js_name = noteSelection)]
    pub fn note_selection(&mut self) -> Result<JsValue, JsError> {
        to_js(&self.running()?.note_selection())
    }

    /// Adds `[{path, content, fingerprint?}]` notes to the run; only before the first `poll`.
    #[wasm_bindgen(js_name = addNotes)]
    pub fn add_notes(&mut self, notes: JsValue) -> Result<(), JsError> {
        let notes: Vec<crate::sync::NoteFile> = from_js(&notes, "a list of notes")?;
        self.running()?.add_notes(notes).map_err(js_error)
    }

    /// Adds `[{path, fingerprint}]` notes the driver did not read (see the core's `NoteRef`); only before the
    /// first `poll`. The engine asks for those it must read with a `{kind: "readNotes", paths}` action.
    #[wasm_bindgen(js_name = addNoteRefs)]
    pub fn add_note_refs(&mut self, refs: JsValue) -> Result<(), JsError> {
        let refs: Vec<crate::sync::NoteRef> = from_js(&refs, "a list of note references")?;
        self.running()?.add_note_refs(refs).map_err(js_error)
    }

    /// Answers `readNotes`: `[{path, content, fingerprint?}]`, a note that no longer exists left out.
    #[wasm_bindgen(js_name = handleNotes)]
    pub fn handle_notes(&mut self, notes: JsValue) -> Result<(), JsError> {
        let notes: Vec<crate::sync::NoteFile> = from_js(&notes, "a list of notes")?;
        self.running()?.handle_notes(notes);
        Ok(())
    }

    /// The next action, as a plain object tagged by `kind`.
    pub fn poll(&mut self) -> Result<JsValue, JsError> {
        to_js(&self.running()?.poll())
    }

    /// Answers one request: `{id, status, body, error?}`.
    #[wasm_bindgen(js_name = handleResponse)]
    pub fn handle_response(&mut self, response: JsValue) -> Result<(), JsError> {
        // Read by the engine from the text, which keeps an issue page's rich-text fields as text.
        let text = js_json_text(&response, "a response object")?;
        let failed = |e: serde_json::Error| JsError::new(&format!("expected a response object: {e}"));
        self.running()?.handle_response_json(&text).map_err(failed)
    }

    /// Answers one edit: `{kind: "applied"}` or `{kind: "stale", current}`.
    #[wasm_bindgen(js_name = handleEdit)]
    pub fn handle_edit(&mut self, path: &str, outcome: JsValue) -> Result<(), JsError> {
        let outcome: crate::sync::EditOutcome = from_js(&outcome, "an edit outcome object")?;
        self.running()?.handle_edit(path, outcome);
        Ok(())
    }

    /// Confirms the journal was saved.
    #[wasm_bindgen(js_name = journalSaved)]
    pub fn journal_saved(&mut self) -> Result<(), JsError> {
        self.running()?.journal_saved();
        Ok(())
    }

    /// Answers a batch of zone offset questions (minutes east of UTC, one per instant, in order).
    #[wasm_bindgen(js_name = handleZoneOffsets)]
    pub fn handle_zone_offsets(&mut self, offsets_minutes: Vec<i32>) -> Result<(), JsError> {
        self.running()?.handle_zone_offsets(&offsets_minutes);
        Ok(())
    }

    /// Ends the run and returns its report (`{state, journal, entries, counts, fatal?}`); the engine is spent.
    pub fn finish(&mut self) -> Result<JsValue, JsError> {
        let run = self.run.take().ok_or_else(|| js_error("the sync run is already finished"))?;
        let report = run.finish();
        let exit_code = report.exit_code();
        // Written straight to text in pieces (no `serde_json::Value` copy of the whole state, no whole text in
        // wasm memory): `exitCode` goes in as the object's last member.
        js_text::json_to_js(&report, &format!(",\"exitCode\":{exit_code}"))
    }

    fn running(&mut self) -> Result<&mut crate::sync::SyncRun, JsError> {
        self.run.as_mut().ok_or_else(|| js_error("the sync run is already finished"))
    }
}
