//! [`SyncRun`], the sans-IO state machine of one sync run, and its call order.
//!
//! ```text
//! let mut run = SyncRun::new(input);
//! loop {
//!     match run.poll() {
//!         Action::Requests { requests } => for r in requests { run.handle_response(send(r)) },
//!         Action::Edits { edits }       => for e in edits { run.handle_edit(&e.path, apply(e)) },
//!         Action::SaveJournal { journal } => { save(journal); run.journal_saved() },
//!         Action::ZoneOffsets { time_zone, instants } => run.handle_zone_offsets(&offsets(time_zone, instants)),
//!         Action::ReadNotes { paths }   => run.handle_notes(read(paths)),
//!         Action::Notes                 => run.add_notes(selected()),  // only with `notes_later`
//!         Action::Done => break,
//!     }
//! }
//! let report = run.finish();   // save report.state and report.journal
//! ```
//!
//! Invariants: every request of a batch and every edit of a batch is answered before `poll` is called again
//! (requests of one batch are independent, so the driver may send them concurrently); the engine never
//! reads a clock, a file or the network; the same input and answers give the same actions and report.
//!
//! Notes given by fingerprint ([`NoteRef`](super::NoteRef); see `note_intake.rs`) enter as their base when the
//! state recorded that fingerprint for them; any other is asked for at the next poll, and those the run must
//! look inside (their issue came back from Jira, a full scan, time tracking, custom field ids re-resolved)
//! after the pull (`Phase::ReadNotes`). A note is only ever edited against the text the driver handed in (or reported as
//! current), never against one the engine did not see: an unread note's edit would carry an empty expected
//! text, which the driver's guard refuses as stale.
//!
//! Phases: set-up (`/myself` and `/field`, only when not remembered), recovery of creates in doubt (by their
//! token label), the pull (search since the watermark, or the whole scope on a full scan), fetching linked
//! notes without a base, confirming deletes, planning every issue (three-way merge), the automation rules over
//! the planned values (their field changes folded into the plans, see `automation.rs`), pushing (one `PUT` per
//! issue, then transitions hop by hop), note edits (guarded by the content the engine read; a stale note is
//! re-planned), worklogs (time tracking, see `worklogs.rs`), creates (journal first, then `POST /issue` or
//! `/issue/bulk`), the rules' other actions (moves, comments, notifications, creates, note edits), and the final
//! bookkeeping.

use crate::sort::CollectOrdered as _;
use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::input::RunInput;
use super::io::{Action, EditOutcome, Request, Response, VaultEdit};
use super::local::LocalNote;
use super::remote::RemoteIssue;
use super::report::{Counts, Level, LogEntry, RunReport};
use super::state::{IssueBase, Journal, SiteState};
use super::work::{IssueWork, Step};
use crate::sync::{CustomFields, StatusMap};

/// Why a request was sent.
#[derive(Debug, Clone)]
pub(super) enum Purpose {
    Myself,
    Fields,
    Recover,
    Search,
    FetchKeys,
    ConfirmDelete(String),
    Work(String, Step),
    Create(Vec<usize>),
    CreatedFetch,
    Worklog(super::worklogs::WlReq),
    Users(super::users::Lookup),
    Auto(String, super::automation_jobs::AutoStep),
    LinkTypes,
}

/// Where the run is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Phase {
    Start,
    Setup,
    Recover,
    Zone,
    Search,
    FetchKeys,
    ReadNotes,
    Deletes,
    Plan,
    Automation,
    AutomationRun,
    Work,
    Worklogs,
    Create,
    CreatedFetch,
    PlanCreated,
    Children,
    ChildrenWrite,
    AutomationAct,
    AutomationReplay,
    EpicMoves,
    AutomationMove,
    Finish,
    Done,
}

