//! Checking a [`SyncConfig`]: every problem at once, as data the settings tab can show next to the setting.
//!
//! Errors make the config unusable for syncing (the engine must refuse it); warnings are probably unintended
//! but harmless. Each problem has a stable `code`, the camelCase JSON `path` of the setting
//! (`fields[2].direction`, `sites[0].projects[1].key`, …) and a sentence for the user. The default config has
//! no problems; a config without sites is valid (nothing is synced yet).

use std::collections::BTreeMap;

use serde::Serialize;

use super::config::{FieldMapping, JiraField, NoteTarget, SiteScope, SyncConfig};
use super::conflict::SYNC_CONFLICT_KEY;
use super::file_name::{FILE_NAME_PLACEHOLDERS, render_folder, template_placeholders};
use super::status_map::{StatusTableError, table_problems_by_row};
use crate::diagnostic::Severity;

/// Front matter keys the sync writes itself, which no mapping may use.
pub const RESERVED_NOTE_KEYS: &[&str] = &[SYNC_CONFLICT_KEY];

/// One problem of a config.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ConfigProblem {
    /// Error (config unusable) or warning.
    pub severity: Severity,
    /// A stable, machine-readable code such as `duplicate-note-key`.
    pub code: &'static str,
    /// The JSON path of the setting, e.g. `fields[2].note`.
    pub path: String,
    /// A sentence for the user.
    pub message: String,
}

/// Collects problems.
#[derive(Default)]
struct Problems(Vec<ConfigProblem>);

impl Problems {
    fn error(&mut self, code: &'static str, path: impl Into<String>, message: impl Into<String>) {
        self.0.push(ConfigProblem { severity: Severity::Error, code, path: path.into(), message: message.into() });
    }
    fn warning(&mut self, code: &'static str, path: impl Into<String>, message: impl Into<String>) {
        self.0.push(ConfigProblem { severity: Severity::Warning, code, path: path.into(), message: message.into() });
    }
}

/// Every problem of `config`, grouped by setting (fields, statuses, templates, sites), in order.
pub fn validate_config(config: &SyncConfig) -> Vec<ConfigProblem> {
    let mut p = Problems::default();
    check_fields(&config.fields, &mut p);
    check_statuses(config, &mut p);
    check_templates(config, &mut p);
    for (i, site) in config.sites.iter().enumerate() {
        check_site(i, site, &mut p);
    }
    let mut urls = BTreeMap::new();
    for (i, site) in config.sites.iter().enumerate() {
        let url = site.base_url.trim().trim_end_matches('/').to_lowercase();
        if !url.is_empty() && urls.insert(url, i).is_some() {
            p.error(
                "duplicate-site",
                format!("sites[{i}].baseUrl"),
                format!("Site {} is listed twice.", site.base_url),
            );
        }
    }
    p.0
}

