//! The rules' field changes (`set`, `add`, `clear`) folded into the run's own push, so an issue gets one `PUT`
//! per run, and the facts the rules see before the push.
//!
//! - Facts: the rules run once every issue is planned and before any plan goes out. A planned issue's facts
//!   are the base its work is about to commit (its merged values, the status the note asks for) and its note
//!   as the planned edit leaves it; an issue the run does not touch keeps its base and note.
//! - Folding: a firing's field changes become Jira writes ([`RuleWrites`]), journalled (see
//!   [`Journal::rule_writes`](super::Journal)) before any of them goes out. An issue the run pushes anyway
//!   carries them in its own `PUT` (a field both the note and a rule write takes the rule's value; an `add` to a
//!   list the note also writes joins that list); any other issue gets them in its rule job's one `PUT`
//!   (`automation_jobs.rs`).
//! - Once the `PUT` is answered the journal entries leave (whatever Jira said: the change is no longer in
//!   doubt). Jira's echo of a folded field becomes the base and the note's value, so the note the run writes
//!   shows the rule's value at once (the body excepted: a rule writing the description reaches the note with
//!   the next pull).

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value, json};

use super::local::note_name;
use super::report::Level;
use super::run::SyncRun;
use super::state::PendingWrite;
use crate::analytics::activity::ActionOutcome;
use crate::automation::{Firing, Planned};
use crate::sync::{FieldContext, JiraField, NoteTarget, field_id, same_value, write_field};

/// Rule field changes on one issue, as Jira takes them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RuleWrites {
    /// Jira field id → the value to set (`null`: clear).
    pub fields: Map<String, Value>,
    /// Jira field id → the values to add (an array).
    pub add: Map<String, Value>,
    /// The journal entries these writes settle (see `Journal::rule_writes`).
    pub tokens: Vec<String>,
}

impl RuleWrites {
    /// Whether nothing is to be written.
    pub fn is_empty(&self) -> bool {
        self.fields.is_empty() && self.add.is_empty()
    }

    /// Takes in `other`'s writes (a later set replaces an earlier one; adds accumulate).
    pub fn merge(&mut self, other: RuleWrites) {
        for (id, value) in other.fields {
            self.add.remove(&id);
            self.fields.insert(id, value);
        }
        for (id, values) in other.add {
            let list = self.add.entry(id).or_insert_with(|| Value::Array(Vec::new()));
            if let (Value::Array(list), Value::Array(values)) = (list, values) {
                for v in values {
                    if !list.contains(&v) {
                        list.push(v);
                    }
                }
            }
        }
        self.tokens.extend(other.tokens);
    }

    /// The body of a `PUT` writing `fields` (the note's) and these writes, or `None` when it writes nothing.
    /// A field in both takes the rule's value; an `add` to a field the body sets joins that field's list
    /// (Jira refuses a field in both `fields` and `update`).
    pub fn put_body(&self, mut fields: Map<String, Value>) -> Option<Value> {
        fields.extend(self.fields.clone());
        let mut update = Map::new();
        for (id, values) in &self.add {
            let values = values.as_array().cloned().unwrap_or_default();
            match fields.get_mut(id) {
                Some(Value::Array(list)) => {
                    for v in values {
                        if !list.contains(&v) {
                            list.push(v);
                        }
                    }
                }
                Some(slot @ Value::Null) => *slot = Value::Array(values),
                Some(_) => {}
                None => {
                    let ops = values.into_iter().map(|v| json!({ "add": v })).collect();
                    update.insert(id.clone(), Value::Array(ops));
                }
            }
        }
        if fields.is_empty() && update.is_empty() {
            return None;
        }
        let mut body = json!({});
        if !fields.is_empty() {
            body["fields"] = Value::Object(fields);
        }
        if !update.is_empty() {
            body["update"] = Value::Object(update);
        }
        Some(body)
    }
}

