//! Jira status ↔ note state lookup, built from the [`StatusMapping`] table.
//!
//! Several Jira statuses may map to one state; a state maps back to its `preferred` status, else to the first
//! one listed. Jira status names match case-insensitively (Unicode lowercase) after trimming whitespace; note
//! states match exactly after trimming (they are identifiers the user types into front matter). An unmapped
//! status or state is a [`StatusMapError`] for that note — never a guess. A table that is itself ambiguous (one
//! status under two states, a state listed twice, …) cannot be built: [`StatusMap::new`] returns a
//! [`StatusTableError`], and `validate_config` reports the same problems.

use std::collections::{BTreeMap, BTreeSet};

use thiserror::Error;

use super::config::StatusMapping;

/// Looking up one status or state failed.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum StatusMapError {
    /// The Jira status is in no mapping.
    #[error("Jira status \"{0}\" is not mapped to any note state")]
    UnmappedStatus(String),
    /// The note's state is in no mapping.
    #[error("note state \"{0}\" is not mapped to any Jira status")]
    UnmappedState(String),
}

/// The status table is inconsistent.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum StatusTableError {
    /// A mapping has an empty state.
    #[error("status mapping {index} has an empty note state")]
    EmptyState {
        /// Index of the mapping.
        index: usize,
    },
    /// A mapping has an empty Jira status name.
    #[error("note state \"{state}\" lists an empty Jira status")]
    EmptyStatus {
        /// The state.
        state: String,
    },
    /// A state lists no Jira status.
    #[error("note state \"{0}\" is mapped from no Jira status")]
    NoStatuses(String),
    /// Two mappings have the same state.
    #[error("note state \"{0}\" is mapped twice")]
    DuplicateState(String),
    /// One Jira status is listed under two states.
    #[error("Jira status \"{status}\" maps to both \"{first}\" and \"{second}\"")]
    AmbiguousStatus {
        /// The status, as written in the second mapping.
        status: String,
        /// The state it was first mapped to.
        first: String,
        /// The other state.
        second: String,
    },
    /// `preferred` is not one of the mapping's statuses.
    #[error("preferred status \"{preferred}\" of state \"{state}\" is not one of its Jira statuses")]
    PreferredNotListed {
        /// The state.
        state: String,
        /// The preferred status.
        preferred: String,
    },
}

/// The normalised form a Jira status name is matched by.
pub fn status_match_key(status: &str) -> String {
    status.trim().to_lowercase()
}

/// A checked, two-way status table (the default one maps nothing).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StatusMap {
    /// Normalised Jira status → state. Invariant: every state here is a key of `to_status`.
    to_state: BTreeMap<String, String>,
    /// State → preferred Jira status, as written in the config (trimmed).
    to_status: BTreeMap<String, String>,
}

impl StatusMap {
    /// Builds the table, or reports its first inconsistency (all of them: `table_problems`).
    pub fn new(mappings: &[StatusMapping]) -> Result<Self, StatusTableError> {
        match table_problems(mappings).into_iter().next() {
            Some(err) => Err(err),
            None => {
                let mut to_state = BTreeMap::new();
                let mut to_status = BTreeMap::new();
                for m in mappings {
                    let state = m.state.trim().to_owned();
                    for s in &m.jira_statuses {
                        to_state.insert(status_match_key(s), state.clone());
                    }
                    let preferred = m.preferred.as_deref().or(m.jira_statuses.first().map(String::as_str));
                    // Checked by `table_problems`: jira_statuses is non-empty.
                    to_status.insert(state, preferred.unwrap_or_default().trim().to_owned());
                }
                Ok(Self { to_state, to_status })
            }
        }
    }

    /// The note state of a Jira status.
    pub fn state_for(&self, jira_status: &str) -> Result<&str, StatusMapError> {
        self.to_state
            .get(&status_match_key(jira_status))
            .map(String::as_str)
            .ok_or_else(|| StatusMapError::UnmappedStatus(jira_status.to_owned()))
    }

    /// The Jira status a note state is pushed as.
    pub fn status_for(&self, state: &str) -> Result<&str, StatusMapError> {
        self.to_status
            .get(state.trim())
            .map(String::as_str)
            .ok_or_else(|| StatusMapError::UnmappedState(state.to_owned()))
    }

    /// Whether a Jira status already means `state` (then a push needs no transition, even when the status is
    /// not the preferred one).
    pub fn status_means(&self, jira_status: &str, state: &str) -> bool {
        self.state_for(jira_status).is_ok_and(|s| s == state.trim())
    }
}

/// Every inconsistency of a status table, in table order.
pub fn table_problems(mappings: &[StatusMapping]) -> Vec<StatusTableError> {
    table_problems_by_row(mappings).into_iter().map(|(_, problem)| problem).collect()
}

