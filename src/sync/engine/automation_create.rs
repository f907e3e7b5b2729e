//! The `create` action of rules: a sub-task of the firing issue, or an issue linked to it, created in Jira
//! crash-safely, like the creates from notes (`create.rs`).
//!
//! Decisions and invariants:
//! - Every create is in the journal ([`Journal::rule_creates`](super::Journal::rule_creates)) with a creation
//!   token before any rule action goes out (saved with the rules' state, see `automation.rs`); the token goes
//!   to Jira as a label on the new issue. The entry leaves the journal once Jira answered the create and, for a
//!   linked issue, the link.
//! - A run that finds an entry left by a dead run searches for the token first (`labels = "jvs-…"`): found,
//!   only the link is made again (Jira keeps an identical link single); not found, the issue is created.
//!   So a rule's issue is never created twice, whichever request the dead run got to.
//! - A create without an answer (the connection lost) stays in the journal for the next run to look for; a
//!   create Jira refused is a warning and leaves the journal.
//! - `link` names a link type or one of its phrases, read from the firing issue: `is blocked by` makes the new
//!   issue block it, `blocks` makes it block the new issue; a type's name reads as its outward phrase. Without
//!   `link` the new issue is a sub-task (`parent`) of the firing issue. Both are created in its project.
//! - The new issue's key is marked as automation's own, so its first appearance fires no `issue-created` rule
//!   that does not react to automation. Its note is written by the next sync's pull, like any new issue in scope.

use serde_json::{Map, Value, json};

use super::automation_jobs::AutoStep;
use super::io::Response;
use super::report::Level;
use super::run::{Purpose, SyncRun};
use super::state::RuleCreate;
use crate::sync::{FieldContext, JiraField, labels_in, write_field};

impl SyncRun {
    /// Looks for the issues a dead run's rules may have created (the journal's), before this run's rules run.
    pub(super) fn recover_rule_creates(&mut self) {
        for pending in self.journal.rule_creates.clone() {
            let jql = labels_in(&[pending.token.as_str()]);
            let api = self.api();
            let (path, body) = match self.input.deployment {
                crate::sync::Deployment::Cloud => {
                    (format!("{api}/search/jql"), json!({"jql": jql, "fields": ["labels"]}))
                }
                crate::sync::Deployment::Datacenter => {
                    (format!("{api}/search"), json!({"jql": jql, "fields": ["labels"], "startAt": 0}))
                }
            };
            let why = Purpose::Auto(pending.issue_id.clone(), AutoStep::FindCreated(Box::new(pending)));
            self.send("POST", path, &[], Some(body), why);
        }
    }

    /// Sends `POST /issue` for one of the journal's creates.
    pub(super) fn send_rule_create(&mut self, pending: RuleCreate) {
        let customs = self.ctx_customs();
        let ctx = FieldContext { deployment: self.input.deployment, customs: &customs, durations: self.durations() };
        let mut fields = Map::new();
        fields.insert("project".into(), json!({ "key": pending.project }));
        fields.insert("issuetype".into(), json!({ "name": pending.issue_type }));
        fields.insert("summary".into(), Value::String(pending.summary.clone()));
        fields.insert("labels".into(), json!([pending.token]));
        if pending.link.is_none() {
            fields.insert("parent".into(), json!({ "key": pending.key }));
        }
        if let Some(text) = pending.description.as_ref().filter(|t| !t.trim().is_empty()) {
            if let Ok((id, value)) = write_field(&JiraField::Description, &Value::String(text.clone()), &ctx) {
                fields.insert(id, value);
            }
        }
        let api = self.api();
        let why = Purpose::Auto(pending.issue_id.clone(), AutoStep::Create(Box::new(pending)));
        self.send("POST", format!("{api}/issue"), &[], Some(json!({ "fields": fields })), why);
    }

