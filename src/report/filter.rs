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

#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
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

    /// Whether the fields contain every word of the search text.
    pub fn text_matches(&self, fields: &[&str]) -> bool {
        Needles::new(&self.text).all_in(&fields.join("\n").to_lowercase())
    }

    fn status_ok(&self, s: Status) -> bool {
        self.statuses.is_empty() || self.statuses.contains(&s)
    }

    fn bucket_ok(&self, age: Option<i64>) -> bool {
        self.bucket.is_none_or(|b| Bucket::of(age) == b)
    }

    fn region_ok(&self, region: Option<&str>) -> bool {
        self.region
            .as_ref()
            .is_none_or(|r| region == Some(r.as_str()))
    }

    /// The service rows to show.
    pub fn services<'a>(
        &self,
        rows: &'a [ServiceRow],
        actions: &[ActionRow],
    ) -> Vec<&'a ServiceRow> {
        self.apply(rows, actions).0
    }

    /// Both tables in one pass over the actions: the services to show, and
    /// the actions to show as indices into `actions`. A service also shows
    /// when one of its actions matches the text.
    pub fn apply<'a>(
        &self,
        services: &'a [ServiceRow],
        actions: &[ActionRow],
    ) -> (Vec<&'a ServiceRow>, Vec<u32>) {
        let (shown, order) = self.apply_indices(services, actions);
        let shown = shown.into_iter().map(|i| &services[i as usize]).collect();
        (shown, order)
    }

    /// As [`Filter::apply`], both as indices in row order.
    pub fn apply_indices(
        &self,
        services: &[ServiceRow],
        actions: &[ActionRow],
    ) -> (Vec<u32>, Vec<u32>) {
        let needles = Needles::new(&self.text);
        let mut via_actions: BTreeSet<&str> = BTreeSet::new();
        let mut order = Vec::new();
        let mut last_ns: Option<&str> = None;
        for (i, a) in actions.iter().enumerate() {
            if needles.all_in_any(&a.search_texts()) {
                // Rows come grouped by service: insert each namespace once per run.
                if !needles.is_empty() && last_ns != Some(a.namespace()) {
                    via_actions.insert(a.namespace());
                    last_ns = Some(a.namespace());
                }
                if self.status_ok(a.status)
                    && self.bucket_ok(a.age_days)
                    && self.region_ok(a.region())
                {
                    order.push(i as u32);
                }
            }
        }
        let shown = (0..services.len() as u32)
            .filter(|&i| {
                let r = &services[i as usize];
                (needles.all_in(r.search_text()) || via_actions.contains(r.namespace.as_str()))
                    && self.status_ok(r.status)
                    && self.bucket_ok(r.age_days)
                    && self.region_ok(r.region.as_deref())
                    && (!self.only_with_actions || r.actions_total > 0)
            })
            .collect();
        (shown, order)
    }

    /// The action rows to show, as indices into `rows`.
    pub fn action_order(&self, rows: &[ActionRow]) -> Vec<u32> {
        self.apply(&[], rows).1
    }

    /// The action rows to show.
    pub fn actions<'a>(&self, rows: &'a [ActionRow]) -> Vec<&'a ActionRow> {
        self.action_order(rows)
            .into_iter()
            .map(|i| &rows[i as usize])
            .collect()
    }
}

/// The search words, lower-cased, each compiled once per keystroke into a
/// substring searcher.
struct Needles(Vec<memchr::memmem::Finder<'static>>);

impl Needles {
    fn new(text: &str) -> Self {
        Needles(
            text.split_whitespace()
                .map(|w| memchr::memmem::Finder::new(w.to_lowercase().as_bytes()).into_owned())
                .collect(),
        )
    }

    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Every word is in the row's lower-cased search text (its fields joined
    /// by `\n`, so no word spans two fields; actions also carry `ns:action`).
    fn all_in(&self, hay: &str) -> bool {
        self.0.iter().all(|f| f.find(hay.as_bytes()).is_some())
    }

    /// Every word is in one of the texts (an action row keeps its service's
    /// text, its own, and its entity and Region apart).
    fn all_in_any(&self, hays: &[&str]) -> bool {
        self.0
            .iter()
            .all(|f| hays.iter().any(|h| f.find(h.as_bytes()).is_some()))
    }
}

/// Regions seen in a report (services and actions), with how many rows use each.
pub fn regions(services: &[ServiceRow], actions: &[ActionRow]) -> BTreeMap<String, usize> {
    let mut out = BTreeMap::new();
    let all = services
        .iter()
        .map(|s| s.region.as_deref())
        .chain(actions.iter().map(ActionRow::region));
    for r in all.flatten() {
        match out.get_mut(r) {
            Some(n) => *n += 1,
            None => {
                out.insert(r.to_string(), 1);
            }
        }
    }
    out
}
