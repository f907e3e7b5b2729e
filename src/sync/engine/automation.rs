//! The automation rules inside a run: once the pull and the merge have planned every issue, and before any plan
//! goes out, the rules note's rules are evaluated over every linked issue; their field changes go out with the
//! run's own push, their other actions after it.
//!
//! Order and invariants:
//! - Rules run in `sync` and `full` runs when [`RunInput::automation`](super::RunInput) is given; never in a
//!   pull-only run or a run of named notes. While they run, every plan is held (`start_plan`), so no `PUT`
//!   leaves before the rules' field changes are folded into it.
//! - The facts `now` are what the push is about to make true: a planned issue's merged values and the status
//!   its note asks for, its note as the run's edit leaves it (`automation_fold.rs`); other issues from their
//!   base. Issues the run creates from notes are seen by the next run. The facts `before` are the last run with
//!   rules' (kept in [`AutomationState`]); on the first run with rules every issue's `before` is its `now`, so
//!   nothing "created" or "changed" fires.
//! - Notes the driver gave by fingerprint whose facts are not remembered are read first (`Phase::Automation`);
//!   with a keyed-task rule, every such note is read; notes firings edit are read and the rules evaluated again.
//! - One `PUT` per issue per run: a firing's `set`, `add` and `clear` ride in the run's own `PUT` of the issue
//!   when it pushes one, else in the issue's rule job (`automation_jobs.rs`), which sends one `PUT` with every
//!   firing's and a dead run's field changes. Status moves, comments, notifications and creates go out after the
//!   push (and the creates, worklogs and *Child issues* sections), then note edits and note moves.
//! - Before the first action goes out, the new [`AutomationState`] is saved in the journal with the field
//!   changes, status moves, comments and creates about to go out: a run that dies mid-way never repeats a
//!   firing, and the next run takes that state over the site state's and takes up what is left
//!   (`automation_replay.rs`): field changes Jira does not hold are sent, a move walks on only if the issue is
//!   not at its target, a comment is posted only if the issue does not have it, an issue created only if its
//!   token is not found. Entries leave the journal once Jira answered them. `notify` is at most once: Jira
//!   offers no way to see whether a notification went out.
//! - A failing action is a warning in the sync log, never a failed run; issues and notes an action changed are
//!   marked, and their next change counts as automation's own (rules without `reacts-to-automation` ignore it).
//! - `digest` entries go to the digest note as one guarded edit after the Jira actions (`automation_digest.rs`).
//! - A dry run evaluates and reports every firing with its actions' exact values; nothing is written and
//!   nothing remembered.

use crate::sort::CollectOrdered as _;
use std::collections::BTreeSet;

use chrono::{DateTime, FixedOffset};

use super::automation_jobs::Job;
use super::io::EditOutcome;
use super::report::Level;
use super::run::{Phase, SyncRun};
use super::state::{PendingComment, PendingMove, RuleCreate};
use crate::analytics::activity::{ActionEntry, ActionOutcome};
use crate::automation::{
    AutomationState, FiringReport, Pair, Planned, STATE_VERSION, Trigger, action_kind, describe, evaluate, read_rules,
};

/// The edit id of automation's note edits (see `SyncRun::handle_edit`).
pub(super) const AUTO_EDIT: &str = "\u{0}automation";

