//! Issue links in the sync: typed link properties in notes (`blocks: ["[[OPS-2 Page the secondary]]"]`) ↔
//! Jira's `fields.issuelinks`, three-way merged per property as sets of keys (see
//! [`link_set`](crate::alignment::link_set)), pushed with `POST /issueLink` and `DELETE /issueLink/{id}`.
//!
//! Decisions and invariants:
//! - The property names come from the site's link types (`GET /issueLinkType`), read once and kept in the
//!   state ([`SiteState::link_types`](super::SiteState::link_types)); a quiet sync sends no extra request.
//!   Each issue's links come with the pull (`issuelinks` is one more field of the search).
//! - The merge compares keys only; the base is [`IssueBase::links`](super::IssueBase::links). A link is
//!   written as a wiki-link to the note of its issue (found by key, so a renamed note is followed), to the
//!   note an in-scope issue is about to get, or as the plain key when the issue is out of scope. The user's
//!   spelling of a current link (folder, alias) and entries that name no key are kept; they are reported once.
//! - Before any link request, the issue's links are read again (`GET /issue/{id}?fields=issuelinks`) and the
//!   merge redone against them: a run killed after a `POST` finds the link in Jira on the next run and never
//!   creates it twice (Jira, and the simulator, also keep an identical link single). Within one run, a link
//!   both of its issues' notes added is created once (`links_made`), a link removed from both deleted once.
//! - A link Jira refuses (unknown key, unknown type) is a per-note error: the note keeps the entry, the base
//!   does not take it, so the next sync tries again. An unknown type also drops the cached type list.
//! - A pull-only run writes nothing to Jira: what the note added or removed stays a local change (the base
//!   takes Jira's set), as for fields (see `work.rs`, `hold_local_changes`).

use crate::sort::CollectOrdered as _;
use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::io::Response;
use super::local::LocalNote;
use super::report::Level;
use super::run::{Purpose, SyncRun};
use super::state::IssueBase;
use super::work::Step;
use crate::alignment::jira_links::{
    IssueLink, create_link_body, link_ends, link_ids, property_sets, read_issue_links, read_link_types,
};
use crate::alignment::link_set::{LinkSide, entries_of, keys_of, link_properties, merge_set, reference_string};
use crate::alignment::parent_link::{reference_text, same_reference};
use crate::sync::KeyStyle;

/// The link properties of the run: property → (link type name, sides).
pub(super) type LinkProps = BTreeMap<String, (String, Vec<LinkSide>)>;

/// Sets of keys by link property.
type Sets = BTreeMap<String, BTreeSet<String>>;

/// Linked keys by link property, as [`IssueBase::links`] keeps them.
type BaseLinks = BTreeMap<String, Vec<String>>;

/// The link part of one issue's work.
#[derive(Debug, Clone, Default)]
pub struct LinkWork {
    /// Whether links were merged for this issue (its note was read and Jira's or the base's links are known).
    pub planned: bool,
    /// The base the merge used (`None`: never synced).
    base: Option<Sets>,
    /// The note's keys by property.
    local: Sets,
    /// What the base takes afterwards.
    agreed: Sets,
    /// Links to create in Jira: (property, key).
    add: BTreeSet<(String, String)>,
    /// Links to delete in Jira: (property, key).
    remove: BTreeSet<(String, String)>,
    /// Property values to write into the note (`None`: remove the property).
    pub note: BTreeMap<String, Option<Value>>,
    /// The links were read again before the writes.
    read: bool,
    /// Link requests not answered yet.
    pending: u32,
}

impl LinkWork {
    /// The base links to keep for the issue: `agreed`, properties with no link left out.
    pub fn base_links(&self) -> BaseLinks {
        self.agreed
            .iter()
            .filter(|(_, s)| !s.is_empty())
            .map(|(p, s)| (p.clone(), s.iter().cloned().collect()))
            .collect_map()
    }
}

