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

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::rc::Rc;

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
        self.apply_indexed(&ActionIndex::of(actions), services, actions)
    }

    /// As [`Filter::apply_indices`], with `actions`' [`ActionIndex`] made
    /// once and kept: a keystroke then reads each row's ids and its own
    /// text, and searches each shared text (service, entity, Region) once.
    pub fn apply_indexed(
        &self,
        index: &ActionIndex,
        services: &[ServiceRow],
        actions: &[ActionRow],
    ) -> (Vec<u32>, Vec<u32>) {
        let needles = Needles::new(&self.text);
        let n = index.service.len().min(actions.len());
        let region_ok: Vec<bool> = index
            .regions
            .iter()
            .map(|r| self.region_ok(r.as_deref()))
            .collect();
        // By discriminant, as the index keeps them.
        let status_ok = [Status::Never, Status::Stale, Status::Recent].map(|s| self.status_ok(s));
        let bucket_ok = Bucket::ALL.map(|b| self.bucket.is_none_or(|x| x == b));
        // The status, age bucket and Region filters, by the row's ids.
        let passes = |i: usize| {
            status_ok[index.status[i] as usize]
                && bucket_ok[index.bucket[i] as usize]
                && region_ok[index.region[i] as usize]
        };
        let mut via_actions = vec![false; index.namespaces.len()];
        let order: Vec<u32> = if needles.is_empty() {
            if status_ok.iter().all(|ok| *ok)
                && bucket_ok.iter().all(|ok| *ok)
                && region_ok.iter().all(|ok| *ok)
            {
                // Nothing to narrow: every row (the search box cleared).
                (0..n as u32).collect()
            } else {
                (0..n).filter(|&i| passes(i)).map(|i| i as u32).collect()
            }
        } else {
            let mut order = Vec::new();
            index.for_each_match(&needles, n, actions, |i| {
                via_actions[index.service[i] as usize] = true;
                if passes(i) {
                    order.push(i as u32);
                }
            });
            order
        };
        // (None when nothing is searched: only a search marks a service.)
        let via_actions: BTreeSet<&str> = index
            .namespaces
            .iter()
            .zip(&via_actions)
            .filter(|(_, via)| **via)
            .map(|(ns, _)| &**ns)
            .collect();
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

/// Which search words a text holds, one bit per word (the first 64; a
/// longer search checks the rest in each row's own text).
type Words = u64;

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

    /// The words `hay` holds.
    fn in_text(&self, hay: &str) -> Words {
        let mut w = 0;
        for (i, f) in self.0.iter().take(64).enumerate() {
            if f.find(hay.as_bytes()).is_some() {
                w |= 1 << i;
            }
        }
        w
    }

    /// The mask of every word (of the first 64).
    fn all_words(&self) -> Words {
        match self.0.len() {
            0 => 0,
            n if n >= 64 => u64::MAX,
            n => (1 << n) - 1,
        }
    }

    /// The words past the 64th are all in `hay` (a row's own text: the
    /// first 64 are in its [`Words`]).
    fn rest_in(&self, hay: &str) -> bool {
        self.0
            .iter()
            .skip(64)
            .all(|f| f.find(hay.as_bytes()).is_some())
    }
}

/// What the filter reads of each action row, by column: the ids of its
/// service, entity and Region (rows share those texts, so each is searched
/// once per keystroke, not once per row), its status and age bucket.
/// Made once per set of rows ([`ActionIndex::of`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ActionIndex {
    service: Vec<u32>,
    entity: Vec<u32>,
    region: Vec<u32>,
    status: Vec<u8>,
    bucket: Vec<u8>,
    /// By service id: the lower-cased service text, the namespace.
    service_texts: Vec<Box<str>>,
    namespaces: Vec<Box<str>>,
    /// By entity id and Region id: the lower-cased text searched; the
    /// Region as written (the Region filter is exact).
    entity_texts: Vec<Box<str>>,
    region_texts: Vec<Box<str>>,
    regions: Vec<Option<Box<str>>>,
    /// Runs of rows sharing their action texts (a service's): the text,
    /// the first row and where its text starts; where each row's text
    /// ends in it.
    runs: Vec<(Rc<str>, u32, u32)>,
    end: Vec<u32>,
}

