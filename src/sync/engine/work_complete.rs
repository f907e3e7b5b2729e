//! Finishing one issue's work (see `work.rs`): once its Jira writes and links are done, the new base is computed
//! and the note edit is sent; the edit's outcome commits the base, or re-reads and re-plans a note that changed
//! under the engine (at most [`super::work::MAX_REPLANS`] times).

use super::base_view::{canonical_local, surviving_forms};
use super::io::EditOutcome;
use super::local::BODY;
use super::merge::plan_issue;
use super::render::{NoteChange, apply_change};
use super::report::Level;
use super::run::SyncRun;
use super::state::IssueBase;
use super::work::MAX_REPLANS;

impl SyncRun {
    /// Finishes an issue's Jira writes with its links (see `issue_links.rs`), then completes it.
    pub(super) fn complete(&mut self, id: &str) {
        if !self.links_await(id) {
            self.complete_issue(id);
        }
    }

    /// The base an issue's work commits once done: the stored values with what the plan agreed on.
    pub(super) fn planned_base(&self, id: &str) -> Option<IssueBase> {
        let status_name = self.status_field_name();
        let w = self.work.get(id)?;
        let mut values = w.stored.as_ref().map(|s| (*s.values).clone()).unwrap_or_default();
        let mut agreed = w.plan.agreed.clone();
        if w.status_failed {
            if let Some(name) = &status_name {
                agreed.remove(name);
            }
        }
        values.extend(agreed);
        let base = IssueBase {
            key: w.remote.key.clone(),
            path: w.path.clone(),
            updated: w.remote.updated.clone(),
            workflow: w.remote.workflow(),
            status: w.remote.status.clone(),
            status_category: w.remote.status_category.clone(),
            values: values.into(),
            conflict: w.plan.conflict_remote.clone(),
            local_forms: w.local_forms.clone(),
            detached: false,
            fingerprint: None,
            links: if w.links.planned {
                Some(w.links.base_links())
            } else {
                w.stored.as_ref().and_then(|s| s.links.clone())
            },
            parent: w.remote.parent.clone().unwrap_or_default(),
            epic: w.remote.epic,
            children: w.stored.as_ref().and_then(|s| s.children.clone()),
        };
        Some(base)
    }

    /// The note's text once the work's planned edit is made (`None`: no work or no note; `Err`: the edit
    /// cannot be made, why).
    pub(super) fn planned_text(&self, id: &str) -> Option<Result<String, String>> {
        let w = self.work.get(id)?;
        let (plan, link_note) = (&w.plan, &w.links.note);
        let note = self.notes.get(&w.path)?;
        let body = plan.note_body.as_deref().map(|b| self.with_worklog_section(&note.content, b));
        let mut fields = plan.note_fields.clone();
        fields.extend(link_note.iter().filter_map(|(p, v)| Some((p.clone(), v.clone()?))));
        let change = NoteChange {
            fields,
            remove: link_note.iter().filter(|(_, v)| v.is_none()).map(|(p, _)| p.as_str()).collect(),
            body: body.as_deref(),
            conflicts: plan.has_conflict().then_some((plan.conflicts.as_slice(), plan.body_conflict.as_deref())),
        };
        Some(apply_change(&note.content, &change).map_err(|e| e.to_string()))
    }

    /// Computes the new base and writes the note (or commits the base when the note does not change).
    fn complete_issue(&mut self, id: &str) {
        if self.work.get(id).is_some_and(|w| !w.status_failed) {
            self.journal.moves.remove(id);
        }
        let Some(base) = self.planned_base(id) else { return };
        let Some(w) = self.work.get(id) else { return };
        if self.input.config.epic_folders && w.stored.as_ref().is_some_and(|s| s.parent != base.parent) {
            // Re-parented (in Jira, or by the note's pushed parent): the note may move (see `epic_moves.rs`).
            self.reparented.insert(id.to_owned());
        }
        let Some(w) = self.work.get(id) else { return };
        let (path, key, plan) = (w.path.clone(), w.remote.key.clone(), w.plan.clone());
        let link_note = w.links.note.clone();
        if plan.has_conflict() {
            let mut names: Vec<String> = plan.conflicts.iter().map(|c| c.field.clone()).collect();
            names.extend(plan.body_conflict.iter().map(|_| BODY.to_owned()));
            let msg = format!("conflict in {}: both sides changed; nothing was overwritten", names.join(", "));
            self.log(Level::Conflict, Some(&path), Some(&key), msg);
        }
        for name in &plan.overridden {
            self.log(
                Level::Warning,
                Some(&path),
                Some(&key),
                format!("{name}: the other side's edit was replaced (one-way mapping or conflict policy)"),
            );
        }
        if !plan.writes_note() && link_note.is_empty() {
            if !self.input.dry_run {
                self.put_base(id.to_owned(), base);
            }
            return;
        }
        if self.input.dry_run {
            return self.log(Level::Info, Some(&path), Some(&key), "would update the note");
        }
        let Some(note) = self.notes.get(&path) else { return };
        let old = note.content.clone();
        match self.planned_text(id).unwrap_or_else(|| Err("the note is gone".to_owned())) {
            Ok(text) => {
                if let Some(w) = self.work.get_mut(id) {
                    w.pending_base = Some(base);
                }
                self.edit(&path, Some(old), text, id);
            }
            Err(e) => self.log(Level::Error, Some(&path), Some(&key), format!("the note could not be updated: {e}")),
        }
    }