fn check_fields(fields: &[FieldMapping], p: &mut Problems) {
    let mut keys: BTreeMap<&str, usize> = BTreeMap::new();
    let mut pushers: BTreeMap<&JiraField, usize> = BTreeMap::new();
    let mut body: Option<usize> = None;
    for (i, f) in fields.iter().enumerate() {
        let path = |leaf: &str| format!("fields[{i}].{leaf}");
        if let JiraField::Custom(name) = &f.jira {
            if name.trim().is_empty() {
                p.error("empty-custom-field", path("jira"), "A custom field needs its name.");
            }
        }
        if f.jira.is_read_only() && f.direction != super::Direction::Pull {
            p.error(
                "read-only-field-pushed",
                path("direction"),
                format!("Jira does not let {} be changed; it can only be pulled.", f.jira.label()),
            );
        }
        if f.direction != super::Direction::Pull {
            if let Some(first) = pushers.insert(&f.jira, i) {
                p.error(
                    "duplicate-jira-field",
                    path("jira"),
                    format!(
                        "{} is pushed from two places (also fields[{first}]); at most one may push.",
                        f.jira.label()
                    ),
                );
            }
        }
        match &f.note {
            NoteTarget::Body => {
                if f.jira != JiraField::Description {
                    p.error(
                        "body-not-description",
                        path("note"),
                        "Only the description can be mapped to the note body.",
                    );
                }
                if let Some(first) = body.replace(i) {
                    p.error(
                        "duplicate-body",
                        path("note"),
                        format!("The note body is already mapped by fields[{first}]."),
                    );
                }
            }
            NoteTarget::Frontmatter(key) => {
                if key.trim().is_empty() || key.trim() != key || key.chars().any(char::is_control) {
                    p.error(
                        "invalid-note-key",
                        path("note"),
                        format!(
                            "\"{key}\" is not a usable front matter key (empty, padded or with control characters)."
                        ),
                    );
                } else if RESERVED_NOTE_KEYS.contains(&key.as_str()) {
                    p.error("reserved-note-key", path("note"), format!("\"{key}\" is written by the sync itself."));
                } else if let Some(first) = keys.insert(key, i) {
                    p.error(
                        "duplicate-note-key",
                        path("note"),
                        format!("Front matter key \"{key}\" is already mapped by fields[{first}]."),
                    );
                }
            }
        }
    }
    let linked = fields.iter().any(|f| f.jira == JiraField::Key && matches!(f.note, NoteTarget::Frontmatter(_)));
    if !linked {
        p.error(
            "key-not-mapped",
            "fields",
            "The issue key must be mapped to a front matter key: it links notes to issues.",
        );
    }
}

fn check_statuses(config: &SyncConfig, p: &mut Problems) {
    for (row, err) in table_problems_by_row(&config.statuses) {
        let code = match &err {
            StatusTableError::EmptyState { .. } => "empty-state",
            StatusTableError::EmptyStatus { .. } => "empty-status",
            StatusTableError::NoStatuses(_) => "state-without-status",
            StatusTableError::DuplicateState(_) => "duplicate-state",
            StatusTableError::AmbiguousStatus { .. } => "ambiguous-status",
            StatusTableError::PreferredNotListed { .. } => "preferred-not-listed",
        };
        p.error(code, format!("statuses[{row}]"), format!("{}.", upper_first(&err.to_string())));
    }
    let status_mapped = config.fields.iter().any(|f| f.jira == JiraField::Status);
    if status_mapped && config.statuses.is_empty() {
        p.error("no-statuses", "statuses", "The status field is mapped but no status is mapped to a note state.");
    }
}

