//! Forecast: Monte Carlo over weekly throughput.
//!
//! Definitions:
//! - Samples: the throughput (issues done, in scope) of each of the last `historyWeeks` complete weeks before
//!   the week of `now`.
//! - Each trial draws a week's throughput uniformly from the samples, again for every following week, until
//!   the remaining issues are done; the last week is used in part: `days = 7·(weeks − 1) + ⌈7·left ÷ drawn⌉`.
//!   For a constant throughput `t` this is exactly `⌈7·N ÷ t⌉` days (the analytic value).
//! - Completion date = today (local date of `now`) + days. P50/P85/P95 are the dates by which 50/85/95 % of
//!   the trials finished (nearest rank on the sorted trial days: the ⌈p·trials⌉-th).
//! - **Done by a date**: each trial sums draws over the whole weeks until the date plus the partial week's
//!   draw × its share of 7 days (rounded down); the P50/P85/P95 counts are those reached in at least 50/85/95 %
//!   of the trials.
//! - Not available (with a reason) when there are no samples, every sample is 0, or nothing remains.
//! - Randomness: SplitMix64 (Steele, Lea & Flood 2014) seeded with a 64-bit FNV-1a hash of the samples, the
//!   remaining count, today, the date asked and the trial count, so the same data gives the same answer on
//!   every platform and version. It is 5 lines and passes BigCrush; a crate would bring a dependency for
//!   nothing the forecast needs, and its output could change with the crate's version.

use serde::Serialize;

/// The forecast.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Forecast {
    /// Why there is no forecast (`None`: there is one).
    pub not_available: Option<String>,
    /// Trials run.
    pub trials: u32,
    /// The seed used (hex, 16 digits).
    pub seed: String,
    /// Weekly throughput samples, oldest first.
    pub samples: Vec<u32>,
    /// First day of the oldest sample week.
    pub samples_from: Option<String>,
    /// Issues remaining.
    pub remaining: u32,
    /// Local date of `now`.
    pub today: String,
    /// Completion dates.
    pub completion: Option<Completion>,
    /// How many issues done by a date.
    pub done_by: Option<DoneBy>,
}

crate::json_objects::json_object!(default Forecast {
    not_available: "notAvailable",
    trials: "trials",
    seed: "seed",
    samples: "samples",
    samples_from: "samplesFrom",
    remaining: "remaining",
    today: "today",
    completion: "completion",
    done_by: "doneBy",
});

/// Completion dates at three confidence levels.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Completion {
    /// 50 % of trials done by this date.
    pub p50: String,
    /// 85 %.
    pub p85: String,
    /// 95 %.
    pub p95: String,
}

crate::json_objects::json_object!(default Completion { p50: "p50", p85: "p85", p95: "p95" });

/// Issues done by a date at three confidence levels.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase", default)]
pub struct DoneBy {
    /// The date asked.
    pub date: String,
    /// Reached in 50 % of trials.
    pub p50: u32,
    /// Reached in 85 %.
    pub p85: u32,
    /// Reached in 95 %.
    pub p95: u32,
}

crate::json_objects::json_object!(default DoneBy { date: "date", p50: "p50", p85: "p85", p95: "p95" });

use super::calendar::{format_day, parse_day};
use super::scope::Scope;
use crate::history::StatusCategory;

/// SplitMix64 (see the module docs).
#[derive(Debug, Clone)]
pub struct SplitMix64(u64);

