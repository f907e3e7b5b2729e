//! Finding 10, `missingLinkTarget`: a link property (see [`link_set`](crate::alignment::link_set)) whose entry
//! names an issue no note holds, when one should: a wiki-link to a note that is not in the vault, or the key of
//! an issue the sync tracks or whose project it syncs whole. A plain key of an issue outside every scope is not
//! missing (the sync writes such links as plain keys). The link properties are those the sites' link types
//! (kept in each site's state) and the configured renames give; with issue links off there are none.

use super::input::VaultView;
use super::notes::should_have_note;
use super::{Finding, FindingKind, FindingSeverity};
use crate::alignment::key_ref::key_in_reference;
use crate::alignment::link_set::{entries_of, link_properties, reference_string};

/// Finding 10 over the judged notes.
pub(super) fn link_findings(view: &VaultView<'_>) -> Vec<Finding> {
    let config = &view.input.config;
    if !config.issue_links.enabled {
        return Vec::new();
    }
    let mut names = std::collections::BTreeSet::new();
    for site in &view.input.sites {
        if let Some(types) = &site.state.link_types {
            names.extend(link_properties(types, &config.issue_links.renames).into_keys());
        }
    }
    let mut out = Vec::new();
    for note in view.notes.iter().filter(|n| n.judged) {
        let Some(fm) = &note.frontmatter else { continue };
        for name in &names {
            let Some(value) = fm.get(name) else { continue };
            for entry in entries_of(value) {
                let Some(text) = reference_string(entry) else { continue };
                let Some(key) = key_in_reference(&text) else { continue };
                if view.by_key.contains_key(key) || !should_have_note(view, &text, key) {
                    continue;
                }
                let message = format!(
                    "The linked issue {key} ({name}: {}) has no note in the vault. Sync again to bring it in, or \
                     correct or remove the link.",
                    text.trim()
                );
                let mut f = Finding::new(
                    FindingKind::MissingLinkTarget,
                    FindingSeverity::Warning,
                    message,
                    vec![note.path.to_owned()],
                );
                f.key = note.key.clone();
                out.push(f);
            }
        }
    }
    out
}
