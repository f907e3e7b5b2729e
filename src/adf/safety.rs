//! Untrusted-content rules: what Jira text may and may not become in the vault.
//!
//! * [`escape_text`] makes text inert: Markdown/Obsidian syntax characters are backslash-escaped or written as
//!   character references, so `[[x]]`, `![[x]]`, `#tag`, `%%c%%`, `==h==`, `$m$`, `<tag>`, `<% tp %>`,
//!   emphasis, `:emoji:`, and line-start `>`, `-`, `+`, `1.`, `#`, `---`, indentation show as typed.
//! * [`is_dangerous_href`] spots `javascript:`, `data:`, `vbscript:` (and `file:`) targets.
//! * [`is_native_language`] decides whether a code-block language may be written as the fence info string;
//!   languages that Obsidian plugins execute (`dataviewjs`, `js-engine`, `button`, `run-*`, …) are not.
//! * [`is_inert_code_span`] rejects inline code that Dataview or Meta Bind would evaluate.

/// Escapes `text` so it renders literally. `line_start` tells whether the text begins a line, `at_end`
/// whether it ends one (so trailing whitespace must be protected).
pub(crate) fn escape_text(text: &str, line_start: bool, at_end: bool) -> String {
    let mut out = String::new();
    escape_text_into(&mut out, text, line_start, at_end);
    out
}

/// [`escape_text`] appended to `out`, without an intermediate string.
pub(crate) fn escape_text_into(out: &mut String, text: &str, line_start: bool, at_end: bool) {
    escape_text_plain(out, text, line_start, at_end, false);
}

/// [`escape_text_into`] of a text whose characters are already known to be plain (`scanned`, see [`plain`]):
/// then only its ends are looked at.
pub(crate) fn escape_text_plain(out: &mut String, text: &str, line_start: bool, at_end: bool, scanned: bool) {
    debug_assert!(!scanned || plain(text.as_bytes(), false, false), "text noted plain is not: {text:?}");
    let bytes = text.as_bytes();
    if plain_ends(bytes, line_start, at_end) && (scanned || plain(bytes, false, false)) {
        out.push_str(text);
    } else {
        escape_chars(out, text, line_start, at_end);
    }
}

/// [`plain`]'s test of the text's ends: a letter first at a line start, no space last at a line end.
fn plain_ends(bytes: &[u8], line_start: bool, at_end: bool) -> bool {
    (!line_start || bytes.first().is_none_or(u8::is_ascii_alphabetic)) && !(at_end && bytes.last() == Some(&b' '))
}

/// [`plain`]'s rule for a `.` or `:` at `i`: a `.` not after `www` (which may become an autolink), a `:` followed
/// by a space (which starts neither an emoji short name nor a URL).
pub(crate) fn plain_dot_or_colon(bytes: &[u8], i: usize) -> bool {
    if bytes[i] == b'.' {
        i < 3 || !bytes[i - 3..i].eq_ignore_ascii_case(b"www")
    } else {
        bytes.get(i + 1) == Some(&b' ')
    }
}

/// A sufficient condition, checked byte by byte without allocating, for [`escape_text`] to return `text`
/// unchanged: no character it escapes or whose meaning depends on its neighbours (`. : !` are admitted where
/// no rule of [`escape_chars`] applies to them), no control character, no whitespace the line start or end would
/// eat, and a letter first at a line start. Most of a real document's text is like this.
fn plain(bytes: &[u8], line_start: bool, at_end: bool) -> bool {
    if !plain_ends(bytes, line_start, at_end) {
        return false;
    }
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        // Letters, digits and spaces eight at a time.
        if bytes
            .get(i..i + 8)
            .and_then(|w| <[u8; 8]>::try_from(w).ok())
            .is_some_and(|w| all_wordy(u64::from_le_bytes(w)))
        {
            i += 8;
            continue;
        }
        let ok = match PLAIN[usize::from(b)] {
            ALWAYS => true,
            _ if b == b'.' || b == b':' => plain_dot_or_colon(bytes, i),
            // `!` followed by something other than `[` starts no image or embed.
            _ if b == b'!' => bytes.get(i + 1).is_some_and(|n| *n != b'['),
            _ => false,
        };
        if !ok {
            return false;
        }
        i += 1;
    }
    true
}

/// True if all eight bytes of `word` are ASCII letters, digits or spaces (tested together, without branches).
#[inline(always)]
pub(crate) fn all_wordy(word: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = ONES << 7;
    if word & HIGH != 0 {
        return false;
    }
    // With every byte below 128, adding at most 0x60 to each carries into no other: a byte's high bit then says
    // whether it was at least `lo`.
    let at_least = |lo: u8| word.wrapping_add(ONES * u64::from(0x80 - lo));
    let within = |lo: u8, hi: u8| at_least(lo) & !at_least(hi + 1);
    (within(b'a', b'z') | within(b'A', b'Z') | within(b'0', b'9') | within(b' ', b' ')) & HIGH == HIGH
}

