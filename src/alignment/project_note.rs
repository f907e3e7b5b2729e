//! Project notes: one note per synced project in its folder (`Jira/OPS/OPS.md`) with the project's metadata,
//! versions, components, issue types and workflow maps, refreshed from Jira on each sync.
//!
//! Requests ([`project_requests`]): `GET {api}/project/{key}` (`expand=description,lead,issueTypes`),
//! `/project/{key}/versions`, `/project/{key}/components` and `/project/{key}/statuses`; the same paths under
//! `/rest/api/2` on Data Center. Their answers come back to [`render_project_note`] with the note's current
//! text, the status table and the learned transitions.
//!
//! What the sync owns, and what it never touches:
//! - front matter: the keys in [`OWNED_KEYS`] (set, or removed when Jira has no value); every other key the user
//!   adds stays as written (edited in place by [`update_frontmatter`]). `jira_project_note: KEY` marks the note:
//!   it has no issue key property, and the engine never takes a note carrying the marker for a new issue;
//! - body: the generated part between the [`START_MARKER`] and [`END_MARKER`] lines (Obsidian comments, hidden
//!   in reading view) is replaced; everything before and after is the user's and kept byte for byte. A new note
//!   gets a `## Notes` heading under the generated part for the user's text. When the markers are gone, the
//!   generated part goes back at the top of the body and the rest stays.
//! - The result is `None` when the note would not change (no churn).
//!
//! Jira's text (names, descriptions, version names) is untrusted: it is written through
//! [`md_text`]/[`md_cell`] (HTML characters as entities, link brackets escaped) and Mermaid labels through
//! `mermaid_label`, so nothing executable or link-forming reaches the vault. The project description is a plain
//! string in both APIs (Cloud's `Project.description` is not ADF): each paragraph becomes one escaped paragraph.

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::workflow_map::{mermaid_state_diagram, parse_project_statuses, unmapped_statuses, workflow_maps};
use crate::frontmatter::{Changes, update_frontmatter};
use crate::report::escape::{md_cell, md_text};
use crate::sync::{Deployment, StatusMapping, SyncConfig, TransitionGraph, render_folder};

/// The front matter key marking a project note; its value is the project key.
pub const PROJECT_NOTE_KEY: &str = "jira_project_note";

/// Front matter keys the sync writes in a project note (the rest is the user's).
pub const OWNED_KEYS: [&str; 7] =
    [PROJECT_NOTE_KEY, "project_name", "lead", "category", "components", "versions", "issue_types"];

/// First line of the generated part.
pub const START_MARKER: &str =
    "%% jira-vault-sync: project start (generated; edits up to the end marker are replaced) %%";
/// Last line of the generated part.
pub const END_MARKER: &str = "%% jira-vault-sync: project end %%";

/// One request a project note needs: `name` says which answer it is (`project`, `versions`, `components`,
/// `statuses`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ProjectRequest {
    /// Which answer of [`ProjectAnswers`] this request fills.
    pub name: String,
    /// Path below the site URL.
    pub path: String,
    /// Query parameters.
    pub query: Vec<(String, String)>,
}

/// Where a synced project's note and base live.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ProjectPaths {
    /// The project key.
    pub key: String,
    /// The folder of its notes (`""`: the vault root).
    pub folder: String,
    /// The project note, `{folder}/{KEY}.md`.
    pub note: String,
    /// The Bases file, `{folder}/{KEY}.base`.
    pub base: String,
}

/// The note and base paths of the projects `config` syncs from `site_url` (the folder each project's issue
/// notes use); projects whose folder template cannot be rendered are left out.
pub fn project_paths(config: &SyncConfig, site_url: &str) -> Vec<ProjectPaths> {
    let want = site_url.trim_end_matches('/');
    let site = config.sites.iter().find(|s| s.base_url.trim_end_matches('/') == want);
    site.map_or_else(Vec::new, |site| {
        site.projects
            .iter()
            .filter_map(|p| {
                let key = p.key.trim().to_uppercase();
                let folder = render_folder(p.folder.as_deref().unwrap_or(&config.folder_template), &key).ok()?;
                let stem = if folder.is_empty() { key.clone() } else { format!("{folder}/{key}") };
                Some(ProjectPaths { note: format!("{stem}.md"), base: format!("{stem}.base"), folder, key })
            })
            .collect()
    })
}

