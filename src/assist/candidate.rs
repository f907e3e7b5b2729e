//! A task candidate: something in a note that a person would file as a Jira issue, with everything the review
//! window shows and the create path needs. Rules and the model both produce these; the site settings
//! ([`SiteHints`]) fill in project, type, priority and assignee the same way for both.

use serde::Serialize;

/// Longest summary Jira accepts.
pub const MAX_SUMMARY_CHARS: usize = 255;

/// Where a candidate came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Origin {
    /// An unchecked task item without an issue key.
    TaskItem,
    /// A `TODO:`, `Action:` or `AI:` line (or one of their translations).
    Marker,
    /// An "@person will …" sentence.
    Mention,
    /// The model, reading prose.
    Model,
}

crate::json_objects::json_enum!(Origin { TaskItem: "taskItem", Marker: "marker", Mention: "mention", Model: "model" });

/// A user who may be assigned issues in the project.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AssignableUser {
    /// Cloud account id, or Data Center user name.
    pub account_id: String,
    /// The name people see.
    pub display_name: String,
}

crate::json_objects::json_object!(AssignableUser { account_id: "accountId", display_name: "displayName" });

/// An owner map entry: issues with this label or component go to this user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Owner {
    /// A label (a note tag) or component name, compared case-insensitively.
    pub key: String,
    /// The owner's account id or display name.
    pub user: String,
}

crate::json_objects::json_object!(Owner { key: "key", user: "user" });

/// What the site and the settings tell detection: defaults, the site's priority list, who can be assigned.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SiteHints {
    /// The project new issues go to when the note names none (`jira_project`).
    pub default_project: Option<String>,
    /// The issue type of new issues (`Task` when empty).
    pub issue_type: String,
    /// The site's priorities, highest first (Jira's order). Empty: no priority is suggested.
    pub priorities: Vec<String>,
    /// The project's assignable users.
    pub assignable: Vec<AssignableUser>,
    /// Owners by label or component (the first match wins).
    pub owners: Vec<Owner>,
    /// The site's project keys: only a key of one of these marks a line as filed (`INC-2041`, an incident
    /// number, does not). Empty: any key does.
    pub projects: Vec<String>,
}

crate::json_objects::json_object!(default SiteHints {
    default_project: "defaultProject",
    issue_type: "issueType",
    priorities: "priorities",
    assignable: "assignable",
    owners: "owners",
    projects: "projects",
});

/// A suggested assignee.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Assignee {
    /// The account id (or Data Center user name).
    pub account_id: String,
    /// The display name.
    pub display_name: String,
    /// Why: `mention`, `owner` or `model`.
    pub by: String,
}

crate::json_objects::json_object!(Assignee { account_id: "accountId", display_name: "displayName", by: "by" });

/// One candidate issue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Candidate {
    /// The issue summary (at most 255 characters).
    pub summary: String,
    /// The issue description (Markdown).
    pub description: String,
    /// 1-based line in the note the task was found on.
    pub line: usize,
    /// Rule or model.
    pub origin: Origin,
    /// The project key, when known.
    pub project: Option<String>,
    /// The issue type name.
    pub issue_type: String,
    /// A priority name from the site's list.
    pub priority: Option<String>,
    /// The suggested assignee.
    pub assignee: Option<Assignee>,
    /// Labels (the line's tags).
    pub labels: Vec<String>,
    /// An estimate in Jira's duration format (`2h`, `1d 4h`).
    pub estimate: Option<String>,
}

crate::json_objects::json_object!(Candidate {
    summary: "summary",
    description: "description",
    line: "line",
    origin: "origin",
    project: "project",
    issue_type: "issueType",
    priority: "priority",
    assignee: "assignee",
    labels: "labels",
    estimate: "estimate",
});

/// Tasks-plugin or keyword priority level: 0 = highest … 4 = lowest.
pub type Level = usize;

impl SiteHints {
    /// Whether `text` mentions an issue key of one of the site's projects (any key when none are listed).
    pub fn has_issue_key(&self, text: &str) -> bool {
        let mut rest = text;
        while let Some((at, key)) = crate::body::first_key(rest) {
            let project = key.split('-').next().unwrap_or_default();
            if self.projects.is_empty() || self.projects.iter().any(|p| p.eq_ignore_ascii_case(project)) {
                return true;
            }
            rest = &rest[at + key.len()..];
        }
        false
    }

    /// The issue type, `Task` when none is set.
    pub fn issue_type(&self) -> String {
        if self.issue_type.trim().is_empty() { "Task".to_owned() } else { self.issue_type.trim().to_owned() }
    }

    /// The site priority for a level: the list is spread over the five levels (level 2 is the middle).
    pub fn priority_for(&self, level: Level) -> Option<String> {
        let n = self.priorities.len();
        if n == 0 {
            return None;
        }
        let index = (level.min(4) * (n - 1) + 2) / 4;
        self.priorities.get(index).cloned()
    }

