//! Row views of a report with status, their sorting, and the summary counts.
//!
//! Rows are built once per (report, reference time, threshold); sort keys are
//! precomputed (lower-cased text), so sorting is a plain stable sort.
//! Text compares case-insensitively; a missing time ("never") sorts as oldest.
//!
//! ```
//! use lastaccessed::report::table::{Direction, ServiceColumn, Sort};
//! let s = Sort { column: ServiceColumn::Name, direction: Direction::Ascending };
//! assert_eq!(s.toggled(ServiceColumn::Name).direction, Direction::Descending);
//! assert_eq!(s.toggled(ServiceColumn::Region).direction, Direction::Ascending);
//! ```

use std::cell::OnceCell;
use std::cmp::Ordering;
use std::collections::{BTreeMap, HashMap};
use std::rc::Rc;

use chrono::{DateTime, Utc};

use super::id::Id;
use super::model::{ServiceLastAccessed, TrackedActionLastAccessed};
use super::report::{EntityGroup, Report};
use super::staleness::{age_days, classify, status_at_age, Ages, Status};

pub use super::staleness::Staleness;

#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct ServiceRow {
    pub namespace: String,
    pub name: String,
    #[serde(with = "crate::report::time::wire_opt")]
    pub last: Option<DateTime<Utc>>,
    pub age_days: Option<i64>,
    pub entity: Option<String>,
    pub region: Option<String>,
    pub entities: Option<u64>,
    /// Tracked actions ever used (in the tracking period).
    pub actions_used: usize,
    /// Tracked actions used within the threshold.
    pub actions_recent: usize,
    pub actions_total: usize,
    pub status: Status,
    /// Sort and search keys, made from the fields above the first time a
    /// row is searched or sorted by a text column: the fleet and the
    /// matrix build every report's rows and never need them. The
    /// engine's alone (not sent to the page).
    #[serde(skip)]
    keys: OnceCell<TextKeys>,
}

/// Rows are equal when their fields are: the keys derive from them (and
/// are not sent to the page).
impl PartialEq for ServiceRow {
    fn eq(&self, o: &Self) -> bool {
        (
            &self.namespace,
            &self.name,
            self.last,
            self.age_days,
            &self.entity,
            &self.region,
            self.entities,
            self.actions_used,
            self.actions_recent,
            self.actions_total,
            self.status,
        ) == (
            &o.namespace,
            &o.name,
            o.last,
            o.age_days,
            &o.entity,
            &o.region,
            o.entities,
            o.actions_used,
            o.actions_recent,
            o.actions_total,
            o.status,
        )
    }
}

impl Eq for ServiceRow {}

/// One tracked action. The row shares its service with the report (no
/// string is copied) and keeps only what sorting and search need: the
/// action's lower-cased name (and `ns:action`), and lower-cased entity and
/// Region strings shared by every row that has the same one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ActionRow {
    service: Rc<ServiceLastAccessed>,
    /// Index of the action in the service's `TrackedActionsLastAccessed`.
    index: u32,
    pub last: Option<DateTime<Utc>>,
    pub age_days: Option<i64>,
    pub status: Status,
    keys: ActionKeys,
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct ActionKeys {
    /// The service's lower-cased texts, which all its rows share; made the
    /// first time one of them is searched or sorted by a text (the engine's
    /// idle warm-up, after the first view).
    texts: Rc<ServiceTexts>,
    /// Lower-cased entity and Region, one allocation per distinct value.
    entity: Option<Rc<str>>,
    region: Option<Rc<str>>,
}

/// One service's lower-cased search texts, made on first use from the
/// service of the rows that share them: the service's "name\nnamespace"
/// (`texts[..service]`), then every action of the service, lower-cased
/// "action\nns:action", each after a `\n` (one string, searched at once).
/// Action `i`'s text is `texts[ranges[i]]`.
#[derive(Debug, Default)]
struct ServiceTexts(OnceCell<MadeTexts>);

#[derive(Debug)]
struct MadeTexts {
    texts: Rc<str>,
    service: u32,
    ranges: Vec<(u32, u32)>,
}