/// The rules' part of a run.
#[derive(Debug, Default)]
pub(super) struct AutoRun {
    /// The state to keep once the run ends (`None`: rules did not run, the old state stays).
    pub state: Option<AutomationState>,
    /// The firings, for the report.
    pub firings: Vec<FiringReport>,
    /// Jira-side work per issue id.
    pub jobs: std::collections::BTreeMap<String, Job>,
    /// Plans wait for the rules (set while the rules run before the push; see `start_plan`).
    pub hold: bool,
    /// The issues whose plans wait, in planning order.
    pub held: Vec<String>,
    /// The bases planned issues are about to commit, by issue id (the rules' facts read these first).
    pub planned: std::collections::BTreeMap<String, super::state::IssueBase>,
    /// The planned notes' texts once edited, by path.
    pub planned_text: std::collections::BTreeMap<String, String>,
    /// Rule field writes for issues the run does not push, by issue id (sent by their rule job).
    pub writes: std::collections::BTreeMap<String, super::automation_fold::RuleWrites>,
    /// Journalled moves a job took, by token.
    pub moves_queued: BTreeSet<String>,
    /// The firings to carry out after the push (their field changes taken out).
    pub ready: Vec<crate::automation::Firing>,
    /// The rule creates to send after the push (journalled).
    pub creates: Vec<RuleCreate>,
    /// The notes that firings change were asked for (a note given by fingerprint is read before it is edited).
    pub notes_asked: bool,
    /// Note moves to send once the other note edits are done (see `automation_move.rs`).
    pub moves: Vec<super::automation_move::NoteMove>,
    /// Note moves sent, by the note's path before the move.
    pub moving: std::collections::BTreeMap<String, super::automation_move::NoteMove>,
    /// A dead run's actions were taken up (see `automation_replay.rs`).
    pub recovered: bool,
    /// The fields the enabled rules need the pull to read (see `rule_fields.rs`).
    pub needs: super::rule_fields::RuleNeeds,
    /// The `notice` actions carried out, for the report.
    pub notices: Vec<crate::automation::RuleNotice>,
    /// The digest note's entries (see `automation_digest.rs`).
    pub digest: super::automation_digest::DigestRun,
}

impl SyncRun {
    /// Whether this run evaluates rules.
    pub(super) fn rules_run(&self) -> bool {
        self.input.automation.is_some() && self.input.mode.pushes() && self.input.mode.only_paths().is_none()
    }

    /// The state the rules start from: a dead run's from the journal, else the site state's.
    fn previous_automation(&self) -> Option<AutomationState> {
        self.journal.automation.clone().or_else(|| self.state.automation.clone()).and_then(AutomationState::usable)
    }

    /// First step, once every issue is planned (and held): take up a dead run's actions, and ask for the notes
    /// whose facts the rules need and the run has not read.
    pub(super) fn start_automation(&mut self) {
        self.phase = Phase::Automation;
        self.recover_automation();
        let rules = read_rules(&self.input.automation.as_ref().map(|a| a.rules.clone()).unwrap_or_default()).rules;
        let keyed = rules.iter().any(|r| r.enabled && matches!(r.trigger, Trigger::KeyedTask { .. }));
        let known = self.previous_automation().map(|s| s.facts).unwrap_or_default();
        let linked: BTreeSet<&str> =
            self.state.issues.values().filter(|b| !b.detached).map(|b| b.path.as_str()).collect_set();
        let paths: Vec<String> = self
            .notes
            .values()
            .filter(|n| n.unread && (keyed || n.key.as_ref().is_none_or(|k| !known.contains_key(k))))
            .filter(|n| keyed || linked.contains(n.path.as_str()))
            .map(|n| n.path.clone())
            .collect();
        self.reads_out.extend(paths);
    }

    /// Second step, before the push: evaluate the rules over the planned issues, journal their actions, fold
    /// their field changes into the plans, then let every held plan go out.
    pub(super) fn run_automation(&mut self) {
        self.phase = Phase::AutomationRun;
        if self.evaluate_rules() {
            self.phase = Phase::Automation;
            return;
        }
        self.auto.hold = false;
        for id in std::mem::take(&mut self.auto.held) {
            self.dispatch(&id);
        }
    }

