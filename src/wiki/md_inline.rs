//! The inline half of the direct wiki → Markdown writer (`super::to_markdown`): a paragraph's, heading's or list
//! item's wiki text read as [`super::inline`] reads it, for the texts whose ADF would be in the Markdown writer's
//! proven subset (`crate::adf::proven`), and written as `crate::adf::inline` writes that ADF.
//!
//! [`read`] accepts only ASCII text of the proven alphabet (letters, digits, space and `.,;:?'"()/-`), with
//! `*strong*`, `_em_`, `-strike-`, `{{code}}`, `[text|http(s) URL]` and `[~mention]` around plain text, and
//! declines (`None`) anything else, for the caller to take the path through ADF. Where it accepts, it finds what
//! the wiki parser finds: the same delimiter rules (an opener not after a letter or digit and before a non-space,
//! the first closer after a non-space and not before a letter or digit, searched in the whole text as the
//! parser's indexes are), the same emoticon test at `(`, and runs merged as `canonicalise` merges text nodes.
//! [`write`] then applies the proven subset's conditions and writes the runs, escaping text with the Markdown
//! writer's own function. The proof that both halves agree with the path through ADF is
//! `tests/direct_markdown_proptest.rs`, and debug builds compare every conversion.

use crate::adf::safety::{escape_text_into, is_inert_code_span};

/// A run's mark: what its ADF text node's one mark would be.
#[derive(Clone, PartialEq)]
pub(super) enum Mark {
    None,
    Strong,
    Em,
    Strike,
    Code,
    /// A link to this URL (no title).
    Link(String),
    /// A mention: the run's text is the id.
    Mention,
}

/// One ADF inline node of the subset: text with at most one mark, or a mention.
pub(super) struct Run {
    pub text: String,
    pub mark: Mark,
}

/// The delimiter characters the subset reads, in the wiki parser's `MARKS` order where they are marks.
const DELIMS: [u8; 3] = [b'*', b'_', b'-'];

/// True for the bytes a proven Markdown text may hold.
fn text_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric()
        || matches!(b, b' ' | b'.' | b',' | b';' | b':' | b'?' | b'\'' | b'"' | b'(' | b')' | b'/' | b'-')
}

/// True for the bytes a proven code span may hold (no `` ` ``, `~`, `<`, `%`, `|`, line break; here also no
/// braces or backslash, which the wiki parser reads specially).
fn code_byte(b: u8) -> bool {
    b == b' ' || (b.is_ascii_graphic() && !matches!(b, b'`' | b'~' | b'<' | b'%' | b'|' | b'{' | b'}' | b'\\'))
}

struct Reader<'a> {
    b: &'a [u8],
    /// Candidate closers of `*`, `_`, `-` (the wiki parser's `Index::plain`).
    plain: [Vec<usize>; 3],
    rbracket: Vec<usize>,
    pipe: Vec<usize>,
    /// `}` followed by `}`.
    mono_end: Vec<usize>,
    runs: Vec<Run>,
}

/// The first position in `list` that is `>= from` and `< before`.
fn first_in(list: &[usize], from: usize, before: usize) -> Option<usize> {
    let i = list.partition_point(|&p| p < from);
    list.get(i).copied().filter(|&p| p < before)
}

/// `char::is_whitespace` of an ASCII byte.
fn space(b: u8) -> bool {
    char::from(b).is_whitespace()
}

/// Reads `text` (as `parse_inline` receives it) into runs, or `None` outside the subset.
pub(super) fn read(text: &str) -> Option<Vec<Run>> {
    let b = text.as_bytes();
    if b.is_empty() || !b.iter().all(|&c| text_byte(c) || code_byte(c) || matches!(c, b'{' | b'}' | b'|' | b'~')) {
        return None;
    }
    let mut r = Reader {
        b,
        plain: Default::default(),
        rbracket: Vec::new(),
        pipe: Vec::new(),
        mono_end: Vec::new(),
        runs: Vec::new(),
    };
    for (j, &c) in b.iter().enumerate() {
        let m = match c {
            b'*' => 0,
            b'_' => 1,
            b'-' => 2,
            b']' => {
                r.rbracket.push(j);
                continue;
            }
            b'|' => {
                r.pipe.push(j);
                continue;
            }
            b'}' => {
                if b.get(j + 1) == Some(&b'}') {
                    r.mono_end.push(j);
                }
                continue;
            }
            _ => continue,
        };
        if j > 0 && !space(b[j - 1]) && !b.get(j + 1).is_some_and(u8::is_ascii_alphanumeric) {
            r.plain[m].push(j);
        }
    }
    r.range(0, b.len(), &Mark::None)?;
    Some(r.runs)
}

