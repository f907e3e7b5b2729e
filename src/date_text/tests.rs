//! Every form held against chrono's own `format` and `parse_from_str` with the same format string.

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime};

use super::*;

fn dt(y: i32, m: u32, d: u32, h: u32, mi: u32, s: u32, nano: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(y, m, d).and_then(|d| d.and_hms_nano_opt(h, mi, s, nano)).expect("valid")
}

#[test]
fn writes_what_chrono_formats() {
    let times = [
        dt(2026, 3, 2, 9, 5, 7, 250_000_000),
        dt(2024, 2, 29, 23, 59, 59, 999_999_999),
        dt(2026, 12, 31, 0, 0, 0, 0),
        dt(2016, 12, 31, 23, 59, 59, 1_500_000_000),
        dt(1, 1, 1, 1, 1, 1, 1_000_000),
        dt(0, 1, 1, 0, 0, 0, 0),
        dt(999, 7, 4, 12, 30, 0, 999_999),
        dt(9999, 12, 31, 23, 59, 59, 0),
        dt(10_000, 1, 1, 0, 0, 0, 0),
        dt(-1, 1, 1, 0, 0, 0, 0),
        dt(-44, 3, 15, 12, 0, 0, 0),
        dt(-12_345, 6, 7, 8, 9, 10, 11),
        dt(262_142, 12, 31, 23, 59, 59, 0),
    ];
    for t in times {
        assert_eq!(Date(t.date()).to_string(), t.date().format("%Y-%m-%d").to_string(), "{t:?}");
        assert_eq!(Minutes(t.time()).to_string(), t.time().format("%H:%M").to_string(), "{t:?}");
        assert_eq!(DateMinutes(t).to_string(), t.format("%Y-%m-%d %H:%M").to_string(), "{t:?}");
        assert_eq!(SlashDateMinutes(t).to_string(), t.format("%Y/%m/%d %H:%M").to_string(), "{t:?}");
        assert_eq!(UtcSeconds(t).to_string(), t.format("%Y-%m-%dT%H:%M:%SZ").to_string(), "{t:?}");
        assert_eq!(UtcMillis(t).to_string(), t.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string(), "{t:?}");
    }
    assert_eq!(UtcMillis(dt(2026, 3, 2, 9, 5, 7, 250_000_000)).to_string(), "2026-03-02T09:05:07.250Z");
    assert_eq!(UtcSeconds(dt(2016, 12, 31, 23, 59, 59, 1_500_000_000)).to_string(), "2016-12-31T23:59:60Z");
    assert_eq!(Date(dt(-1, 1, 1, 0, 0, 0, 0).date()).to_string(), "-0001-01-01");
}

#[test]
fn zoned_times_write_their_local_fields() {
    for text in ["2026-03-29T01:30:00+02:00", "2026-01-01T00:10:00-05:30", "2025-12-31T23:59:00+14:00"] {
        let t = DateTime::parse_from_rfc3339(text).expect("valid");
        assert_eq!(DateMinutes(t.naive_local()).to_string(), t.format("%Y-%m-%d %H:%M").to_string());
        assert_eq!(Date(t.date_naive()).to_string(), t.format("%Y-%m-%d").to_string());
        assert_eq!(Minutes(t.time()).to_string(), t.format("%H:%M").to_string());
    }
}

/// Texts around the date form: padding, signs, whitespace, ranges, leap years, trailing text.
const DATES: &[&str] = &[
    "2026-03-02",
    "2024-02-29",
    "2023-02-29",
    "2000-02-29",
    "1900-02-29",
    "2026-13-01",
    "2026-00-10",
    "2026-04-31",
    "2026-01-32",
    "0000-01-01",
    "9999-12-31",
    "2026-3-02",
    "2026-03-2",
    "2026-3-2",
    "26-03-02",
    "2026/03/02",
    "2026-03-02 ",
    " 2026-03-02",
    "\t2026- 3-\u{a0}2",
    "2026 -03-02",
    "+2026-03-02",
    "-2026-03-02",
    "+12345-03-02",
    "-0044-03-15",
    "+99999999999-01-01",
    "+99999999999999999999-01-01",
    "-",
    "+-2026-03-02",
    "12026-03-02",
    "2026-003-02",
    "2026-03-002",
    "2026-03-0x",
    "2026-03-",
    "2026-03",
    "2026",
    "",
    "20260302",
    "２０２６-03-02",
    "2026-03-02T10:00",
];

#[test]
fn reads_dates_as_chrono_reads_them() {
    for text in DATES {
        assert_eq!(parse_date(text), NaiveDate::parse_from_str(text, "%Y-%m-%d").ok(), "{text:?}");
    }
}

#[test]
fn reads_minutes_as_chrono_reads_them() {
    for text in [
        "09:05",
        "9:05",
        "9:5",
        "23:59",
        "24:00",
        "00:60",
        " 09:05",
        "09: 05",
        "09:05 ",
        "09:05:00",
        "0905",
        "9",
        "",
        ":05",
        "09:",
        "+09:05",
        "-1:00",
        "009:05",
        "09:005",
        "١٢:٠٠",
    ] {
        assert_eq!(parse_minutes(text), NaiveTime::parse_from_str(text, "%H:%M").ok(), "{text:?}");
    }
}

