//! Turning YAML scalars into JSON values with the YAML 1.2 core schema.
//!
//! Plain scalars resolve to null (`null`, `Null`, `NULL`, `~`, empty), booleans (`true`/`false` in those three
//! spellings), integers (decimal, `0o` octal, `0x` hex) and floats; everything else — `yes`/`no`/`on`/`off` and
//! dates such as `2024-03-20` included — stays the string as written. Quoted and block scalars are always strings.
//! JSON cannot hold every YAML number, so `.inf`/`.nan`, and integers or floats too large for 64 bits, are kept
//! as the string as written rather than silently changed.

use saphyr_parser::{ScalarStyle, Tag};
use serde_json::{Number, Value};

/// The handle of the YAML core schema tags (`!!str` is `tag:yaml.org,2002:` + `str`).
const CORE: &str = "tag:yaml.org,2002:";

/// The JSON value of a scalar written as `text` in `style`, honouring a core schema tag such as `!!str`.
/// Unknown tags are ignored; a value that does not fit its tag (`!!int abc`) stays a string.
pub(crate) fn resolve(text: &str, style: ScalarStyle, tag: Option<&Tag>) -> Value {
    if let Some(tag) = tag {
        if tag.handle == CORE {
            let resolved = resolve_plain(text);
            let fits = match tag.suffix.as_str() {
                "null" => resolved.is_null(),
                "bool" => resolved.is_boolean(),
                "int" => resolved.is_i64() || resolved.is_u64(),
                "float" => resolved.is_number(),
                _ => false,
            };
            return if fits { resolved } else { Value::String(text.to_owned()) };
        }
        // `! value`, the non-specific tag, forces a string.
        if tag.handle == "!" && tag.suffix.is_empty() {
            return Value::String(text.to_owned());
        }
    }
    match style {
        ScalarStyle::Plain => resolve_plain(text),
        _ => Value::String(text.to_owned()),
    }
}

/// The core schema value of a plain (unquoted) scalar.
pub(crate) fn resolve_plain(text: &str) -> Value {
    resolve_plain_typed(text).unwrap_or_else(|| Value::String(text.to_owned()))
}

/// [`resolve_plain`] without the string: `None` when the scalar is the string as written, else its null, boolean
/// or number (the flat front matter reader borrows the strings).
pub(crate) fn resolve_plain_typed(text: &str) -> Option<Value> {
    // Every null, boolean, integer and float spelling starts with one of these bytes (or is empty); most front
    // matter values (words, names, dates excepted) do not, and are strings at once.
    if !matches!(
        text.as_bytes().first(),
        None | Some(b'0'..=b'9' | b'-' | b'+' | b'.' | b'~' | b'n' | b'N' | b't' | b'T' | b'f' | b'F')
    ) {
        return None;
    }
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Some(Value::Null),
        "true" | "True" | "TRUE" => return Some(Value::Bool(true)),
        "false" | "False" | "FALSE" => return Some(Value::Bool(false)),
        _ => {}
    }
    match integer(text) {
        Some(int) => int,
        None => float(text),
    }
}

/// `[-+]?[0-9]+`, `0o[0-7]+` or `0x[0-9a-fA-F]+`: `None` when not integer syntax, `Some(None)` when too large
/// for 64 bits (kept as a string, not rounded into a float).
fn integer(text: &str) -> Option<Option<Value>> {
    if let Some(oct) = text.strip_prefix("0o") {
        digits(oct, 8)?;
        return Some(u64::from_str_radix(oct, 8).ok().map(Value::from));
    }
    if let Some(hex) = text.strip_prefix("0x") {
        digits(hex, 16)?;
        return Some(u64::from_str_radix(hex, 16).ok().map(Value::from));
    }
    let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
    digits(unsigned, 10)?;
    if let Ok(n) = text.parse::<i64>() {
        return Some(Some(Value::from(n)));
    }
    Some(text.strip_prefix('+').unwrap_or(text).parse::<u64>().ok().map(Value::from))
}

/// `Some(())` when `s` is a non-empty run of digits in `radix`.
fn digits(s: &str, radix: u32) -> Option<()> {
    (!s.is_empty() && s.chars().all(|c| c.is_digit(radix))).then_some(())
}

