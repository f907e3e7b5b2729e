//! The workflow graph learned from Jira's `GET issue/{id}/transitions` answers, and the shortest known path
//! between two statuses.
//!
//! Decisions: Jira only moves a status through the transitions it offers from the current status, and those
//! depend on the workflow, so the graph is kept per workflow scope (the engine uses `"PROJECTKEY/IssueTypeName"`;
//! scopes compare exactly). Status names compare case-insensitively after trimming ([`status_match_key`]); the
//! graph stores the normalised source status as key and each transition's target as Jira spells it, so paths
//! are reported in Jira's spelling. Learning a status replaces everything known for it (workflows change);
//! blank ids or targets and repeated ids are dropped. [`TransitionGraph::shortest_path`] is a breadth-first
//! search that visits transitions in the order Jira offered them, so among equally short paths the one whose
//! hops come first in Jira's lists wins — deterministic for a given graph. Self-loops are never hops. The
//! engine never trusts a path blindly: [`TransitionGraph::next_hop`] only returns a transition that is offered
//! right now, and explores towards unlearned statuses only when no path is known.
//! Unavailable transitions (`isAvailable: false`) are skipped when parsing.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use serde::Serialize;
use serde_json::Value;

use super::status_map::status_match_key;

/// One offered transition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Transition {
    /// Jira's transition id (the value POSTed to perform it).
    pub id: String,
    /// Target status name as Jira spells it.
    pub to: String,
    /// The target status is in the *done* category (`to.statusCategory.key == "done"`): an exploring walk
    /// never passes through it, since closing an issue on the way has effects (resolution, notifications).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub done: bool,
}

crate::json_objects::json_object!(Transition { id: "id", to: "to", done: "done" = default });

/// Parses a transitions response; entries without id or `to.name`, or with `isAvailable == false`, are skipped.
///
/// A numeric id is accepted and rendered as its decimal text; blank ids and names count as missing. Anything
/// other than an object with a `transitions` array yields an empty list.
pub fn parse_transitions(response: &Value) -> Vec<Transition> {
    let Some(list) = response.get("transitions").and_then(Value::as_array) else {
        return Vec::new();
    };
    list.iter()
        .filter_map(|entry| {
            if entry.get("isAvailable").and_then(Value::as_bool) == Some(false) {
                return None;
            }
            let id = match entry.get("id")? {
                Value::String(s) => s.trim().to_owned(),
                Value::Number(n) => n.to_string(),
                _ => return None,
            };
            let target = entry.get("to")?;
            let to = target.get("name")?.as_str()?;
            let done = target.pointer("/statusCategory/key").and_then(Value::as_str) == Some("done");
            (!id.is_empty() && !to.trim().is_empty()).then(|| Transition { id, to: to.to_owned(), done })
        })
        .collect()
}

/// The offered transition leading to `to_status` (case-insensitive, trimmed), if any; the first one offered
/// when several lead there.
pub fn transition_to<'a>(offered: &'a [Transition], to_status: &str) -> Option<&'a Transition> {
    let target = status_match_key(to_status);
    offered.iter().find(|t| status_match_key(&t.to) == target)
}

/// Transitions learned per workflow scope (the engine uses `"PROJECTKEY/IssueTypeName"`), from status →
/// offered transitions.
///
/// Serialised (it is persisted in the sync state file) as `{"scopes": {scope: {status key: [transition…]}}}`
/// with deterministic (sorted) keys; transitions keep Jira's order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TransitionGraph {
    /// Scope → normalised source status ([`status_match_key`]) → transitions in the order Jira offered them.
    /// Invariant (when built by `learn`): keys are normalised, no transition has a blank id or target, ids are
    /// unique per status. Lookups re-normalise keys anyway, so a hand-edited file still works.
    #[serde(default)]
    scopes: BTreeMap<String, BTreeMap<String, Vec<Transition>>>,
}

crate::json_objects::json_object!(TransitionGraph { scopes: "scopes" = default });

impl TransitionGraph {
    /// An empty graph.
    pub fn new() -> Self {
        Self::default()
    }

    /// Whether nothing has been learned.
    pub fn is_empty(&self) -> bool {
        self.scopes.values().all(BTreeMap::is_empty)
    }

