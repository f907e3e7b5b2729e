//! Token estimate: how many tokens a text will cost a model, without the model's tokenizer.
//!
//! The heuristic, chosen to over-estimate rather than under-estimate (a prompt that is estimated too small
//! could be cut off by the server):
//! - ASCII text: one token per 3 bytes, rounded up. BPE tokenizers (GPT, Llama, Mistral, Qwen) average about
//!   4 bytes per token on English prose and 3 on code, Markdown punctuation and identifiers, so 3 is the
//!   cautious end.
//! - Every other character counts as one token: accented Latin letters, Cyrillic, Greek and CJK characters
//!   each take one token or more in most vocabularies.
//! - Each chat message adds [`MESSAGE_OVERHEAD`] tokens (role and separators).
//!
//! The estimate is exact-free but deterministic: the same text always gives the same number.

/// Tokens a chat message costs beyond its content (role name and separators in the chat template).
pub const MESSAGE_OVERHEAD: usize = 4;

/// The estimated number of tokens of `text` (see the module documentation for the heuristic).
pub fn estimate_tokens(text: &str) -> usize {
    let mut ascii = 0usize;
    let mut other = 0usize;
    for c in text.chars() {
        if c.is_ascii() {
            ascii += 1;
        } else {
            other += 1;
        }
    }
    ascii.div_ceil(3) + other
}

/// The estimated tokens of one chat message with this content.
pub fn message_tokens(content: &str) -> usize {
    estimate_tokens(content) + MESSAGE_OVERHEAD
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_counts_a_token_per_three_bytes_rounded_up() {
        assert_eq!(estimate_tokens(""), 0);
        assert_eq!(estimate_tokens("a"), 1);
        assert_eq!(estimate_tokens("abc"), 1);
        assert_eq!(estimate_tokens("abcd"), 2);
    }

    #[test]
    fn other_characters_count_one_each() {
        assert_eq!(estimate_tokens("日本語"), 3);
        // "G" and "e" are one ASCII token, "ö" and "ß" one each.
        assert_eq!(estimate_tokens("Größe"), 1 + 2);
    }

    #[test]
    fn english_prose_is_over_rather_than_under_estimated() {
        // 44 bytes; GPT-4's tokenizer gives 10 tokens.
        let text = "The quick brown fox jumps over the lazy dog.";
        assert!(estimate_tokens(text) >= 10);
        assert_eq!(message_tokens(text), 15 + MESSAGE_OVERHEAD);
    }
}
