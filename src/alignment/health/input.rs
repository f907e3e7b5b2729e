//! What the checks read, and the view of it they share: each note's front matter read once, the bases by key,
//! the project folders.
//!
//! Which notes are judged: the ones the sync looks at (see `sync::engine::selection`): a note whose front matter
//! has the key property, `jira_project` or `jira_deleted`, a note in a synced project's folder, or the note an
//! issue was last synced with. A driver may hand in more notes (the whole vault); the rest are ignored. A note
//! whose front matter cannot be read counts when its path does, or when its raw front matter has a line that
//! starts with one of those keys (the sync then cannot tell whether it is linked).

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::diagnostic::{Diagnostic, Severity};
use crate::frontmatter::{self, Mapping};
use crate::sync::{
    DELETED_KEY, ISSUE_TYPE_KEY, IssueBase, JiraField, NoteFile, NoteSelection, NoteTarget, PROJECT_KEY, RunInput,
    SiteState, SyncConfig, TransitionGraph, key_name, note_selection, render_folder,
};

/// Everything the checks read. JSON (camelCase): `{config, sites: [{siteUrl, state}], notes: [{path, content}],
/// workflowStatuses?: {"OPS/Task": ["To Do", …]}}`.
#[derive(Debug, Clone, Default)]
pub struct HealthInput {
    /// The sync configuration (mappings, status table, sites with their projects and folders).
    pub config: SyncConfig,
    /// Each configured site's remembered state (as the sync left it).
    pub sites: Vec<HealthSite>,
    /// The notes (vault path and text); the sync's selection or more.
    pub notes: Vec<NoteFile>,
    /// The statuses of each workflow (`PROJECT/Issue type` → status names), when the caller read them from
    /// Jira (`/project/{key}/statuses`). A workflow missing here is judged by the transitions learned so far,
    /// and only when they are complete.
    pub workflow_statuses: BTreeMap<String, Vec<String>>,
}

crate::json_objects::json_object!(default HealthInput {
    config: "config",
    sites: "sites",
    notes: "notes",
    workflow_statuses: "workflowStatuses",
});

/// One site and its remembered state.
#[derive(Debug, Clone, Default)]
pub struct HealthSite {
    /// The site's base URL (names the site in messages when there are several).
    pub site_url: String,
    /// The sync state of that site.
    pub state: SiteState,
}

crate::json_objects::json_object!(default HealthSite { site_url: "siteUrl", state: "state" });

/// The notes the checks judge, as the sync's own [`note_selection`] of every site merged (a superset: notes
/// judged by their front matter are filtered again when read). The driver reads these notes and hands them in.
pub fn health_note_selection(input: &HealthInput) -> NoteSelection {
    let mut merged = NoteSelection::default();
    for site in &input.sites {
        let run = RunInput {
            config: input.config.clone(),
            site_url: site.site_url.clone(),
            deployment: Default::default(),
            state: site.state.clone(),
            journal: Default::default(),
            notes: Vec::new(),
            note_refs: Vec::new(),
            notes_later: false,
            now: String::new(),
            run_id: String::new(),
            mode: Default::default(),
            dry_run: false,
            default_issue_type: String::new(),
            automation: None,
            comments: Vec::new(),
        };
        let s = note_selection(&run);
        merged.all |= s.all;
        merged.root_notes |= s.root_notes;
        merged.frontmatter_keys.extend(s.frontmatter_keys);
        merged.folders.extend(s.folders);
        merged.paths.extend(s.paths);
    }
    for list in [&mut merged.frontmatter_keys, &mut merged.folders, &mut merged.paths] {
        crate::sort::sort(list);
        list.dedup();
    }
    merged
}

/// One note, read once.
pub(super) struct NoteView<'a> {
    /// Vault path.
    pub path: &'a str,
    /// The readable front matter (`None`: none, or unreadable).
    pub frontmatter: Option<Mapping>,
    /// The issue key, trimmed and upper-cased (as the sync reads it).
    pub key: Option<String>,
    /// The errors that make the front matter unreadable (empty when it is readable or absent).
    pub errors: Vec<Diagnostic>,
    /// Whether the sync looks at this note (see the module documentation).
    pub judged: bool,
}

impl NoteView<'_> {
    /// A front matter value that is a non-blank string, trimmed.
    pub fn text(&self, name: &str) -> Option<&str> {
        self.frontmatter.as_ref()?.get(name)?.as_str().map(str::trim).filter(|s| !s.is_empty())
    }
}

/// The shared view of the input.
pub(super) struct VaultView<'a> {
    pub input: &'a HealthInput,
    /// The judged notes, in input order.
    pub notes: Vec<NoteView<'a>>,
    /// Note indexes by issue key.
    pub by_key: BTreeMap<String, Vec<usize>>,
    /// Every path handed in (judged or not), to keep a move from landing on a note.
    pub all_paths: BTreeSet<&'a str>,
    /// Linked (not detached) bases by key, with their site's index.
    pub bases: BTreeMap<&'a str, (usize, &'a IssueBase)>,
    /// Project key → folder of its notes (`""`: the vault root).
    pub folders: BTreeMap<String, String>,
    /// The front matter key of the note state, when the status is mapped.
    pub state_name: Option<&'a str>,
    /// The front matter key of the parent, when the parent is mapped.
    pub parent_name: Option<&'a str>,
}