impl Reader<'_> {
    /// Appends text with `mark`, merged into the last run when that has the same mark (as `canonicalise` merges).
    fn push(&mut self, text: &[u8], mark: &Mark) {
        if text.is_empty() {
            return;
        }
        let text = std::str::from_utf8(text).unwrap_or_default();
        match self.runs.last_mut() {
            Some(last) if last.mark == *mark && *mark != Mark::Mention => last.text.push_str(text),
            _ => self.runs.push(Run { text: text.to_owned(), mark: mark.clone() }),
        }
    }

    /// `Parser::range` of `b[start..end]` under `mark` (at most one: inside a mark every construct declines).
    fn range(&mut self, start: usize, end: usize, mark: &Mark) -> Option<()> {
        let b = self.b;
        let mut lit = start;
        let mut i = start;
        while i < end {
            let c = b[i];
            let nested = *mark != Mark::None;
            let handled = match c {
                b'{' => {
                    // `{{code}}` is the only brace the subset has; `{x}` forms and macros decline.
                    if nested || b.get(i + 1) != Some(&b'{') || i + 1 >= end {
                        return None;
                    }
                    let close = first_in(&self.mono_end, i + 3, end.saturating_sub(1))?;
                    let code = &b[i + 2..close];
                    if !code.iter().all(|&x| code_byte(x)) {
                        return None;
                    }
                    self.push(&b[lit..i], mark);
                    self.push(code, &Mark::Code);
                    Some(close + 2)
                }
                b'[' => {
                    if nested {
                        return None;
                    }
                    let k = first_in(&self.rbracket, i + 1, end)?;
                    if k == i + 1 {
                        return None;
                    }
                    if b[i + 1] == b'~' {
                        let id = &b[i + 2..k];
                        if id.is_empty() || !id.iter().all(|&x| x.is_ascii_alphanumeric() || x == b'-') {
                            return None;
                        }
                        self.push(&b[lit..i], mark);
                        self.runs.push(Run { text: std::str::from_utf8(id).ok()?.to_owned(), mark: Mark::Mention });
                        Some(k + 1)
                    } else {
                        // `[text|URL]`, `[|URL]` or `[URL]`: at most one pipe (no title).
                        let p = first_in(&self.pipe, i + 1, k);
                        let target = p.map_or(i + 1, |p| p + 1);
                        if first_in(&self.pipe, target, k).is_some() {
                            return None;
                        }
                        let href = std::str::from_utf8(&b[target..k]).ok()?;
                        if href.trim() != href || !proven_href(href) {
                            return None;
                        }
                        self.push(&b[lit..i], mark);
                        let link = Mark::Link(href.to_owned());
                        let before = self.runs.len();
                        match p {
                            // The link's text, read as inline text under the link mark.
                            Some(p) if p > i + 1 => self.range(i + 1, p, &link)?,
                            // No text: the URL is the text.
                            _ => self.push(href.as_bytes(), &link),
                        }
                        // The link's text is one run of its own (a merge with a run before it would change it).
                        if self.runs.len() != before + 1 {
                            return None;
                        }
                        Some(k + 1)
                    }
                }
                b'(' => {
                    let window: Vec<char> = b[i..end.min(i + 10)].iter().map(|&x| char::from(x)).collect();
                    if super::vocab::emoticon_at(&window).is_some() {
                        return None;
                    }
                    None
                }
                b'?' if b.get(i + 1) == Some(&b'?') => return None,
                b'*' | b'_' | b'-' => {
                    let m = DELIMS.iter().position(|&d| d == c).unwrap_or(0);
                    let opener = (i == 0 || !b[i - 1].is_ascii_alphanumeric()) && i + 1 < end && !space(b[i + 1]);
                    match opener.then(|| first_in(&self.plain[m], i + 2, end)).flatten() {
                        Some(j) => {
                            if nested {
                                return None;
                            }
                            self.push(&b[lit..i], mark);
                            let inner = [Mark::Strong, Mark::Em, Mark::Strike][m].clone();
                            self.range(i + 1, j, &inner)?;
                            Some(j + 1)
                        }
                        None if c == b'-' => None,
                        // A literal `*` or `_` is outside the proven alphabet.
                        None => return None,
                    }
                }
                _ if text_byte(c) => None,
                _ => return None,
            };
            if let Some(next) = handled {
                lit = next;
                i = next;
            } else {
                i += 1;
            }
        }
        self.push(&b[lit..end], mark);
        Some(())
    }
}

/// `crate::adf::inline::bare_url_ok`, which only holds for a text equal to its URL or starting with `www.`,
/// asked only then.
fn bare(text: &str, href: &str) -> bool {
    (text == href || text.get(..4).is_some_and(|p| p.eq_ignore_ascii_case("www.")))
        && crate::adf::inline::bare_url_ok(text, href)
}

