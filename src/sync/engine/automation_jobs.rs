//! The Jira side of rule actions, one issue at a time: the people comments mention (read once), one `PUT` with
//! every field the issue's firings set, add or clear when the run's own push does not carry them
//! (`automation_fold.rs`), the status moves (hop by hop along the learned workflow, screens filled from the
//! rule's fields, then the project's transition defaults), then comments and notifications, in that order.
//!
//! Field writes and moves are journalled before they go out (`Journal::rule_writes`, `Journal::rule_moves`)
//! and leave the journal once answered (a move: once it reached its target or failed).
//!
//! Comments mention people as Jira does: Cloud as ADF `mention` nodes (account ids), Data Center as `[~name]`
//! in wiki markup. A named recipient is an account id (Cloud) or a user name (Data Center). Any step that
//! fails is a warning in the sync log; the issue's other steps still go out.

use std::collections::VecDeque;

use serde_json::{Map, Value, json};

use super::automation_fold::RuleWrites;
use super::io::Response;
use super::report::Level;
use super::run::{Purpose, SyncRun};
use super::state::{PendingComment, PendingMove};
use super::work::MAX_HOPS;
use crate::alignment::transition_fields::{fill_screen, project_defaults, screen_fields};
use crate::analytics::activity::ActionOutcome;
use crate::automation::{Planned, Recipient};
use crate::sync::{Deployment, parse_transitions, status_match_key};

/// A request step of an issue's rule actions.
#[derive(Debug, Clone, PartialEq)]
pub enum AutoStep {
    /// `GET /issue/{id}` for the reporter and assignee.
    People,
    /// `GET /issue/{id}/watchers`.
    Watchers,
    /// `PUT /issue/{id}` with the fields.
    Put,
    /// `GET /issue/{id}/transitions`.
    Transitions,
    /// `POST /issue/{id}/transitions` to this status.
    Transition(String),
    /// `POST /issue/{id}/comment` with this text.
    Comment(String),
    /// `GET /issue/{id}/comment`: is this comment of a dead run there already?
    Recover(Box<PendingComment>),
    /// `POST /issue/{id}/notify`.
    Notify,
    /// `GET /issue/{id}` with the fields a dead run's rule writes name (see `automation_replay.rs`).
    Replay,
    /// `POST /issue` for a rule's `create` (see `automation_create.rs`).
    Create(Box<super::state::RuleCreate>),
    /// The search for a dead run's rule create by its token.
    FindCreated(Box<super::state::RuleCreate>),
    /// `POST /issueLink` between the firing issue and the one created, by its key.
    LinkCreated(Box<super::state::RuleCreate>, String),
}

/// One person as a comment mentions them: Jira's id (account id or user name) and display name.
#[derive(Debug, Clone, Default)]
struct Person {
    id: String,
    name: String,
}

/// Who is who on the issue, once read.
#[derive(Debug, Clone, Default)]
struct People {
    reporter: Option<Person>,
    assignee: Option<Person>,
    watchers: Vec<Person>,
}

/// A status move of a job: the target status, the rule's screen fields, the journal entry's token (`None`: not
/// journalled).
type JobMove = (String, Vec<(String, String)>, Option<String>);

/// What is left to do on one issue.
#[derive(Debug, Clone, Default)]
pub(super) struct Job {
    key: String,
    rules: Vec<String>,
    /// Project key and `PROJECT/Type` (the learned transitions' scope).
    project: String,
    workflow: String,
    /// The issue's status as the job last saw it.
    status: String,
    hops: u32,
    people: People,
    need_people: bool,
    need_watchers: bool,
    writes: RuleWrites,
    moves: VecDeque<JobMove>,
    messages: VecDeque<Planned>,
}

impl SyncRun {
    /// Queues a firing's Jira actions on issue `id` (several firings on one issue share one job and one `PUT`).
    pub(super) fn queue_job(&mut self, id: &str, rule: &str, actions: Vec<Planned>) {
        self.queue_job_with(id, rule, actions, RuleWrites::default(), Vec::new());
    }