impl PartialEq for ServiceTexts {
    /// The texts follow from the rows' service, which a row compares
    /// itself (made or not yet, they are the same texts).
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Eq for ServiceTexts {}

impl ServiceTexts {
    fn get(&self, service: &ServiceLastAccessed) -> &MadeTexts {
        self.0.get_or_init(|| MadeTexts::of(service))
    }
}

impl MadeTexts {
    fn of(s: &ServiceLastAccessed) -> Self {
        let actions = s.tracked_actions_last_accessed.as_deref().unwrap_or(&[]);
        let ns_len = s.service_namespace.len();
        let mut texts = String::with_capacity(
            s.service_name.len()
                + ns_len
                + actions
                    .iter()
                    .map(|a| 2 * a.action_name.len() + ns_len + 3)
                    .sum::<usize>()
                + 1,
        );
        push_lower(&mut texts, &s.service_name);
        texts.push('\n');
        let ns_at = texts.len();
        push_lower(&mut texts, &s.service_namespace);
        let service = texts.len() as u32;
        let mut ranges = Vec::with_capacity(actions.len());
        for a in actions {
            texts.push('\n');
            let at = texts.len();
            push_lower(&mut texts, &a.action_name);
            let name_end = texts.len();
            texts.push('\n');
            // `ns:action`, from the lower-cased texts just written.
            texts.extend_from_within(ns_at..service as usize);
            texts.push(':');
            texts.extend_from_within(at..name_end);
            ranges.push((at as u32, texts.len() as u32));
        }
        MadeTexts {
            texts: texts.into(),
            service,
            ranges,
        }
    }
}

impl ActionRow {
    fn action_data(&self) -> &TrackedActionLastAccessed {
        // `index` was taken from this very list when the row was built.
        &self
            .service
            .tracked_actions_last_accessed
            .as_deref()
            .unwrap_or(&[])[self.index as usize]
    }
    pub fn namespace(&self) -> &str {
        &self.service.service_namespace
    }
    /// The service's display name.
    pub fn service(&self) -> &str {
        &self.service.service_name
    }
    pub fn action(&self) -> &str {
        &self.action_data().action_name
    }
    pub fn entity(&self) -> Option<&str> {
        self.action_data().last_accessed_entity.as_deref()
    }
    pub fn region(&self) -> Option<&str> {
        self.action_data().last_accessed_region.as_deref()
    }
    /// The lower-cased texts search looks in (no word spans two of them).
    pub fn search_texts(&self) -> [&str; 4] {
        let m = self.keys.texts.get(&self.service);
        [
            m.texts.get(..m.service as usize).unwrap_or(""),
            self.action_text(),
            self.keys.entity.as_deref().unwrap_or(""),
            self.keys.region.as_deref().unwrap_or(""),
        ]
    }
    fn service_key(&self) -> &str {
        self.search_texts()[0].split('\n').next().unwrap_or("")
    }
    fn action_key(&self) -> &str {
        self.action_text().split('\n').next().unwrap_or("")
    }
    /// Lower-cased "action\nns:action".
    fn action_text(&self) -> &str {
        let (texts, at, end) = self.shared_action_texts();
        texts.get(at as usize..end as usize).unwrap_or("")
    }
    /// The text every action row of this service shares, and where this
    /// row's action text starts and ends in it (see
    /// [`ActionRow::search_texts`]).
    pub fn shared_action_texts(&self) -> (&Rc<str>, u32, u32) {
        let m = self.keys.texts.get(&self.service);
        let (at, end) = m.ranges.get(self.index as usize).copied().unwrap_or((0, 0));
        (&m.texts, at, end)
    }
}

/// A service row's lower-cased sort and search keys, computed once: the
/// fields joined by `\n` in one string (one allocation kept), sliced for
/// sorting and searched whole.
#[derive(Clone, Debug)]
struct TextKeys {
    hay: String,
    /// End of each field in `hay`: name, namespace, entity, Region.
    ends: [u32; 4],
}

const NAME: usize = 0;
const NAMESPACE: usize = 1;
const ENTITY: usize = 2;
const REGION: usize = 3;

/// The part of an ARN worth searching: `arn:aws:iam::123456789012:role/ci`
/// → `123456789012:role/ci`. Every ARN of a report shares `arn:aws:iam::`,
/// so searching it would match every row (`iam` would find them all).
/// Anything that is not an ARN is searched whole.
///
/// ```
/// use lastaccessed::report::table::arn_search_part;
/// assert_eq!(arn_search_part("arn:aws:iam::123456789012:role/ci"), "123456789012:role/ci");
/// assert_eq!(arn_search_part("o-1/r-2/ou-3/111111111111"), "o-1/r-2/ou-3/111111111111");
/// ```
pub fn arn_search_part(s: &str) -> &str {
    if !s.starts_with("arn:") {
        return s;
    }
    // Skip "arn", partition, service and Region: four colons.
    match s.match_indices(':').nth(3) {
        Some((i, _)) => &s[i + 1..],
        None => s,
    }
}

/// Lower-case, with the common all-ASCII case done without a second pass.
fn push_lower(hay: &mut String, s: &str) {
    if s.is_ascii() {
        let start = hay.len();
        hay.push_str(s);
        hay[start..].make_ascii_lowercase();
    } else {
        hay.push_str(&s.to_lowercase());
    }
}

impl TextKeys {
    fn new(fields: [Option<&str>; 4]) -> Self {
        let len: usize = fields.iter().flatten().map(|f| f.len() + 1).sum::<usize>();
        let mut hay = String::with_capacity(len + 4);
        let mut ends = [0u32; 4];
        for (i, f) in fields.iter().enumerate() {
            if i > 0 {
                hay.push('\n');
            }
            push_lower(&mut hay, f.unwrap_or(""));
            ends[i] = hay.len() as u32;
        }
        TextKeys { hay, ends }
    }

