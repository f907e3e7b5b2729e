//! Byte searches for the scanners, eight bytes at a time in WebAssembly.
//!
//! Built for wasm32 without SIMD (Obsidian mobile may lack it), the `memchr` crate falls back to testing one
//! 32-bit word at a time and sets up its search anew on every call; the scanners call it once per line or per
//! short run of prose, so set-up dominated. Here a search tests a 64-bit word per step (wasm has 64-bit
//! integers) with the usual word-at-a-time tricks, without set-up. Natively, where `memchr` has SIMD, [`find`]
//! and [`push_line_starts`] are `memchr`'s (so is [`next_key_dash`]'s search, through [`find`]; the link-or-code
//! skip is word at a time on both). Every function is compared with a plain byte loop by property tests.

// Natively only the tests use the word-at-a-time searches.
#![cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]

/// Every byte of a word set to 0x01.
const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
/// Every byte of a word set to 0x80.
const HIGHS: u64 = u64::from_ne_bytes([0x80; 8]);

/// The word of the eight bytes `chunk` (little-endian: byte 0 is the lowest).
fn word(chunk: &[u8]) -> u64 {
    chunk.try_into().map_or(0, u64::from_le_bytes)
}

/// Bit 7 of each byte of the result is set where `w`'s byte equals `byte`, and possibly above such a byte (the
/// borrow of the subtraction): the lowest set bit is always exact.
fn equal_bytes(w: u64, byte: u8) -> u64 {
    let x = w ^ (ONES * u64::from(byte));
    x.wrapping_sub(ONES) & !x & HIGHS
}

/// Bit 7 of each byte of the result is set exactly where `w`'s byte is an ASCII capital letter (`A`–`Z`). (Only
/// the tests' oracle of the Jira key scan still goes from capital to capital.)
#[cfg(test)]
fn capital_bytes(w: u64) -> u64 {
    // With bit 7 forced on, no byte borrows from the next: bit 7 stays set iff the low 7 bits are ≥ the bound.
    let at_least_a = (w | HIGHS).wrapping_sub(ONES * u64::from(b'A'));
    let past_z = (w | HIGHS).wrapping_sub(ONES * u64::from(b'Z' + 1));
    at_least_a & !past_z & !w & HIGHS
}

/// Bit 7 of each byte of the result is set where `w`'s byte is `[`, `\\`, `]` or a backtick, and possibly above
/// a backtick (the borrow of [`equal_bytes`]): the lowest set bit is always exact.
fn link_or_code_bytes(w: u64) -> u64 {
    // `[`, `\\`, `]` are 0x5B–0x5D: the range test of [`capital_bytes`].
    let at_least = (w | HIGHS).wrapping_sub(ONES * u64::from(b'['));
    let past = (w | HIGHS).wrapping_sub(ONES * u64::from(b']' + 1));
    (at_least & !past & !w & HIGHS) | equal_bytes(w, b'`')
}

/// The index of the byte marked by the lowest set bit 7 of `marks`.
fn first_marked(marks: u64) -> usize {
    (marks.trailing_zeros() / 8) as usize
}

/// The offset of the first `byte` in `hay` (word at a time; [`find`] chooses it in WebAssembly).
pub fn find_swar(byte: u8, hay: &[u8]) -> Option<usize> {
    first_of(hay, |w| equal_bytes(w, byte), |b| b == byte)
}

/// The offset of the first byte of `hay` that `marks` marks in its word (bit 7 of the byte; the lowest set bit
/// must be exact, as every `*_bytes` function here makes it) or, in the last few bytes, that `is` accepts: the one
/// loop of every word-at-a-time search here. `marks` and `is` must agree on every byte.
#[inline(always)]
fn first_of(hay: &[u8], marks: impl Fn(u64) -> u64, is: impl Fn(u8) -> bool) -> Option<usize> {
    let mut chunks = hay.chunks_exact(8);
    let mut at = 0;
    for chunk in &mut chunks {
        let found = marks(word(chunk));
        if found != 0 {
            return Some(at + first_marked(found));
        }
        at += 8;
    }
    chunks.remainder().iter().position(|&b| is(b)).map(|i| at + i)
}