    /// [`queue_job`](Self::queue_job) with field writes for its `PUT` and journalled moves (walked first).
    pub(super) fn queue_job_with(
        &mut self,
        id: &str,
        rule: &str,
        actions: Vec<Planned>,
        writes: RuleWrites,
        moves: Vec<PendingMove>,
    ) {
        let Some(base) = self.state.issues.get(id) else { return };
        let fresh = !self.auto.jobs.contains_key(id);
        let (key, workflow, status) = (base.key.clone(), base.workflow.clone(), base.status.clone());
        let mut job = self.auto.jobs.remove(id).unwrap_or_else(|| Job {
            project: workflow.split('/').next().unwrap_or_default().to_owned(),
            key,
            workflow,
            status,
            ..Job::default()
        });
        job.rules.push(rule.to_owned());
        job.writes.merge(writes);
        for m in moves {
            self.auto.moves_queued.insert(m.token.clone());
            job.moves.push_back((m.status, m.fields, Some(m.token)));
        }
        for action in actions {
            match action {
                Planned::MoveTo { status, fields } => job.moves.push_back((status, fields, None)),
                Planned::Comment { ref mention, .. } | Planned::Notify { to: ref mention, .. } => {
                    let is_comment = matches!(action, Planned::Comment { .. });
                    let mentions = |r: &Recipient| matches!(r, Recipient::Reporter | Recipient::Assignee);
                    job.need_people |= is_comment && mention.iter().any(mentions);
                    job.need_watchers |= is_comment && mention.contains(&Recipient::Watchers);
                    job.messages.push_back(action);
                }
                _ => {}
            }
        }
        self.auto.jobs.insert(id.to_owned(), job);
        if fresh {
            self.next_auto_step(id);
        }
    }

    /// Sends the job's next request, or ends it.
    fn next_auto_step(&mut self, id: &str) {
        let api = self.api();
        let Some(job) = self.auto.jobs.get_mut(id) else { return };
        let why = |s: AutoStep| Purpose::Auto(id.to_owned(), s);
        if std::mem::take(&mut job.need_people) {
            let query = [("fields", "reporter,assignee".to_owned())];
            return self.send("GET", format!("{api}/issue/{id}"), &query, None, why(AutoStep::People));
        }
        if std::mem::take(&mut job.need_watchers) {
            return self.send("GET", format!("{api}/issue/{id}/watchers"), &[], None, why(AutoStep::Watchers));
        }
        if let Some(body) = job.writes.put_body(Map::new()) {
            job.writes.fields.clear();
            job.writes.add.clear();
            return self.send("PUT", format!("{api}/issue/{id}"), &[], Some(body), why(AutoStep::Put));
        }
        if let Some((target, ..)) = job.moves.front() {
            if status_match_key(target) == status_match_key(&job.status) {
                self.pop_move(id);
                return self.next_auto_step(id);
            }
            let query = [("expand", "transitions.fields".to_owned())];
            return self.send("GET", format!("{api}/issue/{id}/transitions"), &query, None, why(AutoStep::Transitions));
        }
        let deployment = self.input.deployment;
        match job.messages.pop_front() {
            Some(Planned::Comment { text, mention }) => {
                let body = comment_body(deployment, &text, &mentioned(&job.people, &mention));
                let path = format!("{api}/issue/{id}/comment");
                self.send("POST", path, &[], Some(body), why(AutoStep::Comment(text)));
            }
            Some(Planned::Notify { subject, body, to }) => {
                let body = notify_body(deployment, &subject, &body, &to);
                self.send("POST", format!("{api}/issue/{id}/notify"), &[], Some(body), why(AutoStep::Notify));
            }
            Some(_) => self.next_auto_step(id),
            None => {
                self.auto.jobs.remove(id);
            }
        }
    }

    /// Ends the job's first move (reached or failed): it leaves the journal. Returns its target.
    fn pop_move(&mut self, id: &str) -> Option<String> {
        let job = self.auto.jobs.get_mut(id)?;
        job.hops = 0;
        let (target, _, token) = job.moves.pop_front()?;
        if let Some(token) = token {
            self.journal.rule_moves.retain(|m| m.token != token);
        }
        Some(target)
    }