    fn field(&self, i: usize) -> &str {
        let start = if i == 0 {
            0
        } else {
            self.ends[i - 1] as usize + 1
        };
        &self.hay[start..self.ends[i] as usize]
    }
}

impl ServiceRow {
    /// All search fields in one lower-cased string, separated by `\n`.
    pub fn search_text(&self) -> &str {
        &self.keys().hay
    }

    fn keys(&self) -> &TextKeys {
        self.keys.get_or_init(|| {
            TextKeys::new([
                Some(&self.name),
                Some(&self.namespace),
                self.entity.as_deref().map(arn_search_part),
                self.region.as_deref(),
            ])
        })
    }
}

/// One row per service, in the report's (namespace) order.
pub fn service_rows(report: &Report, st: Staleness) -> Vec<ServiceRow> {
    service_rows_with(report, st, &BTreeMap::new())
}

/// Each service's last access and status, in the report's order, as
/// [`service_rows_with`] judges them, without the rest of a row (the fleet
/// counts statuses of every report and needs no more).
pub fn service_statuses<'a>(
    report: &'a Report,
    st: Staleness,
    overrides: &'a BTreeMap<String, u32>,
) -> impl Iterator<Item = (Option<DateTime<Utc>>, Status)> + 'a {
    let ages = Ages::from(st.reference);
    report.services.iter().map(move |s| {
        let (_, _, status) = judged(s, &ages, overrides, st.threshold_days);
        (s.last_authenticated, status)
    })
}

/// A service's threshold (its own in `overrides`, else `days`), age and
/// status: the one judgement behind the services table and the fleet.
fn judged(
    s: &ServiceLastAccessed,
    ages: &Ages,
    overrides: &BTreeMap<String, u32>,
    days: u32,
) -> (u32, Option<i64>, Status) {
    let threshold = threshold_of(overrides, &s.service_namespace, days);
    let age = s.last_authenticated.map(|t| ages.of(t));
    (threshold, age, status_at_age(age, threshold))
}

/// [`service_rows`] with some services judged by their own threshold
/// (`overrides`: lower-case namespace → days).
pub fn service_rows_with(
    report: &Report,
    st: Staleness,
    overrides: &BTreeMap<String, u32>,
) -> Vec<ServiceRow> {
    let ages = Ages::from(st.reference);
    report
        .services
        .iter()
        .map(|s| {
            let (threshold, age, status) = judged(s, &ages, overrides, st.threshold_days);
            let actions = s.tracked_actions_last_accessed.as_deref().unwrap_or(&[]);
            ServiceRow {
                keys: OnceCell::new(),
                namespace: s.service_namespace.clone(),
                name: s.service_name.clone(),
                last: s.last_authenticated,
                age_days: age,
                entity: s.last_authenticated_entity.clone(),
                region: s.last_authenticated_region.clone(),
                entities: s.total_authenticated_entities,
                actions_used: actions
                    .iter()
                    .filter(|a| a.last_accessed_time.is_some())
                    .count(),
                actions_recent: actions
                    .iter()
                    .filter(|a| {
                        let age = a.last_accessed_time.map(|t| ages.of(t));
                        status_at_age(age, threshold) == Status::Recent
                    })
                    .count(),
                actions_total: actions.len(),
                status,
            }
        })
        .collect()
}

