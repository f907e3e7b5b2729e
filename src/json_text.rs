//! JSON text written by serde_json through one writer type, [`JsonText`], for the whole crate: every
//! `Serialize` type is then compiled once for it, whether its text is kept in one `String` ([`to_string`]) or
//! handed over in pieces as it is written ([`JsonText::piecewise`], the wasm boundary's large results). Two writer
//! types (serde_json's `Vec<u8>` one beside a piecewise one) compiled every shared serializer twice.
//!
//! Invariant: the pieces, joined, are byte for byte the text [`to_string`] gives; each piece ends on a UTF-8
//! character boundary (the bytes of a character a piece would cut wait for the next one).

use serde::Serialize;

/// How many bytes a piecewise text holds before it hands them over (a piece may run over by one write).
const PIECE: usize = 256 * 1024;

/// JSON text being written: the bytes not yet handed over, and where pieces go (`None`: nowhere, the text is
/// kept whole).
pub struct JsonText<'a> {
    pending: Vec<u8>,
    sink: Option<&'a mut dyn FnMut(&str)>,
}

impl<'a> JsonText<'a> {
    /// A text handed to `sink` in pieces of about 256 KB as it is written; [`end`](Self::end) hands over the rest.
    pub fn piecewise(sink: &'a mut dyn FnMut(&str)) -> Self {
        Self { pending: Vec::new(), sink: Some(sink) }
    }

    /// Writes `value`'s JSON text.
    pub fn write<T: Serialize + ?Sized>(&mut self, value: &T) -> serde_json::Result<()> {
        serde_json::to_writer(&mut *self, value)
    }

    /// The end of the text not handed over yet (at least the last write's bytes), to change before
    /// [`end`](Self::end).
    pub fn pending(&mut self) -> &mut Vec<u8> {
        &mut self.pending
    }

    /// Hands over what is left.
    pub fn end(mut self) {
        self.hand_over();
    }

    /// Hands the pending bytes to the sink, up to the last whole character.
    fn hand_over(&mut self) {
        let Some(sink) = &mut self.sink else { return };
        let whole = match std::str::from_utf8(&self.pending) {
            Ok(text) => text.len(),
            Err(e) => e.valid_up_to(),
        };
        if let Ok(text) = std::str::from_utf8(&self.pending[..whole]) {
            sink(text);
        }
        self.pending.drain(..whole);
    }
}

impl std::io::Write for JsonText<'_> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        if self.pending.len() >= PIECE {
            self.hand_over();
        }
        self.pending.extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// `value`'s JSON text, as `serde_json::to_string` writes it.
pub fn to_string<T: Serialize + ?Sized>(value: &T) -> serde_json::Result<String> {
    let mut out = JsonText { pending: Vec::new(), sink: None };
    out.write(value)?;
    String::from_utf8(out.pending).map_err(serde::ser::Error::custom)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_join_to_the_whole_text_on_character_boundaries() {
        let value: Vec<String> = (0..40_000).map(|i| format!("é{i}€\"\n")).collect();
        let whole = serde_json::to_string(&value).unwrap_or_default();
        let mut pieces = Vec::new();
        let mut sink = |piece: &str| pieces.push(piece.to_owned());
        let mut out = JsonText::piecewise(&mut sink);
        assert!(out.write(&value).is_ok());
        out.end();
        assert!(pieces.len() > 1, "{} pieces", pieces.len());
        assert_eq!(pieces.concat(), whole);
        assert_eq!(to_string(&value).ok(), Some(whole));
    }
}