/// A link target the proven subset keeps: `http(s)://` and then letters, digits, `.`, `/`, `-`, starting with a
/// letter or digit.
fn proven_href(href: &str) -> bool {
    href.strip_prefix("https://").or_else(|| href.strip_prefix("http://")).is_some_and(|rest| {
        rest.starts_with(|c: char| c.is_ascii_alphanumeric())
            && rest.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '/' | '-'))
    })
}

/// True if the runs are in the Markdown writer's proven inline subset (`crate::adf::proven`'s `inline`, on the
/// runs' ADF): no text starting or ending the content with a space, emphasis around letters or digits, code and
/// link text not padded with spaces, every marked run between plain text (a space before it, a space or
/// `.,;:` after it), texts of the proven alphabet.
fn proven(runs: &[Run]) -> bool {
    let shown = |r: &Run| if r.mark == Mark::Mention { format!("@{}", r.text) } else { r.text.clone() };
    let (Some(first), Some(last)) = (runs.first(), runs.last()) else { return false };
    if shown(first).starts_with(' ') || shown(last).ends_with(' ') {
        return false;
    }
    let edge = |t: &str, alnum: bool| {
        let ok = |c: Option<char>| c.is_some_and(|c| if alnum { c.is_ascii_alphanumeric() } else { c != ' ' });
        ok(t.chars().next()) && ok(t.chars().last())
    };
    runs.iter().enumerate().all(|(i, r)| {
        let alphabet_ok = match r.mark {
            Mark::Code => r.text.bytes().all(code_byte),
            Mark::Mention => true,
            _ => r.text.bytes().all(text_byte),
        };
        let own = match r.mark {
            Mark::None | Mark::Mention => true,
            Mark::Strong | Mark::Em | Mark::Strike => edge(&r.text, true),
            Mark::Code | Mark::Link(_) => edge(&r.text, false),
        };
        let marked = r.mark != Mark::None;
        let before_ok = i == 0 || runs.get(i - 1).is_some_and(|p| p.mark == Mark::None && p.text.ends_with(' '));
        let after_ok =
            runs.get(i + 1).is_none_or(|n| n.mark == Mark::None && n.text.starts_with([' ', '.', ',', ';', ':']));
        alphabet_ok && own && (!marked || (before_ok && after_ok))
    })
}

/// Writes proven runs as `crate::adf::inline::render` writes their ADF, or `None` if they are not proven (or
/// would take one of the writer's other forms: a bare autolink, a code span in the reversible form).
pub(super) fn write(runs: &[Run], out: &mut String) -> Option<()> {
    if !proven(runs) {
        return None;
    }
    let start = out.len();
    for (idx, r) in runs.iter().enumerate() {
        let at_end = idx + 1 == runs.len();
        match &r.mark {
            Mark::None => escape_text_into(out, &r.text, idx == 0, at_end),
            Mark::Strong | Mark::Em | Mark::Strike => {
                let delim = match r.mark {
                    Mark::Strong => "**",
                    Mark::Em => "*",
                    _ => "~~",
                };
                out.push_str(delim);
                escape_text_into(out, &r.text, false, at_end);
                out.push_str(delim);
            }
            Mark::Code => {
                if !is_inert_code_span(&r.text) {
                    out.truncate(start);
                    return None;
                }
                out.push('`');
                out.push_str(&r.text);
                out.push('`');
            }
            Mark::Link(href) if bare(&r.text, href) => {
                // As the writer writes a link whose text is its URL: bare (a GFM autolink) where the autolink
                // would end where the link does, else as a link.
                let prev_ok = out[start..].chars().last().is_none_or(|c| c.is_whitespace() || c == '(');
                let next_ok = runs.get(idx + 1).is_none_or(|n| {
                    let word: String = n.text.chars().take_while(|c| !c.is_whitespace()).collect();
                    n.mark == Mark::None
                        && word.chars().all(|c| "?!.,:*_~'\";".contains(c))
                        && (word.len() < n.text.len() || idx + 2 >= runs.len())
                });
                if prev_ok && next_ok {
                    out.push_str(&r.text);
                } else {
                    out.push('[');
                    out.push_str(&crate::adf::safety::escape_text(&r.text, false, false));
                    out.push_str("](");
                    out.push_str(href);
                    out.push(')');
                }
            }
            Mark::Link(href) => {
                out.push('[');
                escape_text_into(out, &r.text, false, at_end);
                out.push_str("](");
                out.push_str(href);
                out.push(')');
            }
            Mark::Mention => {
                out.push('[');
                escape_text_into(out, &format!("@{}", r.text), false, true);
                out.push_str("](jira-mention:");
                out.push_str(&crate::adf::json::pct_encode(&r.text));
                out.push(')');
            }
        }
    }
    Some(())
}