/// One row per tracked action of every service.
pub fn action_rows(report: &Report, st: Staleness) -> Vec<ActionRow> {
    action_rows_with(report, st, &BTreeMap::new())
}

/// A service's threshold: its own, else the report's.
pub fn threshold_of(overrides: &BTreeMap<String, u32>, namespace: &str, default: u32) -> u32 {
    if overrides.is_empty() {
        return default;
    }
    overrides
        .get(&namespace.to_ascii_lowercase())
        .copied()
        .unwrap_or(default)
}

/// [`action_rows`] with per-service thresholds (see [`service_rows_with`]).
pub fn action_rows_with<'a>(
    report: &'a Report,
    st: Staleness,
    overrides: &BTreeMap<String, u32>,
) -> Vec<ActionRow> {
    let total: usize = report
        .services
        .iter()
        .map(|s| s.tracked_actions_last_accessed.as_ref().map_or(0, Vec::len))
        .sum();
    let mut rows = Vec::with_capacity(total);
    // Lower-cased entities (their searched part) and Regions, each
    // allocated once. Rows repeat a few of them (the model keeps one copy
    // of each): the last few are found by the address of the text as read
    // (0: entity, 1: Region) before any is cut or the map searched.
    let mut shared: HashMap<&str, Rc<str>> = HashMap::new();
    let mut recent: [Option<(usize, &str, Rc<str>)>; 4] = Default::default();
    let mut lower = |col: usize, read: Option<&'a str>| -> Option<Rc<str>> {
        let read = read?;
        if let Some((_, _, k)) = recent
            .iter()
            .flatten()
            .find(|(c, at, _)| *c == col && std::ptr::eq(*at, read))
        {
            return Some(k.clone());
        }
        let s = if col == 0 {
            arn_search_part(read)
        } else {
            read
        };
        let k = match shared.get(s) {
            Some(k) => k.clone(),
            None => {
                let mut l = String::with_capacity(s.len());
                push_lower(&mut l, s);
                let k: Rc<str> = l.into();
                shared.insert(s, k.clone());
                k
            }
        };
        recent.rotate_right(1);
        recent[0] = Some((col, read, k.clone()));
        Some(k)
    };
    let ages = Ages::from(st.reference);
    for s in &report.services {
        let Some(actions) = s.tracked_actions_last_accessed.as_deref() else {
            continue;
        };
        let threshold = threshold_of(overrides, &s.service_namespace, st.threshold_days);
        let texts = Rc::new(ServiceTexts::default());
        for (i, a) in actions.iter().enumerate() {
            let age = a.last_accessed_time.map(|t| ages.of(t));
            rows.push(ActionRow {
                service: s.clone(),
                index: i as u32,
                last: a.last_accessed_time,
                age_days: age,
                status: status_at_age(age, threshold),
                keys: ActionKeys {
                    texts: texts.clone(),
                    entity: lower(0, a.last_accessed_entity.as_deref()),
                    region: lower(1, a.last_accessed_region.as_deref()),
                },
            });
        }
    }
    rows
}

/// One entity of a `…WithEntities` drill-down, with status.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct EntityRow {
    pub name: String,
    pub kind: String,
    pub arn: String,
    pub path: Option<String>,
    #[serde(with = "crate::report::time::wire_opt")]
    pub last: Option<DateTime<Utc>>,
    pub age_days: Option<i64>,
    pub status: Status,
}

/// One entity drill-down as the page draws it: the group's own facts and
/// its rows, made by the engine ([`entity_view`]).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct EntityView {
    pub namespace: Option<String>,
    pub files: Vec<String>,
    pub complete: bool,
    pub next_marker: Option<String>,
    /// Least recently used first ([`entity_rows`]).
    pub rows: Vec<EntityRow>,
}

/// A drill-down's view: its rows with their status under `st`.
pub fn entity_view(group: &EntityGroup, st: Staleness) -> EntityView {
    EntityView {
        namespace: group.namespace.clone(),
        files: group.files.clone(),
        complete: group.complete,
        next_marker: group.next_marker.clone(),
        rows: entity_rows(group, st),
    }
}

