//! Decimal text to `f64`, as `str::parse::<f64>` reads it, without the standard library's reader: that reader
//! (Eisel–Lemire) carries a table of 651 128-bit powers of five, 10.4 KB of the wasm that does not compress (about
//! 11 KB of `main.js`, 2026-12-05). [`parse_f64`] accepts exactly the texts the standard reader accepts and gives
//! the same value, correctly rounded (to nearest, ties to even, subnormals included): the common short numbers by
//! one exact multiplication or division (Clinger's fast path), the rest by exact integer arithmetic.
//! `float_text/tests.rs` holds it against the standard reader over edge cases and random texts.
//!
//! The text: an optional sign, then `inf`, `infinity` or `nan` in any case, or digits with an optional `.` (at
//! least one digit on either side of it) and an optional exponent (`e` or `E`, an optional sign, at least one
//! digit). Nothing else: no spaces, no `_`.

/// Exact powers of ten as `f64` (10²² is the largest one is exact).
const POWERS: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20,
    1e21, 1e22,
];

/// Significant digits kept: past them only whether any is non-zero matters (as one more digit `1`), which is
/// enough to round every value correctly (at most 768 digits can matter for an `f64`).
const MAX_DIGITS: usize = 800;

/// `text` read as `str::parse::<f64>` reads it: `None` where that is an error.
pub(crate) fn parse_f64(text: &str) -> Option<f64> {
    let bytes = text.as_bytes();
    let (negative, rest) = match bytes.split_first() {
        Some((b'-', rest)) => (true, rest),
        Some((b'+', rest)) => (false, rest),
        _ => (false, bytes),
    };
    let value = if rest.eq_ignore_ascii_case(b"inf") || rest.eq_ignore_ascii_case(b"infinity") {
        f64::INFINITY
    } else if rest.eq_ignore_ascii_case(b"nan") {
        f64::NAN
    } else {
        decimal(rest)?
    };
    Some(if negative { -value } else { value })
}

/// The value of unsigned decimal text (digits, `.`, exponent).
fn decimal(text: &[u8]) -> Option<f64> {
    // The significant digits (no leading zeros) and the power of ten of the last one.
    let mut digits: Vec<u8> = Vec::new();
    let mut exponent: i64 = 0;
    let mut seen_digit = false;
    let mut at = 0;
    let mut dropped_nonzero = false;
    let mut push = |digit: u8, digits: &mut Vec<u8>, exponent: &mut i64, after_dot: bool| {
        if digits.is_empty() && digit == 0 {
            // A leading zero: only its place after the dot counts.
            *exponent -= i64::from(after_dot);
        } else if digits.len() < MAX_DIGITS {
            digits.push(digit);
            *exponent -= i64::from(after_dot);
        } else {
            dropped_nonzero |= digit != 0;
            *exponent += i64::from(!after_dot);
        }
    };
    while let Some(&c) = text.get(at).filter(|c| c.is_ascii_digit()) {
        push(c - b'0', &mut digits, &mut exponent, false);
        seen_digit = true;
        at += 1;
    }
    if text.get(at) == Some(&b'.') {
        at += 1;
        while let Some(&c) = text.get(at).filter(|c| c.is_ascii_digit()) {
            push(c - b'0', &mut digits, &mut exponent, true);
            seen_digit = true;
            at += 1;
        }
    }
    if !seen_digit {
        return None;
    }
    if matches!(text.get(at), Some(b'e' | b'E')) {
        at += 1;
        let negative = match text.get(at) {
            Some(b'-') => {
                at += 1;
                true
            }
            Some(b'+') => {
                at += 1;
                false
            }
            _ => false,
        };
        let start = at;
        let mut written: i64 = 0;
        while let Some(&c) = text.get(at).filter(|c| c.is_ascii_digit()) {
            // Saturates as the standard reader does (from 2¹⁶ on, further digits are not added).
            if written < 0x10000 {
                written = written * 10 + i64::from(c - b'0');
            }
            at += 1;
        }
        if at == start {
            return None;
        }
        exponent += if negative { -written } else { written };
    }
    if at != text.len() {
        return None;
    }
    if dropped_nonzero {
        // Past the kept digits: a non-zero digit right after them stands for all of them.
        digits.push(1);
        exponent -= 1;
    }
    while digits.last() == Some(&0) {
        digits.pop();
        exponent += 1;
    }
    Some(value_of(&digits, exponent))
}

