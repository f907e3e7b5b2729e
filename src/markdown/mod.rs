//! Obsidian-flavoured Markdown → ADF. Never fails: whatever cannot be mapped becomes text.
//!
//! Parsing is pulldown-cmark (CommonMark + tables, task lists, strikethrough, footnotes, math, wiki links);
//! callouts, `==highlight==`, `%%comments%%`, `#tags` and `:emoji:` are recognised on top. Obsidian-only
//! syntax (wiki links, embeds, tags, comments, math, footnotes) goes to Jira verbatim, as text carrying a link
//! mark to `jvs:obsidian`, so it comes back as live syntax. Raw HTML becomes text. The result is valid against
//! the ADF schema: content a container may not hold is adapted (see [`sanitise`]).

mod blocks;
mod containers;
mod html;
mod inline;
mod sanitise;

use serde_json::{Value, json};

/// Converts Markdown to an ADF document `{"version":1,"type":"doc","content":[…]}`.
pub fn markdown_to_adf(md: &str) -> Value {
    let content = blocks::parse(md);
    json!({"version": 1, "type": "doc", "content": content})
}
