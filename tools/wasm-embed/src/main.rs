//! `wasm-embed IN OUT`: writes the core's wasm as `main.js` carries it (see `scripts/build.mjs` and
//! `plugin/src/core/wasm-bytes.ts`, which reverses it): XZ-compressed, then as base-116 text.
//!
//! - **XZ** because it packs wasm about 10 % smaller than Zstandard at its highest level (573 KB against 632 KB
//!   for the 2.5 MB core). The settings are fixed so the same wasm gives the same bytes on every machine (the
//!   release must be reproducible): LZMA2 at preset 9 with `lc=4, pb=0` (wasm is byte-aligned: position bits do
//!   not help, one more literal context bit does), a dictionary no larger than the next power of two above the
//!   input (the decoder allocates what the header declares; the preset's 64 MiB would cost a phone 64 MiB for a
//!   2.5 MB module), a CRC32 check, one block.
//! - **Base-116** ([`base116`]) instead of base64 or Z85 because seven characters carry six bytes (1.167
//!   characters a byte, against Z85's 1.25 and base64's 1.33): about 55 KB less in `main.js` than Z85. Its alphabet
//!   is the ASCII characters esbuild leaves as they are inside a double-quoted string (printable ones and most
//!   control characters; no quote, backslash, slash or line terminator), so the text sits in `main.js` byte for
//!   byte. It takes whole 6-byte groups: the text starts with one digit, the number (0–5) of zero bytes appended to
//!   fill the last group, which the decoder drops.

mod base116;

use std::{env, fs, io::Write, process::ExitCode};

use lzma_rust2::{CheckType, XzOptions, XzWriter};

/// The XZ stream of `input` with the settings above.
fn compress(input: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut options = XzOptions::with_preset(9);
    options.lzma_options.lc = 4;
    options.lzma_options.lp = 0;
    options.lzma_options.pb = 0;
    let fitting = u32::try_from(input.len()).unwrap_or(u32::MAX).max(4096).checked_next_power_of_two();
    options.lzma_options.dict_size = options.lzma_options.dict_size.min(fitting.unwrap_or(u32::MAX));
    options.set_check_sum_type(CheckType::Crc32);
    let mut writer = XzWriter::new(Vec::with_capacity(input.len() / 3), options)?;
    writer.write_all(input)?;
    writer.finish()
}

/// The text `main.js` carries for `wasm`: the padding digit, then the base-116 text of the padded XZ stream.
fn embed(wasm: &[u8]) -> std::io::Result<String> {
    let mut packed = compress(wasm)?;
    let pad = (6 - packed.len() % 6) % 6;
    packed.resize(packed.len() + pad, 0);
    Ok(format!("{pad}{}", base116::encode(&packed)))
}

fn main() -> ExitCode {
    let args: Vec<String> = env::args().skip(1).collect();
    let [from, to] = args.as_slice() else {
        eprintln!("usage: wasm-embed IN OUT");
        return ExitCode::from(2);
    };
    match fs::read(from).and_then(|wasm| embed(&wasm)).and_then(|text| fs::write(to, text)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("wasm-embed: {err}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_text_starts_with_the_padding_and_holds_whole_groups() -> std::io::Result<()> {
        let text = embed(b"\0asm some module bytes")?;
        let pad = text.as_bytes()[0] - b'0';
        assert!(pad < 6);
        assert_eq!((text.len() - 1) % 7, 0);
        // An XZ stream starts FD 37 7A 58 5A 00, the first group (what the plugin's tests look for in main.js):
        assert_eq!(&text[1..8], "}(Y[)b_");
        Ok(())
    }

    #[test]
    fn the_same_input_gives_the_same_text() -> std::io::Result<()> {
        let input: Vec<u8> = (0..50_000u32).map(|i| (i * 7 % 251) as u8).collect();
        assert_eq!(embed(&input)?, embed(&input)?);
        Ok(())
    }
}