/// The `f64` nearest to `digits` × 10^`exponent` (`digits` without leading or trailing zeros).
fn value_of(digits: &[u8], exponent: i64) -> f64 {
    let count = digits.len() as i64;
    if digits.is_empty() || count + exponent < -324 {
        // Below 10⁻³²⁵: under half the smallest subnormal.
        return 0.0;
    }
    if count + exponent > 310 {
        return f64::INFINITY;
    }
    if count <= 15 && (-22..=22).contains(&exponent) {
        // Below 2⁵³ and an exact power of ten: one correctly rounded operation.
        let whole = digits.iter().fold(0u64, |n, &d| n * 10 + u64::from(d)) as f64;
        let power = POWERS[exponent.unsigned_abs() as usize];
        return if exponent < 0 { whole / power } else { whole * power };
    }
    let whole = Big::from_digits(digits);
    // The value is `top` × 2^`shift` plus less than one unit of `top` (`rest`: whether it is more than zero).
    let (top, shift, rest) = if exponent >= 0 {
        let n = whole.times_pow10(exponent as u32);
        let bits = n.bits();
        let shift = bits.saturating_sub(66);
        (n.bits_from(shift), shift as i64, n.any_below(shift))
    } else {
        // ⌊whole × 2^k / 10^m⌋ with 65 or 66 bits, and whether anything remains.
        let divisor = Big::from_digits(&[1]).times_pow10(exponent.unsigned_abs() as u32);
        let k = 65 + divisor.bits() as i64 - whole.bits() as i64;
        let (dividend, divisor) =
            if k >= 0 { (whole.shl(k as usize), divisor) } else { (whole, divisor.shl(k.unsigned_abs() as usize)) };
        let (quotient, remainder) = dividend.div_small_quotient(&divisor);
        (quotient, -k, remainder)
    };
    round(top, shift, rest)
}

/// The `f64` nearest to (`top` + ε) × 2^`shift`, where ε is 0 when `!rest` and strictly between 0 and 1
/// otherwise; `top` has at most 67 bits and at least 54 unless the value is exact.
fn round(top: u128, shift: i64, rest: bool) -> f64 {
    let bits = 128 - i64::from(top.leading_zeros());
    // The value's binary exponent (2^e ≤ value < 2^(e+1)), and how many low bits of `top` the result drops.
    let e = bits - 1 + shift;
    let drop = if e >= -1022 { bits - 53 } else { bits - 53 + (-1022 - e) };
    if drop <= 0 {
        // Exact: `top` fits.
        let value = top as f64;
        return scale(value, shift);
    }
    if drop > 127 {
        return 0.0;
    }
    let drop = drop as u32;
    let mut m = top >> drop;
    let low = top & ((1u128 << drop) - 1);
    let half = 1u128 << (drop - 1);
    if low > half || (low == half && (rest || m & 1 == 1)) {
        m += 1;
    }
    // m × 2^(shift + drop), m < 2⁵³ + 1: exact in an f64 and scaled exactly (a power of two).
    scale(m as f64, shift + i64::from(drop))
}

/// `value` × 2^`power`, exactly where the result is representable (`value` below 2⁵⁴, result rounded already).
fn scale(mut value: f64, mut power: i64) -> f64 {
    // Steps that keep every intermediate exact: by 2⁹⁰⁰ or 2⁻⁹⁰⁰ (an intermediate stays normal while a step
    // remains), then by a normal power of two.
    while power > 900 {
        value *= f64::from_bits(((900 + 1023) as u64) << 52);
        power -= 900;
    }
    while power < -900 {
        value *= f64::from_bits(((1023 - 900) as u64) << 52);
        power += 900;
    }
    value * f64::from_bits(((power + 1023) as u64) << 52)
}