/// [`PLAIN`]'s class of a byte that is plain wherever it stands.
const ALWAYS: u8 = 1;

/// [`plain`]'s classes of bytes, looked up instead of matched: [`ALWAYS`], or 0 (never plain, or plain depending
/// on its neighbours: `.`, `:` and `!`).
static PLAIN: [u8; 256] = {
    let mut table = [0; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        let always = c.is_ascii_alphanumeric()
            || c >= 0x80
            || matches!(
                c,
                b' ' | b',' | b';' | b'?' | b'\'' | b'"' | b'(' | b')' | b'/' | b'-' | b'+' | b'@' | b'{' | b'}' | b'^'
            );
        if always {
            table[b] = ALWAYS;
        }
        b += 1;
    }
    table
};

/// [`escape_text`] character by character, appended to `out`.
fn escape_chars(out: &mut String, text: &str, line_start: bool, at_end: bool) {
    let chars: Vec<char> = text.chars().collect();
    out.reserve(text.len() + 8);
    let mut at_line_start = line_start;
    // ws_to_line_end[i]: chars[i..] up to the next newline (or the end, if `at_end`) are all spaces/tabs.
    let mut ws_to_line_end = vec![false; chars.len() + 1];
    ws_to_line_end[chars.len()] = at_end;
    for i in (0..chars.len()).rev() {
        ws_to_line_end[i] = match chars[i] {
            '\n' => true,
            ' ' | '\t' => ws_to_line_end[i + 1],
            _ => false,
        };
    }
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        let prev = if i == 0 { None } else { Some(chars[i - 1]) };
        if c == '\n' {
            // A newline Markdown would swallow (blank line, paragraph start or end) is a character reference.
            let swallowed = next == Some('\n') || (next.is_none() && at_end) || (i == 0 && line_start);
            if swallowed {
                out.push_str("&#10;");
                at_line_start = false;
            } else {
                out.push('\n');
                at_line_start = true;
            }
            i += 1;
            continue;
        }
        // Whitespace at the start or end of a line would be eaten by Markdown.
        let trailing_ws = ws_to_line_end[i];
        if (c == ' ' || c == '\t') && (at_line_start || trailing_ws) {
            out.push_str(if c == ' ' { "&#32;" } else { "&#9;" });
            i += 1;
            continue;
        }
        if at_line_start {
            at_line_start = false;
            if matches!(c, '-' | '+' | '=' | '>' | '#') {
                out.push('\\');
                out.push(c);
                i += 1;
                continue;
            }
            if c.is_ascii_digit() {
                let digits: String = chars[i..].iter().take_while(|x| x.is_ascii_digit()).collect();
                let after = chars.get(i + digits.chars().count()).copied();
                if matches!(after, Some('.' | ')')) {
                    out.push_str(&digits);
                    out.push('\\');
                    out.push(after.unwrap_or('.'));
                    i += digits.chars().count() + 1;
                    continue;
                }
            }
        }
        match c {
            '\\' | '*' | '`' | '[' | ']' | '#' | '~' | '|' | '$' | '>' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '\r' => out.push_str("&#13;"),
            '\u{0}' => out.push('\u{fffd}'),
            '_' => {
                let word = |x: Option<char>| x.is_some_and(char::is_alphanumeric);
                if word(prev) && word(next) {
                    out.push('_');
                } else {
                    out.push_str("\\_");
                }
            }
            // `![` starts an image or embed; at the end of a text node the next node may be a link (`[…](…)`),
            // unless the text ends the line.
            '!' if next == Some('[') || (next.is_none() && !at_end) => out.push_str("\\!"),
            '=' if next == Some('=') || prev == Some('=') => out.push_str("\\="),
            '%' if next == Some('%') || prev == Some('%') => out.push_str("&#37;"),
            '&' if looks_like_entity(&chars[i + 1..]) => out.push_str("&amp;"),
            ':' if looks_like_emoji(&chars[i + 1..]) => out.push_str("\\:"),
            // `http://`, `https://` and `www.example` would become autolinks (not `https:` or `www.` ending a line or
            // followed by a space); at the end of a text node the next node may continue them.
            ':' if (ends_with_ci(&chars[..i], "http") || ends_with_ci(&chars[..i], "https"))
                && next.map_or(!at_end, |n| !n.is_whitespace()) =>
            {
                out.push_str("\\:")
            }
            '.' if ends_with_ci(&chars[..i], "www") && next.map_or(!at_end, |n| n.is_alphanumeric() || n == '-') => {
                out.push_str("\\.")
            }
            _ => out.push(c),
        }
        i += 1;
    }
}

