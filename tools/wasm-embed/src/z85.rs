//! Z85 encoding (ZeroMQ RFC 32): each group of four bytes, read big-endian, becomes five characters of an
//! 85-character alphabet, most significant first. The input length must be a multiple of four.

/// The Z85 alphabet (RFC 32).
const ALPHABET: &[u8; 85] = b"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#";

/// The Z85 text of `bytes`, whose length must be a multiple of four (panics otherwise: a build tool's bug).
pub fn encode(bytes: &[u8]) -> String {
    assert!(bytes.len().is_multiple_of(4), "Z85 encodes whole 4-byte groups");
    let mut out = String::with_capacity(bytes.len() / 4 * 5);
    for group in bytes.chunks_exact(4) {
        let mut value = u32::from_be_bytes([group[0], group[1], group[2], group[3]]);
        let mut chars = [0u8; 5];
        for slot in chars.iter_mut().rev() {
            *slot = ALPHABET[(value % 85) as usize];
            value /= 85;
        }
        out.extend(chars.iter().map(|&c| char::from(c)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_the_rfc_test_vector() {
        // RFC 32's example: these eight bytes are "HelloWorld".
        assert_eq!(encode(&[0x86, 0x4F, 0xD2, 0x6F, 0xB5, 0x59, 0xF7, 0x5B]), "HelloWorld");
    }

    #[test]
    fn encodes_the_extremes() {
        assert_eq!(encode(&[0, 0, 0, 0]), "00000");
        assert_eq!(encode(&[0xFF; 4]), "%nSc0");
    }
}