/// Entity rows, least recently used first (never-used first), then by name.
pub fn entity_rows(group: &EntityGroup, st: Staleness) -> Vec<EntityRow> {
    let mut rows: Vec<EntityRow> = group
        .entities
        .iter()
        .map(|e| EntityRow {
            name: e.entity_info.name.clone(),
            kind: e.entity_info.r#type.clone(),
            arn: e.entity_info.arn.clone(),
            path: e.entity_info.path.clone(),
            last: e.last_authenticated,
            age_days: e.last_authenticated.map(|t| age_days(t, st.reference)),
            status: classify(e.last_authenticated, st.reference, st.threshold_days),
        })
        .collect();
    rows.sort_by(|a, b| {
        a.last
            .cmp(&b.last)
            // IAM names are ASCII (letters, digits and `+=,.@_-`).
            .then_with(|| {
                a.name
                    .to_ascii_lowercase()
                    .cmp(&b.name.to_ascii_lowercase())
            })
    });
    rows
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Direction {
    Ascending,
    Descending,
}

impl Id for Direction {
    const ALL: &'static [Self] = &[Direction::Ascending, Direction::Descending];
    fn id(self) -> &'static str {
        match self {
            Direction::Ascending => "asc",
            Direction::Descending => "desc",
        }
    }
}

impl Direction {
    /// The value for `aria-sort`.
    pub fn aria(self) -> &'static str {
        match self {
            Direction::Ascending => "ascending",
            Direction::Descending => "descending",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum ServiceColumn {
    Name,
    Namespace,
    LastAccessed,
    Entity,
    Region,
    Entities,
    Actions,
    Status,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum ActionColumn {
    Service,
    Action,
    LastAccessed,
    Entity,
    Region,
    Status,
}

/// A stable short name for a column (`data-column`, share links).
impl Id for ServiceColumn {
    const ALL: &'static [Self] = &[
        ServiceColumn::Name,
        ServiceColumn::Namespace,
        ServiceColumn::LastAccessed,
        ServiceColumn::Entity,
        ServiceColumn::Region,
        ServiceColumn::Entities,
        ServiceColumn::Actions,
        ServiceColumn::Status,
    ];
    fn id(self) -> &'static str {
        match self {
            ServiceColumn::Name => "name",
            ServiceColumn::Namespace => "namespace",
            ServiceColumn::LastAccessed => "last-accessed",
            ServiceColumn::Entity => "entity",
            ServiceColumn::Region => "region",
            ServiceColumn::Entities => "entities",
            ServiceColumn::Actions => "actions",
            ServiceColumn::Status => "status",
        }
    }
}

impl Id for ActionColumn {
    const ALL: &'static [Self] = &[
        ActionColumn::Service,
        ActionColumn::Action,
        ActionColumn::LastAccessed,
        ActionColumn::Entity,
        ActionColumn::Region,
        ActionColumn::Status,
    ];
    fn id(self) -> &'static str {
        match self {
            ActionColumn::Service => "service",
            ActionColumn::Action => "action",
            ActionColumn::LastAccessed => "last-accessed",
            ActionColumn::Entity => "entity",
            ActionColumn::Region => "region",
            ActionColumn::Status => "status",
        }
    }
}

/// A column and a direction.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct Sort<C> {
    pub column: C,
    pub direction: Direction,
}

impl<C: PartialEq + Copy> Sort<C> {
    pub fn ascending(column: C) -> Self {
        Sort {
            column,
            direction: Direction::Ascending,
        }
    }

    /// Clicking a header: the same column reverses, another starts ascending.
    pub fn toggled(self, column: C) -> Self {
        if self.column == column {
            Sort {
                column,
                direction: match self.direction {
                    Direction::Ascending => Direction::Descending,
                    Direction::Descending => Direction::Ascending,
                },
            }
        } else {
            Sort::ascending(column)
        }
    }
}

fn directed(o: Ordering, d: Direction) -> Ordering {
    match d {
        Direction::Ascending => o,
        Direction::Descending => o.reverse(),
    }
}

/// The rows at `places`, in that order (places out of range are skipped).
pub fn rows_at<'a, 'b, T>(
    rows: &'a [T],
    places: &'b [u32],
) -> impl Iterator<Item = &'a T> + use<'a, 'b, T> {
    places.iter().filter_map(|&i| rows.get(i as usize))
}

/// Stable sort of service rows.
pub fn sort_services(rows: &mut [ServiceRow], sort: Sort<ServiceColumn>) {
    rows.sort_by(service_order(sort));
}