impl SyncRun {
    /// What the rules see of every planned issue: the base its work is about to commit, with the status its
    /// note asks for, and its note's text once edited.
    pub(super) fn plan_for_rules(&mut self) {
        let mut planned = BTreeMap::new();
        let mut texts = BTreeMap::new();
        for id in self.work.keys() {
            let Some(mut base) = self.planned_base(id) else { continue };
            let target = self.work.get(id).and_then(|w| w.plan.target_state.as_deref());
            if let Some(state) = target.filter(|s| !self.statuses.status_means(&base.status, s)) {
                if let Ok(status) = self.statuses.status_for(state) {
                    base.status = status.to_owned();
                    // Its category is known once Jira answers (as the run itself keeps it).
                    base.status_category = String::new();
                }
            }
            if let Some(Ok(text)) = self.planned_text(id) {
                texts.insert(base.path.clone(), text);
            }
            planned.insert(id.clone(), base);
        }
        self.auto.planned = planned;
        self.auto.planned_text = texts;
    }

    /// Takes the field changes out of the firings, journals them and folds them into their issue's push (or
    /// keeps them for its rule job).
    pub(super) fn fold_rule_writes(&mut self, firings: &mut [Firing]) {
        let mut n = 0;
        for firing in firings.iter_mut() {
            let writes_field = |a: &Planned| matches!(a, Planned::Set(_) | Planned::Add(_) | Planned::Clear(_));
            let Some(id) = self.base_id_of(&firing.key) else { continue };
            let changes: Vec<Planned> = firing.actions.iter().filter(|a| writes_field(a)).cloned().collect();
            if changes.is_empty() {
                continue;
            }
            firing.actions.retain(|a| !writes_field(a));
            let mut writes = self.rule_writes(&firing.key, &firing.rule, changes);
            if writes.is_empty() {
                continue;
            }
            n += 1;
            let token = format!("jvs-{}-w{n}", self.input.run_id.to_lowercase());
            let (fields, add) = (writes.fields.clone(), writes.add.clone());
            let key = firing.key.clone();
            self.journal.rule_writes.push(PendingWrite {
                token: token.clone(),
                issue_id: id.clone(),
                key,
                fields,
                add,
            });
            writes.tokens.push(token);
            match self.work.get_mut(&id) {
                Some(w) => w.rule.merge(writes),
                None => self.auto.writes.entry(id).or_default().merge(writes),
            }
        }
    }

    /// The id of the linked issue `key`.
    pub(super) fn base_id_of(&self, key: &str) -> Option<String> {
        self.state.issues.iter().find(|(_, b)| b.key == key && !b.detached).map(|(id, _)| id.clone())
    }

    /// A firing's `set`, `add` and `clear` actions as Jira writes; a field the sync cannot write is a warning.
    fn rule_writes(&mut self, key: &str, rule: &str, actions: Vec<Planned>) -> RuleWrites {
        let mut out = RuleWrites::default();
        for action in actions {
            let list: Vec<(String, Option<Vec<String>>, bool)> = match action {
                Planned::Set(list) => list.into_iter().map(|(f, v)| (f, Some(v), false)).collect(),
                Planned::Add(list) => list.into_iter().map(|(f, v)| (f, Some(v), true)).collect(),
                Planned::Clear(fields) => fields.into_iter().map(|f| (f, None, false)).collect(),
                _ => Vec::new(),
            };
            for (field, values, add) in list {
                self.field_write(&mut out, key, rule, &field, values, add);
            }
        }
        out
    }

    /// One `set`, `add` or `clear` into `out` (`values: None`: clear).
    fn field_write(
        &mut self,
        out: &mut RuleWrites,
        key: &str,
        rule: &str,
        field: &str,
        values: Option<Vec<String>>,
        add: bool,
    ) {
        let jira = jira_field(field, &self.input.config.fields);
        let customs = self.ctx_customs();
        let ctx = FieldContext { deployment: self.input.deployment, customs: &customs, durations: self.durations() };
        let list = matches!(jira, JiraField::Labels | JiraField::Components | JiraField::FixVersions);
        let value = match &values {
            None => Value::Null,
            Some(v) if list => Value::Array(v.iter().map(|s| Value::String(s.clone())).collect()),
            Some(v) => Value::String(v.join(", ")),
        };
        let written = if values.is_none() {
            write_field(&jira, &Value::String("x".to_owned()), &ctx).map(|(id, _)| (id, Value::Null))
        } else {
            write_field(&jira, &value, &ctx)
        };
        match written {
            Ok((id, Value::Array(items))) if add => {
                let mut one = RuleWrites::default();
                one.add.insert(id, Value::Array(items));
                out.merge(one);
            }
            Ok((id, v)) => {
                out.add.remove(&id);
                out.fields.insert(id, v);
            }
            Err(e) => {
                let kind = match (&values, add) {
                    (None, _) => "clear",
                    (Some(_), true) => "add",
                    (Some(_), false) => "set",
                };
                self.mark_actions(key, Some(rule), &[kind], false, ActionOutcome::Failed);
                let msg = format!("automation: rule `{rule}`: {field} not written: {e}");
                self.log(Level::Warning, None, Some(key), msg);
            }
        }
    }