impl SyncRun {
    /// Whether link properties are on.
    pub(super) fn links_on(&self) -> bool {
        self.input.config.issue_links.enabled
    }

    /// Asks for the site's link types when link properties are on and they are not known (or on a `Full` run).
    pub(super) fn request_link_types(&mut self) {
        let full = matches!(self.input.mode, super::RunMode::Full | super::RunMode::Arrange);
        if (self.links_on() || self.auto.needs.link_types) && (self.state.link_types.is_none() || full) {
            let api = self.api();
            self.send("GET", format!("{api}/issueLinkType"), &[], None, Purpose::LinkTypes);
        }
    }

    /// Takes the site's link types. Without them link properties are left alone this run (a warning).
    pub(super) fn on_link_types(&mut self, response: &Response) {
        match read_link_types(&response.body).filter(|_| response.ok()) {
            Some(types) => self.state.link_types = Some(types),
            None => {
                let why = response.error.clone().unwrap_or_else(|| format!("HTTP {}", response.status));
                let msg = format!("issue links were not synced: Jira's link types could not be read ({why})");
                self.log(Level::Warning, None, None, msg);
            }
        }
    }

    /// Fixes the run's link properties from the known types and the configured names. Call after set-up.
    pub(super) fn index_link_props(&mut self) {
        self.link_props = match (&self.state.link_types, self.links_on()) {
            (Some(types), true) => link_properties(types, &self.input.config.issue_links.renames),
            _ => LinkProps::new(),
        };
    }

    /// Whether an unchanged base lacks links the run must fetch (links on, never synced for this issue).
    pub(super) fn base_lacks_links(&self, base: &IssueBase) -> bool {
        !self.link_props.is_empty() && base.links.is_none()
    }

    /// Whether a note's link properties still name exactly the keys of its base. A note given by fingerprint
    /// only is its recorded text, so it is unchanged.
    pub(super) fn links_unchanged(&self, note: &LocalNote, base: &IssueBase) -> bool {
        if self.link_props.is_empty() || note.unread {
            return true;
        }
        let Some(links) = &base.links else { return false };
        let fm = note.frontmatter.as_ref();
        self.link_props.keys().all(|prop| {
            let value = fm.and_then(|f| f.get(prop)).unwrap_or(&Value::Null);
            let local = keys_of(value).0;
            let base: BTreeSet<String> = links.get(prop).map(|v| v.iter().cloned().collect_set()).unwrap_or_default();
            local == base
        })
    }

    /// Paths of synced notes whose link properties name a note renamed or moved since: their link text is
    /// refreshed this run. Call after `index_keys`.
    pub(super) fn stale_issue_links(&mut self) -> BTreeSet<String> {
        if self.link_props.is_empty() {
            return BTreeSet::new();
        }
        let moved = self.moved_note_keys();
        if moved.is_empty() {
            return BTreeSet::new();
        }
        self.state
            .issues
            .values()
            .filter(|b| b.links.as_ref().is_some_and(|l| l.values().flatten().any(|k| moved.contains(k.as_str()))))
            .filter_map(|b| self.note_of(&b.key, Some(b)))
            .collect_set()
    }

    /// The link property values of a new note: Jira's links as references, properties with none left out.
    pub(super) fn new_note_links(&self, links: Option<&[IssueLink]>) -> (Vec<(String, Value)>, Option<BaseLinks>) {
        let Some(links) = links.filter(|_| !self.link_props.is_empty()) else { return (Vec::new(), None) };
        let sets = property_sets(links, &self.link_props);
        let fields = sets.iter().filter_map(|(p, keys)| Some((p.clone(), self.link_value(None, keys)?))).collect();
        let base = sets.into_iter().map(|(p, s)| (p, s.into_iter().collect())).collect_map();
        (fields, Some(base))
    }