/// Stable sort of an order of service rows (indices into `rows`), leaving
/// the rows where they are.
pub fn sort_service_order(rows: &[ServiceRow], order: &mut [u32], sort: Sort<ServiceColumn>) {
    let cmp = service_order(sort);
    let row = |i: &u32| rows.get(*i as usize);
    order.sort_by(|a, b| match (row(a), row(b)) {
        (Some(a), Some(b)) => cmp(a, b),
        (a, b) => a.is_none().cmp(&b.is_none()),
    });
}

/// How [`sort_services`] orders two rows.
fn service_order(sort: Sort<ServiceColumn>) -> impl Fn(&ServiceRow, &ServiceRow) -> Ordering {
    move |a, b| {
        let o = match sort.column {
            ServiceColumn::Name => a.keys().field(NAME).cmp(b.keys().field(NAME)),
            ServiceColumn::Namespace => a.keys().field(NAMESPACE).cmp(b.keys().field(NAMESPACE)),
            ServiceColumn::LastAccessed => a.last.cmp(&b.last),
            ServiceColumn::Entity => a.keys().field(ENTITY).cmp(b.keys().field(ENTITY)),
            ServiceColumn::Region => a.keys().field(REGION).cmp(b.keys().field(REGION)),
            ServiceColumn::Entities => a.entities.cmp(&b.entities),
            ServiceColumn::Actions => (a.actions_recent, a.actions_used, a.actions_total).cmp(&(
                b.actions_recent,
                b.actions_used,
                b.actions_total,
            )),
            ServiceColumn::Status => a.status.cmp(&b.status),
        };
        directed(o, sort.direction)
    }
}

/// Stable sort of an order (indices into `rows`), leaving the rows where
/// they are: large tables sort and filter without copying a row. The keys
/// are gathered next to the indices first, so the sort compares values in
/// one contiguous array instead of chasing each row.
pub fn sort_action_order(rows: &[ActionRow], order: &mut [u32], sort: Sort<ActionColumn>) {
    fn by<K: Ord>(order: &mut [u32], key: impl Fn(u32) -> K, d: Direction) {
        let mut keyed: Vec<(K, u32)> = order.iter().map(|&i| (key(i), i)).collect();
        keyed.sort_by(|a, b| directed(a.0.cmp(&b.0), d));
        for (slot, (_, i)) in order.iter_mut().zip(keyed) {
            *slot = i;
        }
    }
    let row = |i: u32| &rows[i as usize];
    let d = sort.direction;
    match sort.column {
        ActionColumn::Service => by(order, |i| row(i).service_key(), d),
        ActionColumn::Action => by(order, |i| row(i).action_key(), d),
        ActionColumn::Entity => by(order, |i| row(i).keys.entity.as_deref().unwrap_or(""), d),
        ActionColumn::Region => by(order, |i| row(i).keys.region.as_deref().unwrap_or(""), d),
        ActionColumn::LastAccessed => by(order, |i| row(i).last, d),
        ActionColumn::Status => by(order, |i| row(i).status, d),
    }
}

/// One column's order of every action row, made once per set of rows: a
/// later sort by that column, of any filtered part and either way, is one
/// pass over it instead of comparing 200 000 keys again. It sorts exactly
/// as [`sort_action_order`] does.
///
/// ```
/// use lastaccessed::report::table::{action_rows, sort_action_order, ActionColumn, ActionRanks, Direction, Sort, Staleness};
/// # use lastaccessed::report::{input::parse_file, merge::merge_all, sample::FILES};
/// # let loaded: Vec<_> = FILES.iter().map(|(n, b)| parse_file(n, b).unwrap()).collect();
/// # let report = merge_all(&loaded).into_iter().find(|r| r.services.iter().any(|s| s.tracked_actions_last_accessed.is_some())).unwrap();
/// # let st = Staleness { reference: chrono::Utc::now(), threshold_days: 90 };
/// let rows = action_rows(&report, st);
/// let ranks = ActionRanks::of(&rows, ActionColumn::Action);
/// let mut shown: Vec<u32> = (0..rows.len() as u32).step_by(2).collect();
/// let mut want = shown.clone();
/// ranks.sort(&mut shown, Direction::Descending);
/// sort_action_order(&rows, &mut want, Sort { column: ActionColumn::Action, direction: Direction::Descending });
/// assert_eq!(shown, want);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ActionRanks {
    /// Every row, ascending; equal keys in row order.
    order: Vec<u32>,
    /// Each row's key rank: equal keys, equal ranks.
    rank: Vec<u32>,
}