/// The four `GET` requests of `key`'s project note.
pub fn project_requests(deployment: Deployment, key: &str) -> Vec<ProjectRequest> {
    let api = deployment.api_prefix();
    let key = key.trim();
    let req = |name: &str, path: String, query: &[(&str, &str)]| ProjectRequest {
        name: name.to_owned(),
        path,
        query: query.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect(),
    };
    vec![
        req("project", format!("{api}/project/{key}"), &[("expand", "description,lead,issueTypes")]),
        req("versions", format!("{api}/project/{key}/versions"), &[]),
        req("components", format!("{api}/project/{key}/components"), &[]),
        req("statuses", format!("{api}/project/{key}/statuses"), &[]),
    ]
}

/// Jira's answers to [`project_requests`] (each the JSON body; `null` when it failed).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ProjectAnswers {
    /// `GET /project/{key}`.
    pub project: Value,
    /// `GET /project/{key}/versions`.
    pub versions: Value,
    /// `GET /project/{key}/components`.
    pub components: Value,
    /// `GET /project/{key}/statuses`.
    pub statuses: Value,
}

crate::json_objects::json_object!(default ProjectAnswers {
    project: "project",
    versions: "versions",
    components: "components",
    statuses: "statuses",
});

/// Everything a project note is rendered from.
#[derive(Debug, Clone, Default)]
pub struct ProjectNoteInput {
    /// The project key.
    pub key: String,
    /// Jira's answers.
    pub answers: ProjectAnswers,
    /// The note's current text (`None`: no note yet).
    pub existing: Option<String>,
    /// The status table of the sync settings.
    pub statuses: Vec<StatusMapping>,
    /// The transitions the sync has learned (from its state).
    pub transitions: TransitionGraph,
}

crate::json_objects::json_object!(default ProjectNoteInput {
    key: "key",
    answers: "answers",
    existing: "existing",
    statuses: "statuses",
    transitions: "transitions",
});

/// A status no mapping covers, with the issue types whose workflow has it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UnmappedStatus {
    /// The status as Jira spells it.
    pub status: String,
    /// Issue types having it.
    pub issue_types: Vec<String>,
}

/// What [`render_project_note`] decided.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ProjectNoteOutcome {
    /// The new note text; `None` when the note is unchanged or cannot be written (see `problems`).
    pub text: Option<String>,
    /// Statuses no mapping covers.
    pub unmapped: Vec<UnmappedStatus>,
    /// Why the note was left as it is, or what Jira did not answer.
    pub problems: Vec<String>,
}

#[derive(Debug, Default)]
struct Project {
    key: String,
    name: String,
    description: Option<String>,
    lead: Option<Person>,
    project_category: Option<Named>,
    issue_types: Vec<IssueType>,
}

crate::json_objects::json_object!(default Project {
    key: "key",
    name: "name",
    description: "description",
    lead: "lead",
    project_category: "projectCategory",
    issue_types: "issueTypes",
});

#[derive(Debug, Default)]
struct Person {
    display_name: Option<String>,
    name: Option<String>,
}

crate::json_objects::json_object!(default Person { display_name: "displayName", name: "name" });

impl Person {
    fn label(&self) -> Option<String> {
        self.display_name.clone().or_else(|| self.name.clone()).filter(|s| !s.trim().is_empty())
    }
}

#[derive(Debug, Default)]
struct Named {
    name: String,
}

crate::json_objects::json_object!(default Named { name: "name" });

#[derive(Debug, Default)]
struct IssueType {
    name: String,
}

crate::json_objects::json_object!(default IssueType { name: "name" });

#[derive(Debug, Default)]
struct Version {
    name: String,
    description: Option<String>,
    release_date: Option<String>,
    released: bool,
    archived: bool,
}

crate::json_objects::json_object!(default Version {
    name: "name",
    description: "description",
    release_date: "releaseDate",
    released: "released",
    archived: "archived",
});

#[derive(Debug, Default)]
struct Component {
    name: String,
    description: Option<String>,
    lead: Option<Person>,
}

crate::json_objects::json_object!(default Component { name: "name", description: "description", lead: "lead" });

