//! Jira's side of issue links: reading the site's link types (`GET /issueLinkType`) and an issue's
//! `fields.issuelinks`, grouping them into the sets of keys each link property holds, and the body of the
//! `POST /issueLink` that creates one.
//!
//! Direction, as Jira stores it: a link has an `inwardIssue` and an `outwardIssue` as the create request names
//! them, and the inward issue *does* the type's outward phrase (`Blocks` with inward A and outward B: "A blocks
//! B"). Seen from A, the link shows `outwardIssue: B` (A's outward property lists B); seen from B it shows
//! `inwardIssue: A` (B's inward property lists A). The same body shapes hold on Cloud (v3) and Data Center (v2).

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Value, json};

use super::link_set::{LinkSide, LinkType};

/// One link as an issue's `issuelinks` shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssueLink {
    /// The link's id (for `DELETE /issueLink/{id}`).
    pub id: String,
    /// The link type's name (`Blocks`).
    pub type_name: String,
    /// Which side of the type the issue's property holds: `Outward` when the other issue is the
    /// `outwardIssue` (this issue blocks it).
    pub side: LinkSide,
    /// The other issue's key.
    pub key: String,
}

/// The link types of a `GET /issueLinkType` answer (`{"issueLinkTypes": [...]}`), in the site's order.
/// Entries without a name or phrases are left out. `None` when the answer has no such list.
pub fn read_link_types(body: &Value) -> Option<Vec<LinkType>> {
    let list = body.get("issueLinkTypes")?.as_array()?;
    let text = |t: &Value, k: &str| t.get(k).and_then(Value::as_str).map(str::to_owned);
    Some(
        list.iter()
            .filter_map(|t| {
                Some(LinkType { name: text(t, "name")?, inward: text(t, "inward")?, outward: text(t, "outward")? })
            })
            .collect(),
    )
}

/// The links of an issue (its `fields.issuelinks`). `None` when the answer does not carry the field (it was
/// not asked for), so an unknown set is never taken for an empty one. Entries Jira renders without an id,
/// type or other issue are left out.
pub fn read_issue_links(issue: &Value) -> Option<Vec<IssueLink>> {
    let list = issue.pointer("/fields/issuelinks")?.as_array()?;
    let links = list
        .iter()
        .filter_map(|l| {
            let id = match l.get("id")? {
                Value::String(s) => s.clone(),
                Value::Number(n) => n.to_string(),
                _ => return None,
            };
            let type_name = l.pointer("/type/name")?.as_str()?.to_owned();
            let (side, other) = match (l.get("outwardIssue"), l.get("inwardIssue")) {
                (Some(o), _) if o.is_object() => (LinkSide::Outward, o),
                (_, Some(i)) if i.is_object() => (LinkSide::Inward, i),
                _ => return None,
            };
            let key = other.get("key")?.as_str()?.to_owned();
            Some(IssueLink { id, type_name, side, key })
        })
        .collect();
    Some(links)
}

/// The keys each link property holds, given the site's properties (see
/// [`link_properties`](super::link_set::link_properties)): property → set of keys. Properties with no link are
/// absent. A link whose type has no property (a type added since the list was read) is left out.
pub fn property_sets(
    links: &[IssueLink],
    props: &BTreeMap<String, (String, Vec<LinkSide>)>,
) -> BTreeMap<String, BTreeSet<String>> {
    let mut sets: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for l in links {
        for (name, (type_name, sides)) in props {
            if *type_name == l.type_name && sides.contains(&l.side) {
                sets.entry(name.clone()).or_default().insert(l.key.clone());
            }
        }
    }
    sets
}

/// The ids of the links that put `key` in a property (several when a symmetric type links both ways).
pub fn link_ids(links: &[IssueLink], type_name: &str, sides: &[LinkSide], key: &str) -> Vec<String> {
    links
        .iter()
        .filter(|l| l.type_name == type_name && sides.contains(&l.side) && l.key == key)
        .map(|l| l.id.clone())
        .collect()
}