impl ActionRanks {
    pub fn of(rows: &[ActionRow], column: ActionColumn) -> Self {
        let rank = match column {
            ActionColumn::Service => by_shared(rows, |r| r.service_key()),
            ActionColumn::Entity => by_shared(rows, |r| r.keys.entity.as_deref().unwrap_or("")),
            ActionColumn::Region => by_shared(rows, |r| r.keys.region.as_deref().unwrap_or("")),
            ActionColumn::Action => by_sorting(rows, |r| r.action_key()),
            ActionColumn::LastAccessed => by_time(rows),
            ActionColumn::Status => by_sorting(rows, |r| r.status),
        };
        // A counting sort by rank: stable, so equal keys stay in row order.
        let mut start = vec![0u32; rank.iter().max().map_or(0, |&m| m as usize + 1) + 1];
        for &r in &rank {
            start[r as usize + 1] += 1;
        }
        for i in 1..start.len() {
            start[i] += start[i - 1];
        }
        let mut order = vec![0; rank.len()];
        for (i, &r) in rank.iter().enumerate() {
            order[start[r as usize] as usize] = i as u32;
            start[r as usize] += 1;
        }
        ActionRanks { order, rank }
    }

    /// Sort `shown` (indices of the rows these ranks were made of) by the
    /// column, as `sort_action_order` does: stable, so equal keys keep
    /// their order either way.
    pub fn sort(&self, shown: &mut [u32], direction: Direction) {
        let n = self.rank.len();
        let rank = |i: &u32| self.rank.get(*i as usize).copied().unwrap_or(u32::MAX);
        // Most of the rows, in row order (what a filter gives): pick them
        // out of the column's order. Otherwise compare their ranks.
        let in_row_order = shown.windows(2).all(|w| w[0] < w[1]);
        if shown.len() * 8 < n || !in_row_order || shown.last().is_some_and(|&i| i as usize >= n) {
            // Each row's rank (reversed to descend) above its place in
            // `shown`: distinct keys, so an unstable sort of plain integers
            // keeps equal ranks in their order (a third of the time of
            // comparing ranks looked up for each comparison).
            let mut keys: Vec<u64> = shown
                .iter()
                .enumerate()
                .map(|(place, i)| {
                    let r = match direction {
                        Direction::Ascending => rank(i),
                        Direction::Descending => u32::MAX - rank(i),
                    };
                    (u64::from(r) << 32) | place as u64
                })
                .collect();
            keys.sort_unstable();
            let before = shown.to_vec();
            for (slot, key) in shown.iter_mut().zip(&keys) {
                *slot = before[(*key & u64::from(u32::MAX)) as usize];
            }
            return;
        }
        let mut member = vec![false; n];
        for &i in shown.iter() {
            member[i as usize] = true;
        }
        let mut k = 0;
        let mut emit = |run: &[u32]| {
            for &i in run {
                if member[i as usize] {
                    shown[k] = i;
                    k += 1;
                }
            }
        };
        match direction {
            Direction::Ascending => emit(&self.order),
            Direction::Descending => {
                // Runs of equal keys from the last, each in row order.
                let mut end = self.order.len();
                while end > 0 {
                    let r = rank(&self.order[end - 1]);
                    let mut start = end - 1;
                    while start > 0 && rank(&self.order[start - 1]) == r {
                        start -= 1;
                    }
                    emit(&self.order[start..end]);
                    end = start;
                }
            }
        }
    }
}

/// Dense ranks of keys (equal keys, equal ranks), by sorting them.
fn dense_ranks<K: Ord>(keys: impl Iterator<Item = K>) -> Vec<u32> {
    let mut keyed: Vec<(K, u32)> = keys.enumerate().map(|(i, k)| (k, i as u32)).collect();
    // Equal keys get one rank whatever their order: no need for a stable sort.
    keyed.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let mut rank = vec![0; keyed.len()];
    let mut r = 0;
    for (j, (k, i)) in keyed.iter().enumerate() {
        if j > 0 && keyed[j - 1].0 != *k {
            r += 1;
        }
        rank[*i as usize] = r;
    }
    rank
}

/// Dense ranks of each row's key.
fn by_sorting<'a, K: Ord>(rows: &'a [ActionRow], key: impl Fn(&'a ActionRow) -> K) -> Vec<u32> {
    dense_ranks(rows.iter().map(key))
}