fn upper_first(s: &str) -> String {
    let mut chars = s.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

fn check_folder(template: &str, path: String, p: &mut Problems) {
    if template.starts_with(['/', '\\']) || template.get(1..2) == Some(":") {
        p.error("invalid-folder-template", path, "The folder must be inside the vault (a relative path).");
    } else if let Err(e) = render_folder(template, "PROJ") {
        p.error("invalid-folder-template", path, format!("Invalid folder: {e}."));
    }
}

fn check_templates(config: &SyncConfig, p: &mut Problems) {
    check_folder(&config.folder_template, "folderTemplate".into(), p);
    let template = &config.file_name_template;
    match template_placeholders(template, FILE_NAME_PLACEHOLDERS) {
        Err(e) => p.error("invalid-file-name-template", "fileNameTemplate", format!("Invalid file name: {e}.")),
        Ok(_) if template.trim().is_empty() => {
            p.error("invalid-file-name-template", "fileNameTemplate", "The file name template is empty.");
        }
        Ok(names) if !names.contains(&"key") => p.warning(
            "file-name-without-key",
            "fileNameTemplate",
            "Without {key}, notes of issues with the same summary get numbered names.",
        ),
        Ok(_) => {}
    }
}

/// Whether `key` looks like a Jira project key: an ASCII uppercase letter, then uppercase letters, digits or `_`.
fn is_project_key(key: &str) -> bool {
    let mut chars = key.chars();
    chars.next().is_some_and(|c| c.is_ascii_uppercase())
        && chars.all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
}

fn check_site(i: usize, site: &SiteScope, p: &mut Problems) {
    let url = site.base_url.trim();
    if url.is_empty() {
        p.error("empty-site-url", format!("sites[{i}].baseUrl"), "The site needs its address.");
    } else if !url.starts_with("https://") || url.len() == "https://".len() {
        p.error("invalid-site-url", format!("sites[{i}].baseUrl"), "The site address must start with https://.");
    }
    if site.scope().is_none() {
        // Without a scope the search would select every issue of the site: the engine refuses to run.
        p.error("empty-scope", format!("sites[{i}]"), "Choose projects, a JQL filter, or both.");
    }
    let mut seen = BTreeMap::new();
    for (j, project) in site.projects.iter().enumerate() {
        let path = format!("sites[{i}].projects[{j}]");
        if !is_project_key(&project.key) {
            p.error(
                "invalid-project-key",
                format!("{path}.key"),
                format!("\"{}\" is not a Jira project key.", project.key),
            );
        } else if seen.insert(project.key.as_str(), j).is_some() {
            p.error("duplicate-project", format!("{path}.key"), format!("Project {} is listed twice.", project.key));
        }
        if let Some(folder) = &project.folder {
            check_folder(folder, format!("{path}.folder"), p);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sync::{Direction, ProjectScope, StatusMapping, default_config};

    fn codes(config: &SyncConfig) -> Vec<(&'static str, String)> {
        validate_config(config).into_iter().map(|p| (p.code, p.path)).collect()
    }

    fn site(url: &str, projects: &[&str], jql: Option<&str>) -> SiteScope {
        SiteScope {
            base_url: url.into(),
            projects: projects.iter().map(|k| ProjectScope { key: (*k).into(), folder: None }).collect(),
            jql: jql.map(str::to_owned),
        }
    }

    #[test]
    fn default_config_is_valid() {
        assert_eq!(validate_config(&default_config()), vec![]);
        let mut config = default_config();
        config.sites = vec![
            site("https://a.atlassian.net", &["OPS", "AI_2"], None),
            site("https://b.atlassian.net", &[], Some("x = 1")),
        ];
        assert_eq!(validate_config(&config), vec![]);
    }

    #[test]
    fn field_problems() {
        let mut config = default_config();
        let front =
            |jira, key: &str, direction| FieldMapping { jira, note: NoteTarget::Frontmatter(key.into()), direction };
        config.fields.extend([
            front(JiraField::Assignee, "title", Direction::Pull),
            front(JiraField::Created, "created", Direction::Both),
            front(JiraField::Custom(" ".into()), "x", Direction::Pull),
            front(JiraField::Summary, "name", Direction::Push),
            front(JiraField::Labels, "sync_conflict", Direction::Both),
            front(JiraField::Priority, " prio", Direction::Both),
            FieldMapping { jira: JiraField::Summary, note: NoteTarget::Body, direction: Direction::Pull },
        ]);
        config.fields.remove(0); // the key mapping
        let p = validate_config(&config);
        let got: Vec<_> = p.iter().map(|p| (p.code, p.path.as_str())).collect();
        assert_eq!(
            got,
            vec![
                ("duplicate-note-key", "fields[6].note"),
                ("read-only-field-pushed", "fields[7].direction"),
                ("empty-custom-field", "fields[8].jira"),
                ("duplicate-jira-field", "fields[9].jira"),
                ("reserved-note-key", "fields[10].note"),
                ("invalid-note-key", "fields[11].note"),
                ("body-not-description", "fields[12].note"),
                ("duplicate-body", "fields[12].note"),
                ("key-not-mapped", "fields"),
            ]
        );
        assert!(p.iter().all(|p| p.severity == Severity::Error));
        assert_eq!(p[1].message, "Jira does not let created be changed; it can only be pulled.");
        assert!(p[3].message.contains("fields[0]"));
    }

    #[test]
    fn status_problems() {
        let mut config = default_config();
        config.statuses.push(StatusMapping { state: "blocked".into(), jira_statuses: vec![], preferred: None });
        config.statuses.push(StatusMapping {
            state: "x".into(),
            jira_statuses: vec![" done ".into()],
            preferred: None,
        });
        config.statuses.push(StatusMapping {
            state: "active".into(),
            jira_statuses: vec!["Doing".into()],
            preferred: None,
        });
        let p = validate_config(&config);
        let got: Vec<_> = p.iter().map(|p| p.code).collect();
        assert_eq!(got, vec!["state-without-status", "ambiguous-status", "duplicate-state"]);
        // Each problem names the row (mapping) it concerns, so the settings tab can show it there.
        let paths: Vec<_> = p.iter().map(|p| p.path.as_str()).collect();
        assert_eq!(paths, vec!["statuses[7]", "statuses[8]", "statuses[9]"]);
        assert_eq!(p[0].message, "Note state \"blocked\" is mapped from no Jira status.");
        config.statuses.clear();
        assert_eq!(codes(&config), vec![("no-statuses", "statuses".to_owned())]);
    }

    #[test]
    fn template_problems() {
        let mut config = default_config();
        config.folder_template = "/abs/{PROJECT}".into();
        config.file_name_template = "{summary}".into();
        let p = validate_config(&config);
        assert_eq!(
            p.iter().map(|p| (p.code, p.severity)).collect::<Vec<_>>(),
            vec![("invalid-folder-template", Severity::Error), ("file-name-without-key", Severity::Warning),]
        );
        for (folder, name) in [("Jira/../x", "{key} {nope}"), ("C:/Jira", "{key"), ("{project}", "  ")] {
            config.folder_template = folder.into();
            config.file_name_template = name.into();
            let got: Vec<_> = validate_config(&config).into_iter().map(|p| p.code).collect();
            assert_eq!(got, vec!["invalid-folder-template", "invalid-file-name-template"], "{folder} {name}");
        }
    }

    #[test]
    fn a_jql_filter_that_selects_nothing_by_itself_is_no_scope() {
        let mut config = default_config();
        config.sites = vec![site("https://a.atlassian.net", &[], Some("ORDER BY key"))];
        assert_eq!(codes(&config), vec![("empty-scope", "sites[0]".to_owned())]);
        config.sites = vec![site("https://a.atlassian.net", &[], Some("assignee = currentUser()"))];
        assert!(codes(&config).is_empty());
    }

    #[test]
    fn site_problems() {
        let mut config = default_config();
        let mut with_folder = site("https://a.atlassian.net/", &["OPS", "ops", "OPS"], Some("  "));
        with_folder.projects[0].folder = Some("../x".into());
        config.sites = vec![
            with_folder,
            site("", &[], None),
            site("http://b.example", &["B"], None),
            site("https://A.atlassian.net", &["C"], None),
        ];
        assert_eq!(
            codes(&config),
            vec![
                ("invalid-folder-template", "sites[0].projects[0].folder".to_owned()),
                ("invalid-project-key", "sites[0].projects[1].key".to_owned()),
                ("duplicate-project", "sites[0].projects[2].key".to_owned()),
                ("empty-site-url", "sites[1].baseUrl".to_owned()),
                ("empty-scope", "sites[1]".to_owned()),
                ("invalid-site-url", "sites[2].baseUrl".to_owned()),
                ("duplicate-site", "sites[3].baseUrl".to_owned()),
            ]
        );
    }

    #[test]
    fn problems_serialise_for_javascript() {
        let mut config = default_config();
        config.file_name_template = "{summary}".into();
        let json = serde_json::to_value(validate_config(&config)).expect("serialises");
        assert_eq!(json[0]["severity"], "warning");
        assert_eq!(json[0]["code"], "file-name-without-key");
        assert_eq!(json[0]["path"], "fileNameTemplate");
    }
}
