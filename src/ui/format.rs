//! Display helpers shared by the tables and the summary.

use chrono::{DateTime, Utc};

use crate::report::time::format_utc;
use crate::report::ReferenceMode;

/// "2026-10-30T17:02:11Z" or "—".
pub fn when(t: Option<DateTime<Utc>>) -> String {
    t.map(|t| format_utc(&t)).unwrap_or_else(|| "—".into())
}

/// "today", "3 days ago" / "3 days before the report", or "never used".
pub fn age(days: Option<i64>, mode: ReferenceMode) -> String {
    let Some(d) = days else {
        return "not accessed in the tracking period".into();
    };
    let unit = if d == 1 { "day" } else { "days" };
    match (d, mode) {
        (0, ReferenceMode::Now) => "today".into(),
        (0, ReferenceMode::ReportDate) => "same day as the report".into(),
        (_, ReferenceMode::Now) => format!("{d} {unit} ago"),
        (_, ReferenceMode::ReportDate) => format!("{d} {unit} before the report"),
    }
}

/// An optional text cell.
pub fn opt(s: &Option<String>) -> String {
    s.clone().unwrap_or_else(|| "—".into())
}