/// `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`, when finite as an `f64`.
fn float(text: &str) -> Option<Value> {
    let b = text.as_bytes();
    let mut i = usize::from(matches!(b.first(), Some(b'-' | b'+')));
    let int_digits = count_digits(&b[i..]);
    i += int_digits;
    let mut frac_digits = 0;
    if b.get(i) == Some(&b'.') {
        i += 1;
        frac_digits = count_digits(&b[i..]);
        i += frac_digits;
    }
    if int_digits == 0 && frac_digits == 0 {
        return None;
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        i += usize::from(matches!(b.get(i), Some(b'-' | b'+')));
        let exp_digits = count_digits(&b[i..]);
        if exp_digits == 0 {
            return None;
        }
        i += exp_digits;
    }
    if i != b.len() {
        return None;
    }
    let f = crate::float_text::parse_f64(text)?;
    Number::from_f64(f).filter(|_| f.is_finite()).map(Value::Number)
}

fn count_digits(b: &[u8]) -> usize {
    b.iter().take_while(|c| c.is_ascii_digit()).count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn core_schema_plain_scalars() {
        assert_eq!(resolve_plain(""), Value::Null);
        assert_eq!(resolve_plain("~"), Value::Null);
        assert_eq!(resolve_plain("NULL"), Value::Null);
        assert_eq!(resolve_plain("True"), json!(true));
        assert_eq!(resolve_plain("false"), json!(false));
        for s in ["yes", "no", "on", "off", "Yes", "y", "2024-03-20", "1_000", "0x", "1e", "-", ".", "+.e3", "0b1"] {
            assert_eq!(resolve_plain(s), json!(s), "{s}");
        }
        assert_eq!(resolve_plain("42"), json!(42));
        assert_eq!(resolve_plain("-7"), json!(-7));
        assert_eq!(resolve_plain("+7"), json!(7));
        assert_eq!(resolve_plain("0o17"), json!(15));
        assert_eq!(resolve_plain("0x1F"), json!(31));
        assert_eq!(resolve_plain("18446744073709551615"), json!(u64::MAX));
        assert_eq!(resolve_plain("99999999999999999999"), json!("99999999999999999999"));
        assert_eq!(resolve_plain("1.5"), json!(1.5));
        assert_eq!(resolve_plain(".5"), json!(0.5));
        assert_eq!(resolve_plain("5."), json!(5.0));
        assert_eq!(resolve_plain("1e3"), json!(1000.0));
        assert_eq!(resolve_plain("-1.5E-2"), json!(-0.015));
        assert_eq!(resolve_plain("1e999"), json!("1e999"));
        assert_eq!(resolve_plain(".inf"), json!(".inf"));
        assert_eq!(resolve_plain(".NaN"), json!(".NaN"));
    }

    #[test]
    fn styles_and_tags() {
        let core = |s: &str| Tag { handle: CORE.into(), suffix: s.into() };
        assert_eq!(resolve("1", ScalarStyle::DoubleQuoted, None), json!("1"));
        assert_eq!(resolve("true", ScalarStyle::Literal, None), json!("true"));
        assert_eq!(resolve("1", ScalarStyle::Plain, Some(&core("str"))), json!("1"));
        assert_eq!(resolve("12", ScalarStyle::SingleQuoted, Some(&core("int"))), json!(12));
        assert_eq!(resolve("abc", ScalarStyle::Plain, Some(&core("int"))), json!("abc"));
        assert_eq!(resolve("3", ScalarStyle::Plain, Some(&core("float"))), json!(3));
        assert_eq!(resolve("2024-03-20", ScalarStyle::Plain, Some(&core("timestamp"))), json!("2024-03-20"));
        let custom = Tag { handle: "!".into(), suffix: "foo".into() };
        assert_eq!(resolve("1", ScalarStyle::Plain, Some(&custom)), json!(1));
        let bang = Tag { handle: "!".into(), suffix: String::new() };
        assert_eq!(resolve("1", ScalarStyle::Plain, Some(&bang)), json!("1"));
    }
}