/// An unsigned integer of any size: 32-bit limbs, least significant first.
#[derive(Clone)]
struct Big(Vec<u32>);

impl Big {
    /// The integer written by `digits` (0–9 each).
    fn from_digits(digits: &[u8]) -> Big {
        let mut n = Big(Vec::new());
        for chunk in digits.chunks(9) {
            let value = chunk.iter().fold(0u32, |n, &d| n * 10 + u32::from(d));
            n.mul_add(10u32.pow(chunk.len() as u32), value);
        }
        n
    }

    /// `self` × `factor` + `add`.
    fn mul_add(&mut self, factor: u32, add: u32) {
        let mut carry = u64::from(add);
        for limb in &mut self.0 {
            let product = u64::from(*limb) * u64::from(factor) + carry;
            *limb = product as u32;
            carry = product >> 32;
        }
        if carry > 0 {
            self.0.push(carry as u32);
        }
    }

    /// `self` × 10^`power`.
    fn times_pow10(mut self, mut power: u32) -> Big {
        while power >= 9 {
            self.mul_add(1_000_000_000, 0);
            power -= 9;
        }
        self.mul_add(10u32.pow(power), 0);
        self
    }

    /// The number of bits (0 for zero).
    fn bits(&self) -> usize {
        match self.0.iter().rposition(|&limb| limb != 0) {
            Some(i) => i * 32 + 32 - self.0[i].leading_zeros() as usize,
            None => 0,
        }
    }

    /// Bit `i`.
    fn bit(&self, i: usize) -> bool {
        self.0.get(i / 32).is_some_and(|limb| limb >> (i % 32) & 1 == 1)
    }

    /// The bits from `from` up (at most 128 of them), as a number.
    fn bits_from(&self, from: usize) -> u128 {
        (from..self.bits()).rev().fold(0u128, |n, i| n << 1 | u128::from(self.bit(i)))
    }

    /// Whether any bit below `below` is set.
    fn any_below(&self, below: usize) -> bool {
        (0..below).any(|i| self.bit(i))
    }

    /// `self` × 2^`by`.
    fn shl(&self, by: usize) -> Big {
        let mut limbs = vec![0u32; by / 32];
        let bits = (by % 32) as u32;
        let mut carry = 0u32;
        for &limb in &self.0 {
            limbs.push(if bits == 0 { limb } else { limb << bits | carry });
            carry = if bits == 0 { 0 } else { limb >> (32 - bits) };
        }
        limbs.push(carry);
        Big(limbs)
    }

    /// `self` ≥ `other`.
    fn at_least(&self, other: &Big) -> bool {
        let len = self.0.len().max(other.0.len());
        for i in (0..len).rev() {
            let (a, b) = (self.0.get(i).copied().unwrap_or(0), other.0.get(i).copied().unwrap_or(0));
            if a != b {
                return a > b;
            }
        }
        true
    }

    /// `self` − `other` (`self` ≥ `other`).
    fn sub(&mut self, other: &Big) {
        let mut borrow = 0i64;
        for i in 0..self.0.len() {
            let difference = i64::from(self.0[i]) - i64::from(other.0.get(i).copied().unwrap_or(0)) - borrow;
            self.0[i] = difference.rem_euclid(1 << 32) as u32;
            borrow = i64::from(difference < 0);
        }
    }

    /// ⌊`self` / `divisor`⌋ when it is below 2⁶⁸, and whether the division leaves a remainder.
    fn div_small_quotient(&self, divisor: &Big) -> (u128, bool) {
        let mut remainder = self.clone();
        let mut quotient = 0u128;
        for i in (0..68).rev() {
            let step = divisor.shl(i);
            if remainder.at_least(&step) {
                remainder.sub(&step);
                quotient |= 1 << i;
            }
        }
        (quotient, remainder.bits() > 0)
    }
}

#[cfg(test)]
mod tests;