    /// Merges the links of a planned issue (see the module documentation) into its work.
    pub(super) fn plan_links(&mut self, id: &str, created: bool) {
        let Some(w) = self.work.get(id) else { return };
        let mut links = LinkWork::default();
        let note = self.notes.get(&w.path);
        let base: Option<Sets> = if created {
            None
        } else {
            w.stored
                .as_ref()
                .and_then(|s| s.links.as_ref())
                .map(|l| l.iter().map(|(p, keys)| (p.clone(), keys.iter().cloned().collect_set())).collect_map())
        };
        let remote: Option<Sets> = match (&w.remote.links, &base) {
            (Some(l), _) => Some(property_sets(l, &self.link_props)),
            (None, Some(b)) => Some(b.clone()),
            (None, None) => None,
        };
        let readable = note.is_some_and(|n| !n.unread && n.frontmatter.is_some() && n.unreadable.is_none());
        let (Some(note), Some(remote), false, true) = (note, remote, self.link_props.is_empty(), readable) else {
            // Nothing known to merge: the base keeps its links.
            if let Some(w) = self.work.get_mut(id) {
                w.links = links;
            }
            return;
        };
        let (path, key) = (w.path.clone(), w.remote.key.clone());
        let pushes = self.input.mode.pushes() && !self.input.dry_run;
        let fm = note.frontmatter.as_ref();
        let mut unreadable = Vec::new();
        for prop in self.link_props.keys() {
            let value = fm.and_then(|f| f.get(prop));
            let (local, bad) = keys_of(value.unwrap_or(&Value::Null));
            unreadable.extend(bad.into_iter().map(|b| format!("{prop}: \"{b}\"")));
            let jira = remote.get(prop).cloned().unwrap_or_default();
            let prior = base.as_ref().map(|b| b.get(prop).cloned().unwrap_or_default());
            let m = merge_set(prior.as_ref(), &local, &jira);
            let shown = m.merged.clone();
            if pushes {
                links.add.extend(m.add.iter().map(|k| (prop.clone(), k.clone())));
                links.remove.extend(m.remove.iter().map(|k| (prop.clone(), k.clone())));
                links.agreed.insert(prop.clone(), m.merged);
            } else {
                // Nothing reaches Jira: the base takes Jira's set, so the note's change is pushed next time.
                links.agreed.insert(prop.clone(), jira);
            }
            if let Some(text) = self.link_value(value, &shown) {
                if Some(&text) != value {
                    links.note.insert(prop.clone(), Some(text));
                }
            } else if value.is_some_and(|v| !v.is_null()) && local != shown {
                links.note.insert(prop.clone(), None);
            }
            links.local.insert(prop.clone(), local);
        }
        links.base = base;
        links.planned = true;
        if !unreadable.is_empty() {
            let msg = format!("link entries that name no issue were left as they are: {}", unreadable.join(", "));
            self.log(Level::Warning, Some(&path), Some(&key), msg);
        }
        if self.input.dry_run {
            let what: Vec<String> = (links.add.iter().map(|(p, k)| format!("{p} + {k}")))
                .chain(links.remove.iter().map(|(p, k)| format!("{p} − {k}")))
                .collect();
            if !what.is_empty() {
                self.log(Level::Info, Some(&path), Some(&key), format!("would update Jira links: {}", what.join(", ")));
            }
        }
        if let Some(w) = self.work.get_mut(id) {
            w.links = links;
        }
    }

