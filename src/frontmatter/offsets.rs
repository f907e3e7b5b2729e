//! Converting saphyr-parser positions (character indices into the YAML slice) into byte offsets of the note.
//!
//! The parser counts characters, the rest of the crate counts bytes. Events arrive almost always in increasing
//! order, so a forward-moving cursor makes every conversion amortised O(1); a backwards request restarts from
//! the beginning of the slice, which stays correct, just slower.

/// A cursor over the YAML slice `yaml`, which starts at byte `base` of the note.
pub(crate) struct Offsets<'a> {
    yaml: &'a str,
    base: usize,
    /// Whether `yaml` is ASCII, so that characters are bytes (computed once: it is O(n)).
    ascii: bool,
    /// Invariant: `byte` is the byte offset of character number `chars` in `yaml`, always a char boundary.
    chars: usize,
    byte: usize,
}

impl<'a> Offsets<'a> {
    /// A cursor for `yaml`, found at byte `base` of the note.
    pub(crate) fn new(yaml: &'a str, base: usize) -> Self {
        Self { yaml, base, ascii: yaml.is_ascii(), chars: 0, byte: 0 }
    }

    /// The byte offset in the note of character `index` of the YAML slice (clamped to its end).
    pub(crate) fn byte(&mut self, index: usize) -> usize {
        if self.ascii {
            return self.base + index.min(self.yaml.len());
        }
        if index < self.chars {
            self.chars = 0;
            self.byte = 0;
        }
        let mut rest = self.yaml[self.byte..].chars();
        while self.chars < index {
            let Some(c) = rest.next() else { break };
            self.chars += 1;
            self.byte += c.len_utf8();
        }
        self.base + self.byte
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_char_indices_to_note_bytes() {
        let mut o = Offsets::new("é: ü\n", 10);
        assert_eq!(o.byte(0), 10);
        assert_eq!(o.byte(1), 12);
        assert_eq!(o.byte(3), 14);
        assert_eq!(o.byte(1), 12);
        assert_eq!(o.byte(99), 10 + "é: ü\n".len());
        assert_eq!(Offsets::new("ab", 3).byte(1), 4);
    }
}