    /// Records what Jira offers from `from_status` in `scope` (replaces what was known for that status).
    ///
    /// Transitions with a blank id or target, and repeats of an id already kept, are dropped. A blank
    /// `from_status` is ignored.
    pub fn learn(&mut self, scope: &str, from_status: &str, offered: &[Transition]) {
        let key = status_match_key(from_status);
        if key.is_empty() {
            return;
        }
        let mut seen = BTreeSet::new();
        let kept: Vec<Transition> = offered
            .iter()
            .filter(|t| !t.id.trim().is_empty() && !t.to.trim().is_empty() && seen.insert(t.id.clone()))
            .cloned()
            .collect();
        let statuses = self.scopes.entry(scope.to_owned()).or_default();
        // Drop any differently spelled key that normalises to the same status (hand-edited files).
        statuses.retain(|k, _| status_match_key(k) != key);
        statuses.insert(key, kept);
    }

    /// What is known to be offered from `status` in `scope`, in Jira's order; `None` when never learned.
    pub fn offered_from(&self, scope: &str, status: &str) -> Option<&[Transition]> {
        let key = status_match_key(status);
        self.scopes.get(scope)?.iter().find(|(k, _)| status_match_key(k) == key).map(|(_, v)| v.as_slice())
    }

    /// Shortest known path from `from` to `to` in `scope`, as the list of each hop's target status (Jira's
    /// spelling), the last being `to`. `Some(vec![])` when `from` and `to` are the same status; `None` when no
    /// path is known. Status names compare case-insensitively (trimmed). Among equally short paths the one
    /// whose hops come first in Jira's offered order wins.
    pub fn shortest_path(&self, scope: &str, from: &str, to: &str) -> Option<Vec<String>> {
        let start = status_match_key(from);
        let goal = status_match_key(to);
        if start == goal {
            return Some(Vec::new());
        }
        let statuses = self.scopes.get(scope)?;
        // Normalised adjacency; on a (hand-edited) duplicate key the first in sorted order wins.
        let mut adjacency: BTreeMap<String, &[Transition]> = BTreeMap::new();
        for (k, v) in statuses {
            adjacency.entry(status_match_key(k)).or_insert(v.as_slice());
        }
        // Breadth-first search. `parent` maps a reached status to (previous status, hop name as spelled);
        // the start is marked visited with no parent.
        let mut parent: BTreeMap<String, Option<(String, String)>> = BTreeMap::new();
        parent.insert(start.clone(), None);
        let mut queue = VecDeque::from([start]);
        while let Some(current) = queue.pop_front() {
            let Some(offered) = adjacency.get(&current) else { continue };
            for t in offered.iter() {
                let next = status_match_key(&t.to);
                // A done status is a way station only when it is the goal (see `Transition::done`).
                if next.is_empty() || parent.contains_key(&next) || (t.done && next != goal) {
                    continue;
                }
                parent.insert(next.clone(), Some((current.clone(), t.to.clone())));
                if next == goal {
                    return Some(unwind(&parent, &goal));
                }
                queue.push_back(next);
            }
        }
        None
    }

    /// The transition to POST next on the way from `from` to `to`, given what Jira offers now: the direct
    /// transition if offered; else the first hop of the shortest known path if offered; else, when no path is
    /// known, the first hop towards the nearest status whose transitions were never learned (exploring the
    /// workflow, so a fresh graph can still go `To Do → In Progress → In Review`); else `None` (also when
    /// `from` already is `to`). Each exploring hop learns one more status, so exploration ends.
    pub fn next_hop(&self, scope: &str, from: &str, to: &str, offered: &[Transition]) -> Option<Transition> {
        if status_match_key(from) == status_match_key(to) {
            return None;
        }
        if let Some(direct) = transition_to(offered, to) {
            return Some(direct.clone());
        }
        let path = match self.shortest_path(scope, from, to) {
            Some(path) => path,
            None => self.path_to_unexplored(scope, from, offered)?,
        };
        let first = path.first()?;
        transition_to(offered, first).cloned()
    }

    /// The shortest path (hop targets) from `from` to the nearest status never learned in `scope`, following
    /// `offered` from `from` and learned transitions after it.
    fn path_to_unexplored(&self, scope: &str, from: &str, offered: &[Transition]) -> Option<Vec<String>> {
        let empty = BTreeMap::new();
        let statuses = self.scopes.get(scope).unwrap_or(&empty);
        let learned = |status: &str| -> Option<&[Transition]> {
            let key = status_match_key(status);
            statuses.iter().find(|(k, _)| status_match_key(k) == key).map(|(_, v)| v.as_slice())
        };
        let start = status_match_key(from);
        let mut parent: BTreeMap<String, Option<(String, String)>> = BTreeMap::new();
        parent.insert(start.clone(), None);
        let mut queue = VecDeque::from([start.clone()]);
        while let Some(current) = queue.pop_front() {
            let hops = if current == start { Some(offered) } else { learned(&current) };
            let Some(hops) = hops else { return Some(unwind(&parent, &current)) };
            for t in hops {
                let next = status_match_key(&t.to);
                // Exploring never passes through a done status (see `Transition::done`).
                if t.done || next.is_empty() || parent.contains_key(&next) {
                    continue;
                }
                parent.insert(next.clone(), Some((current.clone(), t.to.clone())));
                queue.push_back(next);
            }
        }
        None
    }
}

