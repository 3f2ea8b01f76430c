//! Age buckets for the chart, the timeline's points, and coverage.
//!
//! ```
//! use lastaccessed::report::chart::Bucket;
//! assert_eq!(Bucket::of(Some(0)), Bucket::Week);
//! assert_eq!(Bucket::of(Some(90)), Bucket::Quarter);
//! assert_eq!(Bucket::of(Some(91)), Bucket::HalfYear);
//! assert_eq!(Bucket::of(None), Bucket::Never);
//! ```

use chrono::{DateTime, Duration, Utc};

use super::id::Id;
use super::staleness::Status;
use super::staleness::TRACKING_DAYS;
use super::table::{ActionRow, ServiceRow};

/// How long ago something was last used.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum Bucket {
    Week,
    Month,
    Quarter,
    HalfYear,
    Tracking,
    Older,
    Never,
}

impl Bucket {
    pub const ALL: [Bucket; 7] = [
        Bucket::Week,
        Bucket::Month,
        Bucket::Quarter,
        Bucket::HalfYear,
        Bucket::Tracking,
        Bucket::Older,
        Bucket::Never,
    ];

    /// The bucket of an age in days (`None`: never used).
    pub fn of(age_days: Option<i64>) -> Bucket {
        match age_days {
            None => Bucket::Never,
            Some(d) if d <= 7 => Bucket::Week,
            Some(d) if d <= 30 => Bucket::Month,
            Some(d) if d <= 90 => Bucket::Quarter,
            Some(d) if d <= 180 => Bucket::HalfYear,
            Some(d) if d <= TRACKING_DAYS => Bucket::Tracking,
            Some(_) => Bucket::Older,
        }
    }

    /// Upper bound in days (`None` for older and never).
    pub fn max_days(self) -> Option<i64> {
        match self {
            Bucket::Week => Some(7),
            Bucket::Month => Some(30),
            Bucket::Quarter => Some(90),
            Bucket::HalfYear => Some(180),
            Bucket::Tracking => Some(TRACKING_DAYS),
            Bucket::Older | Bucket::Never => None,
        }
    }

    pub fn label(self) -> &'static str {
        self.label_text()
    }
}

/// Stable ids, used in `data-bucket` and share links.
impl Id for Bucket {
    const ALL: &'static [Self] = &Bucket::ALL;
    fn id(self) -> &'static str {
        match self {
            Bucket::Week => "7",
            Bucket::Month => "30",
            Bucket::Quarter => "90",
            Bucket::HalfYear => "180",
            Bucket::Tracking => "400",
            Bucket::Older => "older",
            Bucket::Never => "never",
        }
    }
}

impl Bucket {
    fn label_text(self) -> &'static str {
        match self {
            Bucket::Week => "≤ 7 d",
            Bucket::Month => "≤ 30 d",
            Bucket::Quarter => "≤ 90 d",
            Bucket::HalfYear => "≤ 180 d",
            Bucket::Tracking => "≤ 400 d",
            Bucket::Older => "> 400 d",
            Bucket::Never => "never",
        }
    }
}

/// One bar: how many services and actions fall in a bucket, and the
/// services' split by status (a bucket can straddle the threshold).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct BucketCount {
    pub services: usize,
    pub actions: usize,
    pub recent: usize,
    pub stale: usize,
    pub never: usize,
}

/// Bars in bucket order.
pub fn buckets(services: &[&ServiceRow], actions: &[&ActionRow]) -> Vec<(Bucket, BucketCount)> {
    buckets_of(services, actions.iter().map(|a| Bucket::of(a.age_days)))
}

/// As [`buckets`], with the actions given by their buckets.
pub fn buckets_of(
    services: &[&ServiceRow],
    actions: impl IntoIterator<Item = Bucket>,
) -> Vec<(Bucket, BucketCount)> {
    let mut out: Vec<(Bucket, BucketCount)> = Bucket::ALL
        .iter()
        .map(|b| (*b, BucketCount::default()))
        .collect();
    // Bucket::ALL is in declaration order, so a bucket's index is its discriminant.
    let slot = |age| Bucket::of(age) as usize;
    for s in services {
        let c = &mut out[slot(s.age_days)].1;
        c.services += 1;
        match s.status {
            Status::Recent => c.recent += 1,
            Status::Stale => c.stale += 1,
            Status::Never => c.never += 1,
        }
    }
    let mut actions_in = [0usize; Bucket::ALL.len()];
    for b in actions {
        actions_in[b as usize] += 1;
    }
    for ((_, c), n) in out.iter_mut().zip(actions_in) {
        c.actions += n;
    }
    out
}

/// "N of M services used in the last T days".
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Coverage {
    pub used: usize,
    pub granted: usize,
    pub threshold_days: u32,
}

impl Coverage {
    pub fn of(services: &[ServiceRow], threshold_days: u32) -> Self {
        Coverage {
            used: services
                .iter()
                .filter(|s| s.status == Status::Recent)
                .count(),
            granted: services.len(),
            threshold_days,
        }
    }

    /// Whole percent, rounded down (0 when nothing is granted).
    pub fn percent(&self) -> usize {
        (self.used * 100).checked_div(self.granted).unwrap_or(0)
    }

    pub fn sentence(&self) -> String {
        format!(
            "{} of {} service{} used in the last {} days ({} %)",
            self.used,
            self.granted,
            if self.granted == 1 { "" } else { "s" },
            self.threshold_days,
            self.percent()
        )
    }
}

/// The start of IAM's tracking window before a reference time.
pub fn tracking_start(reference: DateTime<Utc>) -> DateTime<Utc> {
    reference - Duration::days(TRACKING_DAYS)
}

/// An SVG coordinate or a CSS length as the page writes it: `x` to two
/// decimals, trailing zeros dropped. Integer formatting only: the standard
/// library's float formatting would add about 15 KB of code to the page
/// for these numbers alone.
///
/// ```
/// use lastaccessed::report::chart::coord;
/// assert_eq!(coord(640.0), "640");
/// assert_eq!(coord(12.504), "12.5");
/// assert_eq!(coord(1.0 / 3.0), "0.33");
/// assert_eq!(coord(-0.25), "-0.25");
/// assert_eq!(coord(-0.001), "0");
/// assert_eq!(coord(1e6 + 0.07), "1000000.07");
/// ```
pub fn coord(x: f64) -> String {
    let hundredths = (x * 100.0).round() as i64;
    let sign = if hundredths < 0 { "-" } else { "" };
    let h = hundredths.unsigned_abs();
    match (h / 100, h % 100) {
        (int, 0) => format!("{sign}{int}"),
        (int, f) if f % 10 == 0 => format!("{sign}{int}.{}", f / 10),
        (int, f) => format!("{sign}{int}.{f:02}"),
    }
}

/// Position of a time on a timeline from `start` to `end`, 0.0 to 1.0 (clamped).
pub fn position(t: DateTime<Utc>, start: DateTime<Utc>, end: DateTime<Utc>) -> f64 {
    let span = (end - start).num_seconds().max(1) as f64;
    ((t - start).num_seconds() as f64 / span).clamp(0.0, 1.0)
}