impl ActionIndex {
    pub fn of(actions: &[ActionRow]) -> Self {
        // Rows share one lower-cased text per service, entity and Region:
        // the same text, the same address.
        fn id_of(
            ids: &mut HashMap<(*const u8, usize), u32>,
            texts: &mut Vec<Box<str>>,
            text: &str,
        ) -> (u32, bool) {
            let next = texts.len() as u32;
            let id = *ids.entry((text.as_ptr(), text.len())).or_insert(next);
            if id == next {
                texts.push(text.into());
            }
            (id, id == next)
        }
        let mut ix = ActionIndex::default();
        let (mut services, mut entities, mut regions) =
            (HashMap::new(), HashMap::new(), HashMap::new());
        let n = actions.len();
        ix.service.reserve_exact(n);
        ix.entity.reserve_exact(n);
        ix.region.reserve_exact(n);
        ix.status.reserve_exact(n);
        ix.bucket.reserve_exact(n);
        ix.end.reserve_exact(n);
        for (i, a) in actions.iter().enumerate() {
            let (texts, at, end) = a.shared_action_texts();
            if ix.runs.last().is_none_or(|(t, _, _)| !Rc::ptr_eq(t, texts)) {
                ix.runs.push((texts.clone(), i as u32, at));
            }
            ix.end.push(end);
            let [service, _, entity, region] = a.search_texts();
            let (s, new) = id_of(&mut services, &mut ix.service_texts, service);
            if new {
                ix.namespaces.push(a.namespace().into());
            }
            let (r, new) = id_of(&mut regions, &mut ix.region_texts, region);
            if new {
                ix.regions.push(a.region().map(Into::into));
            }
            ix.service.push(s);
            ix.entity
                .push(id_of(&mut entities, &mut ix.entity_texts, entity).0);
            ix.region.push(r);
            ix.status.push(a.status as u8);
            ix.bucket.push(Bucket::of(a.age_days) as u8);
        }
        ix
    }

    /// Call `hit` with each of the first `n` rows that holds every word,
    /// in row order: in its service, entity or Region text (each searched
    /// once) or in its own action text (each service's searched at once).
    /// A service at a time, so what is found stays in a buffer the size of
    /// one service's rows.
    fn for_each_match(
        &self,
        needles: &Needles,
        n: usize,
        actions: &[ActionRow],
        mut hit: impl FnMut(usize),
    ) {
        let texts =
            |all: &[Box<str>]| -> Vec<Words> { all.iter().map(|t| needles.in_text(t)).collect() };
        let (in_service, in_entity, in_region) = (
            texts(&self.service_texts),
            texts(&self.entity_texts),
            texts(&self.region_texts),
        );
        let all = needles.all_words();
        let more = needles.0.len() > 64;
        let mut found: Vec<Words> = Vec::new();
        for (k, (text, first, start)) in self.runs.iter().enumerate() {
            let first = *first as usize;
            let last = self
                .runs
                .get(k + 1)
                .map_or(n, |(_, f, _)| *f as usize)
                .min(n);
            if first >= last {
                continue;
            }
            let in_service = in_service[self.service[first] as usize];
            if in_service == all && !more {
                // The service's text holds every word: each of its rows.
                (first..last).for_each(&mut hit);
                continue;
            }
            found.clear();
            found.extend(
                self.entity[first..last]
                    .iter()
                    .zip(&self.region[first..last])
                    .map(|(&e, &r)| in_service | in_entity[e as usize] | in_region[r as usize]),
            );
            let ends = &self.end[first..last];
            for (j, f) in needles.0.iter().take(64).enumerate() {
                let bit = 1 << j;
                if in_service & bit != 0 {
                    continue;
                }
                // Rows' texts are in row order, each ending at `end`; a word
                // has no white space, so a match lies inside one of them.
                // After a match, on from the next row's text: one match a
                // row is enough.
                let (bytes, mut row, mut from) = (text.as_bytes(), 0, *start as usize);
                while let Some(k) = bytes.get(from..).and_then(|rest| f.find(rest)) {
                    let at = from + k;
                    while row < ends.len() && ends[row] as usize <= at {
                        row += 1;
                    }
                    let Some(words) = found.get_mut(row) else {
                        break;
                    };
                    *words |= bit;
                    from = ends[row] as usize + 1;
                }
            }
            for (j, words) in found.iter().enumerate() {
                if *words == all && (!more || needles.rest_in(actions[first + j].search_texts()[1]))
                {
                    hit(first + j);
                }
            }
        }
    }

    /// The age bucket of each row given.
    pub fn buckets<'a>(&'a self, rows: &'a [u32]) -> impl Iterator<Item = Bucket> + 'a {
        rows.iter().filter_map(|&i| {
            let b = *self.bucket.get(i as usize)?;
            Bucket::ALL.get(b as usize).copied()
        })
    }
}

/// Regions seen in a report (services and actions), with how many rows use each.
pub fn regions(services: &[ServiceRow], actions: &[ActionRow]) -> BTreeMap<String, usize> {
    let mut out = BTreeMap::new();
    let mut add = |r: &str, n: usize| match out.get_mut(r) {
        Some(c) => *c += n,
        None => {
            out.insert(r.to_string(), n);
        }
    };
    let all = services
        .iter()
        .map(|s| s.region.as_deref())
        .chain(actions.iter().map(ActionRow::region));
    // Rows share their Region's string (one per distinct Region of a
    // parsed file): a run of one string is counted by address and added
    // to the map once.
    let mut run: Option<(&str, usize)> = None;
    for r in all.flatten() {
        match &mut run {
            Some((at, n)) if std::ptr::eq(*at, r) => *n += 1,
            _ => {
                if let Some((at, n)) = run.replace((r, 1)) {
                    add(at, n);
                }
            }
        }
    }
    if let Some((at, n)) = run {
        add(at, n);
    }
    out
}