    /// Evaluates the rules; `true` when notes must be read first (the rules are then evaluated again).
    fn evaluate_rules(&mut self) -> bool {
        let Some(input) = self.input.automation.clone() else { return false };
        let set = read_rules(&input.rules);
        let Some(at) = self.automation_time(input.offset_minutes) else {
            self.log(Level::Warning, None, None, "automation did not run: the run's time cannot be read");
            return false;
        };
        self.plan_for_rules();
        let previous = self.previous_automation();
        let first = previous.is_none();
        let previous = previous.unwrap_or_default();
        let mut now = self.issue_facts(&input, &previous.facts);
        for facts in &mut now {
            // An issue a rule created is marked before it was ever seen: its appearance is automation's own.
            facts.changed_by_automation = previous.marked.contains(&facts.key)
                && previous.facts.get(&facts.key).is_none_or(|b| !same_facts(b, facts));
        }
        let pairs: Vec<Pair<'_>> = now
            .iter()
            .map(|n| Pair { before: if first { Some(n) } else { previous.facts.get(&n.key) }, now: n })
            .collect();
        let mut outcome = evaluate(&set.rules, &pairs, at, input.daily_cap.max(1), &previous.memory);
        drop(pairs);
        if !self.auto.notes_asked && !self.input.dry_run {
            // Evaluation is deterministic: read the unread notes firings will edit, then evaluate again.
            self.auto.notes_asked = true;
            let unread = self.unread_notes_to_edit(&outcome.firings);
            if !unread.is_empty() {
                self.reads_out.extend(unread);
                return true;
            }
        }
        for d in &set.diagnostics {
            let msg = format!("automation rules note, line {}: {} (that rule is left out)", d.line, d.message);
            self.log(Level::Warning, None, None, msg);
        }
        self.write_summaries(&mut outcome.firings);
        for warning in &outcome.warnings {
            self.log(Level::Warning, None, None, format!("automation: {warning}"));
        }
        let dry = self.input.dry_run;
        let mut marked = BTreeSet::new();
        for firing in &outcome.firings {
            let actions: Vec<String> = firing.actions.iter().map(describe).collect();
            let verb = if dry { "would fire" } else { "fired" };
            let msg = format!("automation: rule `{}` {verb}: {}", firing.rule, actions.join("; "));
            self.log(Level::Info, None, Some(&firing.key), msg);
            let outcome = if dry { ActionOutcome::Skipped } else { ActionOutcome::Ok };
            let outcomes =
                firing.actions.iter().map(|a| ActionEntry { kind: action_kind(a).to_owned(), outcome }).collect();
            let (rule, key) = (firing.rule.clone(), firing.key.clone());
            self.auto.firings.push(FiringReport { rule, key, actions, outcomes });
            if firing.actions.iter().any(changes_something) {
                marked.insert(firing.key.clone());
            }
        }
        if dry {
            return false;
        }
        let facts = now.into_iter().map(|f| (f.key.clone(), f)).collect_map();
        let state = AutomationState { version: STATE_VERSION, memory: outcome.memory, facts, marked };
        self.journal_actions(&outcome.firings);
        self.fold_rule_writes(&mut outcome.firings);
        if !outcome.firings.is_empty() {
            // Saved before any action goes out (the folded field changes go with the plans' `PUT`s): a run that
            // dies now never fires these again, and finds the actions it was to take in the journal.
            self.journal.automation = Some(state.clone());
            self.journal_out = Some(self.journal.clone());
        }
        self.auto.state = Some(state);
        self.auto.digest.at = Some(at);
        self.auto.ready = outcome.firings;
        false
    }

    /// Journals the firings' comments, creates and status moves (field changes: see `fold_rule_writes`).
    fn journal_actions(&mut self, firings: &[crate::automation::Firing]) {
        let mut moves = 0;
        for firing in firings {
            let Some((id, base)) = self.state.issues.iter().find(|(_, b)| b.key == firing.key && !b.detached) else {
                continue;
            };
            let (id, project) = (id.clone(), base.workflow.split('/').next().unwrap_or_default().to_owned());
            for action in &firing.actions {
                match action {
                    Planned::Comment { text, mention } => {
                        let (key, text, mention) = (firing.key.clone(), text.clone(), mention.clone());
                        self.journal.comments.push(PendingComment { issue_id: id.clone(), key, text, mention });
                    }
                    Planned::MoveTo { status, fields } => {
                        moves += 1;
                        self.journal.rule_moves.push(PendingMove {
                            token: format!("jvs-{}-m{moves}", self.input.run_id.to_lowercase()),
                            issue_id: id.clone(),
                            key: firing.key.clone(),
                            status: status.clone(),
                            fields: fields.clone(),
                        });
                    }
                    Planned::Create { issue_type, summary, description, link } => {
                        let n = self.journal.rule_creates.len() + 1;
                        let token = format!("jvs-{}-r{n}", self.input.run_id.to_lowercase());
                        self.journal.rule_creates.push(RuleCreate {
                            issue_id: id.clone(),
                            key: firing.key.clone(),
                            project: project.clone(),
                            token,
                            issue_type: issue_type.clone(),
                            summary: summary.clone(),
                            description: description.clone(),
                            link: link.clone(),
                        });
                        self.auto.creates.push(self.journal.rule_creates[n - 1].clone());
                    }
                    _ => {}
                }
            }
        }
    }