/// Texts around the datetime forms: fractions, leap seconds, offsets with and without colons, signs.
const DATETIMES: &[&str] = &[
    "2025-06-10T10:30:00.000+0200",
    "2025-06-10T10:30:00+0200",
    "2025-06-10T10:30:00.123456789+02:00",
    "2025-06-10T10:30:00.1234567891234-0530",
    "2025-06-10T10:30:00.5−0100",
    "2025-06-10T10:30:00. +0100",
    "2025-06-10T10:30:00.+0100",
    "2025-06-10T10:30:00 +0100",
    "2025-06-10T10:30:00+01 00",
    "2025-06-10T10:30:00+01: :00",
    "2025-06-10T10:30:00+01",
    "2025-06-10T10:30:00+1",
    "2025-06-10T10:30:00+0160",
    "2025-06-10T10:30:00+2400",
    "2025-06-10T10:30:00+2359",
    "2025-06-10T10:30:00+9959",
    "2025-06-10T10:30:00Z",
    "2025-06-10T10:30:00z",
    "2025-06-10T10:30:00.000",
    "2025-06-10T10:30:00",
    "2025-06-10T10:30",
    "2025-06-10T10:30:60.5+0000",
    "2016-12-31T23:59:60+0000",
    "2025-06-10T10:30:61+0000",
    "2025-06-10T24:00:00+0000",
    "2025-06-10 10:30:00+0000",
    "2025-06-10t10:30:00+0000",
    "2025-06-10T 1:3: 0+0000",
    "2025-06-10T10:30:00+0000 ",
    "2025-06-10T10:30:00+00001",
    "+262143-01-01T00:00:00+0000",
    "-262143-01-01T00:00:00+0100",
    "262142-12-31T23:59:59-0100",
    "2024-02-29T12:00:00.999999999-1200",
    "2023-02-29T12:00:00+0000",
    "",
];

#[test]
fn reads_datetimes_as_chrono_reads_them() {
    for text in DATETIMES {
        let theirs = DateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.f%z").ok();
        assert_eq!(parse_offset_datetime(text), theirs, "{text:?}");
        assert_eq!(
            parse_offset_datetime(text).map(|t| t.offset().local_minus_utc()),
            theirs.map(|t| t.offset().local_minus_utc())
        );
        let naive = text.strip_suffix(['Z', 'z']).unwrap_or(text);
        assert_eq!(
            parse_naive_datetime(naive),
            NaiveDateTime::parse_from_str(naive, "%Y-%m-%dT%H:%M:%S%.f").ok(),
            "{naive:?}"
        );
        for cut in [7, 10, 13, 16, 19] {
            if let Some(part) = text.get(..cut) {
                assert_eq!(
                    parse_naive_datetime(part),
                    NaiveDateTime::parse_from_str(part, "%Y-%m-%dT%H:%M:%S%.f").ok()
                );
                assert_eq!(parse_date(part), NaiveDate::parse_from_str(part, "%Y-%m-%d").ok(), "{part:?}");
            }
        }
    }
}

#[test]
fn reads_dates_as_chrono_deserialises_them() {
    let more = [" 2026 - 03 - 02 ", "2026-03-02\n", "2026 -3- 2", "2026-03-02 x", "2026--03-02", "2026- -03-02"];
    for text in DATES.iter().chain(&more) {
        assert_eq!(parse_date_lenient(text), text.parse::<NaiveDate>().ok(), "{text:?}");
    }
}