/// One sync run. See the module documentation for the call order.
pub struct SyncRun {
    /// The run's input; its `state` is moved into [`state`](Self::state) at the start (not copied: at 50,000
    /// notes the state is most of the engine's memory), its `notes` and `note_refs` into the run's notes.
    pub(super) input: RunInput,
    pub(super) state: SiteState,
    /// The state as it came in, as far as a report may have to hand it back unchanged (see
    /// [`finish`](Self::finish)): all of it for a dry run; otherwise everything but the bulk (`issues`,
    /// `worklogs`, `worklogs_read`), which no phase up to the search changes, so the run's copies stand in.
    state_in: SiteState,
    pub(super) journal: Journal,
    pub(super) statuses: StatusMap,
    pub(super) notes: BTreeMap<String, LocalNote>,
    pub(super) phase: Phase,
    next_id: u32,
    pub(super) pending: BTreeMap<u32, Purpose>,
    pub(super) requests: Vec<Request>,
    pub(super) edits: Vec<VaultEdit>,
    pub(super) edit_for: BTreeMap<String, String>,
    pub(super) journal_out: Option<Journal>,
    /// The journal asked for holds this run's creates: once saved, they are sent.
    pub(super) creates_await_journal: bool,
    pub(super) zone_query: Option<(String, String)>,
    pub(super) zone_offset: Option<i32>,
    /// The zone question out is the watermark's (not the worklog phase's).
    pub(super) zone_for_watermark: bool,
    /// Issues fetched this run, by id.
    pub(super) remote: BTreeMap<String, RemoteIssue>,
    /// Issue work in progress, by id.
    pub(super) work: BTreeMap<String, IssueWork>,
    /// Issues created or recovered this run: id → note path.
    pub(super) created: BTreeMap<String, String>,
    pub(super) search_token: Option<String>,
    pub(super) search_start: u32,
    pub(super) full_scan: bool,
    /// Whether the pull search's first answer was checked for a full scan being due (see `on_search`).
    pub(super) scan_checked: bool,
    /// Jira's time (RFC 3339) when the full scan's first page answered: the next `last_full_scan`.
    pub(super) scan_started: Option<String>,
    /// The earliest Jira time (a response's `Date`) seen this run.
    pub(super) first_server_time: Option<chrono::DateTime<chrono::Utc>>,
    pub(super) max_updated: Option<(chrono::DateTime<chrono::Utc>, String)>,
    pub(super) entries: Vec<LogEntry>,
    pub(super) counts: Counts,
    pub(super) fatal: Option<String>,
    pub(super) had_errors: bool,
    /// New notes for new issues, by path: the issue id and the base to commit once written.
    pub(super) new_notes: BTreeMap<String, (String, IssueBase)>,
    /// The text of each edit in flight, by path.
    pub(super) written: BTreeMap<String, String>,
    /// Creation tokens whose create got an answer (they leave the journal).
    pub(super) unresolved_done: BTreeSet<String>,
    /// Keys of the issues created this run.
    pub(super) created_keys: Vec<String>,
    /// Notes already planned (or skipped, with a log entry) this run; each is considered once.
    pub(super) considered: BTreeSet<String>,
    /// Note key → path (see `index_keys`).
    pub(super) note_keys: super::key_index::KeyIndex,
    /// Base key → issue id (see `index_keys`).
    pub(super) base_keys: super::key_index::KeyIndex,
    /// Whether no note or base changed keys since `index_keys` last ran (see `key_index.rs`).
    pub(super) keys_fresh: bool,
    /// The keys of moved notes, once computed (see `moved_note_keys`); cleared when their inputs change.
    pub(super) moved_keys: Option<BTreeSet<String>>,
    /// The lowercased paths of the notes and new notes, counted (see `paths_taken.rs`).
    pub(super) paths_taken: super::paths_taken::PathsTaken,
    /// Issue key → file name stem of its note, existing or would-be (see `parent_links.rs`); lookup-only.
    pub(super) link_stems: super::key_index::KeyIndex,
    /// The link properties of this run (see `issue_links.rs`); empty when links are off or the types unknown.
    pub(super) link_props: super::issue_links::LinkProps,
    /// Links created this run, as (type, inward key, outward key) (a symmetric type's keys sorted): each once.
    pub(super) links_made: BTreeSet<(String, String, String)>,
    /// Link ids deleted this run: each once.
    pub(super) links_deleted: BTreeSet<String>,
    /// Parent notes whose *Child issues* section is due (see `child_issues.rs`), by path.
    pub(super) children_due: super::child_issues::ChildrenDue,
    /// Section writes in flight: path → (issue id, section fingerprint).
    pub(super) children_pending: BTreeMap<String, (String, Option<String>)>,
    /// Notes counted as created or updated this run (a later write of the same note is not counted again).
    pub(super) counted_notes: BTreeSet<String>,
    /// Notes being marked `jira_deleted`, with the number of attempts (a stale mark is retried).
    pub(super) delete_marks: BTreeMap<String, u32>,
    /// The worklog phase's working state (time tracking).
    pub(super) wl: super::worklogs::WorklogRun,
    /// Fields Jira refused to set this run, as (`project/issue type`, Jira field id); see `field_gaps.rs`.
    pub(super) refused_fields: BTreeSet<(String, String)>,
    /// Note field names already warned about as refused this run.
    pub(super) refusal_warned: BTreeSet<String>,
    /// User searches of this run (people by name, see `users.rs`).
    pub(super) users: super::users::UserLookups,
    /// The run asks for its notes with [`Action::Notes`] before the step that first needs them (see
    /// [`RunInput::notes_later`]); false once asked, and in a run that had them before its first poll.
    pub(super) notes_later: bool,
    /// The ask for notes is open: from the poll that returned [`Action::Notes`] to the next poll.
    pub(super) notes_open: bool,
    /// Notes to ask the driver for at the next poll ([`Action::ReadNotes`]).
    pub(super) reads_out: BTreeSet<String>,
    /// Notes asked for and not yet handed in.
    pub(super) reads_pending: BTreeSet<String>,
    /// The fingerprint basis of this run (see `fingerprint.rs`), with the custom field ids the run started with.
    pub(super) basis: String,
    /// The automation rules' part of the run (see `automation.rs`).
    pub(super) auto: super::automation::AutoRun,
    /// Status changes stopped by a transition screen's required fields without defaults (see `status_push.rs`).
    pub(super) screen_questions: Vec<crate::alignment::transition_fields::ScreenQuestion>,
    /// Issues whose parent changed this run, by id (with epic folders on; see `epic_moves.rs`).
    pub(super) reparented: BTreeSet<String>,
    /// Notes the epic folder layout moved (or would move, in a dry run).
    pub(super) moves: Vec<super::report::MovedNote>,
    /// The rich-text fields of the issue page being answered, held as text (see `page_text.rs`).
    pub(super) held_rich: super::page_text::HeldRich,
}

