//! Secret-looking text: the spans of a text that look like credentials, so that they can be replaced by a
//! marker before anything is sent to a model.
//!
//! What counts (each rule errs towards removing too much; a false positive costs the model a word, a false
//! negative leaks a credential):
//! - private key blocks: `-----BEGIN … PRIVATE KEY-----` through the matching `-----END …-----` line, or the end
//!   of the text when the block is not closed (PGP `PRIVATE KEY BLOCK`s included);
//! - tokens with a well-known prefix: OpenAI/Anthropic `sk-`, Stripe `sk_live_`/`rk_live_`, GitHub `ghp_` and
//!   friends, GitLab `glpat-`, Slack `xox?-`, Google `AIza`, Atlassian `ATATT`, Hugging Face `hf_`, npm `npm_`;
//! - AWS access key ids (`AKIA`/`ASIA` + 16 upper-case letters or digits);
//! - JSON Web Tokens (`eyJ…` with two dots);
//! - the word after `Bearer` or `Basic` (an `Authorization` header value);
//! - the value after a credential-named key (`password`, `secret`, `token`, `api_key`, …) and `:` or `=`, when
//!   it is at least 8 characters and not a plain lower-case word;
//! - the password of a URL (`scheme://user:password@host`);
//! - any other word of at least 32 characters of the base64/URL-safe alphabet mixing upper case, lower case and
//!   digits (AWS secret keys, generic API keys). Lower-case hex (commit hashes) does not count.
//!
//! Spans are byte ranges on char boundaries, sorted and merged.

use std::ops::Range;

/// The text every secret-looking span is replaced with.
pub const SECRET_MARKER: &str = "[secret removed]";

const PREFIXES: &[&str] = &[
    "sk-",
    "sk_live_",
    "sk_test_",
    "rk_live_",
    "rk_test_",
    "ghp_",
    "gho_",
    "ghu_",
    "ghs_",
    "ghr_",
    "github_pat_",
    "glpat-",
    "xoxb-",
    "xoxp-",
    "xoxa-",
    "xoxs-",
    "xapp-",
    "AIza",
    "ATATT",
    "hf_",
    "npm_",
];

const CREDENTIAL_KEYS: &[&str] =
    &["password", "passwd", "pwd", "secret", "token", "api_key", "apikey", "api-key", "access_key", "private_key"];

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'+' | b'/' | b'=' | b'.' | b'~')
}

/// The secret-looking spans of `text` (see the module documentation).
pub fn secret_spans(text: &str) -> Vec<Range<usize>> {
    let mut spans = private_key_blocks(text);
    let bytes = text.as_bytes();
    let mut words: Vec<Range<usize>> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if is_word_byte(bytes[i]) {
            let start = i;
            while i < bytes.len() && is_word_byte(bytes[i]) {
                i += 1;
            }
            words.push(start..i);
        } else {
            i += 1;
        }
    }
    for (n, word) in words.iter().enumerate() {
        let w = trim_trailing_dots(&text[word.clone()]);
        let range = word.start..word.start + w.len();
        if looks_like_token(w) {
            spans.push(range.clone());
            continue;
        }
        if let Some(eq) = w.find('=')
            && is_credential_key(&w[..eq])
            && w.len() - eq > 8
        {
            spans.push(word.start + eq + 1..range.end);
            continue;
        }
        // `key = value`: the `=` is a word of its own; the key is the word before it.
        let key_index = match n.checked_sub(1) {
            Some(k) if k > 0 && words[k].len() <= 2 && text[words[k].clone()].bytes().all(|b| b == b'=') => Some(k - 1),
            other => other,
        };
        if let Some(k) = key_index {
            let prev = &words[k];
            let between = &text[prev.end..word.start];
            let prev_word = &text[prev.clone()];
            let auth = (prev_word.eq_ignore_ascii_case("bearer") || prev_word.eq_ignore_ascii_case("basic"))
                && between.chars().all(|c| c == ' ' || c == '\t')
                && w.len() >= 8;
            let assigned = is_credential_key(prev_word)
                && is_assignment(between)
                && w.len() >= 8
                && !w.bytes().all(|b| b.is_ascii_lowercase());
            if auth || assigned {
                spans.push(range);
            }
        }
    }
    spans.extend(url_passwords(text));
    merge(spans)
}

fn trim_trailing_dots(w: &str) -> &str {
    w.trim_end_matches('.')
}

fn is_credential_key(word: &str) -> bool {
    let lower = word.to_ascii_lowercase();
    CREDENTIAL_KEYS.iter().any(|k| lower.ends_with(k))
}

/// `: ` or ` = ` between a key and its value, with optional quotes.
fn is_assignment(between: &str) -> bool {
    let t = between.trim_matches(|c: char| c == ' ' || c == '\t' || c == '"' || c == '\'' || c == '`');
    t == ":" || t == "=" || t == ":=" || t == "\":" || t == "=>"
}

fn looks_like_token(w: &str) -> bool {
    if w.len() < 16 {
        return false;
    }
    if PREFIXES.iter().any(|p| w.starts_with(p)) && w.len() >= 20 {
        return true;
    }
    if (w.starts_with("AKIA") || w.starts_with("ASIA"))
        && w.len() == 20
        && w.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
    {
        return true;
    }
    if is_jwt(w) {
        return true;
    }
    generic_key(w)
}