#[test]
fn deserialises_dates_as_chrono_does() {
    #[derive(Debug, PartialEq)]
    struct Ours {
        due: Option<NaiveDate>,
        fired: std::collections::BTreeMap<String, (NaiveDate, u32)>,
    }
    crate::json_objects::json_object!(Ours {
        due: "due" with serde_date::OptionDay = default,
        fired: "fired" with serde_date::DayCounts = default,
    });
    #[derive(Debug, PartialEq, serde::Deserialize)]
    struct Theirs {
        #[serde(default)]
        due: Option<NaiveDate>,
        #[serde(default)]
        fired: std::collections::BTreeMap<String, (NaiveDate, u32)>,
    }
    for text in [
        r#"{"due": "2026-03-02", "fired": {"r": ["2024-02-29", 3]}}"#,
        r#"{"due": null}"#,
        "{}",
        r#"{"due": " 2026-3-2 "}"#,
        r#"{"due": "2026-02-30"}"#,
        r#"{"due": 5}"#,
        r#"{"fired": {"r": ["2023-02-29", 1]}}"#,
        r#"{"fired": {"r": ["2023-02-28"]}}"#,
        r#"{"due": "2026\u002d03-02"}"#,
    ] {
        let ours = serde_json::from_str::<Ours>(text).ok();
        let theirs = serde_json::from_str::<Theirs>(text).ok();
        assert_eq!(ours.map(|o| (o.due, o.fired)), theirs.map(|t| (t.due, t.fired)), "{text}");
    }
    let err = serde_json::from_str::<Ours>(r#"{"due": "2026-02-30"}"#).expect_err("not a date");
    assert_eq!(err.to_string(), "`2026-02-30` is not a date written YYYY-MM-DD at line 1 column 21");
}

/// RFC 3339 texts: separators, fractions, leap seconds, offsets at and past their limits, trailing text.
const RFC3339: &[&str] = &[
    "2025-06-10T10:30:00Z",
    "2025-06-10t10:30:00z",
    "2025-06-10 10:30:00+02:00",
    "2025-06-10T10:30:00.123456789123-05:30",
    "2025-06-10T10:30:00.5−01:00",
    "2025-06-10T10:30:00.+01:00",
    "2025-06-10T10:30:00+0100",
    "2025-06-10T10:30:00+01",
    "2025-06-10T10:30:00+01:60",
    "2025-06-10T10:30:00+23:59",
    "2025-06-10T10:30:00+24:00",
    "2025-06-10T10:30:00",
    "2025-06-10T10:30:00Z ",
    "2025-06-10T10:30:00ZZ",
    "2016-12-31T23:59:60Z",
    "2016-12-31T23:59:60.5Z",
    "2025-06-10T10:30:61Z",
    "2025-06-10T24:00:00Z",
    "2025-06-31T10:00:00Z",
    "2024-02-29T00:00:00Z",
    "0000-01-01T00:00:00+23:59",
    "9999-12-31T23:59:59-23:59",
    "2025-6-10T10:30:00Z",
    "2025-06-10X10:30:00Z",
    "2025-06-10T10-30:00Z",
    "２025-06-10T10:30:00Z",
    "2025-06-10T10:30:0０Z",
    "2025-06-10",
    "",
];

#[test]
fn reads_rfc3339_as_chrono_reads_it() {
    for text in RFC3339 {
        let theirs = DateTime::parse_from_rfc3339(text).ok();
        assert_eq!(parse_rfc3339(text), theirs, "{text:?}");
        assert_eq!(
            parse_rfc3339(text).map(|t| t.offset().local_minus_utc()),
            theirs.map(|t| t.offset().local_minus_utc())
        );
    }
}

/// RFC 2822 texts: HTTP dates, weekdays right and wrong, short years, zones by name, comments, whitespace.
const RFC2822: &[&str] = &[
    "Thu, 04 Dec 2026 18:53:37 GMT",
    "Fri, 04 Dec 2026 18:53:37 GMT",
    "thu, 04 dec 2026 18:53:37 gmt",
    "04 Dec 2026 18:53:37 +0100",
    "Thu,04 Dec 2026 18:53:37 GMT",
    "Thu , 04 Dec 2026 18:53:37 GMT",
    "  Thu, 4 Dec 2026 18:53 -0530",
    "Thu, 04 Dec 26 18:53:37 UT",
    "Sat, 04 Dec 76 18:53:37 EST",
    "Sat, 04 Dec 126 18:53:37 Z",
    "Sat, 04 Dec 0126 18:53:37 Z",
    "04 Dec 2026 18 : 53 : 37 PDT",
    "04 Dec 2026 18:53 :37 PDT",
    "04 Dec 2026 18:53: 37 PDT",
    "04 Dec 2026 18:53:37 A",
    "04 Dec 2026 18:53:37 J",
    "04 Dec 2026 18:53:37 XYZ",
    "04 Dec 2026 18:53:37 +01:00",
    "04 Dec 2026 18:53:37 −0100",
    "04 Dec 2026 18:53:37 +2400",
    "04 Dec 2026 18:53:37 +0160",
    "04 Dec 2026 18:53:37 GMT (Coordinated (Universal) Time)",
    "04 Dec 2026 18:53:37 GMT (a \\) b) (c)",
    "04 Dec 2026 18:53:37 GMT (unclosed",
    "04 Dec 2026 18:53:37 GMT ",
    "04 Dec 2026 18:53:37GMT",
    "31 Jun 2026 18:53:37 GMT",
    "29 Feb 2024 23:59:60 GMT",
    "29 Feb 2023 12:00:00 GMT",
    "04 Dec 2026 24:00:00 GMT",
    "04 Dec 2026 18:60:00 GMT",
    "004 Dec 2026 18:53:37 GMT",
    "04 December 2026 18:53:37 GMT",
    "04 Dec 99999999999 18:53:37 GMT",
    "Sunday, 06-Nov-94 08:49:37 GMT",
    "Sun Nov  6 08:49:37 1994",
    "",
];

#[test]
fn reads_rfc2822_as_chrono_reads_it() {
    for text in RFC2822 {
        let theirs = DateTime::parse_from_rfc2822(text).ok();
        assert_eq!(parse_rfc2822(text), theirs, "{text:?}");
        assert_eq!(
            parse_rfc2822(text).map(|t| t.offset().local_minus_utc()),
            theirs.map(|t| t.offset().local_minus_utc())
        );
    }
}