impl SplitMix64 {
    /// A generator starting from `seed`.
    pub fn new(seed: u64) -> SplitMix64 {
        SplitMix64(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A uniform index below `n` (`n > 0`) by Lemire's multiply-shift; the bias, under `n / 2⁶⁴`, is
    /// negligible for the few dozen samples drawn from.
    pub fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }
}

/// 64-bit FNV-1a over the forecast's input.
fn seed_of(samples: &[u32], remaining: u32, today: i64, by: Option<i64>, trials: u32) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |bytes: &[u8]| {
        for b in bytes {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    };
    for s in samples {
        eat(&s.to_le_bytes());
    }
    eat(&remaining.to_le_bytes());
    eat(&today.to_le_bytes());
    eat(&by.unwrap_or(i64::MIN).to_le_bytes());
    eat(&trials.to_le_bytes());
    h
}

/// The weekly throughput samples and the first day of the oldest week.
pub fn samples(scope: &Scope<'_>) -> (Vec<u32>, i64) {
    let weeks = scope.config.forecast.history_weeks.clamp(1, 520) as i64;
    let this_week = scope.cal.week_of(scope.today);
    let from = this_week - 7 * weeks;
    let mut counts = vec![0u32; weeks as usize];
    for item in scope.flow_items() {
        if let Some(d) = item.done_day
            && (from..this_week).contains(&d)
        {
            counts[((d - from) / 7) as usize] += 1;
        }
    }
    (counts, from)
}

/// Days one trial takes to finish `remaining` issues (`None`: a zero draw forever, impossible when a sample
/// is positive — bounded by 10,000 weeks).
fn trial_days(rng: &mut SplitMix64, samples: &[u32], remaining: u32) -> i64 {
    let mut left = i64::from(remaining);
    let mut weeks = 0i64;
    loop {
        let drawn = i64::from(samples[rng.below(samples.len())]);
        weeks += 1;
        if drawn >= left {
            return 7 * (weeks - 1) + (7 * left + drawn - 1) / drawn;
        }
        left -= drawn;
        if weeks >= 10_000 {
            return 7 * weeks;
        }
    }
}

/// Issues one trial finishes in `days`.
fn trial_count(rng: &mut SplitMix64, samples: &[u32], days: i64) -> u32 {
    let mut count = 0u64;
    for _ in 0..days / 7 {
        count += u64::from(samples[rng.below(samples.len())]);
    }
    let rest = days % 7;
    if rest > 0 {
        count += u64::from(samples[rng.below(samples.len())]) * rest as u64 / 7;
    }
    count.min(u64::from(u32::MAX)) as u32
}

/// The forecast (see the module docs).
pub fn forecast(scope: &Scope<'_>) -> Forecast {
    let config = &scope.config.forecast;
    let trials = config.trials.clamp(1, 1_000_000);
    let (samples, from) = samples(scope);
    let remaining = config.remaining.unwrap_or_else(|| {
        scope
            .flow_items()
            .filter(|i| scope.category(&i.issue.status) != StatusCategory::Done && i.issue.created <= scope.now)
            .count() as u32
    });
    let by = config.by_date.as_deref().and_then(parse_day);
    let seed = seed_of(&samples, remaining, scope.today, by, trials);
    let mut out = Forecast {
        not_available: None,
        trials,
        seed: format!("{seed:016x}"),
        samples_from: Some(format_day(from)),
        samples: samples.clone(),
        remaining,
        today: format_day(scope.today),
        completion: None,
        done_by: None,
    };
    if samples.iter().all(|&s| s == 0) {
        out.not_available = Some(format!("no issue was done in the {} weeks before this one", samples.len()));
        return out;
    }
    let mut rng = SplitMix64::new(seed);
    if remaining > 0 {
        let mut days: Vec<i64> = (0..trials).map(|_| trial_days(&mut rng, &samples, remaining)).collect();
        crate::sort::sort(&mut days);
        let at = |p: f64| {
            let rank = ((p * f64::from(trials)).ceil() as usize).clamp(1, days.len());
            format_day(scope.today + days[rank - 1])
        };
        out.completion = Some(Completion { p50: at(0.5), p85: at(0.85), p95: at(0.95) });
    } else {
        out.not_available = Some("nothing remains to be done".into());
    }
    if let Some(by) = by {
        let span = (by - scope.today).max(0);
        let mut counts: Vec<u32> = (0..trials).map(|_| trial_count(&mut rng, &samples, span)).collect();
        crate::sort::sort(&mut counts);
        let reached = |p: f64| {
            let need = ((p * f64::from(trials)).ceil() as usize).clamp(1, counts.len());
            counts[counts.len() - need]
        };
        out.done_by = Some(DoneBy { date: format_day(by), p50: reached(0.5), p85: reached(0.85), p95: reached(0.95) });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splitmix64_matches_the_reference_outputs() {
        // Reference: Vigna's splitmix64.c seeded with 1234567.
        let mut r = SplitMix64::new(1_234_567);
        let got: Vec<u64> = (0..5).map(|_| r.next_u64()).collect();
        assert_eq!(
            got,
            [6457827717110365317, 3203168211198807973, 9817491932198370423, 4593380528125082431, 16408922859458223821]
        );
    }

    #[test]
    fn a_constant_throughput_takes_the_analytic_days() {
        // 4 a week, 10 left: 7·10/4 = 17.5 → 18 days; 8 left: exactly 14.
        let mut r = SplitMix64::new(1);
        assert_eq!(trial_days(&mut r, &[4, 4], 10), 18);
        assert_eq!(trial_days(&mut r, &[4], 8), 14);
        // 10 days at 7 a week: one whole week (7) and 3/7 of a week (3).
        assert_eq!(trial_count(&mut r, &[7], 10), 10);
    }
}