impl<'a> VaultView<'a> {
    pub fn new(input: &'a HealthInput) -> Self {
        let config = &input.config;
        let key_prop = key_name(&config.fields);
        let frontmatter_of = |jira: JiraField| {
            config.fields.iter().find(|m| m.jira == jira).and_then(|m| match &m.note {
                NoteTarget::Frontmatter(name) => Some(name.as_str()),
                NoteTarget::Body => None,
            })
        };
        let mut folders = BTreeMap::new();
        for site in &config.sites {
            for project in &site.projects {
                // As the sync renders it (`selection.rs`): a project's own folder is a template too.
                let template = project.folder.as_deref().unwrap_or(&config.folder_template);
                if let Ok(folder) = render_folder(template, &project.key) {
                    folders.entry(project.key.clone()).or_insert(folder);
                }
            }
        }
        let mut bases = BTreeMap::new();
        let mut base_paths = BTreeSet::new();
        for (index, site) in input.sites.iter().enumerate() {
            for base in site.state.issues.values().filter(|b| !b.detached) {
                bases.entry(base.key.as_str()).or_insert((index, base));
                base_paths.insert(base.path.as_str());
            }
        }
        let in_folder = |path: &str| folders.values().any(|f: &String| in_folder(path, f));
        let marks = [key_prop, PROJECT_KEY, DELETED_KEY];
        let mut notes = Vec::new();
        for note in &input.notes {
            let parsed = frontmatter::parse(&note.content);
            let by_path = in_folder(&note.path) || base_paths.contains(note.path.as_str());
            let view = match (parsed.mapping, parsed.range) {
                (Some(fm), _) => {
                    let key = fm.get(key_prop).and_then(Value::as_str).map(|k| k.trim().to_uppercase());
                    let key = key.filter(|k| !k.is_empty());
                    let judged = by_path || marks.iter().any(|m| fm.contains_key(*m));
                    NoteView { path: &note.path, frontmatter: Some(fm), key, errors: Vec::new(), judged }
                }
                (None, Some(range)) => {
                    let block = note.content.get(range.start..range.end).unwrap_or_default();
                    let marked = block.lines().any(|l| {
                        marks.iter().any(|m| l.strip_prefix(m).is_some_and(|r| r.trim_start().starts_with(':')))
                    });
                    let errors: Vec<Diagnostic> =
                        parsed.diagnostics.into_iter().filter(|d| d.severity == Severity::Error).collect();
                    NoteView { path: &note.path, frontmatter: None, key: None, errors, judged: by_path || marked }
                }
                (None, None) => {
                    NoteView { path: &note.path, frontmatter: None, key: None, errors: Vec::new(), judged: by_path }
                }
            };
            if view.judged {
                notes.push(view);
            }
        }
        let mut by_key: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for (i, n) in notes.iter().enumerate() {
            if let Some(key) = &n.key {
                by_key.entry(key.clone()).or_default().push(i);
            }
        }
        Self {
            input,
            notes,
            by_key,
            all_paths: crate::sort::collect_set(input.notes.iter().map(|n| n.path.as_str())),
            bases,
            folders,
            state_name: frontmatter_of(JiraField::Status),
            parent_name: frontmatter_of(JiraField::Parent),
        }
    }

    /// The base of issue `key`, with its site's transition graph.
    pub fn base(&self, key: &str) -> Option<(&'a IssueBase, &'a TransitionGraph)> {
        let (site, base) = self.bases.get(key)?;
        Some((base, &self.input.sites[*site].state.transitions))
    }

    /// The project and issue type of a note: its issue's at the last sync, else its key's project and the
    /// `jira_project` / `jira_issue_type` properties of a note not yet created.
    pub fn workflow_of(&self, note: &NoteView<'_>) -> (Option<String>, Option<String>) {
        if let Some((base, _)) = note.key.as_deref().and_then(|k| self.base(k)) {
            let (project, issue_type) = base.workflow.split_once('/').unwrap_or((&base.workflow, ""));
            let non_empty = |s: &str| (!s.is_empty()).then(|| s.to_owned());
            return (non_empty(project), non_empty(issue_type));
        }
        let project = note.key.as_deref().and_then(|k| k.rsplit_once('-')).map(|(p, _)| p.to_owned());
        let project = project.or_else(|| note.text(PROJECT_KEY).map(str::to_uppercase));
        (project, note.text(ISSUE_TYPE_KEY).map(str::to_owned))
    }
}

/// Whether `path` lies in `folder` (any depth); everything lies in the vault root (`""`).
pub(super) fn in_folder(path: &str, folder: &str) -> bool {
    folder.is_empty() || path.strip_prefix(folder).is_some_and(|rest| rest.starts_with('/'))
}