impl SyncRun {
    /// Starts a run. A configuration that cannot run (no such site, a broken status table) ends it at once with
    /// a fatal error in the report.
    pub fn new(mut input: RunInput) -> Self {
        let (statuses, status_error) = match StatusMap::new(&input.config.statuses) {
            Ok(map) => (map, None),
            Err(e) => (StatusMap::default(), Some(format!("The status mapping cannot be used: {e}"))),
        };
        let mut state = std::mem::take(&mut input.state);
        let state_in = if input.dry_run { state.clone() } else { super::state::state_head(&mut state) };
        if state.base_url.is_empty() {
            state.base_url = input.site_url.clone();
        }
        let journal = input.journal.clone();
        let mut run = Self {
            state,
            state_in,
            journal,
            statuses,
            notes: BTreeMap::new(),
            phase: Phase::Start,
            next_id: 1,
            pending: BTreeMap::new(),
            requests: Vec::new(),
            edits: Vec::new(),
            edit_for: BTreeMap::new(),
            journal_out: None,
            creates_await_journal: false,
            zone_query: None,
            zone_offset: None,
            zone_for_watermark: false,
            remote: BTreeMap::new(),
            work: BTreeMap::new(),
            created: BTreeMap::new(),
            search_token: None,
            search_start: 0,
            full_scan: false,
            scan_checked: false,
            scan_started: None,
            first_server_time: None,
            max_updated: None,
            entries: Vec::new(),
            counts: Counts::default(),
            fatal: status_error,
            had_errors: false,
            new_notes: BTreeMap::new(),
            link_stems: super::key_index::KeyIndex::default(),
            link_props: BTreeMap::new(),
            links_made: BTreeSet::new(),
            links_deleted: BTreeSet::new(),
            children_due: BTreeMap::new(),
            children_pending: BTreeMap::new(),
            counted_notes: BTreeSet::new(),
            written: BTreeMap::new(),
            unresolved_done: BTreeSet::new(),
            created_keys: Vec::new(),
            considered: BTreeSet::new(),
            note_keys: Default::default(),
            base_keys: Default::default(),
            keys_fresh: false,
            moved_keys: None,
            paths_taken: Default::default(),
            delete_marks: BTreeMap::new(),
            wl: super::worklogs::WorklogRun::default(),
            refused_fields: BTreeSet::new(),
            refusal_warned: BTreeSet::new(),
            users: super::users::UserLookups::default(),
            notes_later: input.notes_later,
            notes_open: false,
            reads_out: BTreeSet::new(),
            reads_pending: BTreeSet::new(),
            basis: String::new(),
            auto: super::automation::AutoRun::default(),
            screen_questions: Vec::new(),
            reparented: BTreeSet::new(),
            moves: Vec::new(),
            held_rich: Vec::new(),
            input,
        };
        run.basis = run.current_basis();
        run.auto.needs = run.rule_needs();
        if run.fatal.is_none() {
            run.fatal = match run.site() {
                None => Some(format!("The site {} is not in the sync settings.", run.input.site_url)),
                Some(site) if site.scope().is_none() => Some(super::fetch::no_scope_message(&site.base_url)),
                Some(_) => None,
            };
        }
        run.read_notes();
        let refs = std::mem::take(&mut run.input.note_refs);
        run.take_refs(refs);
        run
    }