    /// A link property's value for the keys `keys`: the note's entries in their order (a current link in the
    /// user's spelling; a stale one rewritten; entries naming no key kept), then the new keys in key order.
    /// `None` when nothing is left (the property is removed).
    fn link_value(&self, current: Option<&Value>, keys: &BTreeSet<String>) -> Option<Value> {
        let entries = current.map(entries_of).unwrap_or_default();
        let mut out: Vec<Value> = Vec::new();
        let mut done = BTreeSet::new();
        for entry in entries {
            let Some(text) = reference_string(entry) else {
                if !entry.is_null() {
                    out.push(entry.clone());
                }
                continue;
            };
            match crate::alignment::key_in_reference(&text) {
                Some(k) if keys.contains(k) && done.insert(k.to_owned()) => {
                    let wanted = self.reference(k);
                    out.push(if same_reference(&text, &wanted) { entry.clone() } else { Value::String(wanted) });
                }
                Some(_) => {}
                None if text.trim().is_empty() => {}
                None => out.push(entry.clone()),
            }
        }
        for k in keys.iter().filter(|k| !done.contains(*k)) {
            out.push(Value::String(self.reference(k)));
        }
        if out.is_empty() {
            return None;
        }
        // A single entry the note wrote as the whole value (a string, an unquoted link) stays that.
        match (current, out.as_slice()) {
            (Some(c), [one]) if !matches!(c, Value::Array(_)) || c == one => Some(one.clone()),
            _ => Some(Value::Array(out)),
        }
    }

    /// How a linked key is written: a wiki-link to its note (existing or about to be written), else the key.
    fn reference(&self, key: &str) -> String {
        reference_text(key, self.link_stems.get(key).map(String::as_str), KeyStyle::Link)
    }

    /// Starts the link writes of an issue whose other work is done: reads its links again first. Returns
    /// whether the issue waits for link requests (it completes once they are answered).
    pub(super) fn links_await(&mut self, id: &str) -> bool {
        let Some(w) = self.work.get_mut(id) else { return false };
        if w.links.pending > 0 {
            return true;
        }
        if w.links.read || (w.links.add.is_empty() && w.links.remove.is_empty()) {
            return false;
        }
        w.links.read = true;
        let api = self.api();
        let query = [("fields", "issuelinks".to_owned())];
        self.send("GET", format!("{api}/issue/{id}"), &query, None, Purpose::Work(id.to_owned(), Step::LinkRead));
        true
    }