    /// Handles how a note edit went.
    pub(super) fn on_edit(&mut self, path: &str, id: &str, outcome: EditOutcome) {
        match outcome {
            EditOutcome::Applied => {
                let applied = self.applied_text(path, id);
                if let Some(text) = applied {
                    self.reread(path, &text);
                }
                if let Some(w) = self.work.get_mut(id).filter(|w| w.pending_base.is_some()) {
                    let mut names: Vec<String> = w.plan.note_fields.keys().cloned().collect();
                    names.extend(w.links.note.keys().filter(|p| !w.plan.note_fields.contains_key(*p)).cloned());
                    names.extend(w.plan.note_body.iter().map(|_| BODY.to_owned()));
                    let key = w.remote.key.clone();
                    if let Some(base) = w.pending_base.take() {
                        self.put_base(id.to_owned(), base);
                    }
                    self.count_note_updated(path);
                    if !names.is_empty() {
                        self.log(Level::Info, Some(path), Some(&key), format!("note updated: {}", names.join(", ")));
                    }
                } else if let Some((nid, base)) = self.new_notes.remove(path) {
                    self.paths_taken.removed(path);
                    self.put_base(nid, base);
                    self.counts.notes_created += 1;
                    self.counted_notes.insert(path.to_owned());
                }
            }
            EditOutcome::Stale { current: Some(text) } => {
                self.reread(path, &text);
                match self.delete_marks.get(path).copied() {
                    Some(tries) if id.is_empty() && tries <= MAX_REPLANS => {
                        let key = self.notes.get(path).and_then(|n| n.key.clone()).unwrap_or_default();
                        self.mark_note_deleted(path, &key);
                    }
                    Some(_) if id.is_empty() => {
                        let msg = "the note kept changing during the sync; mark it jira_deleted yourself";
                        self.log(Level::Error, Some(path), None, msg);
                    }
                    _ => self.replan(path, id),
                }
            }
            EditOutcome::Stale { current: None } => {
                self.log(Level::Warning, Some(path), None, "the note disappeared during the sync; it was left alone");
            }
        }
    }

    /// The text just written to `path`.
    fn applied_text(&mut self, path: &str, _id: &str) -> Option<String> {
        self.written.remove(path)
    }

    /// Replaces the engine's copy of a note.
    fn reread(&mut self, path: &str, text: &str) {
        let note = self.read_local(path, text);
        self.put_note(path.to_owned(), note);
    }

    /// Plans an issue again after its note changed under the engine, against what Jira holds now.
    fn replan(&mut self, path: &str, id: &str) {
        let Some(w) = self.work.get(id) else {
            return self.log(
                Level::Warning,
                Some(path),
                None,
                "the note changed during the sync; it will sync next time",
            );
        };
        if w.replans >= MAX_REPLANS {
            let key = w.remote.key.clone();
            return self.log(Level::Error, Some(path), Some(&key), "the note kept changing during the sync; try again");
        }
        let Some(note) = self.notes.get(path) else { return };
        let mut remote_values = w.remote.values.clone();
        for (name, value) in &w.plan.agreed {
            if w.plan.push.contains_key(name) {
                remote_values.insert(name.clone(), value.clone());
            }
        }
        let policy = self.input.config.conflict_policy;
        let seen = canonical_local(note, w.base.as_ref(), &w.local_forms);
        let mut plan = plan_issue(
            &self.input.config.fields,
            w.base.as_ref(),
            seen.as_ref().unwrap_or(note),
            &remote_values,
            policy,
        );
        self.dress_plan(note, &mut plan);
        let forms = surviving_forms(w.local_forms.clone(), &plan);
        let Some(w) = self.work.get_mut(id) else { return };
        w.local_forms = forms;
        w.remote.values = remote_values;
        w.plan = plan;
        w.replans += 1;
        w.hops = 0;
        w.status_failed = false;
        self.plan_links(id, false);
        self.dispatch(id);
    }
}