/// Whether `hay` holds any of the bytes `x`, `y` and `z` (one pass, word at a time, on every target).
pub fn any_of_three(hay: &[u8], x: u8, y: u8, z: u8) -> bool {
    let marks = |w| equal_bytes(w, x) | equal_bytes(w, y) | equal_bytes(w, z);
    first_of(hay, marks, |b| b == x || b == y || b == z).is_some()
}

/// The offset of the first `byte` in `hay`.
#[cfg(target_arch = "wasm32")]
pub fn find(byte: u8, hay: &[u8]) -> Option<usize> {
    find_swar(byte, hay)
}

/// The offset of the first `byte` in `hay`.
#[cfg(not(target_arch = "wasm32"))]
pub fn find(byte: u8, hay: &[u8]) -> Option<usize> {
    memchr::memchr(byte, hay)
}

/// Appends `i + 1` for every `\n` at offset `i` of `hay`: the starts of the lines after the first.
#[cfg(target_arch = "wasm32")]
pub fn push_line_starts(hay: &[u8], out: &mut Vec<usize>) {
    push_line_starts_swar(hay, out);
}

/// Appends `i + 1` for every `\n` at offset `i` of `hay`: the starts of the lines after the first.
#[cfg(not(target_arch = "wasm32"))]
pub fn push_line_starts(hay: &[u8], out: &mut Vec<usize>) {
    out.extend(memchr::memchr_iter(b'\n', hay).map(|i| i + 1));
}

/// [`push_line_starts`] word at a time ([`push_line_starts`] in WebAssembly).
pub fn push_line_starts_swar(hay: &[u8], out: &mut Vec<usize>) {
    let mut chunks = hay.chunks_exact(8);
    let mut at = 0;
    for chunk in &mut chunks {
        let w = word(chunk);
        // Exact marks: a byte that is not `\n` never has bit 7 set in `x - ONES & !x` unless a lower byte borrowed,
        // which only a lower `\n` (x = 0) does; so clear each found mark and search the rest of the word again.
        let mut rest = w;
        let mut marks = equal_bytes(rest, b'\n');
        while marks != 0 {
            let i = first_marked(marks);
            out.push(at + i + 1);
            // Make the found byte (and every lower one) not a `\n`, so that no borrow starts below the next one.
            rest |= u64::MAX >> (56 - 8 * i as u32);
            marks = equal_bytes(rest, b'\n');
        }
        at += 8;
    }
    for (i, &b) in chunks.remainder().iter().enumerate() {
        if b == b'\n' {
            out.push(at + i + 1);
        }
    }
}

/// The number of Unicode scalar values in UTF-8 `bytes`: the bytes that do not continue a character.
#[cfg(target_arch = "wasm32")]
pub fn chars(bytes: &[u8]) -> usize {
    chars_swar(bytes)
}

/// The number of Unicode scalar values in UTF-8 `bytes`: the bytes that do not continue a character.
#[cfg(not(target_arch = "wasm32"))]
pub fn chars(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b as i8) >= -0x40).count()
}

/// [`chars`] word at a time ([`chars`] in WebAssembly, where a byte loop has no SIMD to run on): a word's
/// continuation bytes (`10xxxxxx`) are those with bit 7 set and bit 6 clear, counted at once.
pub fn chars_swar(bytes: &[u8]) -> usize {
    let mut chunks = bytes.chunks_exact(8);
    let mut continuing = 0;
    for chunk in &mut chunks {
        let w = word(chunk);
        // `w << 1` brings each byte's bit 6 to its bit 7 (a byte's bit 7 goes to the next byte's bit 0, masked off).
        continuing += (w & !(w << 1) & HIGHS).count_ones() as usize;
    }
    continuing += chunks.remainder().iter().filter(|&&b| (b as i8) < -0x40).count();
    bytes.len() - continuing
}

/// The offset of the first ASCII capital letter in `hay` at or after `from`, or `hay.len()`.
#[cfg(test)]
pub fn next_capital(hay: &[u8], from: usize) -> usize {
    let found = hay.get(from..).and_then(|tail| first_of(tail, capital_bytes, |b| b.is_ascii_uppercase()));
    found.map_or(hay.len(), |i| from + i)
}

