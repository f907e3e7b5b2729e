//! Finding the rule blocks of a rules note: fenced code blocks whose info string is `jira-rule`.
//!
//! Fences follow CommonMark: a line indented by at most three spaces opening with at least three backticks or
//! tildes; the block ends at a line holding a fence of the same character at least as long, with nothing after
//! it but spaces. A block that is never closed runs to the end of the note, as Obsidian shows it.

/// The info string that marks a rule block.
pub const RULE_LANGUAGE: &str = "jira-rule";

/// One rule block of a note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// Byte offset of the opening fence line.
    pub fence: usize,
    /// Byte range of the block's content (the YAML), between the fence lines.
    pub content: std::ops::Range<usize>,
    /// Whether a closing fence was found.
    pub closed: bool,
}

/// The rule blocks of `note`, in order.
pub fn rule_blocks(note: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut open: Option<(usize, u8, usize, usize, bool)> = None; // fence start, char, length, content start, is a rule
    let mut at = 0;
    for line in note.split_inclusive('\n') {
        let start = at;
        at += line.len();
        match open {
            None => {
                if let Some((ch, len, info)) = fence(line) {
                    let is_rule = info.split_whitespace().next() == Some(RULE_LANGUAGE);
                    open = Some((start, ch, len, at, is_rule));
                }
            }
            Some((fence_at, ch, len, content_start, is_rule)) => {
                if let Some((c, l, info)) = fence(line) {
                    if c == ch && l >= len && info.trim().is_empty() {
                        if is_rule {
                            blocks.push(Block { fence: fence_at, content: content_start..start, closed: true });
                        }
                        open = None;
                    }
                }
            }
        }
    }
    if let Some((fence_at, _, _, content_start, true)) = open {
        blocks.push(Block { fence: fence_at, content: content_start..note.len(), closed: false });
    }
    blocks
}

/// A fence line: its character, its length and the rest of the line (the info string).
fn fence(line: &str) -> Option<(u8, usize, &str)> {
    let body = line.trim_end_matches(['\n', '\r']);
    let indent = body.len() - body.trim_start_matches(' ').len();
    if indent > 3 {
        return None;
    }
    let rest = &body[indent..];
    let ch = *rest.as_bytes().first()?;
    if ch != b'`' && ch != b'~' {
        return None;
    }
    let len = rest.bytes().take_while(|&b| b == ch).count();
    let info = &rest[len..];
    // A backtick fence's info string may not hold a backtick.
    if len < 3 || (ch == b'`' && info.contains('`')) {
        return None;
    }
    Some((ch, len, info))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_rule_blocks_and_skips_others() {
        let note = "# Rules\n```jira-rule\nname: a\n```\n\n~~~~ jira-rule {.x}\nname: b\n~~~\nstill b\n~~~~\n```yaml\nname: c\n```\n    ```jira-rule\n```jira-rule\nname: d";
        let blocks = rule_blocks(note);
        let texts: Vec<&str> = blocks.iter().map(|b| &note[b.content.clone()]).collect();
        assert_eq!(texts, ["name: a\n", "name: b\n~~~\nstill b\n", "name: d"]);
        assert_eq!(blocks.iter().map(|b| b.closed).collect::<Vec<_>>(), [true, true, false]);
        assert_eq!(blocks[0].fence, 8);
    }

    #[test]
    fn a_rule_fence_inside_another_block_is_text() {
        let note = "````md\n```jira-rule\nname: x\n```\n````\n";
        assert_eq!(rule_blocks(note), []);
    }
}
