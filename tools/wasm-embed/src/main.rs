//! `wasm-embed IN OUT`: writes the core's wasm as `main.js` carries it (see `scripts/build.mjs` and
//! `plugin/src/core/wasm-bytes.ts`, which reverses it): XZ-compressed, then as 7-bit text.
//! `wasm-embed --order IN OUT`: writes the module with its functions sorted by name, which XZ packs smaller, and
//! without its name section ([`order`]; the build runs it on wasm-bindgen's output before anything reads it).
//! `wasm-embed --deflate IN OUT`: writes the XZ decoder's own wasm (xz-decompress's, 12.5 KB) as `main.js` carries
//! it (`plugin/src/core/xz.ts` reverses it with fflate's `inflateSync`): raw DEFLATE (RFC 1951) by Zopfli, then the same 7-bit text.
//!
//! - **XZ** because it packs wasm about 10 % smaller than Zstandard at its highest level (573 KB against 632 KB
//!   for the 2.5 MB core). The settings are fixed so the same wasm gives the same bytes on every machine (the
//!   release must be reproducible): LZMA2 at preset 9 with `lc=4, pb=0` (wasm is byte-aligned: position bits do
//!   not help, one more literal context bit does), matches searched up to the longest the format has (`nice_len`
//!   273 instead of the preset's 64: about 1 KB less for the 2.7 MB core), a dictionary no larger than the next
//!   power of two above the input (the decoder allocates what the header declares; the preset's 64 MiB would cost
//!   a phone 64 MiB for a 2.5 MB module), a CRC32 check, one block.
//! - **Two XZ streams** for a module with a data section, one after the other (the XZ format allows it;
//!   `plugin/src/core/xz.ts` decodes them in turn): the code and everything before it as above, then the data
//!   section and what follows (the engine worker's script) with `lc=2, pb=1` — data, unlike code, gains from
//!   position bits and loses from literal context. 768 bytes less than one stream for the 2.6 MB core with
//!   the worker's 16 KB script (629,880 → 629,112 bytes of XZ); the two parts hardly share matches (the script
//!   in a third stream of its own, with `lc=3`: 292 bytes more).
//! - **7-bit text** ([`seven_bit`]) instead of base64 or Z85 because every byte of text carries seven bits (1.143
//!   bytes of text a byte, against Z85's 1.25 and base64's 1.33): about 70 KB less in `main.js` than Z85. Groups of
//!   seven bits are one ASCII character each, from the characters esbuild leaves as they are inside a double-quoted
//!   string (printable ones and most control characters; no quote, backslash, slash or line terminator), and the
//!   values that have none are paired with the next group as one two-byte UTF-8 character (U+0080–U+067F, which
//!   esbuild's `charset: "utf8"` leaves as they are). The text starts with one digit: `1` when its last character
//!   holds one group more than the stream has (the decoder drops it), else `0`.

mod order;
mod seven_bit;

use std::{env, fs, io::Write, process::ExitCode};

use lzma_rust2::{CheckType, XzOptions, XzWriter};

/// The XZ stream(s) of `input` with the settings above: two for a wasm module with a data section.
fn compress(input: &[u8]) -> std::io::Result<Vec<u8>> {
    match data_start(input) {
        Some(at) => {
            let mut out = xz(&input[..at], 4, 0)?;
            out.extend(xz(&input[at..], 2, 1)?);
            Ok(out)
        }
        None => xz(input, 4, 0),
    }
}

/// Where `wasm`'s data section starts (its id byte), when it is a module that has one.
fn data_start(wasm: &[u8]) -> Option<usize> {
    const DATA: u8 = 11;
    if !wasm.starts_with(b"\0asm") {
        return None;
    }
    let mut at = 8;
    while at < wasm.len() {
        let start = at;
        let id = wasm[at];
        at += 1;
        let (mut size, mut shift) = (0usize, 0);
        loop {
            let byte = *wasm.get(at)?;
            at += 1;
            size |= usize::from(byte & 0x7f).checked_shl(shift)?;
            shift += 7;
            if byte & 0x80 == 0 {
                break;
            }
        }
        if id == DATA {
            return Some(start);
        }
        at = at.checked_add(size)?;
    }
    None
}

/// One XZ stream of `input` with the settings above and the literal context and position bits given.
fn xz(input: &[u8], lc: u32, pb: u32) -> std::io::Result<Vec<u8>> {
    let mut options = XzOptions::with_preset(9);
    options.lzma_options.lc = lc;
    options.lzma_options.lp = 0;
    options.lzma_options.pb = pb;
    options.lzma_options.nice_len = lzma_rust2::LzmaOptions::NICE_LEN_MAX;
    let fitting = u32::try_from(input.len()).unwrap_or(u32::MAX).max(4096).checked_next_power_of_two();
    options.lzma_options.dict_size = options.lzma_options.dict_size.min(fitting.unwrap_or(u32::MAX));
    options.set_check_sum_type(CheckType::Crc32);
    let mut writer = XzWriter::new(Vec::with_capacity(input.len() / 3), options)?;
    writer.write_all(input)?;
    writer.finish()
}