fn is_jwt(w: &str) -> bool {
    if !w.starts_with("eyJ") {
        return false;
    }
    let parts: Vec<&str> = w.split('.').collect();
    parts.len() == 3
        && parts[0].len() >= 10
        && parts[1].len() >= 10
        && parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-'))
}

fn generic_key(w: &str) -> bool {
    w.len() >= 32
        && !w.contains('.')
        && w.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'+' | b'/' | b'='))
        && w.bytes().any(|b| b.is_ascii_uppercase())
        && w.bytes().any(|b| b.is_ascii_lowercase())
        && w.bytes().any(|b| b.is_ascii_digit())
}

/// `-----BEGIN … PRIVATE KEY…-----` blocks through their `-----END` line (or the end of the text).
fn private_key_blocks(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = text[from..].find("-----BEGIN ") {
        let start = from + i;
        let line_end = text[start..].find('\n').map_or(text.len(), |j| start + j);
        let header = &text[start..line_end];
        if !header.contains("PRIVATE KEY") {
            from = start + "-----BEGIN ".len();
            continue;
        }
        let end = match text[line_end..].find("-----END ") {
            Some(j) => {
                let at = line_end + j;
                text[at..].find('\n').map_or(text.len(), |k| at + k)
            }
            None => text.len(),
        };
        out.push(start..end);
        from = end;
    }
    out
}

/// The `password` of `scheme://user:password@host`.
fn url_passwords(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = text[from..].find("://") {
        let auth_start = from + i + 3;
        let run_end = text[auth_start..]
            .find(|c: char| c.is_whitespace() || c == '/' || c == '>' || c == ')')
            .map_or(text.len(), |j| auth_start + j);
        let run = &text[auth_start..run_end];
        if let Some(at) = run.rfind('@')
            && let Some(colon) = run[..at].find(':')
            && colon + 1 < at
        {
            out.push(auth_start + colon + 1..auth_start + at);
        }
        from = auth_start;
    }
    out
}

fn merge(mut spans: Vec<Range<usize>>) -> Vec<Range<usize>> {
    crate::sort::sort_by_key(&mut spans, |r| (r.start, r.end));
    let mut out: Vec<Range<usize>> = Vec::new();
    for span in spans {
        match out.last_mut() {
            Some(last) if span.start <= last.end => last.end = last.end.max(span.end),
            _ => out.push(span),
        }
    }
    out
}

/// `text` with every secret-looking span replaced by [`SECRET_MARKER`] (line breaks inside a span are kept, so
/// line numbers stay the same), and how many spans were replaced.
pub fn redact_secrets(text: &str) -> (String, usize) {
    let spans = secret_spans(text);
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for span in &spans {
        out.push_str(&text[at..span.start]);
        out.push_str(SECRET_MARKER);
        out.extend(std::iter::repeat_n('\n', text[span.clone()].matches('\n').count()));
        at = span.end;
    }
    out.push_str(&text[at..]);
    (out, spans.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn redacted(text: &str) -> String {
        redact_secrets(text).0
    }

    #[test]
    fn well_known_tokens_are_removed() {
        for secret in [
            "sk-proj-4f9aZ0c1B2d3E4f5G6h7I8j9",
            "ghp_16C7e42F292c6912E7710c838347Ae178B4a",
            "xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx",
            "AKIAIOSFODNN7EXAMPLE",
            "ATATT3xFfGF0T4kz9sHq0rM2nB7vC8dE1fG2hI3jK4lM5nO6pQ7",
            "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
            "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        ] {
            let text = format!("use {secret} now");
            assert_eq!(redacted(&text), format!("use {SECRET_MARKER} now"), "{secret}");
        }
    }

    #[test]
    fn header_and_assignment_values_are_removed() {
        assert_eq!(redacted("Authorization: Bearer abc123def456ghi"), format!("Authorization: Bearer {SECRET_MARKER}"));
        assert_eq!(redacted("db_password = \"Hunter2Hunter2\""), format!("db_password = \"{SECRET_MARKER}\""));
        assert_eq!(redacted("api_key: 9f8e7d6c5b4a"), format!("api_key: {SECRET_MARKER}"));
        assert_eq!(redacted("export SECRET_TOKEN=s3cr3tValue99"), format!("export SECRET_TOKEN={SECRET_MARKER}"));
        assert_eq!(
            redacted("postgres://app:S3cretPw@db.internal:5432/x"),
            format!("postgres://app:{SECRET_MARKER}@db.internal:5432/x")
        );
    }

    #[test]
    fn private_key_blocks_are_removed_keeping_lines() {
        let text = "before\n-----BEGIN RSA PRIVATE KEY-----\nMIIEow\nAAAA\n-----END RSA PRIVATE KEY-----\nafter";
        let out = redacted(text);
        assert_eq!(out, format!("before\n{SECRET_MARKER}\n\n\n\nafter"));
        let open = redacted("x\n-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA");
        assert_eq!(open, format!("x\n{SECRET_MARKER}\n"));
    }

    #[test]
    fn ordinary_prose_is_kept() {
        for text in [
            "The token rotation is planned for Friday.",
            "password: see the team vault",
            "Fixed in commit 3f2a9c1d4e5b6a7980fedcba9876543210abcdef.",
            "See https://example.atlassian.net/browse/OPS-12 and [[Meeting 2026-11-30]].",
            "A public key: -----BEGIN PUBLIC KEY----- is fine",
            "Tokenization of Über-Größe strings",
        ] {
            assert_eq!(redacted(text), text);
        }
    }
}