fn ends_with_ci(chars: &[char], word: &str) -> bool {
    let n = word.chars().count();
    chars.len() >= n && chars[chars.len() - n..].iter().copied().collect::<String>().eq_ignore_ascii_case(word)
}

/// True if `rest` (after a `&`) starts with a character reference's body and `;` (`amp;`, `#38;`).
pub(crate) fn starts_like_entity(rest: &str) -> bool {
    let body = rest.bytes().take_while(|b| b.is_ascii_alphanumeric() || *b == b'#').count();
    body > 0 && rest.as_bytes().get(body) == Some(&b';')
}

/// [`starts_like_entity`] of characters.
pub(crate) fn looks_like_entity(rest: &[char]) -> bool {
    let body: String = rest.iter().take_while(|c| c.is_ascii_alphanumeric() || **c == '#').collect();
    !body.is_empty() && rest.get(body.chars().count()) == Some(&';')
}

/// `rest` (after a `:`) starts with `name:` where name is an emoji short name.
pub(crate) fn looks_like_emoji(rest: &[char]) -> bool {
    let name: Vec<&char> = rest.iter().take_while(|c| is_emoji_char(**c)).collect();
    !name.is_empty() && rest.get(name.len()) == Some(&':')
}

/// Characters allowed in an emoji short name between the colons.
pub(crate) fn is_emoji_char(c: char) -> bool {
    c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '_' | '+' | '-')
}

/// A link target that must never become a clickable link in the vault.
pub(crate) fn is_dangerous_href(href: &str) -> bool {
    // Compared as it would read with whitespace and control characters dropped and ASCII lower-cased.
    let cleaned = href.chars().filter(|c| !c.is_whitespace() && !c.is_control()).map(|c| c.to_ascii_lowercase());
    ["javascript:", "data:", "vbscript:", "file:"].iter().any(|s| cleaned.clone().take(s.len()).eq(s.chars()))
}

/// Code-block languages that some Obsidian plugin executes or evaluates (compared lower-case; a trailing `*`
/// means "any language starting with").
const EXECUTED_LANGUAGES: &[&str] = &[
    "dataview",
    "dataviewjs",
    "js-engine",
    "js-engine-debug",
    "button",
    "meta-bind*",
    "run-*",
    "exec*",
    "templater*",
    "tx*",
    "shell",
    "bash-exec",
    "cmd",
    "powershell-exec",
    "query",
    "tasks",
    "chart",
    "customjs",
    "jsx*",
    "ad-*",
    "adf",
    "text",
];

/// True if `lang` may stand as a plain fence info string: no plugin runs it, and it reads back unchanged.
pub(crate) fn is_native_language(lang: &str) -> bool {
    let special = |b: u8| matches!(b, b'`' | b'~' | b'\\' | b'&' | b'<' | b'%' | b'\n' | b'\r');
    if lang.is_empty() || lang.trim() != lang || lang.bytes().any(special) {
        return false;
    }
    if lang.chars().any(char::is_control) {
        return false;
    }
    let first = lang.split_whitespace().next().unwrap_or("").to_ascii_lowercase();
    !EXECUTED_LANGUAGES.iter().any(|pat| match pat.strip_suffix('*') {
        Some(prefix) => first.starts_with(prefix),
        None => first == *pat,
    })
}