    /// Looks for the comments a dead run may have posted (the journal's), before this run's rules run.
    pub(super) fn recover_comments(&mut self) {
        let api = self.api();
        // They stay in the journal until settled: found, or posted and answered.
        for pending in self.journal.comments.clone() {
            let path = format!("{api}/issue/{}/comment", pending.issue_id);
            let query = [("orderBy", "-created".to_owned()), ("maxResults", "100".to_owned())];
            let id = pending.issue_id.clone();
            self.send("GET", path, &query, None, Purpose::Auto(id, AutoStep::Recover(Box::new(pending))));
        }
    }

    /// Whether the comments of an answer hold `pending` (by the sync's user, containing its text).
    fn holds_comment(&self, body: &Value, pending: &PendingComment) -> bool {
        let me = self.state.myself.as_ref().map(|m| m.account_id.as_str()).unwrap_or_default();
        let comments = body.get("comments").and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default();
        comments.iter().any(|c| {
            let author = c.pointer("/author/accountId").or_else(|| c.pointer("/author/name")).and_then(Value::as_str);
            author.is_none_or(|a| me.is_empty() || a == me) && plain(c.get("body")).contains(&pending.text)
        })
    }

    /// Handles the answer to one step of a job.
    pub(super) fn on_auto(&mut self, id: &str, step: AutoStep, response: Response) {
        if let AutoStep::Recover(pending) = step {
            return self.on_recover_comment(*pending, &response);
        }
        if step == AutoStep::Replay {
            return self.on_replay_read(id, &response);
        }
        if matches!(step, AutoStep::Create(_) | AutoStep::FindCreated(_) | AutoStep::LinkCreated(..)) {
            return self.on_rule_create(step, &response);
        }
        if let AutoStep::Comment(text) = &step {
            // Answered: whatever Jira said, the comment is no longer in doubt.
            if let Some(at) = self.journal.comments.iter().position(|c| c.issue_id == id && &c.text == text) {
                self.journal.comments.remove(at);
            }
        }
        let Some(job) = self.auto.jobs.get_mut(id) else { return };
        let key = job.key.clone();
        let why = response.error.clone().unwrap_or_else(|| format!("HTTP {}", response.status));
        let ok = response.ok();
        let body = &response.body;
        match step {
            AutoStep::People if ok => {
                job.people.reporter = person(body.pointer("/fields/reporter"));
                job.people.assignee = person(body.pointer("/fields/assignee"));
            }
            AutoStep::Watchers if ok => {
                let list = body.get("watchers").and_then(Value::as_array).cloned().unwrap_or_default();
                job.people.watchers = list.iter().filter_map(|w| person(Some(w))).collect();
            }
            AutoStep::People | AutoStep::Watchers => {
                self.log(
                    Level::Warning,
                    None,
                    Some(&key),
                    format!("automation: the people to mention could not be read: {why}"),
                );
            }
            AutoStep::Put if ok => {
                let tokens = std::mem::take(&mut job.writes.tokens);
                self.journal.rule_writes.retain(|p| !tokens.contains(&p.token));
                self.counts.issues_updated += 1;
                self.log(Level::Info, None, Some(&key), "automation: Jira fields updated");
            }
            AutoStep::Put => {
                let tokens = std::mem::take(&mut job.writes.tokens);
                self.journal.rule_writes.retain(|p| !tokens.contains(&p.token));
                self.mark_actions(&key, None, &["set", "add", "clear"], true, ActionOutcome::Failed);
                self.log(Level::Warning, None, Some(&key), format!("automation: Jira refused the field update: {why}"));
            }
            AutoStep::Transitions if ok => return self.auto_hop(id, body),
            AutoStep::Transition(to) if ok => {
                self.counts.transitions += 1;
                job.status = to;
                job.hops += 1;
            }
            AutoStep::Transitions | AutoStep::Transition(_) => {
                let target = self.pop_move(id).unwrap_or_default();
                self.mark_actions(&key, None, &["move-to"], false, ActionOutcome::Failed);
                let msg = format!("automation: status not changed to \"{target}\": {why}");
                self.log(Level::Warning, None, Some(&key), msg);
            }
            AutoStep::Recover(_)
            | AutoStep::Replay
            | AutoStep::Create(_)
            | AutoStep::FindCreated(_)
            | AutoStep::LinkCreated(..) => {}
            AutoStep::Comment(_) if ok => self.log(Level::Info, None, Some(&key), "automation: comment added"),
            AutoStep::Notify if ok => self.log(Level::Info, None, Some(&key), "automation: notification sent"),
            AutoStep::Comment(_) | AutoStep::Notify => {
                let what = if step == AutoStep::Notify { "notification not sent" } else { "comment not added" };
                let kind = if step == AutoStep::Notify { "notify" } else { "comment" };
                self.mark_actions(&key, None, &[kind], false, ActionOutcome::Failed);
                self.log(Level::Warning, None, Some(&key), format!("automation: {what}: {why}"));
            }
        }
        self.next_auto_step(id);
    }