/// The offset of the first `-` at or after `from` that is followed by a digit `1`–`9` in `hay` (where a Jira key's
/// issue number starts), or `hay.len()`: a search for `-` ([`find`]) and a test of the byte after each. (Testing
/// every word for the pair instead, or each word's `-` marks in place, made `parseNote` run more instructions in
/// WebAssembly: a `-` before a digit is rare, but so is a `-`.)
pub fn next_key_dash(hay: &[u8], from: usize) -> usize {
    let mut at = from;
    while let Some(i) = hay.get(at..).and_then(|tail| find(b'-', tail)) {
        let dash = at + i;
        if hay.get(dash + 1).is_some_and(|c| matches!(c, b'1'..=b'9')) {
            return dash;
        }
        at = dash + 1;
    }
    hay.len()
}

/// The offset of the first `[`, `\\`, `]` or backtick in `hay[from..end]`, or `end` (`from` ≤ `end` ≤ `hay.len()`):
/// the bytes that start something in a paragraph's inlines for the fast path, eight bytes at a time.
pub fn next_link_or_code(hay: &[u8], from: usize, end: usize) -> usize {
    let is = |c| matches!(c, b'[' | b'\\' | b']' | b'`');
    let found = hay.get(from..end).and_then(|tail| first_of(tail, link_or_code_bytes, is));
    found.map_or(end, |i| from + i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_at_every_position() {
        for len in 0..20 {
            for at in 0..len {
                let mut hay = vec![b'a'; len];
                hay[at] = b'\n';
                if at + 1 < len {
                    hay[at + 1] = b'\n';
                }
                assert_eq!(find_swar(b'\n', &hay), Some(at));
                let mut starts = Vec::new();
                push_line_starts_swar(&hay, &mut starts);
                let expected: Vec<usize> = (0..len).filter(|&i| hay[i] == b'\n').map(|i| i + 1).collect();
                assert_eq!(starts, expected);
                hay[at] = b'Q';
                assert_eq!(next_capital(&hay, 0), at);
                for special in [b'[', b'\\', b']', b'`'] {
                    hay[at] = special;
                    assert_eq!(next_link_or_code(&hay, 0, len), at);
                    assert_eq!(next_link_or_code(&hay, 0, at), at);
                }
                hay[at] = 0xa9;
                assert_eq!(chars_swar(&hay), len - 1);
            }
            assert_eq!(find_swar(b'\n', &vec![0x8a; len]), None);
        }
    }

    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        #[test]
        fn searches_agree_with_byte_loops(
            hay in proptest::collection::vec(proptest::prop_oneof![
                4 => proptest::sample::select(&b"\n\t #%:[]\\^aAzZ@[`{\x0b\x09\xc1\xda\x8a\xff\x00-,019:/"[..]),
                1 => proptest::prelude::any::<u8>(),
            ], 0..40),
            from in 0usize..45,
        ) {
            for byte in [b'\n', b'#', b'%', b'[', b':', 0x8a, 0] {
                proptest::prop_assert_eq!(find_swar(byte, &hay), hay.iter().position(|&b| b == byte));
                proptest::prop_assert_eq!(find(byte, &hay), hay.iter().position(|&b| b == byte));
            }
            let mut starts = vec![0];
            push_line_starts_swar(&hay, &mut starts);
            let expected: Vec<usize> =
                std::iter::once(0).chain(hay.iter().enumerate().filter(|(_, b)| **b == b'\n').map(|(i, _)| i + 1)).collect();
            proptest::prop_assert_eq!(starts, expected);
            let capital = hay.get(from..).and_then(|t| t.iter().position(u8::is_ascii_uppercase)).map_or(hay.len(), |i| from + i);
            proptest::prop_assert_eq!(next_capital(&hay, from), capital);
            let key_dash = (from..hay.len().saturating_sub(1))
                .find(|&i| hay[i] == b'-' && (b'1'..=b'9').contains(&hay[i + 1]))
                .unwrap_or(hay.len());
            proptest::prop_assert_eq!(next_key_dash(&hay, from), key_dash);
            let end = hay.len().min(from + 13);
            let special = hay.get(from..end).and_then(|t| t.iter().position(|c| b"[\\]`".contains(c))).map_or(end, |i| from + i);
            proptest::prop_assert_eq!(next_link_or_code(&hay, from, end), special);
            let chars = hay.iter().filter(|&&b| !(0x80..0xc0).contains(&b)).count();
            proptest::prop_assert_eq!(chars_swar(&hay), chars);
            proptest::prop_assert_eq!(super::chars(&hay), chars);
        }
    }
}