    /// Handles the answers of a rule's create: the search for a dead run's issue, the create, the link.
    pub(super) fn on_rule_create(&mut self, step: AutoStep, response: &Response) {
        let why = response.error.clone().unwrap_or_else(|| format!("HTTP {}", response.status));
        match step {
            AutoStep::FindCreated(pending) if response.ok() => {
                let found = response.body.pointer("/issues/0/key").and_then(Value::as_str).map(str::to_owned);
                match found {
                    Some(key) => self.created_by_rule(*pending, key),
                    None => {
                        let msg = "automation: creating the issue an interrupted run did not create";
                        self.log(Level::Info, None, Some(&pending.key), msg);
                        self.send_rule_create(*pending);
                    }
                }
            }
            AutoStep::FindCreated(pending) => {
                let msg = format!(
                    "automation: whether an interrupted run created \"{}\" could not be checked ({why}); the next sync checks again",
                    pending.summary
                );
                self.log(Level::Warning, None, Some(&pending.key), msg);
            }
            AutoStep::Create(pending) if response.ok() => {
                let Some(key) = response.body.get("key").and_then(Value::as_str).map(str::to_owned) else {
                    return self.forget_rule_create(&pending.token);
                };
                self.counts.issues_created += 1;
                let msg = format!("automation: created {key} \"{}\"", pending.summary);
                self.log(Level::Info, None, Some(&pending.key), msg);
                self.created_by_rule(*pending, key);
            }
            AutoStep::Create(pending) if response.status == 0 => {
                // No answer: Jira may have created it. The journal keeps it for the next run to look for.
                let msg = format!(
                    "automation: \"{}\" may or may not have been created ({why}); the next sync looks for it by its creation token ({}) and creates it only if it is not there",
                    pending.summary, pending.token
                );
                self.log(Level::Warning, None, Some(&pending.key), msg);
            }
            AutoStep::Create(pending) => {
                let failed = crate::analytics::activity::ActionOutcome::Failed;
                self.mark_actions(&pending.key, None, &["create"], false, failed);
                let msg = format!("automation: \"{}\" was not created: {why}", pending.summary);
                self.log(Level::Warning, None, Some(&pending.key), msg);
                self.forget_rule_create(&pending.token);
            }
            AutoStep::LinkCreated(pending, new_key) => {
                if !response.ok() {
                    let msg = format!("automation: {new_key} was created but not linked: {why}");
                    self.log(Level::Warning, None, Some(&pending.key), msg);
                }
                self.forget_rule_create(&pending.token);
            }
            _ => {}
        }
    }

    /// The issue exists in Jira as `new_key`: marked as automation's own, then linked (or done).
    fn created_by_rule(&mut self, pending: RuleCreate, new_key: String) {
        if let Some(state) = self.auto.state.as_mut() {
            state.marked.insert(new_key.clone());
        }
        let Some(link) = pending.link.clone() else { return self.forget_rule_create(&pending.token) };
        let (type_name, new_is_inward) = self.rule_link_type(&link);
        let (inward, outward) = if new_is_inward {
            (new_key.as_str(), pending.key.as_str())
        } else {
            (pending.key.as_str(), new_key.as_str())
        };
        let body = json!({
            "type": { "name": type_name },
            "inwardIssue": { "key": inward },
            "outwardIssue": { "key": outward },
        });
        let api = self.api();
        let why = Purpose::Auto(pending.issue_id.clone(), AutoStep::LinkCreated(Box::new(pending), new_key));
        self.send("POST", format!("{api}/issueLink"), &[], Some(body), why);
    }

    /// The link type a rule's `link` names and whether the new issue is the link's inward issue (the one that
    /// does the outward phrase: `A blocks B` is inward A, outward B).
    fn rule_link_type(&self, link: &str) -> (String, bool) {
        let same = |a: &str| a.trim().eq_ignore_ascii_case(link.trim());
        for t in self.state.link_types.iter().flatten() {
            if same(&t.inward) && !same(&t.outward) {
                // "This issue is blocked by the new one": the new one blocks it.
                return (t.name.clone(), true);
            }
            if same(&t.outward) || same(&t.name) {
                return (t.name.clone(), false);
            }
        }
        (link.trim().to_owned(), false)
    }

    /// Removes a settled create from the journal.
    fn forget_rule_create(&mut self, token: &str) {
        self.journal.rule_creates.retain(|c| c.token != token);
    }
}
