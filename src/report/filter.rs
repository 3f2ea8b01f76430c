//! Narrowing the tables down: text search, status, age bucket, Region, and
//! "only services with tracked actions". One [`Filter`] applies to both tables.
//!
//! Text matches, case-insensitively, the service name, namespace, action,
//! entity and Region. A service is shown when it matches itself or through
//! one of its actions; an action when it matches itself or through its service.
//!
//! ```
//! use lastaccessed::report::filter::Filter;
//! let f = Filter { text: "S3".into(), ..Filter::default() };
//! assert!(f.text_matches(&["Amazon Simple Storage Service", "s3"]));
//! assert!(!f.text_matches(&["AWS Lambda", "lambda"]));
//! ```

use std::collections::{BTreeMap, BTreeSet};

use super::chart::Bucket;
use super::staleness::Status;
use super::table::{ActionRow, ServiceRow};

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filter {
    /// Free text; empty matches everything.
    pub text: String,
    /// Statuses to show; empty shows all.
    pub statuses: BTreeSet<Status>,
    /// An age bucket chosen on the chart.
    pub bucket: Option<Bucket>,
    /// A Region (exact); `None` shows all.
    pub region: Option<String>,
    pub only_with_actions: bool,
}

impl Filter {
    pub fn is_empty(&self) -> bool {
        *self == Filter::default()
    }

    /// Whether any of the fields contains every word of the search text.
    pub fn text_matches(&self, fields: &[&str]) -> bool {
        let lower: Vec<String> = fields.iter().map(|f| f.to_lowercase()).collect();
        let lower: Vec<&str> = lower.iter().map(String::as_str).collect();
        words_match(&self.words(), &lower)
    }

    /// The search words, lower-cased once per filtering.
    fn words(&self) -> Vec<String> {
        self.text
            .split_whitespace()
            .map(str::to_lowercase)
            .collect()
    }

    fn status_ok(&self, s: Status) -> bool {
        self.statuses.is_empty() || self.statuses.contains(&s)
    }

    fn bucket_ok(&self, age: Option<i64>) -> bool {
        self.bucket.is_none_or(|b| Bucket::of(age) == b)
    }

    fn region_ok(&self, region: &Option<String>) -> bool {
        self.region
            .as_ref()
            .is_none_or(|r| region.as_deref() == Some(r.as_str()))
    }

    /// The service rows to show.
    pub fn services<'a>(
        &self,
        rows: &'a [ServiceRow],
        actions: &[ActionRow],
    ) -> Vec<&'a ServiceRow> {
        let words = self.words();
        // Services that match the text through one of their actions.
        let via_actions: BTreeSet<&str> = if words.is_empty() {
            BTreeSet::new()
        } else {
            actions
                .iter()
                .filter(|a| words_match(&words, &a.search_fields()))
                .map(|a| a.namespace.as_str())
                .collect()
        };
        rows.iter()
            .filter(|r| {
                (words_match(&words, &r.search_fields())
                    || via_actions.contains(r.namespace.as_str()))
                    && self.status_ok(r.status)
                    && self.bucket_ok(r.age_days)
                    && self.region_ok(&r.region)
                    && (!self.only_with_actions || r.actions_total > 0)
            })
            .collect()
    }

    /// The action rows to show, as indices into `rows`.
    pub fn action_order(&self, rows: &[ActionRow]) -> Vec<u32> {
        let words = self.words();
        (0..rows.len() as u32)
            .filter(|&i| self.action_ok(&words, &rows[i as usize]))
            .collect()
    }

    fn action_ok(&self, words: &[String], a: &ActionRow) -> bool {
        words_match(words, &a.search_fields())
            && self.status_ok(a.status)
            && self.bucket_ok(a.age_days)
            && self.region_ok(&a.region)
    }

    /// The action rows to show.
    pub fn actions<'a>(&self, rows: &'a [ActionRow]) -> Vec<&'a ActionRow> {
        let words = self.words();
        rows.iter().filter(|a| self.action_ok(&words, a)).collect()
    }
}

/// Every word is in one of the (lower-cased) fields. Words like `ec2:run`
/// also match across the namespace and action fields.
fn words_match(words: &[String], fields: &[&str]) -> bool {
    words.iter().all(|w| {
        fields.iter().any(|f| f.contains(w.as_str()))
            || w.split_once(':').is_some_and(|(ns, action)| {
                fields.contains(&ns) && fields.iter().any(|f| f.starts_with(action))
            })
    })
}

/// Regions seen in a report (services and actions), with how many rows use each.
pub fn regions(services: &[ServiceRow], actions: &[ActionRow]) -> BTreeMap<String, usize> {
    let mut out = BTreeMap::new();
    let all = services
        .iter()
        .map(|s| &s.region)
        .chain(actions.iter().map(|a| &a.region));
    for r in all.flatten() {
        *out.entry(r.clone()).or_insert(0) += 1;
    }
    out
}