    /// The issue's links read again: the merge is redone against them and the link requests sent.
    pub(super) fn on_link_read(&mut self, id: &str, response: &Response) {
        let fresh = read_issue_links(&response.body).filter(|_| response.ok());
        let Some(w) = self.work.get_mut(id) else { return };
        let (path, key) = (w.path.clone(), w.remote.key.clone());
        let Some(fresh) = fresh else {
            // Nothing is sent; the base keeps what it had for the properties the note changed.
            let base = w.links.base.clone().unwrap_or_default();
            let touched: BTreeSet<String> =
                crate::sort::collect_set(w.links.add.iter().chain(&w.links.remove).map(|(p, _)| p.clone()));
            for prop in touched {
                w.links.agreed.insert(prop.clone(), base.get(&prop).cloned().unwrap_or_default());
            }
            w.links.add.clear();
            w.links.remove.clear();
            let why = response.error.clone().unwrap_or_else(|| format!("HTTP {}", response.status));
            self.log(Level::Error, Some(&path), Some(&key), format!("the issue's links could not be read: {why}"));
            return self.complete(id);
        };
        let sets = property_sets(&fresh, &self.link_props);
        let Some(w) = self.work.get_mut(id) else { return };
        w.remote.links = Some(fresh.clone());
        let (mut add, mut remove, mut moved) = (Vec::new(), Vec::new(), Vec::new());
        for (prop, local) in &w.links.local {
            let jira = sets.get(prop).cloned().unwrap_or_default();
            let prior = w.links.base.as_ref().map(|b| b.get(prop).cloned().unwrap_or_default());
            let m = merge_set(prior.as_ref(), local, &jira);
            add.extend(m.add.iter().map(|k| (prop.clone(), k.clone())));
            remove.extend(m.remove.iter().map(|k| (prop.clone(), k.clone())));
            if w.links.agreed.get(prop) != Some(&m.merged) {
                moved.push((prop.clone(), m.merged));
            }
        }
        // Jira changed since the pull: what the note shows follows the new merge.
        for (prop, merged) in moved {
            let current =
                self.notes.get(&path).and_then(|n| n.frontmatter.as_ref()).and_then(|f| f.get(&prop)).cloned();
            let value = self.link_value(current.as_ref(), &merged);
            if let Some(w) = self.work.get_mut(id) {
                w.links.agreed.insert(prop.clone(), merged);
                if value.as_ref() != current.as_ref() {
                    w.links.note.insert(prop, value);
                }
            }
        }
        let api = self.api();
        let mut pending = 0;
        for (prop, other) in add {
            let Some((type_name, sides)) = self.link_props.get(&prop).cloned() else { continue };
            let side = sides.first().copied().unwrap_or(LinkSide::Outward);
            let (inward, outward) = link_ends(&key, &other, side);
            let made = if sides.len() > 1 {
                // A symmetric type: the same link whichever issue is named first.
                let (a, b) = if inward <= outward { (inward, outward) } else { (outward, inward) };
                (type_name.clone(), a.to_owned(), b.to_owned())
            } else {
                (type_name.clone(), inward.to_owned(), outward.to_owned())
            };
            if !self.links_made.insert(made) {
                continue;
            }
            let body = create_link_body(&type_name, inward, outward);
            let why = Purpose::Work(id.to_owned(), Step::LinkAdd(prop, other));
            self.send("POST", format!("{api}/issueLink"), &[], Some(body), why);
            pending += 1;
        }
        for (prop, other) in remove {
            let Some((type_name, sides)) = self.link_props.get(&prop).cloned() else { continue };
            for link in link_ids(&fresh, &type_name, &sides, &other) {
                if !self.links_deleted.insert(link.clone()) {
                    continue;
                }
                let why = Purpose::Work(id.to_owned(), Step::LinkDelete(prop.clone(), other.clone()));
                self.send("DELETE", format!("{api}/issueLink/{link}"), &[], None, why);
                pending += 1;
            }
        }
        if let Some(w) = self.work.get_mut(id) {
            w.links.pending = pending;
        }
        if pending == 0 {
            self.complete(id);
        }
    }

    /// The answer to one link request.
    pub(super) fn on_link_write(&mut self, id: &str, step: &Step, response: &Response) {
        let Some(w) = self.work.get_mut(id) else { return };
        let (path, key) = (w.path.clone(), w.remote.key.clone());
        w.links.pending = w.links.pending.saturating_sub(1);
        let why = response.error.clone().unwrap_or_else(|| format!("HTTP {}", response.status));
        match step {
            Step::LinkAdd(prop, other) if response.ok() => {
                self.log(Level::Info, Some(&path), Some(&key), format!("Jira linked: {prop} {other}"));
            }
            Step::LinkAdd(prop, other) => {
                // Kept in the note, not in the base: the next sync tries again.
                if let Some(set) = w.links.agreed.get_mut(prop) {
                    set.remove(other);
                }
                if why.to_lowercase().contains("link type") {
                    self.state.link_types = None;
                }
                let msg =
                    format!("Jira refused the link {prop} {other}: {why} The note keeps it; fix it and sync again.");
                self.log(Level::Error, Some(&path), Some(&key), msg);
            }
            // Already gone (deleted from the other side meanwhile) is what was wanted.
            Step::LinkDelete(prop, other) if response.ok() || response.status == 404 => {
                self.log(Level::Info, Some(&path), Some(&key), format!("Jira unlinked: {prop} {other}"));
            }
            Step::LinkDelete(prop, other) => {
                w.links.agreed.entry(prop.clone()).or_default().insert(other.clone());
                self.log(
                    Level::Error,
                    Some(&path),
                    Some(&key),
                    format!("Jira refused to remove the link {prop} {other}: {why}"),
                );
            }
            _ => {}
        }
        if self.work.get(id).is_some_and(|w| w.links.pending == 0) {
            self.complete(id);
        }
    }
}