/// The text `main.js` carries for `wasm`: the extra-group digit, then the 7-bit text of the XZ stream.
fn embed(wasm: &[u8]) -> std::io::Result<String> {
    Ok(text(&compress(wasm)?))
}

/// The raw DEFLATE stream of `input` by Zopfli with its default settings (15 iterations; deterministic). The XZ
/// decoder cannot be XZ itself; DEFLATE has a decoder small enough to carry in JavaScript (about 1 KB), and
/// Zopfli's stream is 4 % smaller than zlib's at level 9 (5,328 bytes against 5,514 for the decoder's 12,558).
fn deflate(input: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut out = Vec::new();
    let mut writer = zopfli::DeflateEncoder::new(zopfli::Options::default(), zopfli::BlockType::Dynamic, &mut out);
    writer.write_all(input)?;
    writer.finish()?;
    Ok(out)
}

/// `stream` as `main.js` carries it: the extra-group digit, then its 7-bit text.
fn text(stream: &[u8]) -> String {
    let (text, extra) = seven_bit::encode(stream);
    format!("{}{text}", u8::from(extra))
}

fn main() -> ExitCode {
    let args: Vec<String> = env::args().skip(1).collect();
    let result = match args.as_slice() {
        [from, to] => fs::read(from).and_then(|wasm| embed(&wasm)).and_then(|text| fs::write(to, text)),
        [flag, from, to] if flag == "--order" => fs::read(from)
            .and_then(|wasm| order::sort_by_name(&wasm).map_err(std::io::Error::other))
            .and_then(|sorted| fs::write(to, sorted)),
        [flag, from, to] if flag == "--deflate" => {
            fs::read(from).and_then(|wasm| deflate(&wasm)).and_then(|stream| fs::write(to, text(&stream)))
        }
        _ => {
            eprintln!("usage: wasm-embed [--order | --deflate] IN OUT");
            return ExitCode::from(2);
        }
    };
    match result {
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
    fn the_text_starts_with_its_digit_and_the_xz_magic() -> std::io::Result<()> {
        let text = embed(b"\0asm some module bytes")?;
        assert!(text.starts_with('0') || text.starts_with('1'));
        // An XZ stream starts FD 37 7A 58 5A 00 (what the plugin's tests look for in main.js):
        assert!(text[1..].starts_with("\u{05CD}z.Ls"));
        Ok(())
    }

    #[test]
    fn the_same_input_gives_the_same_text() -> std::io::Result<()> {
        let input: Vec<u8> = (0..50_000u32).map(|i| (i * 7 % 251) as u8).collect();
        assert_eq!(embed(&input)?, embed(&input)?);
        Ok(())
    }

    #[test]
    fn a_module_with_a_data_section_is_two_streams_that_decode_to_it() -> std::io::Result<()> {
        // A module: the header, a code section (id 10) of 300 bytes, a data section (id 11) of 200, a custom section.
        let mut wasm = b"\0asm\x01\0\0\0".to_vec();
        wasm.extend([10, 0xac, 0x02]);
        wasm.extend((0..300u32).map(|i| (i % 7) as u8));
        wasm.extend([11, 0xc8, 0x01]);
        wasm.extend((0..200u32).map(|i| (i % 5) as u8));
        wasm.extend([0, 3, 1, b'x', 9]);
        assert_eq!(data_start(&wasm), Some(311));
        assert_eq!(data_start(&wasm[..311]), None);
        assert_eq!(data_start(b"not a module"), None);
        let packed = compress(&wasm)?;
        assert_eq!(packed.windows(6).filter(|w| *w == [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]).count(), 2);
        let mut out = Vec::new();
        std::io::Read::read_to_end(&mut lzma_rust2::XzReader::new(packed.as_slice(), true), &mut out)?;
        assert_eq!(out, wasm);
        Ok(())
    }

    #[test]
    fn the_deflate_stream_inflates_to_its_input_and_is_the_same_every_time() -> std::io::Result<()> {
        let input: Vec<u8> = (0..20_000u32).map(|i| (i * i % 61) as u8).chain(*b"\0asm tail").collect();
        let stream = deflate(&input)?;
        assert!(stream.len() < input.len() / 4);
        assert_eq!(miniz_oxide::inflate::decompress_to_vec(&stream).ok(), Some(input.clone()));
        assert_eq!(deflate(&input)?, stream);
        assert_eq!(miniz_oxide::inflate::decompress_to_vec(&deflate(b"")?).ok(), Some(Vec::new()));
        Ok(())
    }
}