    /// The answer to a `PUT` of issue work that may carry rule writes: once the `PUT` itself is answered
    /// (`put`) its journal entries leave; when it failed (`!ok`) the rules' field actions are marked failed.
    pub(super) fn rule_put_answered(&mut self, id: &str, put: bool, ok: bool, why: &str) {
        let Some(w) = self.work.get_mut(id) else { return };
        if w.rule.is_empty() {
            return;
        }
        let key = w.remote.key.clone();
        if put {
            let tokens: BTreeSet<String> = crate::sort::collect_set(w.rule.tokens.iter().cloned());
            self.journal.rule_writes.retain(|p| !tokens.contains(&p.token));
        }
        if !ok {
            if let Some(w) = self.work.get_mut(id) {
                w.rule = RuleWrites::default();
            }
        }
        if put && !ok {
            self.mark_actions(&key, None, &["set", "add", "clear"], true, ActionOutcome::Failed);
            self.log(Level::Warning, None, Some(&key), format!("automation: Jira refused the field update: {why}"));
        } else if put {
            self.log(Level::Info, None, Some(&key), "automation: Jira fields updated");
        }
    }

    /// After the echo of a `PUT` with rule writes: each mapped field a rule wrote takes Jira's value as the
    /// agreed one and in the note.
    pub(super) fn adopt_rule_echo(&mut self, id: &str) {
        let Some(w) = self.work.get(id).filter(|w| !w.rule.is_empty()) else { return };
        let touched: BTreeSet<&str> =
            crate::sort::collect_set(w.rule.fields.keys().chain(w.rule.add.keys()).map(String::as_str));
        let customs = self.ctx_customs();
        let ctx = FieldContext { deployment: self.input.deployment, customs: &customs, durations: self.durations() };
        let names: Vec<String> = (self.input.config.fields.iter())
            .filter(|m| m.jira != JiraField::Status && m.note != NoteTarget::Body)
            .filter_map(|m| {
                let fid = self.as_epic_link((field_id(&m.jira, &ctx)?, Value::Null), &customs).0;
                touched.contains(fid.as_str()).then(|| note_name(m).to_owned())
            })
            .collect();
        let note = self.notes.get(&w.path).map(|n| n.values.clone()).unwrap_or_default();
        let Some(w) = self.work.get_mut(id) else { return };
        for name in names {
            let Some(value) = w.remote.values.get(&name).cloned() else { continue };
            w.local_forms.remove(&name);
            if note.get(&name).is_none_or(|v| !same_value(v, &value)) {
                w.plan.note_fields.insert(name.clone(), value.clone());
            }
            w.plan.agreed.insert(name, value);
        }
        w.rule = RuleWrites::default();
    }
}

/// The Jira field a rule names: a mapped field by its note name, a system field by its name, else a custom
/// field by its display name.
pub(super) fn jira_field(name: &str, mappings: &[crate::sync::FieldMapping]) -> JiraField {
    if let Some(m) = mappings.iter().find(|m| note_name(m).eq_ignore_ascii_case(name)) {
        return m.jira.clone();
    }
    let camel = match name.to_lowercase().replace([' ', '-', '_'], "").as_str() {
        "duedate" | "due" => "dueDate".to_owned(),
        "fixversions" => "fixVersions".to_owned(),
        other => other.to_owned(),
    };
    serde_json::from_value(Value::String(camel)).unwrap_or_else(|_| JiraField::Custom(name.to_owned()))
}
