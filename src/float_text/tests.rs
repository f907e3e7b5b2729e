//! [`parse_f64`] against the standard reader (`str::parse::<f64>`): the same answer, bit for bit, for edge cases,
//! for every shortest and long form of random `f64`s, for the exact midpoints between neighbouring `f64`s (and
//! their neighbours one digit away), and for random digit strings.

use super::parse_f64;

/// The standard reader's answer, as bits.
fn standard(text: &str) -> Option<u64> {
    text.parse::<f64>().ok().map(f64::to_bits)
}

/// Asserts that both readers agree on `text`.
fn agree(text: &str) {
    assert_eq!(parse_f64(text).map(f64::to_bits), standard(text), "{text:?}");
}

/// A small deterministic generator (xorshift64*).
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

#[test]
fn edge_cases_read_as_the_standard_reader_reads_them() {
    let long_one = format!("0.{}1e{}", "0".repeat(70_000), 70_001);
    let long_digits = format!("{}e-800", "9".repeat(900));
    let saturated = format!("0.{}1e200001", "0".repeat(200_000));
    for text in [
        "",
        "+",
        "-",
        ".",
        "e",
        "e5",
        "1e",
        "1e+",
        "1e-",
        ".e1",
        "+.",
        "1.e",
        "--1",
        "+-1",
        " 1",
        "1 ",
        "1_0",
        "0x10",
        "1.5.",
        "1e5.",
        "١",
        "inf",
        "-inf",
        "+inf",
        "INF",
        "Infinity",
        "-infinity",
        "infinit",
        "infinityy",
        "nan",
        "NaN",
        "-nan",
        "+NAN",
        "nan1",
        "0",
        "-0",
        "+0",
        "0.0",
        "-0.0",
        "00000",
        "0e0",
        "0e999999999",
        "-0e-5",
        "1",
        "1.",
        ".1",
        "-.5",
        "+5.",
        "1.5",
        "0.1",
        "0.2",
        "0.3",
        "3.14159",
        "1e22",
        "1e23",
        "9007199254740993",
        "9007199254740992.5",
        "123456789012345678901234567890",
        "1.7976931348623157e308",
        "1.7976931348623158e308",
        "1.7976931348623159e308",
        "1e308",
        "1e309",
        "2e308",
        "2.2250738585072014e-308",
        "2.2250738585072011e-308",
        "4.9406564584124654e-324",
        "2.4703282292062327e-324",
        "2.4703282292062328e-324",
        "2.4703282292062327e-324",
        "1e-324",
        "3e-324",
        "5e-324",
        "1e-325",
        "1e-400",
        "1e400",
        "1e-99999",
        "1e99999",
        "12e-1",
        "0.000001",
        "1E5",
        "1e+05",
        "1e-05",
        "00001.50000",
        "0.0000000000000000000000000000001",
        "1.0000000000000002",
        "1.00000000000000011102230246251565404236316680908203125",
        "1.00000000000000011102230246251565404236316680908203124",
        "1.00000000000000011102230246251565404236316680908203126",
        "8.98846567431158e307",
        "89884656743115795e291",
        &long_one,
        &long_digits,
        &saturated,
    ] {
        agree(text);
    }
}

#[test]
fn random_floats_in_every_form_read_as_the_standard_reader_reads_them() {
    let mut random = Random(0x9E37_79B9_7F4A_7C15);
    for _ in 0..8_000 {
        let value = f64::from_bits(random.next());
        if !value.is_finite() {
            continue;
        }
        agree(&format!("{value}"));
        agree(&format!("{value:e}"));
        agree(&format!("{value:.3e}"));
        agree(&format!("{value:.25e}"));
        let digits = random.below(30) as usize;
        agree(&format!("{value:.digits$}"));
    }
}

/// The exact decimal text of `(2m + 1) × 2^(e − 1)`: the midpoint between `m × 2^e` and `(m + 1) × 2^e`.
fn midpoint(m: u64, e: i32) -> String {
    // Base 10⁹ limbs, least significant first.
    let mut limbs: Vec<u64> = vec![2 * m + 1];
    let multiply = |limbs: &mut Vec<u64>, factor: u64| {
        let mut carry = 0;
        for limb in limbs.iter_mut() {
            let product = *limb * factor + carry;
            *limb = product % 1_000_000_000;
            carry = product / 1_000_000_000;
        }
        while carry > 0 {
            limbs.push(carry % 1_000_000_000);
            carry /= 1_000_000_000;
        }
    };
    // Normalise the first limb.
    multiply(&mut limbs, 1);
    let power = e - 1;
    let exponent = if power >= 0 {
        (0..power).for_each(|_| multiply(&mut limbs, 2));
        0
    } else {
        // × 2^−k = × 5^k × 10^−k.
        (0..-power).for_each(|_| multiply(&mut limbs, 5));
        power
    };
    let mut text = limbs.last().map(u64::to_string).unwrap_or_default();
    for limb in limbs.iter().rev().skip(1) {
        text.push_str(&format!("{limb:09}"));
    }
    format!("{text}e{exponent}")
}

#[test]
fn midpoints_and_their_neighbours_read_as_the_standard_reader_reads_them() {
    let mut random = Random(0xD1B5_4A32_D192_ED03);
    for _ in 0..3_000 {
        let bits = random.next() & !(1 << 63);
        let value = f64::from_bits(bits);
        if !value.is_finite() {
            continue;
        }
        // value = m × 2^e with m < 2⁵³ (subnormals: the biased exponent 0 has the same scale as 1).
        let biased = (bits >> 52) as i32;
        let fraction = bits & ((1 << 52) - 1);
        let (m, e) = if biased == 0 { (fraction, -1074) } else { (fraction | 1 << 52, biased - 1075) };
        let text = midpoint(m, e);
        agree(&text);
        // One unit more or less in the last digit, and the midpoint cut short.
        let (digits, exponent) = text.split_once('e').unwrap_or((&text, "0"));
        let last = digits.as_bytes()[digits.len() - 1];
        for other in [last.saturating_sub(1).max(b'0'), (last + 1).min(b'9')] {
            agree(&format!("{}{}e{exponent}", &digits[..digits.len() - 1], other as char));
        }
        let cut = (random.below(digits.len() as u64) as usize).max(1);
        agree(&format!("{}e{}", &digits[..cut], exponent.parse::<i64>().unwrap_or(0) + (digits.len() - cut) as i64));
    }
}

#[test]
fn random_digit_strings_read_as_the_standard_reader_reads_them() {
    let mut random = Random(0x0123_4567_89AB_CDEF);
    for _ in 0..60_000 {
        let longest = if random.below(4) == 0 { 60 } else { 20 };
        let length = 1 + random.below(longest) as usize;
        let mut text: String = (0..length).map(|_| char::from(b'0' + random.below(10) as u8)).collect();
        if random.below(2) == 0 {
            let dot = random.below(length as u64 + 1) as usize;
            text.insert(dot, '.');
        }
        if random.below(2) == 0 {
            let exponent = random.below(700) as i64 - 350;
            text.push_str(&format!("e{exponent}"));
        }
        agree(&text);
    }
}