    /// After the push: a dead run's actions are taken up, reviewed comments posted, and the firings' other
    /// actions carried out (note edits, moves, comments, notifications, creates).
    pub(super) fn act_automation(&mut self) {
        self.phase = Phase::AutomationAct;
        self.recover_automation();
        self.post_reviewed_comments();
        for firing in std::mem::take(&mut self.auto.ready) {
            self.carry_out(&firing.rule, &firing.key, firing.actions);
        }
        for create in std::mem::take(&mut self.auto.creates) {
            self.send_rule_create(create);
        }
    }

    /// The notes given by fingerprint that firings would edit.
    fn unread_notes_to_edit(&self, firings: &[crate::automation::Firing]) -> Vec<String> {
        let edits = |a: &Planned| {
            matches!(
                a,
                Planned::SetProperty(_)
                    | Planned::CheckTasks { .. }
                    | Planned::Append { .. }
                    | Planned::MoveNote { .. }
            )
        };
        let keys: BTreeSet<&str> =
            firings.iter().filter(|f| f.actions.iter().any(edits)).map(|f| f.key.as_str()).collect_set();
        let paths = self.state.issues.values().filter(|b| !b.detached && keys.contains(b.key.as_str()));
        paths.filter(|b| self.notes.get(&b.path).is_some_and(|n| n.unread)).map(|b| b.path.clone()).collect()
    }

    /// The run's time in the user's zone.
    fn automation_time(&self, offset_minutes: i32) -> Option<DateTime<FixedOffset>> {
        let zone = FixedOffset::east_opt(offset_minutes.clamp(-18 * 60, 18 * 60) * 60)?;
        Some(crate::sync::parse_jira_time(&self.input.now)?.with_timezone(&zone))
    }

    /// At the end of a run that is not a dry run: the rules' new state replaces the old, and leaves the journal.
    pub(super) fn commit_automation(&mut self) {
        if let Some(state) = self.auto.state.take() {
            self.state.automation = Some(state);
            self.journal.automation = None;
        }
    }

    /// Sets the outcome of this run's actions of one of `kinds` on issue `key` (of `rule` when given) that are
    /// still `ok`: the first one only, or every one when `all`. The firing report keeps each action's outcome.
    pub(super) fn mark_actions(&mut self, key: &str, rule: Option<&str>, kinds: &[&str], all: bool, to: ActionOutcome) {
        let firings = self.auto.firings.iter_mut().filter(|f| f.key == key && rule.is_none_or(|r| f.rule == r));
        for entry in firings.flat_map(|f| f.outcomes.iter_mut()) {
            if entry.outcome == ActionOutcome::Ok && kinds.contains(&entry.kind.as_str()) {
                entry.outcome = to;
                if !all {
                    return;
                }
            }
        }
    }

