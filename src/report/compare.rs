//! Two reports of one principal from different dates, compared service by
//! service: what became used, what went stale or out of the tracking
//! period, what is granted now and was not, and what is no longer granted.
//! Each report's statuses are its own (aged from its own date, with the
//! same threshold).
//!
//! ```
//! use lastaccessed::report::compare::{compare, Change};
//! use lastaccessed::report::Status;
//! let before = [("s3", Status::Recent), ("ec2", Status::Never), ("sqs", Status::Recent), ("kms", Status::Stale)];
//! let after = [("s3", Status::Stale), ("ec2", Status::Recent), ("lambda", Status::Never), ("kms", Status::Stale)];
//! let c = compare(&before, &after);
//! let change = |ns: &str| c.iter().find(|r| r.namespace == ns).unwrap().change;
//! assert_eq!(change("s3"), Change::NewlyStale);
//! assert_eq!(change("ec2"), Change::NewlyUsed);
//! assert_eq!(change("sqs"), Change::Removed);
//! assert_eq!(change("lambda"), Change::Added);
//! assert_eq!(change("kms"), Change::Same);
//! ```

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::staleness::Status;

/// How one service changed between the earlier and the later report.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Change {
    /// Used within the threshold now; not before.
    NewlyUsed,
    /// Used within the threshold before; not now, but within the tracking period.
    NewlyStale,
    /// Used before (within the tracking period); not at all in it now.
    NewlyNever,
    /// Granted now (listed in the later report), not before.
    Added,
    /// Granted before, no longer listed: the policies no longer grant it.
    Removed,
    Same,
}

impl Change {
    pub fn id(self) -> &'static str {
        match self {
            Change::NewlyUsed => "newly-used",
            Change::NewlyStale => "newly-stale",
            Change::NewlyNever => "newly-never",
            Change::Added => "added",
            Change::Removed => "removed",
            Change::Same => "same",
        }
    }

    /// In words, for the table.
    pub fn label(self) -> &'static str {
        match self {
            Change::NewlyUsed => "newly used",
            Change::NewlyStale => "went stale",
            Change::NewlyNever => "no longer used at all",
            Change::Added => "newly granted",
            Change::Removed => "no longer granted",
            Change::Same => "no change",
        }
    }
}

/// One service in either report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompareRow {
    pub namespace: String,
    pub before: Option<Status>,
    pub after: Option<Status>,
    pub change: Change,
}

/// Compare the (namespace, status) lists of an earlier and a later report;
/// changes first (in the order of [`Change`]), then by namespace.
pub fn compare(before: &[(&str, Status)], after: &[(&str, Status)]) -> Vec<CompareRow> {
    let mut all: BTreeMap<String, (Option<Status>, Option<Status>)> = BTreeMap::new();
    for (ns, st) in before {
        all.entry(ns.to_ascii_lowercase()).or_default().0 = Some(*st);
    }
    for (ns, st) in after {
        all.entry(ns.to_ascii_lowercase()).or_default().1 = Some(*st);
    }
    let mut rows: Vec<CompareRow> = all
        .into_iter()
        .map(|(namespace, (before, after))| {
            use Status::*;
            let change = match (before, after) {
                (None, Some(_)) => Change::Added,
                (Some(_), None) => Change::Removed,
                (Some(Stale | Never), Some(Recent)) => Change::NewlyUsed,
                (Some(Recent), Some(Stale)) => Change::NewlyStale,
                (Some(Recent | Stale), Some(Never)) => Change::NewlyNever,
                _ => Change::Same,
            };
            CompareRow {
                namespace,
                before,
                after,
                change,
            }
        })
        .collect();
    rows.sort_by(|a, b| {
        a.change
            .cmp(&b.change)
            .then_with(|| a.namespace.cmp(&b.namespace))
    });
    rows
}

/// [`compare`] two reports' service rows (each aged from its own date).
pub fn compare_rows(
    before: &[super::table::ServiceRow],
    after: &[super::table::ServiceRow],
) -> Vec<CompareRow> {
    fn list(rows: &[super::table::ServiceRow]) -> Vec<(&str, Status)> {
        rows.iter()
            .map(|r| (r.namespace.as_str(), r.status))
            .collect()
    }
    compare(&list(before), &list(after))
}

/// The report on screen against another report of its principal.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Comparison {
    /// The other report's id and label.
    pub other_id: String,
    pub other_label: String,
    /// When each was completed: the earlier, the later.
    #[serde(with = "crate::report::time::wire_opt")]
    pub earlier: Option<DateTime<Utc>>,
    #[serde(with = "crate::report::time::wire_opt")]
    pub later: Option<DateTime<Utc>>,
    /// The report on screen is the later one.
    pub shown_is_later: bool,
    pub rows: Vec<CompareRow>,
}

impl Comparison {
    /// How many services changed this way.
    pub fn count(&self, change: Change) -> usize {
        self.rows.iter().filter(|r| r.change == change).count()
    }
}
