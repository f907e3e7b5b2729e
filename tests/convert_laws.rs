//! Laws of the composed Markdown ↔ wiki conversions, on the fixture corpora:
//! vault → Data Center → vault gives the canonical Markdown, and Data Center → vault → Data Center gives the
//! canonical wiki markup (each canonical form being what one trip through ADF produces).
mod common;

use jira_vault_sync::convert::{markdown_to_wiki, wiki_to_markdown};
use jira_vault_sync::{adf, markdown, wiki};

/// Data Center's `[~user]` holds no display name (Jira shows the user's current one), so a mention comes back
/// as `[@id](jira-mention:id)`: the documented normalisation of this trip.
fn without_mention_names(md: &str) -> String {
    let mut out = String::with_capacity(md.len());
    let mut rest = md;
    while let Some(start) = rest.find("[@") {
        let Some(mid) = rest[start..].find("](jira-mention:") else { break };
        let id_start = start + mid + "](jira-mention:".len();
        let Some(id_len) = rest[id_start..].find(')') else { break };
        let id = &rest[id_start..id_start + id_len];
        out.push_str(&rest[..start]);
        out.push_str(&format!("[@{id}](jira-mention:{id})"));
        rest = &rest[id_start + id_len + 1..];
    }
    out.push_str(rest);
    out
}

#[test]
fn markdown_survives_a_trip_through_wiki_markup() {
    let corpus = common::fixtures("tests/fixtures/markdown", "md");
    assert!(corpus.len() >= 5, "markdown corpus missing");
    let mut failures = Vec::new();
    for (name, md) in &corpus {
        let canonical =
            without_mention_names(&adf::adf_to_markdown(&markdown::markdown_to_adf(md)).expect("own ADF is valid"));
        let back = markdown_to_wiki(md)
            .map_err(|e| e.to_string())
            .and_then(|w| wiki_to_markdown(&w).map_err(|e| e.to_string()));
        match back {
            Ok(got) if got == canonical => {}
            Ok(got) => failures.push(format!("{name}:\n{}", common::diff(&canonical, &got))),
            Err(e) => failures.push(format!("{name}: {e}")),
        }
    }
    assert!(failures.is_empty(), "{} of {} notes changed:\n{}", failures.len(), corpus.len(), failures.join("\n"));
}

#[test]
fn wiki_markup_survives_a_trip_through_the_vault() {
    let corpus = common::fixtures("tests/fixtures/wiki", "wiki");
    assert!(corpus.len() >= 10, "wiki corpus missing");
    let mut failures = Vec::new();
    for (name, w) in &corpus {
        let canonical = wiki::adf_to_wiki(&wiki::wiki_to_adf(w)).expect("own ADF is valid");
        let md = wiki_to_markdown(w).expect("wiki ADF is valid");
        match markdown_to_wiki(&md) {
            Ok(got) if got == canonical => {}
            Ok(got) => failures.push(format!("{name} (via Markdown):\n{md}\n{}", common::diff(&canonical, &got))),
            Err(e) => failures.push(format!("{name}: {e}")),
        }
    }
    assert!(failures.is_empty(), "{} of {} documents changed:\n{}", failures.len(), corpus.len(), failures.join("\n"));
}