/// The problems of [`table_problems`], each with the index of the mapping (row) it was found in.
pub fn table_problems_by_row(mappings: &[StatusMapping]) -> Vec<(usize, StatusTableError)> {
    let mut problems = Vec::new();
    let mut states: BTreeSet<&str> = BTreeSet::new();
    let mut statuses: BTreeMap<String, &str> = BTreeMap::new();
    for (index, m) in mappings.iter().enumerate() {
        let state = m.state.trim();
        if state.is_empty() {
            problems.push((index, StatusTableError::EmptyState { index }));
        } else if !states.insert(state) {
            problems.push((index, StatusTableError::DuplicateState(state.to_owned())));
        }
        if m.jira_statuses.is_empty() {
            problems.push((index, StatusTableError::NoStatuses(state.to_owned())));
        }
        for s in &m.jira_statuses {
            let key = status_match_key(s);
            if key.is_empty() {
                problems.push((index, StatusTableError::EmptyStatus { state: state.to_owned() }));
                continue;
            }
            match statuses.get(&key) {
                Some(first) if *first != state => problems.push((
                    index,
                    StatusTableError::AmbiguousStatus {
                        status: s.trim().to_owned(),
                        first: (*first).to_owned(),
                        second: state.to_owned(),
                    },
                )),
                Some(_) => {}
                None => {
                    statuses.insert(key, state);
                }
            }
        }
        if let Some(p) = &m.preferred {
            let key = status_match_key(p);
            if !m.jira_statuses.iter().any(|s| status_match_key(s) == key) {
                problems.push((
                    index,
                    StatusTableError::PreferredNotListed { state: state.to_owned(), preferred: p.clone() },
                ));
            }
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sync::default_config;

    fn mapping(state: &str, statuses: &[&str], preferred: Option<&str>) -> StatusMapping {
        StatusMapping {
            state: state.into(),
            jira_statuses: statuses.iter().map(|s| (*s).to_owned()).collect(),
            preferred: preferred.map(str::to_owned),
        }
    }

    #[test]
    fn default_table_maps_both_ways() {
        let map = StatusMap::new(&default_config().statuses).expect("default table is consistent");
        assert_eq!(map.state_for("To Do"), Ok("pending"));
        assert_eq!(map.state_for("  in review "), Ok("reviewing"));
        assert_eq!(map.state_for("REVIEW"), Ok("reviewing"));
        assert_eq!(map.state_for("AI Processing"), Ok("llm_analysis"));
        assert_eq!(map.status_for("reviewing"), Ok("In Review"));
        assert_eq!(map.status_for(" human_review "), Ok("Validation"));
        assert!(map.status_means("Review", "reviewing"));
        assert!(!map.status_means("Done", "reviewing"));
    }

    #[test]
    fn unmapped_is_an_error_not_a_guess() {
        let map = StatusMap::new(&default_config().statuses).expect("consistent");
        assert_eq!(map.state_for("Blocked"), Err(StatusMapError::UnmappedStatus("Blocked".into())));
        assert_eq!(map.status_for("Pending"), Err(StatusMapError::UnmappedState("Pending".into())));
        assert_eq!(
            map.state_for("Blocked").map_err(|e| e.to_string()),
            Err("Jira status \"Blocked\" is not mapped to any note state".into())
        );
    }

    #[test]
    fn preferred_status_wins_over_first() {
        let map = StatusMap::new(&[mapping("reviewing", &["In Review", "Review"], Some("review"))]).expect("ok");
        assert_eq!(map.status_for("reviewing"), Ok("review"));
    }

    #[test]
    fn inconsistent_tables_are_rejected() {
        let bad = [
            mapping("a", &["To Do"], None),
            mapping("b", &[" to do"], None),
            mapping("a", &["X"], Some("Y")),
            mapping("", &[], None),
            mapping("c", &[" "], None),
        ];
        let problems = table_problems(&bad);
        assert_eq!(
            problems,
            vec![
                StatusTableError::AmbiguousStatus { status: "to do".into(), first: "a".into(), second: "b".into() },
                StatusTableError::DuplicateState("a".into()),
                StatusTableError::PreferredNotListed { state: "a".into(), preferred: "Y".into() },
                StatusTableError::EmptyState { index: 3 },
                StatusTableError::NoStatuses(String::new()),
                StatusTableError::EmptyStatus { state: "c".into() },
            ]
        );
        assert!(StatusMap::new(&bad).is_err());
        // The same status listed twice under one state is harmless.
        assert!(StatusMap::new(&[mapping("a", &["X", "x"], None)]).is_ok());
    }
}