    /// A dead run's comment: posted now unless the issue already has it.
    fn on_recover_comment(&mut self, pending: PendingComment, response: &Response) {
        if !response.ok() {
            // Still in the journal: the next run checks again.
            let why = response.error.clone().unwrap_or_else(|| format!("HTTP {}", response.status));
            let msg = format!(
                "automation: whether an interrupted run's comment reached Jira could not be checked ({why}); the next sync checks again"
            );
            return self.log(Level::Warning, None, Some(&pending.key), msg);
        }
        if self.holds_comment(&response.body, &pending) {
            let same = |c: &PendingComment| c.issue_id == pending.issue_id && c.text == pending.text;
            if let Some(at) = self.journal.comments.iter().position(same) {
                self.journal.comments.remove(at);
            }
            return;
        }
        let key = pending.key.clone();
        self.log(Level::Info, None, Some(&key), "automation: posting the comment an interrupted run did not post");
        let action = Planned::Comment { text: pending.text.clone(), mention: pending.mention.clone() };
        self.queue_job(&pending.issue_id, "(an interrupted run's comment)", vec![action]);
    }

    /// The next transition towards the job's first move, with its screen filled from the rule's fields, then
    /// the project's defaults.
    fn auto_hop(&mut self, id: &str, body: &Value) {
        let offered = parse_transitions(body);
        let Some(job) = self.auto.jobs.get(id) else { return };
        let (scope, from, key) = (job.workflow.clone(), job.status.clone(), job.key.clone());
        let Some((target, rule_fields, _)) = job.moves.front().cloned() else { return self.next_auto_step(id) };
        self.state.transitions.learn(&scope, &from, &offered);
        let fail = |run: &mut Self, message: String| {
            run.pop_move(id);
            run.mark_actions(&key, None, &["move-to"], false, ActionOutcome::Failed);
            run.log(
                Level::Warning,
                None,
                Some(&key),
                format!("automation: status not changed to \"{target}\": {message}"),
            );
            run.next_auto_step(id);
        };
        if job.hops >= MAX_HOPS {
            return fail(self, format!("no workflow path within {MAX_HOPS} transitions"));
        }
        let Some(hop) = self.state.transitions.next_hop(&scope, &from, &target, &offered) else {
            return fail(self, format!("no workflow transition leads from \"{from}\""));
        };
        let mut defaults =
            project_defaults(&self.input.config.transition_defaults, &job.project).cloned().unwrap_or_default();
        defaults.extend(rule_fields);
        let fields = match fill_screen(&screen_fields(body, &hop.id), Some(&defaults)) {
            Ok(fields) => fields,
            Err(problem) => {
                let project = job.project.clone();
                return fail(
                    self,
                    format!(
                        "the transition to \"{}\" cannot be made: {problem}; give it in the rule's `fields` or as a transition default of project {project}",
                        hop.to
                    ),
                );
            }
        };
        let mut post = json!({ "transition": { "id": hop.id } });
        if !fields.is_empty() {
            post["fields"] = Value::Object(fields);
        }
        let api = self.api();
        let why = Purpose::Auto(id.to_owned(), AutoStep::Transition(hop.to));
        self.send("POST", format!("{api}/issue/{id}/transitions"), &[], Some(post), why);
    }
}