    /// The field codec's context.
    pub(super) fn ctx_customs(&self) -> CustomFields {
        self.state.custom_fields.clone()
    }

    /// Jira's working time units from the time tracking settings (for estimates in duration form).
    pub(super) fn durations(&self) -> crate::worklog::DurationConfig {
        let t = &self.input.config.time_tracking;
        let config = crate::worklog::DurationConfig { hours_per_day: t.hours_per_day, days_per_week: t.days_per_week };
        if config.is_valid() { config } else { crate::worklog::DurationConfig::default() }
    }

    /// The REST prefix (`/rest/api/3` or `/rest/api/2`).
    pub(super) fn api(&self) -> &'static str {
        self.input.deployment.api_prefix()
    }

    /// Queues a request.
    pub(super) fn send(
        &mut self,
        method: &str,
        path: String,
        query: &[(&str, String)],
        body: Option<Value>,
        why: Purpose,
    ) {
        let id = self.next_id;
        self.next_id += 1;
        let query = query.iter().map(|(k, v)| ((*k).to_owned(), v.clone())).collect_map();
        self.requests.push(Request { id, method: method.to_owned(), path, query, body });
        self.pending.insert(id, why);
        self.counts.requests += 1;
    }

    /// Queues a guarded note edit on behalf of issue `id` (or of no issue, for an empty id).
    pub(super) fn edit(&mut self, path: &str, expected: Option<String>, content: String, id: &str) {
        self.edit_for.insert(path.to_owned(), id.to_owned());
        self.written.insert(path.to_owned(), content.clone());
        self.edits.push(VaultEdit { path: path.to_owned(), expected, content, move_to: None });
    }

    /// Counts `path` as an updated note, unless this run already counted it (created or updated).
    pub(super) fn count_note_updated(&mut self, path: &str) {
        if self.counted_notes.insert(path.to_owned()) {
            self.counts.notes_updated += 1;
        }
    }

    /// Adds a log entry; errors and conflicts are counted.
    pub(super) fn log(&mut self, level: Level, path: Option<&str>, key: Option<&str>, message: impl Into<String>) {
        match level {
            Level::Error => {
                self.counts.errors += 1;
                self.had_errors = true;
            }
            Level::Conflict => self.counts.conflicts += 1,
            Level::Info | Level::Warning => {}
        }
        let entry =
            LogEntry { level, path: path.map(str::to_owned), key: key.map(str::to_owned), message: message.into() };
        self.entries.push(entry);
    }

    /// Stops the run: nothing more is sent, the report carries `message`.
    pub(super) fn stop(&mut self, message: impl Into<String>) {
        if self.fatal.is_none() {
            self.fatal = Some(message.into());
        }
        self.had_errors = true;
    }

    /// The next thing to do. Call again after answering everything it returned.
    pub fn poll(&mut self) -> Action {
        // Notes asked for by the last poll are all in by now (see `RunInput::notes_later`).
        self.notes_open = false;
        loop {
            if !self.edits.is_empty() {
                return Action::Edits { edits: std::mem::take(&mut self.edits) };
            }
            // The journal goes before the requests queued with it: a transition is only sent once its move is saved.
            if let Some(journal) = self.journal_out.take() {
                return Action::SaveJournal { journal: Box::new(journal) };
            }
            if !self.requests.is_empty() {
                return Action::Requests { requests: std::mem::take(&mut self.requests) };
            }
            if let Some((time_zone, instant)) = self.zone_query.take() {
                self.zone_for_watermark = true;
                return Action::ZoneOffsets { time_zone, instants: vec![instant] };
            }
            if let Some((time_zone, instants)) = self.wl.zone_out.take() {
                return Action::ZoneOffsets { time_zone, instants };
            }
            if !self.reads_out.is_empty() && self.fatal.is_none() {
                let paths: Vec<String> = std::mem::take(&mut self.reads_out).into_iter().collect();
                self.reads_pending.extend(paths.iter().cloned());
                return Action::ReadNotes { paths };
            }
            if self.phase == Phase::Done {
                return Action::Done;
            }
            if !self.pending.is_empty() || !self.reads_pending.is_empty() {
                // The driver broke the call order; never spin.
                self.stop("The sync driver did not answer every request.");
                self.phase = Phase::Done;
                continue;
            }
            if self.notes_later && self.fatal.is_none() && self.notes_due() {
                self.notes_later = false;
                self.notes_open = true;
                return Action::Notes;
            }
            self.advance();
        }
    }

    /// Feeds the answer to one request.
    pub fn handle_response(&mut self, response: Response) {
        let Some(why) = self.pending.remove(&response.id) else { return };
        if let Some(t) = response.server_time() {
            self.first_server_time = Some(self.first_server_time.map_or(t, |f| f.min(t)));
        }
        if self.fatal.is_some() {
            return;
        }
        self.on_response(why, response);
    }

    /// Feeds how one edit went.
    pub fn handle_edit(&mut self, path: &str, outcome: EditOutcome) {
        let id = self.edit_for.remove(path).unwrap_or_default();
        if id == super::worklogs::WL_EDIT {
            return self.on_worklog_edit(path, outcome);
        }
        if id == super::automation::AUTO_EDIT {
            return self.on_automation_edit(path, outcome);
        }
        if id == super::automation_digest::DIGEST_EDIT {
            return self.on_digest_edit(path, outcome);
        }
        if id == super::automation_move::MOVE_EDIT {
            return self.on_note_move(path, outcome);
        }
        if id == super::child_issues::CHILD_EDIT {
            return self.on_children_edit(path, outcome);
        }
        self.on_edit(path, &id, outcome);
    }

    /// Confirms that the journal asked for by [`Action::SaveJournal`] is saved.
    pub fn journal_saved(&mut self) {
        if std::mem::take(&mut self.creates_await_journal) {
            self.send_creates();
        }
    }

    /// Answers [`Action::ZoneOffsets`]: one offset (minutes east of UTC) per instant asked, in order.
    pub fn handle_zone_offsets(&mut self, offsets_minutes: &[i32]) {
        if std::mem::take(&mut self.zone_for_watermark) {
            self.zone_offset = offsets_minutes.first().copied();
        } else {
            self.take_offsets(offsets_minutes);
        }
    }

    /// Ends the run and hands out its report.
    pub fn finish(mut self) -> RunReport {
        // Answered creates leave the journal only now: a journal saved mid-run (for a status move) must still
        // hold them, since their notes get their keys only after the transitions.
        let done = std::mem::take(&mut self.unresolved_done);
        self.journal.creates.retain(|c| !done.contains(&c.token));
        let dry = self.input.dry_run || self.fatal.is_some() && self.phase <= Phase::Search;
        if self.fatal.is_some() {
            self.log(Level::Error, None, None, self.fatal.clone().unwrap_or_default());
        }
        if !dry {
            self.record_fingerprints();
            self.commit_automation();
        }
        let state = match (dry, self.input.dry_run) {
            (false, _) => self.state,
            (true, true) => self.state_in,
            // Stopped before anything was planned: the state as it came in, its bulk unchanged by the run so far.
            (true, false) => SiteState {
                issues: self.state.issues,
                worklogs: self.state.worklogs,
                worklogs_read: self.state.worklogs_read,
                ..self.state_in
            },
        };
        RunReport {
            state,
            journal: if self.input.dry_run { self.input.journal.clone() } else { self.journal },
            entries: self.entries,
            counts: self.counts,
            firings: self.auto.firings,
            notices: self.auto.notices,
            screen_questions: self.screen_questions,
            moves: self.moves,
            fatal: self.fatal,
        }
    }

    /// Moves to the next phase (or finishes the current one).
    fn advance(&mut self) {
        if self.fatal.is_some() && self.phase < Phase::Finish {
            self.phase = Phase::Finish;
        }
        match self.phase {
            Phase::Start => self.start_setup(),
            Phase::Setup => {
                self.skip_unusable_fields();
                self.index_link_props();
                self.start_recover();
            }
            Phase::Recover => self.start_zone(),
            Phase::Zone => self.start_search(),
            Phase::Search => self.start_fetch_keys(),
            Phase::FetchKeys => self.start_read_notes(),
            Phase::ReadNotes => self.start_deletes(),
            Phase::Deletes => self.start_plan(),
            Phase::Automation => self.run_automation(),
            Phase::Plan | Phase::AutomationRun | Phase::Work => self.start_worklogs(),
            Phase::Worklogs => self.worklogs_next(),
            Phase::Create => self.start_created_fetch(),
            Phase::CreatedFetch => {
                self.phase = Phase::PlanCreated;
                self.plan_created();
            }
            Phase::PlanCreated => self.start_children(),
            Phase::Children => self.write_children(),
            Phase::ChildrenWrite => self.act_automation(),
            Phase::AutomationAct => self.replay_rest(),
            Phase::AutomationReplay => {
                self.write_digest();
                self.plan_epic_moves();
            }
            Phase::EpicMoves => self.send_note_moves(),
            Phase::AutomationMove => self.finish_bookkeeping(),
            Phase::Finish | Phase::Done => self.phase = Phase::Done,
        }
    }

    /// Bookkeeping at the end: the watermark and the full-scan time advance only after a run without errors.
    /// Every position kept is Jira's time (`updated`, the feeds' `until`, the `Date` header), never `now`.
    fn finish_bookkeeping(&mut self) {
        self.phase = Phase::Finish;
        if self.had_errors || self.input.mode.only_paths().is_some() {
            return;
        }
        if let Some(since) = self.wl.next_since.take() {
            self.state.worklog_since = Some(since);
        }
        if let Some((_, text)) = self.max_updated.take() {
            self.state.watermark = Some(text);
        }
        if let (true, Some(at)) = (self.full_scan, self.scan_started.take()) {
            self.state.last_full_scan = Some(at);
        }
    }

    /// Keys of notes that take part in this run: those the mode selects that belong to this run's site.
    pub(super) fn in_run(&self, path: &str) -> bool {
        self.input.mode.only_paths().is_none_or(|paths| paths.iter().any(|p| p == path)) && self.on_this_site(path)
    }

    /// Whether a note belongs to this run's site. With one configured site every note does. With several, a
    /// note's project (its key's prefix, else `jira_project`) belongs to the site listing it, and a project no
    /// site lists to the first site; a note without either is decided by the create rules (its folder).
    fn on_this_site(&self, path: &str) -> bool {
        let sites = &self.input.config.sites;
        if sites.len() <= 1 {
            return true;
        }
        let Some(note) = self.notes.get(path) else { return true };
        let project = match &note.key {
            Some(key) => key.split('-').next().map(str::to_owned),
            None => note.text(super::local::PROJECT_KEY),
        };
        let Some(project) = project else { return true };
        let lists = |s: &crate::sync::SiteScope| s.projects.iter().any(|p| p.key.eq_ignore_ascii_case(&project));
        let want = self.input.site_url.trim_end_matches('/');
        let here = |s: &crate::sync::SiteScope| s.base_url.trim_end_matches('/') == want;
        match sites.iter().find(|s| lists(s)) {
            Some(owner) => here(owner),
            None => sites.first().is_some_and(here),
        }
    }
}