/// The entries of a JSON array that read as `T` and have a name (the rest is skipped).
fn list_of<T: for<'de> Deserialize<'de>>(answer: &Value, named: impl Fn(&T) -> bool) -> Vec<T> {
    answer.as_array().map_or_else(Vec::new, |list| {
        list.iter().filter_map(|v| crate::json_objects::from_value_ref::<T>(v).ok()).filter(|t| named(t)).collect()
    })
}

/// Renders `input`'s project note (see the module documentation).
pub fn render_project_note(input: &ProjectNoteInput) -> ProjectNoteOutcome {
    let mut problems = Vec::new();
    let key = input.key.trim().to_uppercase();
    let project = crate::json_objects::from_value_ref::<Project>(&input.answers.project)
        .ok()
        .filter(|p| p.key.eq_ignore_ascii_case(&key));
    let Some(project) = project else {
        problems.push(format!("Jira did not describe project {key}; its note is left as it is"));
        return ProjectNoteOutcome { text: None, unmapped: Vec::new(), problems };
    };
    let versions: Vec<Version> = list_of(&input.answers.versions, |v: &Version| !v.name.trim().is_empty());
    let components: Vec<Component> = list_of(&input.answers.components, |c: &Component| !c.name.trim().is_empty());
    let types = parse_project_statuses(&input.answers.statuses);
    for (name, answer) in [("versions", &input.answers.versions), ("components", &input.answers.components)] {
        if !answer.is_array() {
            problems.push(format!("Jira did not list the {name} of project {key}"));
        }
    }
    if !input.answers.statuses.is_array() {
        problems.push(format!("Jira did not list the statuses of project {key}"));
    }
    let maps = workflow_maps(&key, &types, &input.statuses, &input.transitions);
    let unmapped: Vec<UnmappedStatus> = unmapped_statuses(&maps)
        .into_iter()
        .map(|(status, issue_types)| UnmappedStatus { status, issue_types })
        .collect();

    let names = |items: Vec<String>| Value::Array(items.into_iter().map(Value::String).collect());
    let opt = |v: Option<String>| v.filter(|s| !s.trim().is_empty()).map(Value::String);
    let fields: [(&str, Option<Value>); 7] = [
        (PROJECT_NOTE_KEY, Some(json!(key))),
        ("project_name", opt(Some(project.name.clone()))),
        ("lead", opt(project.lead.as_ref().and_then(Person::label))),
        ("category", opt(project.project_category.as_ref().map(|c| c.name.clone()))),
        ("components", Some(names(components.iter().map(|c| c.name.clone()).collect()))),
        ("versions", Some(names(versions.iter().filter(|v| !v.archived).map(|v| v.name.clone()).collect()))),
        ("issue_types", Some(names(project.issue_types.iter().map(|t| t.name.clone()).collect()))),
    ];
    let changes = fields.into_iter().fold(Changes::new(), |c, (k, v)| match v {
        Some(v) => c.set(k, v),
        None => c.remove(k),
    });
    let generated = generated_part(&key, &project, &versions, &components, &maps, &unmapped);
    let existing = input.existing.as_deref().unwrap_or("");
    let with_fm = match update_frontmatter(existing, &changes) {
        Ok(text) => text,
        Err(e) => {
            problems.push(format!("the project note's {e}; it is left as it is"));
            return ProjectNoteOutcome { text: None, unmapped, problems };
        }
    };
    let text = replace_generated(&with_fm, &generated, input.existing.is_none());
    let text = (input.existing.as_deref() != Some(text.as_str())).then_some(text);
    ProjectNoteOutcome { text, unmapped, problems }
}

