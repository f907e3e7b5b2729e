//! 7-bit text: the bytes as a stream of bits, most significant first, cut into 7-bit groups (the last one padded
//! with zero bits); a group of value below 116 is one ASCII character, the 12 values from 116 up are written
//! together with the group after them as one character from U+0080 to U+067F (two bytes in UTF-8:
//! `0x80 + (value − 116) × 128 + next`). Either way a byte of text carries seven bits, so `n` bytes take `⌈8n/7⌉`
//! bytes of text (one more when the last group is paired with an extra zero group), 1.143 a byte (a base-116 text of 6-byte groups would take 1.167, Z85 1.25, base64 1.33).
//!
//! The one-byte characters are every ASCII character that esbuild prints as it is inside a double-quoted string:
//! printable ASCII (`0x20`–`0x7E`) and the control characters `0x01`–`0x06`, `0x09`, `0x0E`–`0x1A`, `0x1C`–`0x1F`,
//! less the quote and the backslash (which would need escapes) and the slash (so the text never spells
//! `</script`, which esbuild would escape); a character's value is its rank by code. esbuild escapes NUL, `0x07`,
//! `0x08`, `0x0B`, `0x0C`, `0x1B`, `0x7F` and the line terminators, and with `charset: "utf8"` prints U+0080–U+07FF
//! as they are, so `main.js` holds the text byte for byte and its size is known from the input's.
//! `plugin/src/core/seven-bit.ts` decodes it.

/// How many 7-bit values have a one-byte character of their own.
pub const DIRECT: u32 = 116;

/// The first two-byte character: value `v ≥ DIRECT` followed by group `w` is `PAIRED + (v − DIRECT) × 128 + w`.
pub const PAIRED: u32 = 0x80;

/// The one-byte characters, in value order (ascending codes; see the module docs for what they leave out).
pub fn alphabet() -> Vec<u8> {
    let escaped_or_unsafe = |c: u8| matches!(c, 0x00 | 0x07 | 0x08 | 0x0A..=0x0D | 0x1B | b'"' | b'/' | b'\\' | 0x7F);
    (0u8..0x80).filter(|&c| !escaped_or_unsafe(c)).collect()
}

/// The 7-bit text of `bytes`, and whether its last character holds one more group than the bytes have (a value
/// from 116 up in the last group, written with a zero group after it, which the decoder must drop).
pub fn encode(bytes: &[u8]) -> (String, bool) {
    let alphabet = alphabet();
    let groups = (bytes.len() * 8).div_ceil(7);
    let group = |i: usize| -> u32 {
        // The 7 bits from bit 7i on, zero past the end.
        (0..7).fold(0, |acc, k| {
            let bit = 7 * i + k;
            let set = bytes.get(bit / 8).is_some_and(|b| b >> (7 - bit % 8) & 1 == 1);
            acc << 1 | u32::from(set)
        })
    };
    let mut out = String::with_capacity(groups + groups / 8);
    let mut i = 0;
    let mut extra = false;
    while i < groups {
        let value = group(i);
        if value < DIRECT {
            out.push(char::from(alphabet[value as usize]));
            i += 1;
        } else {
            extra = i + 1 == groups;
            let next = if extra { 0 } else { group(i + 1) };
            let code = PAIRED + (value - DIRECT) * 128 + next;
            out.push(char::from_u32(code).expect("U+0080–U+067F are characters"));
            i += 2;
        }
    }
    (out, extra)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The bytes of 7-bit `text` (the plugin's decoder, written again here to prove the round trip).
    fn decode(text: &str, extra: bool) -> Vec<u8> {
        let alphabet = alphabet();
        let mut groups: Vec<u32> = Vec::new();
        for c in text.chars() {
            let code = u32::from(c);
            if code < 0x80 {
                let value = alphabet.iter().position(|&a| u32::from(a) == code).expect("a character of the alphabet");
                groups.push(value as u32);
            } else {
                let x = code - PAIRED;
                assert!(x < (128 - DIRECT) * 128);
                groups.extend([DIRECT + x / 128, x % 128]);
            }
        }
        if extra {
            groups.pop();
        }
        let len = groups.len() * 7 / 8;
        let mut out = vec![0u8; len];
        for (i, g) in groups.iter().enumerate() {
            for k in 0..7 {
                let bit = 7 * i + k;
                if bit / 8 < len && g >> (6 - k) & 1 == 1 {
                    out[bit / 8] |= 0x80 >> (bit % 8);
                }
            }
        }
        out
    }

    #[test]
    fn the_alphabet_has_116_one_byte_characters_none_needing_an_escape() {
        let alphabet = alphabet();
        assert_eq!(alphabet.len() as u32, DIRECT);
        for c in [b'"', b'\\', b'/', b'\n', b'\r', 0, 0x7F, 0x1B] {
            assert!(!alphabet.contains(&c), "{c:#04x}");
        }
        // The two-byte characters stay below U+0800 (two bytes in UTF-8).
        let last = char::from_u32(PAIRED + (128 - DIRECT) * 128 - 1).map(char::len_utf8);
        assert_eq!(last, Some(2));
    }

    #[test]
    fn encodes_known_vectors() {
        assert_eq!(encode(&[]), (String::new(), false));
        // 0x00 → groups 0000000, 0 (padded): two one-byte characters.
        assert_eq!(encode(&[0]), ("\x01\x01".to_owned(), false));
        // 0xFF → groups 1111111 (127: paired), 1000000 (64): one two-byte character, no extra group.
        assert_eq!(encode(&[0xFF]), ("\u{0640}".to_owned(), false));
        // The XZ magic bytes, the embedded text's start (plugin/test/wasm-bytes.test.ts decodes the same).
        let (text, extra) = encode(&[0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00]);
        assert_eq!((text.as_str(), extra), ("\u{05CD}z.Ls\x01", false));
    }

    #[test]
    fn sizes_are_seven_bits_a_byte_of_text() {
        for len in [0usize, 1, 6, 7, 8, 700, 7_001] {
            let bytes: Vec<u8> = (0..len).map(|i| (i * 97 % 256) as u8).collect();
            let (text, extra) = encode(&bytes);
            assert_eq!(text.len(), (len * 8).div_ceil(7) + usize::from(extra), "length {len}");
        }
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
        for len in (0..=64usize).chain([300_000]) {
            let bytes: Vec<u8> = (0..len).map(|_| next()).collect();
            let (text, extra) = encode(&bytes);
            assert_eq!(decode(&text, extra), bytes, "length {len}");
        }
        // A last group that is paired with an extra zero group: 0x00 ×6 then 0xFF gives groups ending 1111111.
        let bytes = [0, 0, 0, 0, 0, 0, 0xFF];
        let (text, extra) = encode(&bytes);
        assert!(extra);
        assert_eq!(decode(&text, extra), bytes);
    }
}
