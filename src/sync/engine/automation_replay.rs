//! What a run that died mid-way left of its rule actions, taken up by the next run (once, before its own rules
//! act): comments (`automation_jobs.rs`) and creates (`automation_create.rs`) are looked for; field writes are
//! read back and only what Jira does not hold yet is sent again; status moves walk to their target only if the
//! issue, as this run pulled it, is not there. `notify` is not journalled: Jira offers no way to see whether
//! a notification went out, so a notification is at most once.
//!
//! A write read back goes out in the issue's one `PUT` of the run: folded into the run's own push when it has
//! one (`automation_fold.rs`), else in the issue's rule job. Entries whose read failed stay in the journal for
//! the next run.

use std::collections::BTreeSet;

use serde_json::Value;

use super::automation_fold::RuleWrites;
use super::io::Response;
use super::report::Level;
use super::run::{Phase, Purpose, SyncRun};
use super::state::PendingMove;

impl SyncRun {
    /// Takes up a dead run's rule actions (once per run; only in a pushing run that is not a dry run).
    pub(super) fn recover_automation(&mut self) {
        if std::mem::replace(&mut self.auto.recovered, true) {
            return;
        }
        if self.input.dry_run || !self.input.mode.pushes() || self.input.mode.only_paths().is_some() {
            return;
        }
        self.recover_comments();
        self.recover_rule_creates();
        let api = self.api();
        let ids: BTreeSet<String> =
            crate::sort::collect_set(self.journal.rule_writes.iter().map(|p| p.issue_id.clone()));
        for id in ids {
            let mut fields: BTreeSet<&str> = BTreeSet::new();
            for p in self.journal.rule_writes.iter().filter(|p| p.issue_id == id) {
                fields.extend(p.fields.keys().chain(p.add.keys()).map(String::as_str));
            }
            let query = [("fields", fields.into_iter().collect::<Vec<_>>().join(","))];
            let why = Purpose::Auto(id.clone(), super::automation_jobs::AutoStep::Replay);
            self.send("GET", format!("{api}/issue/{id}"), &query, None, why);
        }
    }

    /// The fields of an issue a dead run's rule writes named: each write Jira does not hold yet is sent again.
    pub(super) fn on_replay_read(&mut self, id: &str, response: &Response) {
        let pending: Vec<_> = self.journal.rule_writes.iter().filter(|p| p.issue_id == id).cloned().collect();
        let Some(key) = pending.first().map(|p| p.key.clone()) else { return };
        if !response.ok() {
            let why = response.error.clone().unwrap_or_else(|| format!("HTTP {}", response.status));
            let msg = format!(
                "automation: whether an interrupted run's field changes reached Jira could not be checked ({why}); the next sync checks again"
            );
            return self.log(Level::Warning, None, Some(&key), msg);
        }
        let read = response.body.get("fields").cloned().unwrap_or(Value::Null);
        let mut again = RuleWrites::default();
        for p in pending {
            let mut left = RuleWrites::default();
            for (fid, want) in &p.fields {
                if !holds(read.get(fid).unwrap_or(&Value::Null), want) {
                    left.fields.insert(fid.clone(), want.clone());
                }
            }
            for (fid, adds) in &p.add {
                let have = read.get(fid).and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default();
                let missing: Vec<Value> = adds
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter(|a| !have.iter().any(|h| holds(h, a)))
                    .cloned()
                    .collect();
                if !missing.is_empty() {
                    left.add.insert(fid.clone(), Value::Array(missing));
                }
            }
            if left.is_empty() {
                self.journal.rule_writes.retain(|q| q.token != p.token);
                continue;
            }
            left.tokens.push(p.token.clone());
            again.merge(left);
        }
        if again.is_empty() {
            return;
        }
        self.log(
            Level::Info,
            None,
            Some(&key),
            "automation: sending the field changes an interrupted run did not make",
        );
        match self.work.get_mut(id).filter(|_| self.auto.hold) {
            Some(w) => w.rule.merge(again),
            None => self.auto.writes.entry(id.to_owned()).or_default().merge(again),
        }
    }

    /// The journalled moves of issue `id` no job has taken yet.
    pub(super) fn moves_of(&self, id: &str) -> Vec<PendingMove> {
        let queued = &self.auto.moves_queued;
        self.journal.rule_moves.iter().filter(|m| m.issue_id == id && !queued.contains(&m.token)).cloned().collect()
    }

    /// After the rules' own actions: the writes and journalled moves no firing's job took, one job per issue.
    pub(super) fn replay_rest(&mut self) {
        self.phase = Phase::AutomationReplay;
        if self.input.dry_run || !self.input.mode.pushes() || self.input.mode.only_paths().is_some() {
            return;
        }
        let mut writes = std::mem::take(&mut self.auto.writes);
        let mut ids: BTreeSet<String> = crate::sort::collect_set(writes.keys().cloned());
        ids.extend(self.journal.rule_moves.iter().map(|m| m.issue_id.clone()));
        for id in ids {
            let (w, moves) = (writes.remove(&id).unwrap_or_default(), self.moves_of(&id));
            if w.is_empty() && moves.is_empty() {
                continue;
            }
            if !self.state.issues.contains_key(&id) {
                // No longer synced: nothing to compare with; the entries are dropped.
                let tokens: BTreeSet<String> =
                    crate::sort::collect_set(moves.iter().map(|m| m.token.clone()).chain(w.tokens));
                self.journal.rule_moves.retain(|m| !tokens.contains(&m.token));
                self.journal.rule_writes.retain(|p| !tokens.contains(&p.token));
                continue;
            }
            if !moves.is_empty() {
                let key = moves[0].key.clone();
                self.log(
                    Level::Info,
                    None,
                    Some(&key),
                    "automation: taking up the status move an interrupted run began",
                );
            }
            self.queue_job_with(&id, "(an interrupted run's changes)", Vec::new(), w, moves);
        }
    }
}

/// Whether Jira's value `read` holds what a write `want` sets: equal scalars; an object's keys as written
/// (Jira adds ids and names); a list with the same items in any order; `null` for an empty value.
fn holds(read: &Value, want: &Value) -> bool {
    match (read, want) {
        (_, Value::Null) => match read {
            Value::Null => true,
            Value::Array(a) => a.is_empty(),
            Value::String(s) => s.is_empty(),
            _ => false,
        },
        (Value::Object(r), Value::Object(w)) => w.iter().all(|(k, v)| r.get(k).is_some_and(|rv| holds(rv, v))),
        (Value::Array(r), Value::Array(w)) => r.len() == w.len() && w.iter().all(|x| r.iter().any(|y| holds(y, x))),
        (a, b) => a == b,
    }
}

#[cfg(test)]
mod tests {
    use super::holds;
    use serde_json::json;

    #[test]
    fn a_write_is_held_when_jira_shows_it_however_it_decorates_it() {
        assert!(holds(&json!({ "name": "High", "id": "2" }), &json!({ "name": "High" })));
        assert!(!holds(&json!({ "name": "Low", "id": "4" }), &json!({ "name": "High" })));
        assert!(holds(&json!(["b", "a"]), &json!(["a", "b"])));
        assert!(!holds(&json!(["a"]), &json!(["a", "b"])));
        assert!(holds(&json!(null), &json!(null)) && holds(&json!([]), &json!(null)));
        assert!(!holds(&json!("x"), &json!(null)));
        assert!(holds(&json!([{ "name": "ui", "id": "1" }]), &json!([{ "name": "ui" }])));
    }
}