    /// Starts the actions of one firing: note actions as guarded edits, the rest as the issue's Jira work.
    fn carry_out(&mut self, rule: &str, key: &str, actions: Vec<Planned>) {
        let Some((id, base)) = self.state.issues.iter().find(|(_, b)| b.key == key && !b.detached) else {
            let kinds: Vec<&str> = actions.iter().map(action_kind).collect();
            return self.mark_actions(key, Some(rule), &kinds, true, ActionOutcome::Skipped);
        };
        let (id, path) = (id.clone(), base.path.clone());
        let mut jira = Vec::new();
        for action in actions {
            match action {
                Planned::SetProperty(pairs) => {
                    self.note_action(rule, key, &path, |t| crate::automation::set_properties(t, &pairs));
                }
                Planned::CheckTasks { section } => {
                    self.note_action(rule, key, &path, |t| crate::automation::check_tasks(t, section.as_deref()));
                }
                Planned::Append { heading, line } => {
                    self.note_action(rule, key, &path, |t| Ok(crate::automation::append_under(t, &heading, &line)));
                }
                Planned::MoveNote { folder } => self.queue_note_move(rule, key, &path, &folder),
                // Sent from the journal (see `automation_create.rs`); moves too, below.
                Planned::Create { .. } | Planned::MoveTo { .. } => {}
                Planned::Notice(text) => {
                    self.log(Level::Info, Some(&path), Some(key), format!("notice: {text}"));
                    let (rule, key) = (rule.to_owned(), key.to_owned());
                    self.auto.notices.push(crate::automation::RuleNotice { rule, key, text });
                }
                Planned::Digest(text) => {
                    let note = self.notes.get(&path).filter(|n| !n.deleted).map(|n| n.path.clone());
                    self.add_digest_entry(key, note.as_deref(), &text);
                    self.log(Level::Info, Some(&path), Some(key), format!("digest: {text}"));
                }
                other => jira.push(other),
            }
        }
        let writes = self.auto.writes.remove(&id).unwrap_or_default();
        let moves = self.moves_of(&id);
        if !jira.is_empty() || !writes.is_empty() || !moves.is_empty() {
            self.queue_job_with(&id, rule, jira, writes, moves);
        }
    }

    /// One note action as a guarded edit of the note's current text (after the run's own edit, if any).
    fn note_action(&mut self, rule: &str, key: &str, path: &str, change: impl FnOnce(&str) -> Result<String, String>) {
        let Some(note) = self.notes.get(path).filter(|n| !n.unread && !n.deleted) else {
            self.mark_actions(key, Some(rule), &NOTE_EDITS, false, ActionOutcome::Skipped);
            let msg = format!("automation: rule `{rule}`: the note could not be read, so it was not changed");
            return self.log(Level::Warning, Some(path), Some(key), msg);
        };
        // Several actions on one note this run build on each other's text.
        let current = self.written.get(path).cloned().unwrap_or_else(|| note.content.clone());
        let expected = note.content.clone();
        match change(&current) {
            Ok(text) if text == current => {}
            Ok(text) => {
                self.edits.retain(|e| e.path != path);
                self.edit(path, Some(expected), text, AUTO_EDIT);
            }
            Err(why) => {
                self.mark_actions(key, Some(rule), &NOTE_EDITS, false, ActionOutcome::Failed);
                let msg = format!("automation: rule `{rule}`: the note was not changed: {why}");
                self.log(Level::Warning, Some(path), Some(key), msg);
            }
        }
    }

    /// How an automation note edit went.
    pub(super) fn on_automation_edit(&mut self, path: &str, outcome: EditOutcome) {
        let text = self.written.remove(path);
        match outcome {
            EditOutcome::Applied => {
                self.count_note_updated(path);
                self.log(Level::Info, Some(path), None, "automation: note changed");
                if let Some(text) = text {
                    let note = self.read_local(path, &text);
                    self.put_note(path.to_owned(), note);
                }
            }
            EditOutcome::Stale { .. } => {
                let key = self.state.issues.values().find(|b| b.path == path && !b.detached).map(|b| b.key.clone());
                if let Some(key) = key {
                    self.mark_actions(&key, None, &NOTE_EDITS, true, ActionOutcome::Failed);
                }
                let msg = "automation: the note changed during the sync, so the rule's change was not made";
                self.log(Level::Warning, Some(path), None, msg);
            }
        }
    }
}

/// The kinds of the actions that edit the issue's note in place.
const NOTE_EDITS: [&str; 3] = ["set-property", "check-tasks", "append"];

/// Whether an action changes the issue or its note (its next change is then automation's own).
fn changes_something(action: &Planned) -> bool {
    !matches!(action, Planned::Notice(_) | Planned::Digest(_) | Planned::Notify { .. } | Planned::MoveNote { .. })
}

/// Two snapshots alike but for the automation flag.
fn same_facts(a: &crate::automation::IssueFacts, b: &crate::automation::IssueFacts) -> bool {
    let mut b = b.clone();
    b.changed_by_automation = a.changed_by_automation;
    *a == b
}