impl TransitionGraph {
    /// Every status reachable from `from` over the transitions learned in `scope` (`from` included), as
    /// [`status_match_key`]s, when each of them has had its own transitions learned; `None` while some are
    /// unexplored. When `Some`, [`shortest_path`](Self::shortest_path) finding no path means the learned workflow
    /// has none, not that it was not explored yet. Done statuses are followed like any other.
    pub fn explored_from(&self, scope: &str, from: &str) -> Option<BTreeSet<String>> {
        let mut seen = crate::sort::collect_set([status_match_key(from)]);
        let mut queue = VecDeque::from([from.to_owned()]);
        while let Some(current) = queue.pop_front() {
            for t in self.offered_from(scope, &current)? {
                if seen.insert(status_match_key(&t.to)) {
                    queue.push_back(t.to.clone());
                }
            }
        }
        Some(seen)
    }
}

/// Follows `parent` links back from `goal` to the start. Invariant: every link leads to a status inserted
/// earlier, and the start has `None`, so the walk ends after at most `parent.len()` steps.
fn unwind(parent: &BTreeMap<String, Option<(String, String)>>, goal: &str) -> Vec<String> {
    let mut hops = Vec::new();
    let mut at = goal.to_owned();
    while let Some(Some((previous, hop))) = parent.get(&at) {
        hops.push(hop.clone());
        if hops.len() > parent.len() {
            break;
        }
        at = previous.clone();
    }
    hops.reverse();
    hops
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const OPS: &str = "OPS/Task";

    fn t(id: &str, to: &str) -> Transition {
        Transition { id: id.into(), to: to.into(), done: false }
    }

    #[test]
    fn explores_towards_the_nearest_unlearned_status() {
        let mut g = TransitionGraph::new();
        g.learn(OPS, "To Do", &[t("11", "In Progress")]);
        assert_eq!(g.next_hop(OPS, "To Do", "Validation", &[t("11", "In Progress")]), Some(t("11", "In Progress")));
        g.learn(OPS, "In Progress", &[t("21", "In Review"), t("51", "AI Processing"), t("111", "To Do")]);
        g.learn(OPS, "In Review", &[t("31", "Done"), t("41", "In Progress")]);
        g.learn(OPS, "Done", &[t("101", "To Do")]);
        // From Done every neighbour is learned: the way to AI Processing (unlearned) leads through To Do.
        assert_eq!(g.next_hop(OPS, "Done", "Validation", &[t("101", "To Do")]), Some(t("101", "To Do")));
        assert_eq!(g.next_hop(OPS, "Done", "Validation", &[]), None);
        assert_eq!(ops_graph().next_hop(OPS, "To Do", "Nowhere", &[t("11", "In Progress")]), None);
    }

    /// The simulator's OPS workflow (tests/jira-sim/README.md, "Data").
    fn ops_graph() -> TransitionGraph {
        let mut g = TransitionGraph::new();
        g.learn(OPS, "To Do", &[t("11", "In Progress")]);
        g.learn(OPS, "In Progress", &[t("21", "In Review"), t("51", "AI Processing"), t("111", "To Do")]);
        g.learn(OPS, "In Review", &[t("31", "Done"), t("41", "In Progress")]);
        g.learn(OPS, "AI Processing", &[t("61", "Validation")]);
        g.learn(OPS, "Validation", &[t("71", "Auto Update"), t("91", "In Progress")]);
        g.learn(OPS, "Auto Update", &[t("81", "Done")]);
        g.learn(OPS, "Done", &[t("101", "To Do")]);
        g
    }

    fn names(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn ops_to_do_to_in_review_goes_through_in_progress() {
        let g = ops_graph();
        assert_eq!(g.shortest_path(OPS, "To Do", "In Review"), Some(names(&["In Progress", "In Review"])));
    }

    #[test]
    fn ops_to_do_to_done_takes_the_review_route() {
        // Both In Review and AI Processing routes exist; In Review is shorter (3 hops vs 5).
        let g = ops_graph();
        assert_eq!(g.shortest_path(OPS, "To Do", "Done"), Some(names(&["In Progress", "In Review", "Done"])));
        assert_eq!(g.shortest_path(OPS, "Done", "In Review"), Some(names(&["To Do", "In Progress", "In Review"])));
    }

    #[test]
    fn ties_follow_offered_order() {
        let mut g = TransitionGraph::new();
        g.learn("S", "A", &[t("2", "C"), t("1", "B")]);
        g.learn("S", "B", &[t("3", "D")]);
        g.learn("S", "C", &[t("4", "D")]);
        assert_eq!(g.shortest_path("S", "A", "D"), Some(names(&["C", "D"])));
        g.learn("S", "A", &[t("1", "B"), t("2", "C")]);
        assert_eq!(g.shortest_path("S", "A", "D"), Some(names(&["B", "D"])));
    }

    #[test]
    fn same_status_is_an_empty_path() {
        let g = TransitionGraph::new();
        assert_eq!(g.shortest_path("nowhere", " done ", "DONE"), Some(Vec::new()));
    }

    #[test]
    fn no_known_path_is_none() {
        let g = ops_graph();
        assert_eq!(g.shortest_path(OPS, "To Do", "Blocked"), None);
        assert_eq!(g.shortest_path("PLAT/Task", "To Do", "Done"), None);
        assert_eq!(g.shortest_path(OPS, "Unknown", "Done"), None);
        let mut partial = TransitionGraph::new();
        partial.learn(OPS, "To Do", &[t("11", "In Progress")]);
        assert_eq!(partial.shortest_path(OPS, "To Do", "Done"), None);
    }

    #[test]
    fn status_names_compare_case_insensitively() {
        let g = ops_graph();
        assert_eq!(g.shortest_path(OPS, "  to do", "IN REVIEW "), Some(names(&["In Progress", "In Review"])));
        let offered = [t("11", "In Progress")];
        assert_eq!(transition_to(&offered, "in progress"), Some(&offered[0]));
        assert_eq!(transition_to(&offered, "Done"), None);
        assert_eq!(g.offered_from(OPS, "IN REVIEW").map(<[Transition]>::len), Some(2));
    }

    #[test]
    fn learning_replaces_what_was_known() {
        let mut g = ops_graph();
        g.learn(OPS, "to do", &[t("12", "In Review")]);
        assert_eq!(g.shortest_path(OPS, "To Do", "In Review"), Some(names(&["In Review"])));
        assert_eq!(g.offered_from(OPS, "To Do"), Some(&[t("12", "In Review")][..]));
    }

    #[test]
    fn learning_drops_blank_and_repeated_transitions() {
        let mut g = TransitionGraph::new();
        g.learn("S", "A", &[t("", "B"), t("1", " "), t("2", "B"), t("2", "C")]);
        assert_eq!(g.offered_from("S", "A"), Some(&[t("2", "B")][..]));
        g.learn("S", "  ", &[t("3", "B")]);
        assert_eq!(g.offered_from("S", ""), None);
    }

    #[test]
    fn self_loops_are_not_hops() {
        let mut g = TransitionGraph::new();
        g.learn("S", "A", &[t("1", "a"), t("2", "B")]);
        assert_eq!(g.shortest_path("S", "A", "B"), Some(names(&["B"])));
    }

    #[test]
    fn parses_a_transitions_response() {
        let response = json!({
            "expand": "transitions",
            "transitions": [
                {"id": "21", "name": "Start review", "to": {"id": "3", "name": "In Review"}, "isAvailable": true},
                {"id": "51", "name": "Hand to AI", "to": {"id": "5", "name": "AI Processing"}},
                {"id": "99", "name": "Blocked", "to": {"name": "Blocked"}, "isAvailable": false},
                {"id": 111, "to": {"name": "To Do"}},
                {"name": "no id", "to": {"name": "Done"}},
                {"id": "7", "to": {"id": "9"}},
                {"id": "8", "to": {"name": "  "}},
                {"id": ["x"], "to": {"name": "Done"}},
                "garbage"
            ]
        });
        assert_eq!(
            parse_transitions(&response),
            vec![t("21", "In Review"), t("51", "AI Processing"), t("111", "To Do")]
        );
        assert!(parse_transitions(&json!({})).is_empty());
        assert!(parse_transitions(&json!({"transitions": {}})).is_empty());
        assert!(parse_transitions(&json!(null)).is_empty());
    }

    #[test]
    fn engine_loop_learns_as_it_goes() {
        // Simulates the engine against the OPS workflow, starting with an empty graph.
        let workflow = ops_graph();
        let mut g = TransitionGraph::new();
        let mut status = "To Do".to_owned();
        let mut posted = Vec::new();
        // Nothing known yet and no direct transition: the engine explores towards an unlearned status.
        let offered = workflow.offered_from(OPS, &status).unwrap_or_default().to_vec();
        g.learn(OPS, &status, &offered);
        assert_eq!(g.next_hop(OPS, &status, "In Review", &offered), Some(t("11", "In Progress")));
        // Learning as it goes, it walks the path hop by hop.
        for _ in 0..10 {
            let offered = workflow.offered_from(OPS, &status).unwrap_or_default().to_vec();
            g.learn(OPS, &status, &offered);
            let Some(hop) = g.next_hop(OPS, &status, "In Review", &offered) else { break };
            posted.push(hop.id.clone());
            status = hop.to;
        }
        assert_eq!(posted, ["11", "21"]);
        assert_eq!(status, "In Review");
        // Once everything reachable is learned and the goal is not among it, there is no hop.
        let mut g = TransitionGraph::new();
        g.learn(OPS, "To Do", &[t("11", "In Progress")]);
        g.learn(OPS, "In Progress", &[t("111", "To Do")]);
        assert_eq!(g.next_hop(OPS, "To Do", "Done", &[t("11", "In Progress")]), None);
    }

    #[test]
    fn next_hop_prefers_direct_and_checks_the_path_is_offered() {
        let g = ops_graph();
        let offered = [t("31", "Done"), t("41", "In Progress")];
        assert_eq!(g.next_hop(OPS, "In Review", "done", &offered), Some(t("31", "Done")));
        assert_eq!(g.next_hop(OPS, "To Do", "In Review", &[t("11", "In Progress")]), Some(t("11", "In Progress")));
        // The known path's first hop is not offered right now.
        assert_eq!(g.next_hop(OPS, "To Do", "In Review", &[t("12", "Blocked")]), None);
        assert_eq!(g.next_hop(OPS, "Done", "done", &offered), None);
    }

    #[test]
    fn serde_round_trip_is_camel_case_and_sorted() {
        let g = ops_graph();
        let text = serde_json::to_string(&g).unwrap_or_default();
        assert!(text.starts_with(r#"{"scopes":{"OPS/Task":{"ai processing":[{"id":"61","to":"Validation"}]"#));
        let back: Result<TransitionGraph, _> = serde_json::from_str(&text);
        assert_eq!(back.ok(), Some(g));
        let empty: Result<TransitionGraph, _> = serde_json::from_str("{}");
        assert_eq!(empty.ok(), Some(TransitionGraph::new()));
    }

    #[test]
    fn hand_edited_keys_still_resolve() {
        let parsed: Result<TransitionGraph, _> =
            serde_json::from_str(r#"{"scopes":{"S":{"To Do":[{"id":"1","to":"Done"}]}}}"#);
        let Ok(mut g) = parsed else { panic!("parse failed") };
        assert_eq!(g.shortest_path("S", "to do", "done"), Some(names(&["Done"])));
        g.learn("S", "TO DO", &[t("2", "Doing")]);
        assert_eq!(g.offered_from("S", "To Do"), Some(&[t("2", "Doing")][..]));
        assert!(!g.is_empty());
    }

    #[test]
    fn paths_and_exploration_never_pass_through_a_done_status() {
        let done = |id: &str, to: &str| Transition { id: id.into(), to: to.into(), done: true };
        let mut g = TransitionGraph::new();
        g.learn("P/T", "Review", &[done("31", "Done"), t("41", "In Progress")]);
        g.learn("P/T", "Done", &[t("101", "To Do")]);
        g.learn("P/T", "In Progress", &[t("111", "To Do")]);
        assert_eq!(g.shortest_path("P/T", "Review", "To Do"), Some(vec!["In Progress".into(), "To Do".into()]));
        assert_eq!(g.shortest_path("P/T", "Review", "Done"), Some(vec!["Done".into()]));
        let mut h = TransitionGraph::new();
        let offered = [done("31", "Done"), t("41", "Unknown")];
        h.learn("P/T", "Review", &offered);
        assert_eq!(h.next_hop("P/T", "Review", "Elsewhere", &offered).map(|t| t.to), Some("Unknown".into()));
    }
}