/// Dense ranks of the last-access times: as one integer each (nanoseconds
/// since 1970, never-used below every time), which sort faster than the
/// times themselves; by the times when one is out of that integer's range
/// (before 1678 or after 2261).
fn by_time(rows: &[ActionRow]) -> Vec<u32> {
    const NEVER: i64 = i64::MIN;
    let nanos: Option<Vec<i64>> = rows
        .iter()
        .map(|r| match r.last {
            None => Some(NEVER),
            Some(t) => t.timestamp_nanos_opt().filter(|&n| n != NEVER),
        })
        .collect();
    match nanos {
        Some(keys) => dense_ranks(keys.into_iter()),
        None => by_sorting(rows, |r| r.last),
    }
}

/// Dense ranks of a text key rows share one string of per value (the
/// service, the entity, the Region): the distinct strings are found by
/// address and only they are sorted (by text: the same text can live at
/// two addresses).
fn by_shared<'a>(rows: &'a [ActionRow], key: impl Fn(&'a ActionRow) -> &'a str) -> Vec<u32> {
    let mut slot_of: std::collections::HashMap<(usize, usize), u32> = Default::default();
    let mut values: Vec<&str> = Vec::new();
    let slots: Vec<u32> = rows
        .iter()
        .map(|r| {
            let k = key(r);
            *slot_of
                .entry((k.as_ptr() as usize, k.len()))
                .or_insert_with(|| {
                    values.push(k);
                    values.len() as u32 - 1
                })
        })
        .collect();
    let rank_of = dense_ranks(values.into_iter());
    slots.into_iter().map(|s| rank_of[s as usize]).collect()
}

/// The rows a windowed table renders for a scroll position, as (first,
/// count): the rows in view plus `buffer` above and below, within bounds.
pub fn visible_window(
    total: usize,
    scroll_top: f64,
    viewport_px: f64,
    row_px: f64,
    buffer: usize,
) -> (usize, usize) {
    let first_visible = (scroll_top / row_px).floor().max(0.0) as usize;
    let visible = (viewport_px / row_px).ceil().max(0.0) as usize + 1;
    // Scrolled past the end (the rows just shrank): show the last rows.
    let first = first_visible
        .saturating_sub(buffer)
        .min(total.saturating_sub(visible + buffer));
    let count = (visible + 2 * buffer).min(total - first);
    (first, count)
}

/// Never / stale / recent tallies.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Tally {
    pub total: usize,
    pub never: usize,
    pub stale: usize,
    pub recent: usize,
}

impl Tally {
    pub fn of(statuses: impl Iterator<Item = Status>) -> Self {
        let mut t = Tally::default();
        for s in statuses {
            t.total += 1;
            match s {
                Status::Never => t.never += 1,
                Status::Stale => t.stale += 1,
                Status::Recent => t.recent += 1,
            }
        }
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toggling_cycles_direction() {
        let s = Sort::ascending(ActionColumn::Action);
        let d = s.toggled(ActionColumn::Action);
        assert_eq!(d.direction, Direction::Descending);
        assert_eq!(d.toggled(ActionColumn::Action), s);
        assert_eq!(
            d.toggled(ActionColumn::Status),
            Sort::ascending(ActionColumn::Status)
        );
    }

    #[test]
    fn window_covers_the_viewport_and_stays_in_bounds() {
        assert_eq!(visible_window(0, 0.0, 700.0, 50.0, 10), (0, 0));
        assert_eq!(visible_window(10_000, 0.0, 700.0, 50.0, 10), (0, 35));
        // 700 px of 50 px rows: 14 in view (+1 partly), and 10 either side.
        assert_eq!(
            visible_window(10_000, 250_000.0, 700.0, 50.0, 10),
            (4_990, 35)
        );
        assert_eq!(visible_window(10_000, 1e12, 700.0, 50.0, 10), (9_975, 25));
        assert_eq!(visible_window(30, 0.0, 700.0, 50.0, 10), (0, 30));
        let (first, count) = visible_window(100, 80.0 * 50.0, 700.0, 50.0, 10);
        assert_eq!(first + count, 100);
    }

    #[test]
    fn tally_counts_each_status() {
        let t = Tally::of([Status::Never, Status::Recent, Status::Recent].into_iter());
        assert_eq!((t.total, t.never, t.stale, t.recent), (3, 1, 0, 2));
    }
}