    /// The site's own spelling of a priority name, when it is in the list.
    pub fn known_priority(&self, name: &str) -> Option<String> {
        self.priorities.iter().find(|p| p.trim().eq_ignore_ascii_case(name.trim())).cloned()
    }

    /// The assignable user a name or handle refers to: the account id, the display name, the display name without
    /// spaces, or its first word (case-insensitive, `@` and a trailing `.` ignored). None when ambiguous.
    pub fn user(&self, name: &str) -> Option<&AssignableUser> {
        let want = name.trim().trim_start_matches('@').trim_end_matches('.').to_lowercase();
        if want.is_empty() {
            return None;
        }
        let exact = |u: &&AssignableUser| {
            u.account_id.to_lowercase() == want
                || u.display_name.to_lowercase() == want
                || u.display_name.replace(' ', "").to_lowercase() == want.replace(['.', '_', '-'], "")
        };
        if let Some(u) = self.assignable.iter().find(exact) {
            return Some(u);
        }
        let mut first_word = self
            .assignable
            .iter()
            .filter(|u| u.display_name.split_whitespace().next().map(str::to_lowercase) == Some(want.clone()));
        match (first_word.next(), first_word.next()) {
            (Some(u), None) => Some(u),
            _ => None,
        }
    }

    /// The owner of the first label or component with an owner map entry, as an assignee.
    pub fn owner(&self, keys: &[String]) -> Option<Assignee> {
        self.owners.iter().find(|o| keys.iter().any(|k| k.eq_ignore_ascii_case(o.key.trim()))).and_then(|o| {
            self.user(&o.user).map(|u| Assignee {
                account_id: u.account_id.clone(),
                display_name: u.display_name.clone(),
                by: "owner".to_owned(),
            })
        })
    }
}

/// A summary cut to [`MAX_SUMMARY_CHARS`] at a word boundary, with `…` when cut; line breaks become spaces.
pub fn clip_summary(text: &str) -> String {
    let one_line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() <= MAX_SUMMARY_CHARS {
        return one_line;
    }
    let mut out = String::new();
    for word in one_line.split(' ') {
        if out.chars().count() + word.chars().count() + 2 > MAX_SUMMARY_CHARS {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    if out.is_empty() {
        out = one_line.chars().take(MAX_SUMMARY_CHARS - 1).collect();
    }
    out.push('…');
    out
}

/// `text` with its first letter upper-cased.
pub fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hints() -> SiteHints {
        SiteHints {
            priorities: ["Highest", "High", "Medium", "Low", "Lowest"].map(String::from).to_vec(),
            assignable: vec![
                AssignableUser { account_id: "557058:aa".into(), display_name: "Anna Schmidt".into() },
                AssignableUser { account_id: "557058:bb".into(), display_name: "Bob Jones".into() },
                AssignableUser { account_id: "557058:cc".into(), display_name: "Bob Lee".into() },
            ],
            owners: vec![Owner { key: "infra".into(), user: "Anna Schmidt".into() }],
            ..Default::default()
        }
    }

    #[test]
    fn priorities_spread_over_the_site_list() {
        let h = hints();
        assert_eq!(h.priority_for(0).as_deref(), Some("Highest"));
        assert_eq!(h.priority_for(4).as_deref(), Some("Lowest"));
        let three = SiteHints { priorities: ["P1", "P2", "P3"].map(String::from).to_vec(), ..Default::default() };
        assert_eq!(three.priority_for(1).as_deref(), Some("P2"));
        assert_eq!(three.priority_for(0).as_deref(), Some("P1"));
        assert_eq!(SiteHints::default().priority_for(0), None);
    }

    #[test]
    fn users_are_found_by_handle_unless_ambiguous() {
        let h = hints();
        assert_eq!(h.user("@anna").map(|u| u.account_id.as_str()), Some("557058:aa"));
        assert_eq!(h.user("@anna.schmidt").map(|u| u.account_id.as_str()), Some("557058:aa"));
        assert_eq!(h.user("@bob"), None);
        assert_eq!(h.user("@BobLee").map(|u| u.account_id.as_str()), Some("557058:cc"));
        assert_eq!(h.owner(&["INFRA".into()]).map(|a| a.account_id), Some("557058:aa".into()));
    }

    #[test]
    fn only_keys_of_the_sites_projects_mark_a_line_as_filed() {
        let mut h = hints();
        assert!(h.has_issue_key("see INC-2041"));
        h.projects = vec!["OPS".into()];
        assert!(!h.has_issue_key("see INC-2041"));
        assert!(h.has_issue_key("INC-2041 and OPS-7"));
    }

    #[test]
    fn long_summaries_are_clipped_at_a_word() {
        let s = clip_summary(&"word ".repeat(100));
        assert!(s.chars().count() <= MAX_SUMMARY_CHARS && s.ends_with('…'));
        assert_eq!(capitalised("élan"), "Élan");
    }
}