/// A comment body's text: a wiki string as is, an ADF document's text nodes joined.
fn plain(body: Option<&Value>) -> String {
    fn walk(v: &Value, out: &mut String) {
        if let Some(t) = v.get("text").and_then(Value::as_str) {
            out.push_str(t);
        }
        for c in v.get("content").and_then(Value::as_array).into_iter().flatten() {
            walk(c, out);
        }
        if v.get("type").and_then(Value::as_str) == Some("hardBreak") {
            out.push('\n');
        }
    }
    match body {
        Some(Value::String(s)) => s.clone(),
        Some(v) => {
            let mut out = String::new();
            walk(v, &mut out);
            out
        }
        None => String::new(),
    }
}

/// A user object of Jira as a person (Cloud `accountId`, Data Center `name`).
fn person(user: Option<&Value>) -> Option<Person> {
    let user = user?;
    let id = user.get("accountId").or_else(|| user.get("name")).and_then(Value::as_str)?;
    let name = user.get("displayName").and_then(Value::as_str).unwrap_or(id);
    Some(Person { id: id.to_owned(), name: name.to_owned() })
}

/// The people a comment mentions, in order, without repeats.
fn mentioned(people: &People, recipients: &[Recipient]) -> Vec<Person> {
    let mut out: Vec<Person> = Vec::new();
    for r in recipients {
        let found: Vec<Person> = match r {
            Recipient::Reporter => people.reporter.clone().into_iter().collect(),
            Recipient::Assignee => people.assignee.clone().into_iter().collect(),
            Recipient::Watchers => people.watchers.clone(),
            Recipient::User(id) => vec![Person { id: id.clone(), name: id.clone() }],
        };
        for p in found {
            if !out.iter().any(|o| o.id == p.id) {
                out.push(p);
            }
        }
    }
    out
}

/// A comment's body: Cloud ADF with `mention` nodes before the text, Data Center wiki with `[~name]`.
fn comment_body(deployment: Deployment, text: &str, people: &[Person]) -> Value {
    match deployment {
        Deployment::Cloud => {
            let mut content = Vec::new();
            for p in people {
                content.push(json!({ "type": "mention", "attrs": { "id": p.id, "text": format!("@{}", p.name) } }));
                content.push(json!({ "type": "text", "text": " " }));
            }
            for (i, line) in text.lines().enumerate() {
                if i > 0 {
                    content.push(json!({ "type": "hardBreak" }));
                }
                if !line.is_empty() {
                    content.push(json!({ "type": "text", "text": line }));
                }
            }
            json!({ "body": { "type": "doc", "version": 1, "content": [{ "type": "paragraph", "content": content }] } })
        }
        Deployment::Datacenter => {
            let names: Vec<String> = people.iter().map(|p| format!("[~{}]", p.id)).collect();
            let lead = if names.is_empty() { String::new() } else { format!("{} ", names.join(" ")) };
            json!({ "body": format!("{lead}{text}") })
        }
    }
}

/// The body of `POST /issue/{id}/notify`.
fn notify_body(deployment: Deployment, subject: &str, text: &str, to: &[Recipient]) -> Value {
    let users: Vec<Value> = to
        .iter()
        .filter_map(|r| match r {
            Recipient::User(id) if deployment == Deployment::Cloud => Some(json!({ "accountId": id })),
            Recipient::User(name) => Some(json!({ "name": name })),
            _ => None,
        })
        .collect();
    let has = |r: Recipient| to.contains(&r);
    json!({
        "subject": subject,
        "textBody": text,
        "to": {
            "reporter": has(Recipient::Reporter),
            "assignee": has(Recipient::Assignee),
            "watchers": has(Recipient::Watchers),
            "users": users,
        }
    })
}
