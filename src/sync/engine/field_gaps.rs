//! Mapped fields a site cannot take, so that they cost one warning instead of breaking the sync.
//!
//! - A mapped custom field the site does not have (or has twice under one name) is remembered in
//!   [`SiteState::unusable_fields`](super::SiteState::unusable_fields) when `/field` is read, and its mapping is
//!   left out of the run: one warning per run names the field and the fix, the rest of the sync runs, the
//!   watermark advances. `/field` is read again only on a full scan or once a day (or for a name never looked up),
//!   so a sync with nothing to do still sends one request.
//! - A field Jira refuses to set on an issue (`400` with `errors: {field: "… cannot be set. It is not on the
//!   appropriate screen, or unknown."}`) is dropped from that `PUT` or create, which is sent again without it;
//!   the refusal is remembered for the run per project and issue type (a screen belongs to both), with one
//!   warning per field. The refused value stays a local change (its base does not move), so a later sync,
//!   after the screen is fixed, pushes it.

use crate::sort::CollectOrdered as _;
use std::collections::BTreeMap;

use serde_json::Value;

use super::local::{ISSUE_TYPE_KEY, note_name};
use super::report::Level;
use super::run::SyncRun;
use super::state::CreateIntent;
use crate::sync::{FieldContext, JiraField, field_id};

/// Where the user fixes a mapping.
const MAPPINGS_SETTING: &str = "Settings → Jira Vault Sync → Mappings → Field mappings";

/// The sentence about a mapped custom field the site lacks (`ids` empty) or has under several ids, naming the
/// field, its note field and the fix. Shared by the sync's warning and the vault health check, so both say the
/// same thing.
pub fn unusable_field_message(name: &str, note: &str, ids: &[String]) -> String {
    if ids.is_empty() {
        format!(
            "The custom field \"{name}\" (mapped to {note}) does not exist on this Jira site. Create the field in \
             Jira or remove the mapping ({MAPPINGS_SETTING})."
        )
    } else {
        format!(
            "The custom field \"{name}\" (mapped to {note}) is ambiguous on this Jira site ({}). Rename one of the \
             fields in Jira or remove the mapping ({MAPPINGS_SETTING}).",
            ids.join(", ")
        )
    }
}

/// Whether Jira's message for a field says the field cannot be set on this issue (screen or permission),
/// rather than that the value is wrong.
fn is_screen_refusal(message: &str) -> bool {
    let m = message.to_lowercase();
    m.contains("cannot be set") || m.contains("appropriate screen")
}

impl SyncRun {
    /// Leaves the mappings of custom fields the site lacks out of this run, with one warning each. Called once
    /// the set-up answers are in (or were remembered).
    pub(super) fn skip_unusable_fields(&mut self) {
        let unusable = &self.state.unusable_fields;
        let mut skipped: Vec<(String, String, Vec<String>)> = Vec::new();
        self.input.config.fields.retain(|m| {
            let JiraField::Custom(name) = &m.jira else { return true };
            let Some(ids) = unusable.get(name) else { return true };
            skipped.push((name.clone(), note_name(m).to_owned(), ids.clone()));
            false
        });
        if skipped.is_empty() {
            return;
        }
        for (name, note, ids) in skipped {
            let msg = format!("{} That mapping is skipped.", unusable_field_message(&name, &note, &ids));
            self.log(Level::Warning, None, None, msg);
        }
        self.reread_notes();
    }

    /// Jira field id → note field name of the fields in an issue's planned `PUT` (a parent on Data Center is sent
    /// as the Epic Link, see `as_epic_link`).
    fn pushed_field_ids(&self, id: &str) -> BTreeMap<String, String> {
        let Some(w) = self.work.get(id) else { return BTreeMap::new() };
        let customs = self.ctx_customs();
        let ctx = FieldContext { deployment: self.input.deployment, customs: &customs, durations: self.durations() };
        w.plan
            .push
            .keys()
            .filter_map(|name| {
                let m = self.input.config.fields.iter().find(|m| note_name(m) == name)?;
                let fid = field_id(&m.jira, &ctx)?;
                let fid = self.as_epic_link((fid, Value::Null), &customs).0;
                Some((fid, name.clone()))
            })
            .collect_map()
    }

