//! Base-116 text: each group of six bytes, read as a big-endian 48-bit number, becomes seven digits of a
//! 116-character alphabet, most significant first (116⁷ ≥ 2⁴⁸, so every group fits; 7/6 ≈ 1.167 characters per
//! byte, against Z85's 1.25 and base64's 1.33). The input length must be a multiple of six.
//!
//! The alphabet is every ASCII character that esbuild prints as it is inside a double-quoted string literal:
//! printable ASCII (`0x20`–`0x7E`) and the control characters `0x01`–`0x06`, `0x09`, `0x0E`–`0x1A`, `0x1C`–`0x1F`,
//! less the quote and the backslash (which would need escapes) and the slash (so the text never spells
//! `</script`, which esbuild would escape). It leaves out NUL, the line terminators and the characters esbuild
//! escapes (`0x07`, `0x08`, `0x0B`, `0x0C`, `0x1B`, `0x7F`), so `main.js` holds the text byte for byte and its size
//! is known from the input's. Digit values follow character codes: the digit of the n-th smallest code is n.
//! `plugin/src/core/base116.ts` decodes it.

/// The number of digits (characters) in the alphabet.
pub const BASE: u64 = 116;

/// The alphabet, in digit order (ascending character codes; see the module docs for what it leaves out).
pub fn alphabet() -> Vec<u8> {
    let escaped_or_unsafe = |c: u8| matches!(c, 0x00 | 0x07 | 0x08 | 0x0A..=0x0D | 0x1B | b'"' | b'/' | b'\\' | 0x7F);
    (0u8..0x80).filter(|&c| !escaped_or_unsafe(c)).collect()
}

/// The base-116 text of `bytes`, whose length must be a multiple of six (panics otherwise: a build tool's bug).
pub fn encode(bytes: &[u8]) -> String {
    assert!(bytes.len().is_multiple_of(6), "base-116 encodes whole 6-byte groups");
    let alphabet = alphabet();
    let mut out = String::with_capacity(bytes.len() / 6 * 7);
    for group in bytes.chunks_exact(6) {
        let mut value = group.iter().fold(0u64, |acc, &b| acc << 8 | u64::from(b));
        let mut chars = [0u8; 7];
        for slot in chars.iter_mut().rev() {
            *slot = alphabet[(value % BASE) as usize];
            value /= BASE;
        }
        out.extend(chars.iter().map(|&c| char::from(c)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The bytes of base-116 `text` (the plugin's decoder, written again here to prove the round trip).
    fn decode(text: &str) -> Vec<u8> {
        let alphabet = alphabet();
        let mut out = Vec::new();
        for group in text.as_bytes().chunks(7) {
            assert_eq!(group.len(), 7);
            let value = group.iter().fold(0u64, |acc, c| {
                let digit = alphabet.iter().position(|a| a == c).expect("a character of the alphabet");
                acc * BASE + digit as u64
            });
            assert!(value < 1 << 48);
            out.extend_from_slice(&value.to_be_bytes()[2..]);
        }
        out
    }

    #[test]
    fn the_alphabet_has_116_characters_none_needing_an_escape() {
        let alphabet = alphabet();
        assert_eq!(alphabet.len() as u64, BASE);
        assert!(BASE.pow(7) >= 1 << 48);
        for c in [b'"', b'\\', b'/', b'\n', b'\r', 0, 0x7F, 0x1B] {
            assert!(!alphabet.contains(&c), "{c:#04x}");
        }
        assert_eq!(alphabet[0], 0x01);
        assert_eq!(alphabet[115], b'~');
    }

    #[test]
    fn encodes_the_extremes_and_a_known_vector() {
        assert_eq!(encode(&[0; 6]), "\x01".repeat(7));
        // 2⁴⁸ − 1 in base 116 is [115, 61, 45, 27, 85, 91, 51].
        let alphabet = alphabet();
        let digits: String = [115usize, 61, 45, 27, 85, 91, 51].iter().map(|&d| char::from(alphabet[d])).collect();
        assert_eq!(encode(&[0xFF; 6]), digits);
        // The XZ magic bytes, the embedded text's first group (plugin/test/base116.test.ts decodes the same).
        assert_eq!(encode(&[0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00]), "}(Y[)b_");
    }

    #[test]
    fn round_trips_random_bytes_of_every_length_and_a_large_buffer() {
        // A fixed xorshift sequence: the same bytes on every run.
        let mut state = 0x9E37_79B9_7F4A_7C15u64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 24) as u8
        };
        for len in (0..=64usize).chain([600_000]) {
            let mut bytes: Vec<u8> = (0..len).map(|_| next()).collect();
            bytes.resize(len.div_ceil(6) * 6, 0);
            let text = encode(&bytes);
            assert_eq!(text.len(), bytes.len() / 6 * 7);
            assert_eq!(decode(&text), bytes, "length {len}");
        }
    }
}
