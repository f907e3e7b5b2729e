//! Small text utilities shared by the parsers and writers: positions and byte ranges (defined with the body
//! scanners in `note_body`, re-exported here) and numbers with a few decimals.

pub use note_body::text::{Position, Span};

/// `n` followed by `one` when `n` is 1, else by `many`: "1 issue", "0 issues", "3 issues".
pub(crate) fn count(n: u64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// `v` with `decimals` decimals by integer arithmetic, for up to 3 decimals, when it is certain to be the text
/// `format!("{v:.decimals$}")` writes (the float formatter's exact rounding was the costly part of rendering a
/// report of thousands of numbers):
///
/// `scaled` = |v|·10^decimals is the exact product rounded once, so it is within 1.2·10⁻⁴ of the exact product
/// below 10¹²; its fractional part is computed exactly. When that part is at least 10⁻³ away from ½, the
/// exact product rounds to the same integer as `scaled` does, which is the integer the formatter writes (it
/// rounds the exact binary value). Near a tie (e.g. 0.15, stored just below, whose product 1.5 rounds up)
/// and for larger values, `None`: the formatter decides. A result of 0 is written without a sign (where the
/// formatter writes `-0.0`; callers that keep the sign of a negative zero must not take this path for it).
pub(crate) fn fixed_decimals(v: f64, decimals: usize) -> Option<String> {
    use std::fmt::Write;
    const POWERS: [u64; 4] = [1, 10, 100, 1000];
    let power = *POWERS.get(decimals)?;
    let scaled = v.abs() * power as f64;
    if !scaled.is_finite() || scaled >= 1e12 || (scaled - scaled.floor() - 0.5).abs() < 1e-3 {
        return None;
    }
    // In range and finite: the cast is exact after rounding.
    let units = scaled.round() as u64;
    let mut s = String::with_capacity(16);
    if v < 0.0 && units > 0 {
        s.push('-');
    }
    let _ = write!(s, "{}", units / power);
    if decimals > 0 {
        let _ = write!(s, ".{:0decimals$}", units % power);
    }
    Some(s)
}

#[cfg(test)]
mod tests {
    use super::count;

    #[test]
    fn counts_take_the_singular_only_for_one() {
        assert_eq!(count(1, "issue", "issues"), "1 issue");
        assert_eq!(count(0, "issue", "issues"), "0 issues");
        assert_eq!(count(3, "open issue", "open issues"), "3 open issues");
    }
}