/// The body's generated part, both markers included, ending with a line break.
fn generated_part(
    key: &str,
    project: &Project,
    versions: &[Version],
    components: &[Component],
    maps: &[super::workflow_map::WorkflowMap],
    unmapped: &[UnmappedStatus],
) -> String {
    let mut out = format!("{START_MARKER}\n# {}\n\n", md_text(&format!("{} ({key})", project.name)));
    let mut facts = vec![format!("Key: {key}")];
    if let Some(lead) = project.lead.as_ref().and_then(Person::label) {
        facts.push(format!("Lead: {}", md_text(&lead)));
    }
    if let Some(category) = project.project_category.as_ref().filter(|c| !c.name.trim().is_empty()) {
        facts.push(format!("Category: {}", md_text(&category.name)));
    }
    out.push_str(&format!("{}\n\n", facts.join(" · ")));
    for paragraph in paragraphs(project.description.as_deref().unwrap_or("")) {
        out.push_str(&format!("{}\n\n", md_text(&paragraph)));
    }
    out.push_str("## Versions\n\n");
    if versions.is_empty() {
        out.push_str("None.\n\n");
    } else {
        out.push_str("| Version | Release date | State | Description |\n| --- | --- | --- | --- |\n");
        for v in versions {
            let state = match (v.released, v.archived) {
                (_, true) => "archived",
                (true, false) => "released",
                (false, false) => "unreleased",
            };
            let date = v.release_date.as_deref().unwrap_or("");
            let description = v.description.as_deref().unwrap_or("");
            out.push_str(&format!(
                "| {} | {} | {state} | {} |\n",
                md_cell(&v.name),
                md_cell(date),
                md_cell(description)
            ));
        }
        out.push('\n');
    }
    out.push_str("## Components\n\n");
    if components.is_empty() {
        out.push_str("None.\n\n");
    } else {
        out.push_str("| Component | Lead | Description |\n| --- | --- | --- |\n");
        for c in components {
            let lead = c.lead.as_ref().and_then(Person::label).unwrap_or_default();
            let description = c.description.as_deref().unwrap_or("");
            out.push_str(&format!("| {} | {} | {} |\n", md_cell(&c.name), md_cell(&lead), md_cell(description)));
        }
        out.push('\n');
    }
    let types: Vec<String> = project.issue_types.iter().map(|t| md_text(&t.name)).collect();
    out.push_str(&format!(
        "## Issue types\n\n{}\n\n",
        if types.is_empty() { "None.".to_owned() } else { types.join(", ") }
    ));
    out.push_str("## Workflow\n\n");
    if maps.is_empty() {
        out.push_str("Jira listed no statuses.\n\n");
    }
    for map in maps {
        out.push_str(&format!(
            "### {}\n\n```mermaid\n{}```\n\n",
            md_text(&map.issue_types.join(", ")),
            mermaid_state_diagram(map)
        ));
    }
    if unmapped.is_empty() {
        out.push_str("Every status maps to a vault state.\n");
    } else {
        out.push_str("Statuses no mapping covers (map them with the command *Map unmapped statuses…*):\n\n");
        for u in unmapped {
            out.push_str(&format!("- {} ({})\n", md_text(&u.status), md_text(&u.issue_types.join(", "))));
        }
    }
    out.push_str(END_MARKER);
    out.push('\n');
    out
}

/// Non-empty paragraphs of a plain text (split at blank lines; lines of one paragraph joined by spaces).
fn paragraphs(text: &str) -> Vec<String> {
    let text = text.replace("\r\n", "\n");
    text.split("\n\n").map(|p| p.split_whitespace().collect::<Vec<_>>().join(" ")).filter(|p| !p.is_empty()).collect()
}

/// `text` (front matter already updated) with its generated part replaced by `generated`.
fn replace_generated(text: &str, generated: &str, new_note: bool) -> String {
    let body_start = crate::frontmatter::parse(text).range.map_or(0, |r| r.end);
    let (head, body) = text.split_at(body_start);
    let line_at = |marker: &str, from: usize| -> Option<(usize, usize)> {
        let mut pos = from;
        for line in body[from..].split_inclusive('\n') {
            if line.trim_end() == marker {
                return Some((pos, pos + line.len()));
            }
            pos += line.len();
        }
        None
    };
    let sep = if head.is_empty() || head.ends_with('\n') { "" } else { "\n" };
    if let Some((start, _)) = line_at(START_MARKER, 0) {
        if let Some((_, end)) = line_at(END_MARKER, start) {
            return format!("{head}{sep}{}{generated}{}", &body[..start], &body[end..]);
        }
    }
    if new_note {
        return format!("{head}{sep}{generated}\n## Notes\n\n");
    }
    let rest = body.trim_start_matches(['\n', '\r']);
    if rest.is_empty() { format!("{head}{sep}{generated}") } else { format!("{head}{sep}{generated}\n{rest}") }
}

#[cfg(test)]
mod tests;
