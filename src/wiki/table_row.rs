//! A wiki table row split into its cells, as the block parser reads tables.

/// Splits a table row into cells: `(is header, raw text)`. `|` inside `[…]`, `{{…}}` and `!…!` (on the
/// same row, within a short distance) and escaped `\|` do not split; the emoticon `(!)` opens no `!…!`.
pub(super) fn split_row(row: &str) -> Vec<(bool, &str)> {
    let bytes = row.as_bytes();
    let mut cells = Vec::new();
    let mut i = 0;
    while i < bytes.len() && bytes[i] == b'|' {
        let header = bytes.get(i + 1) == Some(&b'|');
        let start = (i + if header { 2 } else { 1 }).min(bytes.len());
        let mut k = start;
        while k < bytes.len() && bytes[k] != b'|' {
            k = match bytes[k] {
                b'\\' => k + 2,
                b'[' => skip_past(row, k, "]", 1024),
                b'{' if bytes.get(k + 1) == Some(&b'{') => skip_past(row, k, "}}", 1024),
                b'(' if row[k..].starts_with("(!)") => k + 3,
                b'!' if bytes.get(k + 1).is_some_and(|b| !b.is_ascii_whitespace()) => skip_past(row, k, "!", 256),
                _ => k + 1,
            };
        }
        let k = k.min(bytes.len());
        let text = row.get(start..k).unwrap_or("");
        if k == bytes.len() && text.trim().is_empty() {
            break;
        }
        cells.push((header, text));
        i = k;
    }
    cells
}

/// The byte after `pat` when it occurs within `limit` bytes after the ASCII byte at `k`, else `k + 1`.
fn skip_past(row: &str, k: usize, pat: &str, limit: usize) -> usize {
    let mut end = row.len().min(k + 1 + limit);
    while !row.is_char_boundary(end) {
        end -= 1;
    }
    row.get(k + 1..end).and_then(|w| w.find(pat)).map_or(k + 1, |off| k + 1 + off + pat.len())
}
