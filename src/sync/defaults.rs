//! The product defaults of the sync configuration (from the sync issue).
//!
//! Fields: `key` → `jira_key` (pull only, keys are read-only), `summary` → `title`, `description` → the note
//! body, `status` → `current_state`, and the custom fields "LLM Context" → `ai_context`, "Model Suggestions" →
//! `ai_recommendations`, "Automation Status" → `auto_tracking`, all both ways. Statuses: To Do → `pending`,
//! In Progress → `active`, In Review/Review → `reviewing`, Done → `completed`, AI Processing → `llm_analysis`,
//! Auto Update → `automation`, Validation → `human_review`. No site is configured by default. The default
//! config validates without problems (tested in `validate.rs`).

use super::config::{Direction, FieldMapping, JiraField, NoteTarget, StatusMapping, SyncConfig};

/// The default folder of a project's notes.
pub const DEFAULT_FOLDER_TEMPLATE: &str = "Jira/{PROJECT}/";
/// The default file name of a new note (without `.md`).
pub const DEFAULT_FILE_NAME_TEMPLATE: &str = "{key} {summary}";

impl Default for SyncConfig {
    fn default() -> Self {
        Self {
            fields: default_fields(),
            statuses: default_statuses(),
            sites: Vec::new(),
            folder_template: DEFAULT_FOLDER_TEMPLATE.to_owned(),
            file_name_template: DEFAULT_FILE_NAME_TEMPLATE.to_owned(),
            conflict_policy: super::config::ConflictPolicy::Mark,
            time_tracking: super::config::TimeTracking::default(),
            transition_defaults: std::collections::BTreeMap::new(),
            parent_style: super::config::KeyStyle::Link,
            issue_links: super::config::IssueLinks { enabled: true, renames: std::collections::BTreeMap::new() },
            child_issues: true,
            epic_folders: false,
        }
    }
}

/// The default configuration (same as `SyncConfig::default()`).
pub fn default_config() -> SyncConfig {
    SyncConfig::default()
}

fn front(jira: JiraField, key: &str, direction: Direction) -> FieldMapping {
    FieldMapping { jira, note: NoteTarget::Frontmatter(key.to_owned()), direction }
}

fn default_fields() -> Vec<FieldMapping> {
    vec![
        front(JiraField::Key, "jira_key", Direction::Pull),
        front(JiraField::Summary, "title", Direction::Both),
        FieldMapping { jira: JiraField::Description, note: NoteTarget::Body, direction: Direction::Both },
        front(JiraField::Status, "current_state", Direction::Both),
        front(JiraField::Custom("LLM Context".to_owned()), "ai_context", Direction::Both),
        front(JiraField::Custom("Model Suggestions".to_owned()), "ai_recommendations", Direction::Both),
        front(JiraField::Custom("Automation Status".to_owned()), "auto_tracking", Direction::Both),
    ]
}

fn status(state: &str, jira: &[&str]) -> StatusMapping {
    StatusMapping {
        state: state.to_owned(),
        jira_statuses: jira.iter().map(|s| (*s).to_owned()).collect(),
        preferred: None,
    }
}

fn default_statuses() -> Vec<StatusMapping> {
    vec![
        status("pending", &["To Do"]),
        status("active", &["In Progress"]),
        status("reviewing", &["In Review", "Review"]),
        status("completed", &["Done"]),
        status("llm_analysis", &["AI Processing"]),
        status("automation", &["Auto Update"]),
        status("human_review", &["Validation"]),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_uses_camel_case_and_readable_enums() {
        let json = serde_json::to_value(default_config()).expect("serialises");
        assert_eq!(json["folderTemplate"], "Jira/{PROJECT}/");
        assert_eq!(json["fileNameTemplate"], "{key} {summary}");
        assert_eq!(json["fields"][0]["jira"], "key");
        assert_eq!(json["fields"][0]["note"]["frontmatter"], "jira_key");
        assert_eq!(json["fields"][0]["direction"], "pull");
        assert_eq!(json["fields"][2]["note"], "body");
        assert_eq!(json["fields"][4]["jira"]["custom"], "LLM Context");
        assert_eq!(json["statuses"][2]["jiraStatuses"][1], "Review");
    }

    #[test]
    fn round_trips_through_json_and_fills_missing_properties() {
        let config = default_config();
        let json = serde_json::to_string(&config).expect("serialises");
        assert_eq!(serde_json::from_str::<SyncConfig>(&json).expect("parses"), config);

        let partial: SyncConfig =
            serde_json::from_str(r#"{"sites":[{"baseUrl":"https://x.atlassian.net"}]}"#).expect("parses");
        assert_eq!(partial.fields, config.fields);
        assert_eq!(partial.sites[0].projects, vec![]);
        let field: FieldMapping =
            serde_json::from_str(r#"{"jira":"fixVersions","note":{"frontmatter":"fix"}}"#).expect("parses");
        assert_eq!(field.direction, Direction::Both);
        assert_eq!(field.jira, JiraField::FixVersions);
    }

    #[test]
    fn child_issues_section_is_on_unless_set_off() {
        assert!(default_config().child_issues);
        let saved: SyncConfig = serde_json::from_str(r#"{"parentStyle":"key"}"#).expect("parses");
        assert!(saved.child_issues, "a saved config that never set it gets the default");
        let off: SyncConfig = serde_json::from_str(r#"{"childIssues":false}"#).expect("parses");
        assert!(!off.child_issues);
    }

    #[test]
    fn read_only_fields_and_labels() {
        assert!(JiraField::Created.is_read_only() && JiraField::Key.is_read_only());
        assert!(!JiraField::Summary.is_read_only());
        assert_eq!(JiraField::DueDate.label(), "dueDate");
        assert_eq!(JiraField::Custom("X".into()).label(), "custom field \"X\"");
        assert_eq!(Direction::Pull.mirrored(), Direction::Push);
    }
}