    /// Takes a `400` to an issue's `PUT` whose field errors all name fields of that `PUT`: those fields are
    /// dropped (their local change stays pending) and refusals are remembered; returns whether the `PUT`
    /// should be sent again with the rest. Any other `400` (an error about something else) returns false.
    pub(super) fn refuse_put_fields(&mut self, id: &str, body: &Value) -> bool {
        let Some(errors) = body.get("errors").and_then(Value::as_object).filter(|e| !e.is_empty()) else {
            return false;
        };
        let by_id = self.pushed_field_ids(id);
        if !errors.keys().all(|k| by_id.contains_key(k)) {
            return false;
        }
        let Some(w) = self.work.get(id) else { return false };
        let (path, key, workflow) = (w.path.clone(), w.remote.key.clone(), w.remote.workflow());
        for (fid, message) in errors {
            let Some(name) = by_id.get(fid) else { continue };
            self.drop_push(id, name);
            let text = message.as_str().unwrap_or_default();
            if is_screen_refusal(text) {
                self.refused_fields.insert((workflow.clone(), fid.clone()));
                self.warn_refused(name, fid, &workflow, Some(&path), Some(&key));
            } else {
                let msg =
                    format!("Jira refused {name}: {text} The other fields were saved; fix the value and sync again.");
                self.log(Level::Error, Some(&path), Some(&key), msg);
            }
        }
        true
    }

    /// Whether a field was refused this run for issues of `workflow` (`project/issue type`).
    pub(super) fn is_refused(&self, workflow: &str, fid: &str) -> bool {
        self.refused_fields.contains(&(workflow.to_owned(), fid.to_owned()))
    }

    /// The warning for a field Jira does not let the sync set, once per field and run.
    pub(super) fn warn_refused(
        &mut self,
        name: &str,
        fid: &str,
        workflow: &str,
        path: Option<&str>,
        key: Option<&str>,
    ) {
        if !self.refusal_warned.insert(name.to_owned()) {
            return;
        }
        let (project, issue_type) = workflow.split_once('/').unwrap_or((workflow, ""));
        let msg = format!(
            "Jira does not let the sync set {name} ({fid}) on {issue_type} issues of {project}: it is not on the \
             issue's screen, or unknown. It stays a local change; the other fields were saved. Add the field to \
             the screen in Jira or remove the mapping ({MAPPINGS_SETTING})."
        );
        self.log(Level::Warning, path, key, msg);
    }

    /// The workflow (`project/issue type`) an intent's issue is created in.
    pub(super) fn intent_workflow(&self, intent: &CreateIntent) -> String {
        let issue_type = self.notes.get(&intent.path).and_then(|n| n.text(ISSUE_TYPE_KEY));
        format!("{}/{}", intent.project, issue_type.unwrap_or_else(|| self.input.default_issue_type.clone()))
    }

    /// Takes the field errors of a refused create (`errors` of a `400`, or of one bulk element): when every
    /// error is a mapped field Jira cannot set on the create screen, the refusals are remembered and warned
    /// about, and the create may be sent again without them (true). False when the create really failed, or
    /// nothing new was learnt (so a retry always sends fewer fields and ends).
    pub(super) fn refuse_create_fields(&mut self, intent: &CreateIntent, errors: Option<&Value>) -> bool {
        let Some(errors) = errors.and_then(Value::as_object).filter(|e| !e.is_empty()) else { return false };
        let all_refusals = errors.iter().all(|(fid, m)| {
            let core = matches!(fid.as_str(), "project" | "issuetype" | "summary" | "labels");
            !core && m.as_str().is_some_and(is_screen_refusal)
        });
        if !all_refusals {
            return false;
        }
        let names = self.mapped_names_by_id();
        let workflow = self.intent_workflow(intent);
        let mut learnt = false;
        let epic_link = self.epic_link_id(&self.ctx_customs());
        for fid in errors.keys() {
            learnt |= self.refused_fields.insert((workflow.clone(), fid.clone()));
            if fid == "parent" && epic_link.is_some() {
                // An epic's child on Data Center: sent again with its epic in the Epic Link (`create_fields`).
                continue;
            }
            let name = names.get(fid).cloned().unwrap_or_else(|| fid.clone());
            self.warn_refused(&name, fid, &workflow, Some(&intent.path), None);
        }
        learnt
    }

    /// Jira field id → note field name of every mapping.
    fn mapped_names_by_id(&self) -> BTreeMap<String, String> {
        let customs = self.ctx_customs();
        let ctx = FieldContext { deployment: self.input.deployment, customs: &customs, durations: self.durations() };
        self.input
            .config
            .fields
            .iter()
            .filter_map(|m| Some((field_id(&m.jira, &ctx)?, note_name(m).to_owned())))
            .collect_map()
    }
}