/// True if inline code with this content is safe to write as a code span: Dataview evaluates spans starting
/// with `=` or `$=`, Meta Bind renders `INPUT[…]`, `VIEW[…]`, `BUTTON[…]`, Templater runs `<% %>`.
pub(crate) fn is_inert_code_span(code: &str) -> bool {
    let t = code.trim_start();
    !(t.starts_with('=')
        || t.starts_with("$=")
        || ["INPUT[", "VIEW[", "BUTTON[", "BIND["].iter().any(|p| t.starts_with(p))
        || code.contains("<%")
        || code.contains('\n'))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// When the byte-wise shortcut admits `text`, the character-wise escaper leaves it unchanged.
    fn unchanged_when_plain(
        text: &str,
        line_start: bool,
        at_end: bool,
    ) -> Result<(), proptest::test_runner::TestCaseError> {
        if plain(text.as_bytes(), line_start, at_end) {
            let mut escaped = String::new();
            escape_chars(&mut escaped, text, line_start, at_end);
            proptest::prop_assert_eq!(escaped, text);
        }
        Ok(())
    }

    proptest::proptest! {
        /// The byte-wise shortcut only admits text the character-wise escaper leaves unchanged.
        #[test]
        fn plain_text_is_left_unchanged(
            text in "[a-zA-Z0-9 wW.:!\\[\\]_*`#~|$<>=%&\\\\,;?'\"()/+@{}^\t\n\r\u{0}é€-]{0,12}",
            line_start: bool,
            at_end: bool,
        ) {
            unchanged_when_plain(&text, line_start, at_end)?;
        }

        /// Longer text, so that the eight-byte steps meet every byte class.
        #[test]
        fn long_plain_text_is_left_unchanged(
            text in "([a-z ]{0,9}[A-Z0-9wW.:!\\[_*#<>=%&,;?'\"()/+@^\t\n\u{0}é€-]?){0,6}",
            line_start: bool,
            at_end: bool,
        ) {
            unchanged_when_plain(&text, line_start, at_end)?;
        }

        /// Eight bytes tested together as each alone.
        #[test]
        fn wordy_words_are_wordy_bytes(word: [u8; 8], pick in proptest::collection::vec(0..4usize, 8)) {
            // Mostly letters, digits and spaces, with any byte mixed in.
            let word: Vec<u8> = word.iter().zip(&pick).map(|(&b, &p)| match p { 0 => b, 1 => b'a' + b % 26, 2 => b' ', _ => b'0' + b % 10 }).collect();
            let each = word.iter().all(|b| b.is_ascii_alphanumeric() || *b == b' ');
            let bytes: [u8; 8] = word.try_into().map_err(|_| proptest::test_runner::TestCaseError::fail("8 bytes"))?;
            proptest::prop_assert_eq!(all_wordy(u64::from_le_bytes(bytes)), each);
        }

        /// The dangerous-link test reads a link as it did when it built the cleaned string.
        #[test]
        fn dangerous_hrefs_as_before(href in "[ \t\u{0}\u{a0}jJaAvVsScCrRiIpPtTdDfFlLeEbB:é/]{0,14}") {
            let cleaned: String =
                href.chars().filter(|c| !c.is_whitespace() && !c.is_control()).collect::<String>().to_ascii_lowercase();
            let before = ["javascript:", "data:", "vbscript:", "file:"].iter().any(|s| cleaned.starts_with(s));
            proptest::prop_assert_eq!(is_dangerous_href(&href), before);
        }
    }

    #[test]
    fn plain_text_takes_the_shortcut() {
        for text in ["Reported by", "; see the review (PROJ-12) now.", "a: b", "wow! yes", "", "@Alice Martin"] {
            assert!(plain(text.as_bytes(), false, true), "{text}");
        }
        for text in ["www.example", "a:b", "![x", "end!", "1. x", "trailing ", "snake_case", "a\nb"] {
            assert!(!plain(text.as_bytes(), true, true), "{text}");
        }
    }

    #[test]
    fn escapes_line_starts_and_syntax() {
        assert_eq!(escape_text("- a", true, true), "\\- a");
        assert_eq!(escape_text("1. a", true, true), "1\\. a");
        assert_eq!(escape_text("[[x]] #t", true, true), "\\[\\[x\\]\\] \\#t");
        assert_eq!(escape_text("a  \nb", true, true), "a&#32;&#32;\nb");
        assert_eq!(escape_text("snake_case", true, true), "snake_case");
        assert_eq!(escape_text("<% x %>", true, true), "&lt;% x %\\>");
    }

    #[test]
    fn languages() {
        assert!(is_native_language("rust"));
        assert!(is_native_language("c++"));
        assert!(!is_native_language("dataviewjs"));
        assert!(!is_native_language("DataviewJS"));
        assert!(!is_native_language("run-python"));
        assert!(!is_native_language("meta-bind-js"));
        assert!(!is_dangerous_href("https://x"));
        assert!(is_dangerous_href(" JaVa\tScript:alert(1)"));
        assert!(is_dangerous_href("da\u{0}ta:x") && is_dangerous_href("FILE:") && !is_dangerous_href("fil"));
    }

    #[test]
    fn punctuation_is_escaped_only_where_it_could_start_something() {
        // A `!` ending a line cannot start `![…]`; one ending a text node before a link could.
        assert_eq!(escape_text("Wow!", true, true), "Wow!");
        assert_eq!(escape_text("Wow!", true, false), "Wow\\!");
        assert_eq!(escape_text("see ![x]", true, true), "see \\!\\[x\\]");
        // `www.` and `https:` only autolink with something after them.
        assert_eq!(escape_text("SSL for WWW.", true, true), "SSL for WWW.");
        assert_eq!(escape_text("www.example.com", true, true), "www\\.example.com");
        assert_eq!(escape_text("https: no", true, true), "https: no");
        assert_eq!(escape_text("https://x", true, true), "https\\://x");
        assert_eq!(escape_text("www.", true, false), "www\\.");
    }
}
