//! Moving an issue's status after its `PUT`: workflow transitions hop by hop (the direct one when offered, else
//! the shortest learned path, exploring a workflow not learned yet but never through a done status), each hop
//! checked against what Jira offers at that moment; a status change a crashed run left half done is resumed
//! (`Journal::moves`). No path is a clear error on that note; the rest of the issue still syncs. Transitions are
//! read with `expand=transitions.fields`, and a hop whose screen asks for fields (a `resolution` on *Done*) is
//! posted with them, filled from the project's transition defaults
//! ([`transition_fields`](crate::alignment::transition_fields)); a required field without a default fails the
//! status change before anything is posted, with a message naming the field, where its default is set and an
//! example line, and a [`ScreenQuestion`] in the report (the plugin asks the user and retries the note).

use std::collections::BTreeMap;

use serde_json::{Value, json};

use super::io::Response;
use super::local::note_name;
use super::remote::RemoteIssue;
use super::report::Level;
use super::run::{Purpose, SyncRun};
use super::work::{MAX_HOPS, Step};
use crate::alignment::transition_fields::{
    ScreenField, ScreenProblem, ScreenQuestion, fill_screen, project_defaults, screen_fields,
};
use crate::sync::{JiraField, parse_transitions};

/// Where the user sets transition defaults, for messages.
const DEFAULTS_HOME: &str = "\"Transition defaults\" in the plugin's settings (Workflow section)";

impl SyncRun {
    /// After the `PUT`: the next transition, or completion.
    pub(super) fn after_put(&mut self, id: &str) {
        let Some(w) = self.work.get(id) else { return };
        let Some(state) = w.plan.target_state.clone() else { return self.complete(id) };
        if self.statuses.status_means(&w.remote.status, &state) {
            return self.complete(id);
        }
        if w.hops >= MAX_HOPS {
            return self.status_failed(id, format!("no workflow path to \"{state}\" within {MAX_HOPS} transitions"));
        }
        if self.journal.moves.get(id) != Some(&state) {
            self.journal.moves.insert(id.to_owned(), state);
            self.journal_out = Some(self.journal.clone());
        }
        let api = self.api();
        self.send(
            "GET",
            format!("{api}/issue/{id}/transitions"),
            &[("expand", "transitions.fields".to_owned())],
            None,
            Purpose::Work(id.to_owned(), Step::Transitions),
        );
    }

    pub(super) fn on_transitions(&mut self, id: &str, body: &Value) {
        let offered = parse_transitions(body);
        let Some(w) = self.work.get(id) else { return };
        let (scope, from, project) = (w.remote.workflow(), w.remote.status.clone(), w.remote.project.clone());
        let (path, key) = (w.path.clone(), w.remote.key.clone());
        let state = w.plan.target_state.clone().unwrap_or_default();
        let target = match self.statuses.status_for(&state) {
            Ok(s) => s.to_owned(),
            Err(e) => return self.status_failed(id, e.to_string()),
        };
        self.state.transitions.learn(&scope, &from, &offered);
        // With no known path (a workflow not learned yet) `next_hop` explores towards the nearest unlearned status.
        match self.state.transitions.next_hop(&scope, &from, &target, &offered) {
            Some(hop) => {
                let defaults = project_defaults(&self.input.config.transition_defaults, &project);
                let screen = screen_fields(body, &hop.id);
                let fields = match fill_screen(&screen, defaults) {
                    Ok(fields) => fields,
                    Err(problem) => {
                        let to = &hop.to;
                        let mut message = format!(
                            "the transition to \"{to}\" cannot be made: {problem}; set it for project {project} under {DEFAULTS_HOME}"
                        );
                        if let ScreenProblem::Missing(names) = &problem {
                            let asked: Vec<ScreenField> =
                                screen.into_iter().filter(|f| f.required && names.contains(&f.name)).collect();
                            if let Some(f) = asked.first() {
                                let example = f.allowed.first().map_or("…", |v| v.label.as_str());
                                message.push_str(&format!(", as a line such as \"{project}: {} = {example}\"", f.name));
                            }
                            let to = to.clone();
                            self.screen_questions.push(ScreenQuestion { path, key, project, to, fields: asked });
                        }
                        return self.status_failed(id, message);
                    }
                };
                let api = self.api();
                let mut body = json!({ "transition": { "id": hop.id } });
                if !fields.is_empty() {
                    body["fields"] = Value::Object(fields);
                }
                let why = Purpose::Work(id.to_owned(), Step::Transition(hop.to));
                self.send("POST", format!("{api}/issue/{id}/transitions"), &[], Some(body), why);
            }
            None => self.status_failed(id, format!("no workflow transition leads from \"{from}\" to \"{target}\"")),
        }
    }

    /// A transition Jira refused fails that note's status change only. A 400 saying a field "is required" comes
    /// from a check the screen metadata did not show (a workflow validator, say): the message names the target
    /// status and Jira's words, and says where a default for the field is set, or to make that one change in Jira
    /// (the note, which already asks for it, then agrees with Jira on the next sync).
    pub(super) fn transition_refused(&mut self, id: &str, to: &str, response: &Response) {
        let why = response.error.clone().unwrap_or_else(|| format!("HTTP {}", response.status));
        let hint = if response.status == 400 && why.contains("is required") {
            format!(
                " Set a default for that field under {DEFAULTS_HOME}, or change the status in Jira, and the note follows on the next sync."
            )
        } else {
            String::new()
        };
        self.status_failed(id, format!("Jira refused the transition to \"{to}\": {why}{hint}"));
    }

    pub(super) fn status_failed(&mut self, id: &str, message: String) {
        let Some(w) = self.work.get_mut(id) else { return };
        w.status_failed = true;
        let (path, key) = (w.path.clone(), w.remote.key.clone());
        self.log(Level::Error, Some(&path), Some(&key), format!("status not changed: {message}"));
        self.complete(id);
    }

    /// The merge base of an issue whose status change a previous run left half done (see `Journal::moves`): while
    /// the note still asks for that state, Jira's current status counts as the base status. A move the note no
    /// longer asks for is forgotten.
    pub(super) fn resume_move(
        &mut self,
        id: &str,
        wanted: Option<&Value>,
        remote: &RemoteIssue,
        base: Option<BTreeMap<String, Value>>,
    ) -> Option<BTreeMap<String, Value>> {
        let Some(target) = self.journal.moves.get(id).cloned() else { return base };
        let mut base = base;
        let Some(name) = self.status_field_name() else { return base };
        if wanted.and_then(Value::as_str) != Some(target.as_str()) {
            self.journal.moves.remove(id);
            return base;
        }
        if let (Some(values), Some(now)) = (base.as_mut(), remote.values.get(&name)) {
            values.insert(name, now.clone());
        }
        base
    }

    /// The note field name of the status mapping.
    pub(super) fn status_field_name(&self) -> Option<String> {
        self.input.config.fields.iter().find(|m| m.jira == JiraField::Status).map(|m| note_name(m).to_owned())
    }
}