/// The `(inward, outward)` issues of the link that puts `other` in `issue`'s property of side `side`.
pub fn link_ends<'a>(issue: &'a str, other: &'a str, side: LinkSide) -> (&'a str, &'a str) {
    match side {
        LinkSide::Outward => (issue, other),
        LinkSide::Inward => (other, issue),
    }
}

/// The body of `POST /issueLink` (Cloud v3 and Data Center v2 alike).
pub fn create_link_body(type_name: &str, inward: &str, outward: &str) -> Value {
    json!({ "type": { "name": type_name }, "inwardIssue": { "key": inward }, "outwardIssue": { "key": outward } })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::alignment::link_set::link_properties;

    fn types() -> Vec<LinkType> {
        read_link_types(&json!({"issueLinkTypes": [
            {"id": "10000", "name": "Blocks", "inward": "is blocked by", "outward": "blocks"},
            {"id": "10003", "name": "Relates", "inward": "relates to", "outward": "relates to"},
            {"id": "1", "name": "Broken"}
        ]}))
        .unwrap_or_default()
    }

    #[test]
    fn link_types_are_read_in_the_sites_order() {
        let names: Vec<String> = types().into_iter().map(|t| t.name).collect();
        assert_eq!(names, ["Blocks", "Relates"]);
        assert_eq!(read_link_types(&json!({})), None);
    }

    #[test]
    fn an_issues_links_fill_its_properties_by_side() {
        let issue = json!({"fields": {"issuelinks": [
            {"id": "1", "type": {"name": "Blocks"}, "outwardIssue": {"key": "OPS-2"}},
            {"id": 2, "type": {"name": "Blocks"}, "inwardIssue": {"key": "OPS-3"}},
            {"id": "3", "type": {"name": "Relates"}, "inwardIssue": {"key": "PLAT-1"}},
            {"id": "4", "type": {"name": "Relates"}, "outwardIssue": {"key": "PLAT-1"}},
            {"id": "5", "type": {"name": "Unknown"}, "outwardIssue": {"key": "X-1"}},
            {"type": {"name": "Blocks"}, "outwardIssue": {"key": "OPS-9"}}
        ]}});
        let links = read_issue_links(&issue).unwrap_or_default();
        assert_eq!(links.len(), 5);
        assert_eq!(
            links[1],
            IssueLink { id: "2".into(), type_name: "Blocks".into(), side: LinkSide::Inward, key: "OPS-3".into() }
        );
        let props = link_properties(&types(), &BTreeMap::new());
        let sets = property_sets(&links, &props);
        let keys = |p: &str| sets.get(p).map(|s| s.iter().cloned().collect::<Vec<_>>()).unwrap_or_default();
        assert_eq!(keys("blocks"), ["OPS-2"]);
        assert_eq!(keys("is_blocked_by"), ["OPS-3"]);
        assert_eq!(keys("relates_to"), ["PLAT-1"]);
        assert_eq!(link_ids(&links, "Relates", &[LinkSide::Outward, LinkSide::Inward], "PLAT-1"), ["3", "4"]);
        assert_eq!(read_issue_links(&json!({"fields": {}})), None);
    }

    #[test]
    fn the_create_body_names_the_inward_issue_as_the_doer() {
        assert_eq!(link_ends("OPS-1", "OPS-2", LinkSide::Outward), ("OPS-1", "OPS-2"));
        assert_eq!(link_ends("OPS-1", "OPS-2", LinkSide::Inward), ("OPS-2", "OPS-1"));
        assert_eq!(
            create_link_body("Blocks", "OPS-1", "OPS-2"),
            json!({"type": {"name": "Blocks"}, "inwardIssue": {"key": "OPS-1"}, "outwardIssue": {"key": "OPS-2"}})
        );
    }
}
